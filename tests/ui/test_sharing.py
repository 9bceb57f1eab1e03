"""Two sessions on one evaluation: each sees the other's saved changes within 2 s without reopening, a stale edit
is refused with who and when, and an export from a long-open session shows what is stored."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from svtool.domain.evaluation import Score
from svtool.services.evaluations import open_evaluation
from svtool.services.reporting import ExportRequest, export, report_data
from svtool.ui.bidders_page import PRICE_COLUMN, BiddersPage
from svtool.ui.main_window import MainWindow
from svtool.ui.moderation_page import ModerationPage
from tests.conftest import reopen_submitted
from tests.ui.conftest import reopen

pytestmark = pytest.mark.gui


def _window(qtbot: QtBot, demo_file: Path, member: str) -> MainWindow:
    opened = open_evaluation(demo_file)
    opened.act_as(member, "login")  # (each window works as its panel member)
    window = MainWindow(opened)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def two_windows(qtbot: QtBot, demo_file: Path) -> tuple[MainWindow, MainWindow]:
    """Sam, the lead, and Jo, an evaluator, each in their own window on the same evaluation."""
    return _window(qtbot, demo_file, "E1"), _window(qtbot, demo_file, "E2")


def test_a_score_saved_in_one_window_appears_in_the_other(
    qtbot: QtBot, two_windows: tuple[MainWindow, MainWindow]
) -> None:
    sam, jo = two_windows
    sam_document, jo_document = sam.document, jo.document
    assert sam_document is not None and jo_document is not None and sam.opened is not None
    sam.go_to("Moderation")
    page = sam.page("Moderation")
    assert isinstance(page, ModerationPage)
    key = ("E2", "ACC", "Q1", "written")
    before = jo_document.score(*key)
    assert before is not None
    changed = replace(before, value=Decimal(1) if before.value != 1 else Decimal(2), reason="Jo's second look.")
    reopen(jo_document, "E2", "written")
    assert jo_document.record_score(changed)
    qtbot.waitUntil(lambda: sam_document.score(*key) == changed, timeout=2500)
    # Sam's window shows it: Jo's column in the moderation list, and the results, are the stored ones.
    row = page.model.row_of(key[1:])
    assert row is not None and page.model.index(row, 3 + 1).data() == format(changed.value, "f")
    assert sam_document.results == open_evaluation(sam.opened.location).results()


def test_a_price_entered_in_one_window_appears_in_the_other(qtbot: QtBot, demo_file: Path) -> None:
    sam, jo = _window(qtbot, demo_file, "E1"), _window(qtbot, demo_file, "E1")  # (only the lead sees prices)
    assert sam.document is not None
    sam.go_to("Bidders")
    jo.go_to("Bidders")
    sam_page, jo_page = sam.page("Bidders"), jo.page("Bidders")
    assert isinstance(sam_page, BiddersPage) and isinstance(jo_page, BiddersPage)
    assert jo_page.model.setData(jo_page.model.index(0, PRICE_COLUMN), "4,123,456")
    qtbot.waitUntil(lambda: sam_page.model.index(0, PRICE_COLUMN).data() == "£4,123,456.00", timeout=2500)
    assert sam.document.evaluation.bids[0].price == Decimal("4123456")


def test_an_edit_based_on_a_stale_copy_is_refused_and_the_window_catches_up(qtbot: QtBot, demo_file: Path) -> None:
    # Jo in two windows (her laptop, and the meeting room's screen): "sam" is the one left open and not looking.
    sam, jo = _window(qtbot, demo_file, "E2"), _window(qtbot, demo_file, "E2")
    assert sam.document is not None and sam.opened is not None and jo.document is not None
    reopen(sam.document, "E2", "interview")  # the lead reopens Jo's interview scores...
    assert jo.document.poll().setup  # ...and Jo's window sees it
    sam.document.stop()  # Sam's window has not looked for changes since Jo's edit below
    messages: list[str] = []
    sam.document.problem.connect(messages.append)
    key = ("E2", "LHC", "Q2", "interview")
    jos = Score(*key, Decimal(5), "Jo: strong evidence of outcome reviews.")
    sams = Score(*key, Decimal(0), "Jo, in the other window: no answer to the question.")
    assert jo.document.record_score(jos)
    assert not sam.document.record_score(sams)
    assert len(messages) == 1
    assert "Jo Robinson" in messages[0] and "not saved" in messages[0]
    assert sam.document.score(*key) == jos  # Sam's window now shows what is saved
    assert open_evaluation(sam.opened.location).scores[key] == jos
    assert sam.document.record_score(sams)  # and, now up to date, Sam can change it knowingly
    assert open_evaluation(sam.opened.location).scores[key] == sams


def test_an_export_from_a_long_open_session_shows_what_is_stored(demo_file: Path, tmp_path: Path) -> None:
    long_open = open_evaluation(demo_file, actor="Sam Patel")
    other = open_evaluation(demo_file, actor="Jo Robinson")
    reopen_submitted(other)
    winner = long_open.results().winner
    assert winner is not None
    # Jo marks the recommended bidder down on every answer; Sam's session has not looked since.
    for key, score in list(other.scores.items()):
        if key[1] == winner.bidder_id:
            other.record_score(replace(score, value=Decimal(0), reason="Reread: the answer does not address it."))
    for moderated in list(other.moderations):
        if moderated[0] == winner.bidder_id:
            other.clear_moderation(*moderated)
    stored = open_evaluation(demo_file)
    stored_winner = stored.results().winner
    assert stored_winner is not None and stored_winner.bidder_id != winner.bidder_id
    assert long_open.results().winner == winner  # (the session's own copy is stale, as designed until it polls)
    data = report_data(long_open)
    assert data.results.winner is not None and data.results.winner.bidder_id == stored_winner.bidder_id
    assert data.head_seq == stored.audit_trail()[-1].seq
    pdf = tmp_path / "report.pdf"
    export(long_open, ExportRequest(pdf=pdf))
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", " ")
    assert f"audit entry {data.head_seq}," in text and data.head_hash[:16] in text.replace(" ", "")
