"""Control characters are refused where text comes in (domain/text.py): typed into a page (the services), imported
from a tender portal's CSV, or read from a definition file, each with a message naming the field. A file that
already holds one (made by an older svtool) still opens, lists it among the Checks, and can be put right."""

from __future__ import annotations

import dataclasses
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from svtool.definition.reader import read_definition_text
from svtool.definition.writer import write_definition_text
from svtool.domain.evaluation import Moderation, Score
from svtool.domain.validation import validate_setup
from svtool.frameworks.problems import FrameworkInvalid
from svtool.services.batch import BidderUpdate, check_bidders
from svtool.services.errors import UserError
from svtool.services.evaluations import create_evaluation, open_evaluation
from tests.domain.builders import care_tender

BELL = "\x07"


@pytest.fixture
def care(tmp_path: Path) -> Path:
    path = tmp_path / "care.svt"
    create_evaluation(care_tender(scores=(), moderations=()), path, "tester").close()
    return path


def test_a_typed_score_reason_or_consensus_with_a_control_character_is_refused(care: Path) -> None:
    opened = open_evaluation(care)
    with pytest.raises(UserError, match=r"^The reason contains an invisible control character \(U\+001B\)"):
        opened.record_score(Score("e1", "A", "Q1", "written", Decimal(3), "Clear plan\x1b[2J for staffing."))
    with pytest.raises(UserError, match=r"^The feedback for the bidder contains an invisible control character"):
        opened.moderate(Moderation("A", "Q1", "written", Decimal(3), "Agreed: a clear plan.", f"Good{BELL}"))
    opened.record_score(Score("e1", "A", "Q1", "written", Decimal(3), "Clear plan.\r\n\tStaffing costed."))
    assert [s.reason for s in opened.stored_evaluation().scores] == ["Clear plan.\r\n\tStaffing costed."]
    assert opened.stored_evaluation().moderations == ()
    opened.close()


def test_a_setup_change_with_a_control_character_is_refused_naming_the_field(care: Path) -> None:
    opened = open_evaluation(care)
    e = opened.evaluation
    renamed = dataclasses.replace(
        e, bidders=(dataclasses.replace(e.bidders[1], name=f"National{BELL} Care plc"), *e.bidders[2:], e.bidders[0])
    )
    with pytest.raises(UserError) as refused:
        opened.change_setup(renamed, "rename a bidder")
    assert str(refused.value) == (
        "That change was not saved, because:\n- bidder 'B': its name contains an invisible "
        "control character (U+0007) at character 9, which cannot be saved: type it again, "
        "or paste it as plain text."
    )
    with pytest.raises(UserError, match="the evaluation: its title contains a line break at character 5"):
        opened.change_setup(dataclasses.replace(e, title="Home\ncare"), "retitle")
    assert opened.stored_evaluation().bidders == e.bidders and opened.stored_evaluation().title == e.title
    opened.close()


def test_an_older_file_holding_one_opens_lists_it_and_can_be_put_right(care: Path) -> None:
    with sqlite3.connect(care) as db:  # as an older svtool, which did not check, could have saved it
        db.execute("UPDATE bidder SET name = ? WHERE id = 'A'", (f"Ashton{BELL} Care",))
    opened = open_evaluation(care)
    assert [str(i) for i in validate_setup(opened.evaluation) if "control" in i.message] == [
        "bidder 'A': its name contains an invisible control character (U+0007) at character 7, which cannot be saved: "
        "type it again, or paste it as plain text."
    ]
    opened.change_setup(dataclasses.replace(opened.evaluation, reference="HC-2026-01"), "other work goes on")
    e = opened.evaluation
    opened.change_setup(
        dataclasses.replace(e, bidders=(dataclasses.replace(e.bidders[0], name="Ashton Care"), *e.bidders[1:])),
        "put the name right",
    )
    assert opened.stored_evaluation().bidders[0].name == "Ashton Care"
    opened.close()


def test_bidders_imported_with_a_control_character_are_refused_by_row(care: Path) -> None:
    updates = [
        BidderUpdate("A", "Ashton Care", None),
        BidderUpdate("D", f"Wigan{BELL} Homecare", None),
        BidderUpdate(f"E{BELL}", "Leigh Care", None),
    ]
    assert [(p.index, p.message) for p in check_bidders(updates)] == [
        (
            1,
            "The name of bidder 'D' contains an invisible control character (U+0007) at character 6, which cannot be "
            "saved: type it again, or paste it as plain text.",
        ),
        (
            2,
            "The id contains an invisible control character (U+0007) at character 2, which cannot be saved: type it "
            "again, or paste it as plain text.",
        ),
    ]


def test_a_definition_file_reports_them_where_they_are() -> None:
    text = write_definition_text(care_tender())
    text = text.replace('name = "National Care plc"', 'name = "National\\u0007Care plc"')
    text = text.replace('title = "Workforce"', 'title = "Work\\nforce"')
    text = text.replace('descriptor = "Meets the requirement."', 'descriptor = "Meets the requirement.\\n\\tNo gaps."')
    with pytest.raises(FrameworkInvalid) as invalid:
        read_definition_text(text, "care.toml")
    problems = [str(p) for p in invalid.value.problems]
    name_line = text.splitlines().index('name = "National\\u0007Care plc"') + 1
    title_line = text.splitlines().index('title = "Work\\nforce"') + 1
    assert problems == [
        f"care.toml, line {title_line}: question 'Q2', field 'title': contains a line break at character 5, which "
        "svtool does not accept. Remove it: keep it on one line (an escape such as \\u0007 in the file writes one).",
        f"care.toml, line {name_line}: bidder 'B', field 'name': contains an invisible control character (U+0007) at "
        "character 9, which svtool does not accept. Remove it: type it again, or paste it as plain text (an escape "
        "such as \\u0007 in the file writes one).",
    ]
    text = text.replace('name = "National\\u0007Care plc"', 'name = "National Care plc"')
    text = text.replace('title = "Work\\nforce"', 'title = "Workforce"')
    scale = read_definition_text(text, "care.toml").scales[0]
    assert scale.points[3].descriptor == "Meets the requirement.\n\tNo gaps."  # several lines are fine there
