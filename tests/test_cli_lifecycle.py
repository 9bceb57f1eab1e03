"""The lifecycle (docs/lifecycle.md): setup, scoring, moderation, final. Members sign off what they agreed, the
lead finalises only when nothing is missing, a final evaluation is locked (also against a session opened before
it was finalised), and reopening is recorded with its reason and voids every sign-off."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from svtool.cli import main
from svtool.definition.reader import read_definition_text
from svtool.definition.writer import write_definition_text
from svtool.domain.evaluation import Moderation, Score
from svtool.domain.lifecycle import Phase
from svtool.services import lifecycle
from svtool.services.demo import create_demo
from svtool.services.errors import UserError
from svtool.services.evaluations import open_evaluation
from svtool.services.moderation import cells

RATIONALE = "The panel agreed the lower score: the evidence given was general, with no local example offered."


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.svt"
    create_demo(path).close()
    return path


def moderate_the_rest(path: Path) -> int:
    """The lead agrees the lower score on each answer still open, as the demonstration's panel would."""
    opened = open_evaluation(path)
    opened.act_as("E1", "tester")
    rest = [
        Moderation(
            *cell,
            min(s.value for s in opened.engine.counted_scores(cell).values()),
            RATIONALE,
            feedback="Your answer gave no local example.",
        )
        for cell in cells(opened)
        if cell not in opened.moderations
    ]
    opened.moderate_many(rest)
    opened.close()
    return len(rest)


def status(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["status", str(path)]) == 0
    return capsys.readouterr().out.splitlines()


