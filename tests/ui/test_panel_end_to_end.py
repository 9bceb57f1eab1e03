"""The panel, end to end through real windows (docs/panel.md): three evaluators declare, two in offline packs and
one in the shared file; they score blind, and one is refused on a bidder he declared an interest in; the lead
imports the packs, decides on the interest, accepts the agreed scores, moderates the rest with feedback for the
bidder, and reopens one submitted score with a reason. The ranking shown is the engine's."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from svtool.domain.engine import evaluate
from svtool.domain.evaluation import Evaluator, Mitigation, Score
from svtool.domain.moderation import AnswerStatus
from svtool.domain.panel import submitted
from svtool.services import moderation as moderation_service
from svtool.services import panel
from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import create_evaluation, open_evaluation
from svtool.ui.main_window import MainWindow
from svtool.ui.moderation_page import SHOW_UNMODERATED, ModerationPage
from svtool.ui.panel_members_dialog import PanelMembersDialog
from svtool.ui.results_page import ResultsPage
from svtool.ui.scoring_page import ScoringPage
from tests.ui.conftest import work_as

pytestmark = pytest.mark.gui

BASE = {"ACC": (3, 4), "NHG": (4, 3), "LHC": (3, 3), "WSE": (4, 4), "PSS": (3, 3), "CUK": (2, 2)}
INTEREST = "Worked for National Homecare Group plc until 2019; no continuing ties."


def given(member: str, bidder: str, question: str, stage: str) -> int:
    """Sam (E1) and Jo (E2) agree except on ACC's S3 interview; Chris (E3) is a point higher on safeguarding."""
    value = BASE[bidder][stage == "interview"]
    if member == "E3" and question == "Q3":
        value += 1
    if member == "E2" and (bidder, question, stage) == ("ACC", "S3", "interview"):
        value -= 1
    return value


def _window(qtbot, opened) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(opened)
    qtbot.addWidget(window)
    window.show()
    return window


def _score_everything(window: MainWindow, member: str, refused: str | None = None) -> int:
    """Score every answer through the Scoring page; returns how many were saved."""
    page = window.page("Scoring")
    assert isinstance(page, ScoringPage)
    window.go_to("Scoring")
    assert [page.evaluator.itemData(i) for i in range(page.evaluator.count())] == [member]  # only their own
    bidders = window.document.evaluation.bidders  # type: ignore[union-attr]
    saved = 0
    for s_index in range(page.stage.count()):
        page.stage.setCurrentIndex(s_index)
        stage = page.stage.currentData()
        for column, question in enumerate(page.model.questions):
            for row, bidder in enumerate(bidders):
                page.select(row, column)
                value = given(member, bidder.id, question.id, stage)
                page.value.setText(str(value))
                page.reason.setPlainText(
                    f"{member}: {bidder.name}'s {question.title.lower()} ({stage}) earns {value} on the evidence given."
                )
                if bidder.id == refused:
                    assert not page.save()
                    assert "the lead must record how it is mitigated" in window.message.label.text()
                    page.value.clear()  # refused: nothing typed is left to save (or to be asked about)
                    page.reason.clear()
                else:
                    assert page.save(), window.message.label.text()
                    saved += 1
        assert page.submit(), window.message.label.text()
    return saved


