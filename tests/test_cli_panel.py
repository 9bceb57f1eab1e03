"""The panel from the command line (docs/panel.md): declarations before scoring, the lead's mitigations, and
submitted stages locked until the lead reopens them; each act audited under the member's name."""

from __future__ import annotations

import dataclasses
import getpass
import json
from pathlib import Path

import pytest

from svtool.cli import main
from svtool.domain.evaluation import Mitigation
from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import create_evaluation, open_evaluation


@pytest.fixture
def panel_file(tmp_path: Path) -> Path:
    """The demonstration (Sam Patel, E1, leads), with Jo Robinson (E2) yet to declare, and so no stage submitted
    yet (the demonstration itself is at moderation, with every stage submitted)."""
    e = demo_evaluation()
    path = tmp_path / "panel.svt"
    create_evaluation(
        dataclasses.replace(e, declarations=tuple(d for d in e.declarations if d.evaluator_id != "E2"), submissions=()),
        path,
        "tester",
    ).close()
    return path


def score(path: Path, member: str, bidder: str, value: str = "3", stage: str = "written") -> int:
    return main(
        [
            "score",
            str(path),
            "--as",
            member,
            "--bidder",
            bidder,
            "--question",
            "Q1",
            "--stage",
            stage,
            "--value",
            value,
            "--reason",
            "Plans reviewed with the person; one worked example given.",
        ]
    )


def test_conflicts_are_declared_and_mitigated_before_scoring(
    panel_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert score(panel_file, "E2", "ACC") == 1
    assert "Jo Robinson, quality assurance officer has not yet declared" in capsys.readouterr().err
    assert (
        main(
            [
                "declare",
                str(panel_file),
                "--as",
                "E2",
                "--bidder",
                "NHG",
                "--interest",
                "My sister is a care manager at National Homecare Group.",
            ]
        )
        == 0
    )
    assert main(["declare", str(panel_file), "--as", "E2", "--none"]) == 0  # about every other bidder
    capsys.readouterr()
    assert score(panel_file, "E2", "ACC") == 0
    assert score(panel_file, "E2", "NHG") == 1
    assert "the lead must record how it is mitigated" in capsys.readouterr().err
    assert (
        main(
            [
                "mitigate",
                str(panel_file),
                "--as",
                "E2",
                "--member",
                "E2",
                "--bidder",
                "NHG",
                "--carry-on",
                "I am sure it is fine.",
            ]
        )
        == 1
    )
    assert "Only the panel's lead can do that" in capsys.readouterr().err
    assert (
        main(
            [
                "mitigate",
                str(panel_file),
                "--as",
                "E1",
                "--member",
                "E2",
                "--bidder",
                "NHG",
                "--off-bidder",
                "A close family member works for the bidder.",
            ]
        )
        == 0
    )
    assert score(panel_file, "E2", "NHG") == 1
    assert "took them off this bidder" in capsys.readouterr().err
    assert score(panel_file, "E3", "NHG", "2") == 0  # Chris's past role: the demo's lead let him carry on
    opened = open_evaluation(panel_file)
    mine = {d.bidder_id: d for d in opened.evaluation.declarations if d.evaluator_id == "E2"}
    assert len(mine) == 6 and [b for b, d in mine.items() if d.conflict] == ["NHG"]
    assert mine["NHG"].mitigation is Mitigation.OFF_BIDDER
    trail = opened.audit_trail()
    who = f"Sam Patel, commissioning manager ({getpass.getuser()})"
    assert any(entry.actor == who and "takes no part in National Homecare Group plc" in entry.key for entry in trail)
    assert any(entry.actor.startswith("Jo Robinson") and "declares no interest in" in entry.key for entry in trail)
    opened.close()


def test_a_submitted_stage_is_locked_until_the_lead_reopens_it(
    panel_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["submit", str(panel_file), "--as", "E3", "--stage", "written"]) == 0
    assert score(panel_file, "E3", "ACC", "1") == 1
    assert "has submitted their written scores, so they are locked" in capsys.readouterr().err
    assert score(panel_file, "E3", "ACC", "1", stage="interview") == 0  # the interview is not submitted
    assert main(["unlock", str(panel_file), "--as", "E3", "--member", "E3", "--stage", "written", "--reason", "x"]) == 1
    assert (
        main(
            [
                "unlock",
                str(panel_file),
                "--as",
                "E1",
                "--member",
                "E3",
                "--stage",
                "written",
                "--reason",
                "Chris misread Q1 for one bidder; agreed at the panel meeting.",
            ]
        )
        == 0
    )
    assert score(panel_file, "E3", "ACC", "1") == 0
    opened = open_evaluation(panel_file)
    entries = [e for e in opened.audit_trail() if e.entity == "score" and e.key == "E3/ACC/Q1/written"]
    assert entries and json.loads(entries[-1].new or "{}")["value"] == "1"  # the correction...
    assert json.loads(entries[-1].old or "{}")["value"] != "1"  # ...and the submitted score it replaced
    opened.close()


def test_a_stage_with_answers_left_cannot_be_submitted(panel_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["declare", str(panel_file), "--as", "E2", "--none"]) == 0
    opened = open_evaluation(panel_file)
    opened.act_as("E2", "tester")
    opened.clear_score("E2", "LHC", "Q2", "written")
    opened.close()
    assert main(["submit", str(panel_file), "--as", "E2", "--stage", "written"]) == 1
    assert "1 answer(s) still to score in the written stage, starting with LHC on Q2" in capsys.readouterr().err