def test_sign_off_and_finalise_only_when_nothing_is_missing(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = status(demo_file, capsys)
    assert lines[:2] == ["Phase: moderation.", "Answers still to agree: 9."]
    assert "Needed before final: 9 answer(s) still need an agreed consensus score." in lines
    assert "Needed before final: Chris Doyle, contracts officer has not signed off the evaluation." in lines
    assert main(["sign", str(demo_file), "--as", "E2"]) == 1
    assert "not ready to sign off: 9 answer(s) still need an agreed consensus score" in capsys.readouterr().err

    assert moderate_the_rest(demo_file) == 9
    for member in ("E1", "E2"):
        assert main(["sign", str(demo_file), "--as", member]) == 0
    assert main(["finalise", str(demo_file), "--as", "E1"]) == 1
    refused = capsys.readouterr().err
    assert "cannot be finalised yet (1 thing(s) to do)" in refused
    assert "- Chris Doyle, contracts officer has not signed off the evaluation." in refused
    assert (
        main(
            [
                "sign",
                str(demo_file),
                "--as",
                "E3",
                "--statement",
                "I agree the record, with my declared past role at National Homecare Group plc noted.",
            ]
        )
        == 0
    )
    assert main(["finalise", str(demo_file), "--as", "E2"]) == 1
    assert "Only the panel's lead can do that" in capsys.readouterr().err
    assert main(["finalise", str(demo_file), "--as", "E1"]) == 0

    lines = status(demo_file, capsys)
    assert lines[0] == "Phase: final." and lines[1].startswith("Final: approved by Sam Patel")
    assert len([line for line in lines if line.startswith("Signed off:") and "(current)" in line]) == 3
    opened = open_evaluation(demo_file)
    e = opened.evaluation
    assert e.finalised is not None and e.finalised.by == "E1"
    assert e.finalised.content == lifecycle.content_hash(opened.current())
    assert [s.statement for s in e.signoffs if s.evaluator_id == "E3"] == [
        "I agree the record, with my declared past role at National Homecare Group plc noted."
    ]
    keys = [entry.key for entry in opened.audit_trail()[-4:]]
    assert keys[-1] == "Sam Patel, commissioning manager approves the evaluation: final, and locked"
    assert all(
        k.split(" signs off the evaluation: ")[0]
        in (
            "Sam Patel, commissioning manager",
            "Jo Robinson, quality assurance officer",
            "Chris Doyle, contracts officer",
        )
        for k in keys[:3]
    )
    opened.close()


def test_a_final_evaluation_is_locked_even_to_a_session_opened_before(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    moderate_the_rest(demo_file)
    earlier = open_evaluation(demo_file)  # Sam's second window, open all along
    earlier.act_as("E1", "tester")
    for member in ("E1", "E2", "E3"):
        assert main(["sign", str(demo_file), "--as", member]) == 0
    assert main(["finalise", str(demo_file), "--as", "E1"]) == 0
    cell = ("ACC", "Q1", "written")
    with pytest.raises(UserError, match="Another member has just finalised this evaluation"):
        earlier.moderate(Moderation(*cell, Decimal(2), RATIONALE))
    earlier.close()
    after = open_evaluation(demo_file)
    assert after.moderations[cell].value == Decimal(3)  # nothing was saved
    after.act_as("E1", "tester")
    for change in (
        lambda: after.moderate(Moderation(*cell, Decimal(2), RATIONALE)),
        lambda: after.clear_moderation(*cell),
        lambda: after.record_score(Score("E1", "ACC", "Q1", "written", Decimal(2), RATIONALE)),
        lambda: after.change_setup(
            after.evaluation.__class__(**{**after.evaluation.__dict__, "title": "Renamed"}), "rename"
        ),
    ):
        with pytest.raises(UserError, match="This evaluation is final: Sam Patel, commissioning manager approved"):
            change()
    after.close()
    assert main(["declare", str(demo_file), "--as", "E2", "--bidder", "ACC", "--interest", "x"]) == 1
    assert "This evaluation is final" in capsys.readouterr().err


def test_reopening_needs_a_reason_voids_sign_offs_and_later_changes_outdate_them(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    moderate_the_rest(demo_file)
    for member in ("E1", "E2", "E3"):
        assert main(["sign", str(demo_file), "--as", member]) == 0
    assert main(["reopen", str(demo_file), "--as", "E1", "--reason", "Not final yet."]) == 1
    assert "not final, so there is nothing to reopen" in capsys.readouterr().err
    assert main(["finalise", str(demo_file), "--as", "E1"]) == 0
    assert main(["reopen", str(demo_file), "--as", "E1", "--reason", "  "]) == 1
    assert (
        main(
            [
                "reopen",
                str(demo_file),
                "--as",
                "E1",
                "--reason",
                "A bidder's clarification on Q3 arrived late and the panel must consider it.",
            ]
        )
        == 0
    )
    opened = open_evaluation(demo_file)
    assert opened.evaluation.finalised is None and opened.evaluation.signoffs == ()
    assert "(3 sign-off(s) void)" in opened.audit_trail()[-1].key
    opened.act_as("E1", "tester")
    opened.moderate(Moderation("ACC", "Q3", "written", Decimal(4), RATIONALE))  # unlocked again
    opened.close()
    assert main(["sign", str(demo_file), "--as", "E2"]) == 0
    opened = open_evaluation(demo_file)
    opened.act_as("E1", "tester")
    opened.moderate(Moderation("ACC", "Q3", "written", Decimal(3), RATIONALE))  # after Jo signed
    opened.close()
    lines = status(demo_file, capsys)
    assert any(
        "Jo Robinson, quality assurance officer signed off on" in line and "before later changes" in line
        for line in lines
    )
    assert main(["finalise", str(demo_file), "--as", "E1"]) == 1


def test_the_phases_follow_the_work() -> None:
    from svtool.domain.lifecycle import phase
    from svtool.services.demo import demo_evaluation

    demo = demo_evaluation()
    assert phase(demo) is Phase.MODERATION
    assert phase(demo.__class__(**{**demo.__dict__, "scores": (), "moderations": ()})) is Phase.SETUP
    waiting = demo.__class__(**{**demo.__dict__, "moderations": (), "submissions": demo.submissions[1:]})
    assert phase(waiting) is Phase.SCORING


def test_sign_offs_and_finalisation_round_trip_through_a_definition(demo_file: Path) -> None:
    moderate_the_rest(demo_file)
    for member in ("E1", "E2", "E3"):
        assert main(["sign", str(demo_file), "--as", member]) == 0
    assert main(["finalise", str(demo_file), "--as", "E1"]) == 0
    opened = open_evaluation(demo_file)
    text = opened.definition_text()
    assert read_definition_text(text) == opened.stored_evaluation()
    assert write_definition_text(read_definition_text(text)) == text
    assert "[[signoffs]]" in text and 'finalised_by = "E1"' in text
    opened.close()
    with pytest.raises(Exception, match="'E9' is not a member"):
        read_definition_text(text.replace('finalised_by = "E1"', 'finalised_by = "E9"'))


def test_verify_replays_sign_offs_finalisation_and_reopening_and_catches_a_forged_one(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from svtool.store.rows import TABLES
    from svtool.store.tables import ORDER

    assert set(ORDER) == set(TABLES)  # a new table is replayed and compared, never skipped
    moderate_the_rest(demo_file)
    for member in ("E1", "E2", "E3"):
        assert main(["sign", str(demo_file), "--as", member]) == 0
    assert main(["finalise", str(demo_file), "--as", "E1"]) == 0
    assert main(["reopen", str(demo_file), "--as", "E1", "--reason", "A late clarification on Q3."]) == 0
    assert main(["sign", str(demo_file), "--as", "E2"]) == 0
    capsys.readouterr()
    assert main(["verify", str(demo_file)]) == 0
    with sqlite3.connect(demo_file) as connection:
        connection.execute("INSERT INTO signoff VALUES ('E3', 'Forged.', '2026-11-01T09:00:00+00:00', 'abc', 1)")
        connection.execute(
            "UPDATE evaluation SET finalised_by = 'E1', finalised_at = '2026-11-01', final_content = 'abc'"
        )
    connection.close()
    assert main(["verify", str(demo_file)]) == 1
    said = capsys.readouterr().out
    assert "finalised_by" in said or "signoff" in said