def test_the_panel_from_declarations_to_a_defensible_ranking(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fresh = dataclasses.replace(demo_evaluation(), scores=(), moderations=(), submissions=(), declarations=())
    shared = tmp_path / "lot1.svt"
    create_evaluation(fresh, shared, "tester").close()
    interests = {"E1": {}, "E2": {}, "E3": {"NHG": INTEREST}}
    asked: list[str] = []

    def declare(_window: MainWindow, member: Evaluator, bidders: list) -> dict[str, str | None]:  # type: ignore[type-arg]
        asked.append(member.id)
        return {b.id: interests[member.id].get(b.id) for b in bidders}

    monkeypatch.setattr(MainWindow, "ask_declarations", declare)
    lead = _window(qtbot, open_evaluation(shared))  # works as the lead (tests/ui/conftest.py)
    assert asked == ["E1"]  # Sam declared before seeing any bid
    packs = {m: tmp_path / f"{m}.svpack" for m in ("E2", "E3")}
    for member, pack in packs.items():
        assert lead.export_pack_to(member, pack)

    # Jo and Chris, each on their own laptop, with only their pack.
    for member, pack in packs.items():
        window = _window(qtbot, open_evaluation(pack))
        assert window.opened is not None and window.opened.member_id == member
        assert set(window.pages) == {"Setup", "Framework", "Bidders", "Scoring", "Moderation"}
        assert all(b.price is None for b in window.document.evaluation.bids)  # type: ignore[union-attr]
        saved = _score_everything(window, member, refused="NHG" if member == "E3" else None)
        assert saved == (54 if member == "E2" else 45)
        assert window.opened.pack is not None and window.opened.pack.sealed
        window.close()
    assert asked == ["E1", "E2", "E3"]

    # Sam scores in the shared file, blind: nobody else's scores are there yet, and he sees only his own.
    assert _score_everything(lead, "E1") == 54
    for pack in packs.values():
        assert lead.import_pack_from(pack), lead.message.label.text()
    assert "1 declared interest(s) await your decision" in lead.message.label.text()
    monkeypatch.setattr(
        MainWindow,
        "ask_mitigation",
        lambda *_: (Mitigation.OFF_BIDDER, "Chris's past role at the bidder: he takes no part in its evaluation."),
    )
    assert lead.decide_interests() == 1

    moderation = lead.page("Moderation")
    assert isinstance(moderation, ModerationPage)
    lead.go_to("Moderation")
    opened = lead.opened
    assert opened is not None
    statuses = [moderation_service.answer_status(opened, c) for c in moderation_service.cells(opened)]
    assert statuses.count(AnswerStatus.OPEN) == 54
    # Everyone agrees except on safeguarding (Chris, on the 5 bidders he scores) and ACC's S3 interview.
    assert moderation.accept_agreed() == 54 - 2 * 5 - 1
    moderation.show_filter.setCurrentIndex(SHOW_UNMODERATED)
    assert moderation.model.rowCount() == 11
    moderation.select(0)
    for _ in range(11):
        answer = moderation.model.answer(moderation.table.currentIndex().row())
        scores = [s.value for s in answer.scores if s is not None]
        moderation.consensus.setText(str(min(scores)))
        moderation.rationale.setPlainText("The panel agreed the lower score: the evidence is general.")
        moderation.feedback.setPlainText("Your answer described the policy but gave no local example.")
        assert moderation.save(), lead.message.label.text()  # and moves on to the next answer
        moderation.show_filter.setCurrentIndex(SHOW_UNMODERATED)
        if moderation.model.rowCount():
            moderation.select(0)
    assert len(opened.moderations) == 54
    feedback = [m for m in opened.moderations.values() if m.feedback]
    assert len(feedback) == 11

    # Jo's written score for LHC on Q1 is reopened by the lead, corrected, and resubmitted.
    lead.members_action.trigger()  # Panel > Panel members…
    members = lead.findChild(PanelMembersDialog)
    assert isinstance(members, PanelMembersDialog)
    members.select("E2")
    members.ask_reopen = lambda member: (  # type: ignore[method-assign]
        "written",
        "Jo misread LHC's care plan evidence; agreed at the panel meeting.",
    )
    members.reopen_button.click()
    members.close()
    assert not submitted(opened.evaluation, "E2", "written")
    work_as(lead, "E2")
    assert set(lead.pages) == {"Setup", "Framework", "Bidders", "Scoring", "Moderation"}
    jo = lead.opened
    assert jo is not None
    corrected = Score("E2", "LHC", "Q1", "written", Decimal(4), "On rereading: plans reviewed six-monthly.")
    assert lead.document.record_score(corrected)  # type: ignore[union-attr]
    assert lead.document.act(lambda: panel.submit(jo, "E2", "written"))  # type: ignore[union-attr]
    assert moderation_service.answer_status(jo, ("LHC", "Q1", "written")) is AnswerStatus.TO_REVIEW
    trail = [e for e in jo.audit_trail() if e.entity == "score" and e.key == "E2/LHC/Q1/written"]
    assert [json.loads(e.new or "{}")["value"] for e in trail] == ["3", "4"]  # the original and the correction

    work_as(lead, "E1")
    results = lead.page("Results")
    assert isinstance(results, ResultsPage)
    lead.go_to("Results")
    model = results.table.model()
    ranking = [model.index(r, 1).data() for r in range(model.rowCount())]
    stored = lead.opened.stored_evaluation()  # type: ignore[union-attr]
    assert ranking == [b.name for b in evaluate(stored).ranked] and len(ranking) == 6
    assert [b.total for b in lead.document.results.ranked] == [b.total for b in evaluate(stored).ranked]  # type: ignore[union-attr]
