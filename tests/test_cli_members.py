"""The lead keeps the panel from the command line (docs/panel.md): members added, assigned questions and stood
down with a reason; a stood-down member's scores stay in the record and stop counting."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from svtool.cli import main
from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import create_evaluation, open_evaluation


@pytest.fixture
def panel_file(tmp_path: Path) -> Path:
    """The demonstration (Sam Patel, E1, leads) before anyone has submitted."""
    path = tmp_path / "panel.svt"
    create_evaluation(dataclasses.replace(demo_evaluation(), submissions=()), path, "tester").close()
    return path


def score(path: Path, member: str, question: str, value: str = "3") -> int:
    return main(
        [
            "score",
            str(path),
            "--as",
            member,
            "--bidder",
            "ACC",
            "--question",
            question,
            "--stage",
            "written",
            "--value",
            value,
            "--reason",
            "Plans reviewed with the person; one worked example.",
        ]
    )


def test_a_member_is_added_declares_and_scores_only_their_questions(
    panel_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["member", "add", str(panel_file), "--as", "E2", "--name", "Dee Ahmed"]) == 1
    assert "Only the panel's lead can do that" in capsys.readouterr().err
    assert (
        main(
            [
                "member",
                "add",
                str(panel_file),
                "--as",
                "E1",
                "--name",
                "Dee  Ahmed, carer's champion",
                "--questions",
                "Q1,Q2",
            ]
        )
        == 0
    )
    assert "Added Dee Ahmed, carer's champion to the panel as DA:" in capsys.readouterr().out
    assert main(["member", "add", str(panel_file), "--as", "E1", "--name", "Dan Ahmed", "--id", "E2"]) == 1
    assert "The id 'E2' is taken by Jo Robinson" in capsys.readouterr().err
    assert main(["member", "add", str(panel_file), "--as", "E1", "--name", "Dan Ahmed", "--questions", "Q9"]) == 1
    assert "'Q9' is not a question the panel scores" in capsys.readouterr().err
    assert score(panel_file, "DA", "Q1") == 1
    assert "has not yet declared" in capsys.readouterr().err
    assert main(["declare", str(panel_file), "--as", "DA", "--none"]) == 0
    assert score(panel_file, "DA", "Q1") == 0
    assert score(panel_file, "DA", "Q3") == 1
    assert "Question Q3 is not assigned to Dee Ahmed" in capsys.readouterr().err
    assert main(["member", "assign", str(panel_file), "--as", "E1", "--member", "DA", "--questions", "all"]) == 0
    assert score(panel_file, "DA", "Q3") == 0
    capsys.readouterr()
    assert main(["member", "list", str(panel_file)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 4 and listed[-1].split("\t")[:4] == [
        "DA",
        "Dee Ahmed, carer's champion",
        "evaluator",
        "all questions",
    ]
    opened = open_evaluation(panel_file)
    keys = [entry.key for entry in opened.audit_trail()]
    assert (
        "Sam Patel, commissioning manager adds Dee Ahmed, carer's champion (DA) to the panel as evaluator "
        "for Q1, Q2" in keys
    )
    assert "Sam Patel, commissioning manager assigns Dee Ahmed, carer's champion every question" in keys
    opened.close()


def test_a_member_stood_down_keeps_their_scores_which_stop_counting(
    panel_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = open_evaluation(panel_file)
    theirs = [s for s in before.stored_evaluation().scores if s.evaluator_id == "E3"]
    ranked = before.results
    before.close()
    assert len(theirs) == 54
    assert main(["member", "stand-down", str(panel_file), "--as", "E1", "--member", "E3", "--reason", " "]) == 1
    assert "Record why Chris Doyle, contracts officer is stood down" in capsys.readouterr().err
    assert (
        main(
            [
                "member",
                "stand-down",
                str(panel_file),
                "--as",
                "E1",
                "--member",
                "E1",
                "--reason",
                "Leaving the council.",
            ]
        )
        == 1
    )
    assert "The lead cannot stand themselves down" in capsys.readouterr().err
    assert (
        main(
            [
                "member",
                "stand-down",
                str(panel_file),
                "--as",
                "E1",
                "--member",
                "E3",
                "--reason",
                "Moved to another directorate before moderation.",
            ]
        )
        == 0
    )
    assert score(panel_file, "E3", "Q1") == 1
    assert "was stood down from the panel (Moved to another directorate" in capsys.readouterr().err
    after = open_evaluation(panel_file)
    assert [s for s in after.stored_evaluation().scores if s.evaluator_id == "E3"] == theirs
    assert after.results != ranked  # Chris's scores no longer count
    assert "E3" not in after.engine.counted_scores(("ACC", "Q1", "written"))
    after.close()
    assert main(["member", "stand-down", str(panel_file), "--as", "E1", "--member", "E3", "--reason", "Again."]) == 1
    assert "was already stood down" in capsys.readouterr().err
