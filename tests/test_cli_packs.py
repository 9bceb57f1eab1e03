"""Offline evaluator packs from the command line (docs/panel.md): the lead exports a member's pack, the member
declares, scores and submits in it (which seals it), and the lead imports it once, unaltered, into the right
evaluation."""

from __future__ import annotations

import csv
import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest

from svtool.cli import main
from svtool.domain.evaluation import Evaluation, ScaleMethod
from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import create_evaluation, open_evaluation


def _fresh_panel() -> Evaluation:
    """The demonstration's setup and panel before anyone has declared or scored."""
    return dataclasses.replace(demo_evaluation(), scores=(), moderations=(), submissions=(), declarations=())


@pytest.fixture
def lead_file(tmp_path: Path) -> Path:
    path = tmp_path / "lot1.svt"
    create_evaluation(_fresh_panel(), path, "tester").close()
    return path


def _every_answer_csv(path: Path, member: str, value: int = 3) -> Path:
    """A CSV of the member's score for every answer they are to score, each reason written for the bid."""
    e = demo_evaluation()
    out = path.with_name(f"{member}-scores.csv")
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["evaluator", "bidder", "question", "stage", "value", "reason"])
        for q in e.questions:
            if isinstance(q.method, ScaleMethod):
                for b in e.bidders:
                    for stage in e.stages_of(q):
                        writer.writerow(
                            [
                                member,
                                b.id,
                                q.id,
                                stage,
                                value,
                                f"{b.name} on {q.title.lower()} ({stage}): evidence weighed as {value}.",
                            ]
                        )
    return out


def _filled_pack(lead_file: Path, member: str = "E2", value: int = 3) -> Path:
    pack = lead_file.with_name(f"{member}.svpack")
    assert main(["pack", "export", str(lead_file), "--evaluator", member, str(pack)]) == 0
    assert main(["declare", str(pack), "--as", member, "--none"]) == 0
    assert main(["score", str(pack), "--csv", str(_every_answer_csv(pack, member, value))]) == 0
    assert main(["submit", str(pack), "--as", member]) == 0
    return pack


def test_a_pack_round_trip(lead_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = _filled_pack(lead_file)
    assert "The pack is sealed" in capsys.readouterr().out
    assert (
        main(
            [
                "score",
                str(pack),
                "--as",
                "E2",
                "--bidder",
                "ACC",
                "--question",
                "Q1",
                "--stage",
                "written",
                "--value",
                "5",
                "--reason",
                "Changed my mind after sending the pack.",
            ]
        )
        == 1
    )
    assert "submitted and sealed" in capsys.readouterr().err
    assert main(["pack", "import", str(lead_file), str(pack)]) == 0
    assert "54 score(s), 6 declaration(s)" in capsys.readouterr().out
    opened = open_evaluation(lead_file)
    mine = [s for s in opened.stored_evaluation().scores if s.evaluator_id == "E2"]
    assert len(mine) == 54 and {s.value for s in mine} == {3}
    assert {(s.evaluator_id, s.stage_id) for s in opened.evaluation.submissions} == {
        ("E2", "written"),
        ("E2", "interview"),
    }
    assert len([d for d in opened.evaluation.declarations if d.evaluator_id == "E2"]) == 6
    trail = opened.audit_trail()
    packed = open_evaluation(pack)
    pack_times = {e.key: e.at for e in packed.audit_trail() if e.entity == "score"}
    packed.close()
    imported = {e.key: e.at for e in trail if e.entity == "score"}
    assert len(imported) == 54 and imported == pack_times  # each score keeps the time it was first saved
    assert [e.action for e in trail if e.entity == "pack"] == ["export", "import"]
    opened.close()


def test_a_pack_holds_only_its_member_and_no_prices(lead_file: Path) -> None:
    shared = open_evaluation(lead_file)
    from svtool.services import panel

    shared.act_as("E1", "lead")
    panel.declare(shared, "E1", None, None)
    shared.act_as("E3", "chris")
    panel.declare(shared, "E3", None, None)
    shared.record_score(dataclasses.replace(demo_evaluation().scores[0], evaluator_id="E3"))
    shared.close()
    pack = lead_file.with_name("E2.svpack")
    assert main(["pack", "export", str(lead_file), "--evaluator", "E2", str(pack)]) == 0
    opened = open_evaluation(pack)
    e = opened.stored_evaluation()
    assert e.scores == () and e.moderations == () and e.declarations == ()
    assert [b.price for b in e.bids] == [None] * 6
    everything = "\n".join(line.new or "" for line in opened.audit_trail()) + opened.definition_text()
    assert "4650000" not in everything and "4,650,000" not in everything
    opened.close()
    assessor = lead_file.with_name("E1.svpack")  # the lead sees prices
    assert main(["pack", "export", str(lead_file), "--evaluator", "E1", str(assessor)]) == 0
    lead_pack = open_evaluation(assessor)
    assert lead_pack.stored_evaluation().bids[0].price is not None
    assert len(lead_pack.stored_evaluation().declarations) == 6
    lead_pack.close()


def test_an_altered_pack_is_refused(lead_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = _filled_pack(lead_file)
    altered = pack.with_name("altered.svpack")
    shutil.copy(pack, altered)
    with sqlite3.connect(altered) as connection:
        connection.execute("DROP TRIGGER IF EXISTS score_no_update")  # (none: only the audit is append-only)
        connection.execute("UPDATE score SET value = 5 WHERE bidder_id = 'CUK'")
    connection.close()
    capsys.readouterr()
    assert main(["pack", "import", str(lead_file), str(altered)]) == 1
    assert "was changed after it was sealed" in capsys.readouterr().err
    opened = open_evaluation(lead_file)
    assert not [s for s in opened.stored_evaluation().scores if s.evaluator_id == "E2"]  # nothing half-imported
    opened.close()


def test_a_second_import_and_another_evaluations_pack_are_refused(
    lead_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = _filled_pack(lead_file)
    assert main(["pack", "import", str(lead_file), str(pack)]) == 0
    capsys.readouterr()
    assert main(["pack", "import", str(lead_file), str(pack)]) == 1
    assert "was imported before" in capsys.readouterr().err
    twin = tmp_path / "twin.svt"  # the same setup created again: another evaluation all the same
    create_evaluation(_fresh_panel(), twin, "tester").close()
    assert main(["pack", "import", str(twin), str(pack)]) == 1
    assert "was exported from another evaluation" in capsys.readouterr().err


def test_in_a_pack_only_its_member_works_and_declares_first(
    lead_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = lead_file.with_name("E3.svpack")
    assert main(["pack", "export", str(lead_file), "--evaluator", "E3", str(pack)]) == 0
    capsys.readouterr()
    args = [
        "--bidder",
        "NHG",
        "--question",
        "Q1",
        "--stage",
        "written",
        "--value",
        "3",
        "--reason",
        "Plans reviewed with the person; one worked example given.",
    ]
    assert main(["score", str(pack), "--as", "E3", *args]) == 1
    assert "has not yet declared" in capsys.readouterr().err
    assert main(["declare", str(pack), "--as", "E2", "--none"]) == 1
    assert "This pack is Chris Doyle" in capsys.readouterr().err
    assert (
        main(
            [
                "declare",
                str(pack),
                "--as",
                "E3",
                "--bidder",
                "NHG",
                "--interest",
                "Worked for National Homecare Group until 2019.",
            ]
        )
        == 0
    )
    assert main(["score", str(pack), "--as", "E3", *args]) == 1
    assert "the lead must record how it is mitigated" in capsys.readouterr().err
    assert main(["submit", str(pack), "--as", "E3"]) == 1
    assert "has not yet declared whether they have an interest in 5 bidder(s)" in capsys.readouterr().err
    assert main(["declare", str(pack), "--as", "E3", "--none"]) == 0
    assert main(["submit", str(pack), "--as", "E3"]) == 1
    # Every answer but NHG's (awaiting the lead's decision): 5 bidders x 5 written questions.
    assert "has 25 answer(s) still to score in the written stage" in capsys.readouterr().err
