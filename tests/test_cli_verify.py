"""svtool verify FILE [--anchor HASH] from a terminal: exit 0 only when the record is proved (docs/audit-trail.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from svtool.cli import main
from tests.conftest import ROOT
from tests.store import forger


@pytest.fixture(scope="module")
def intact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-verify")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SVTOOL_DATA_DIR", str(folder / "data"))
        assert main(["demo", str(folder / "demo.svt")]) == 0
    return folder / "demo.svt"


@pytest.fixture
def demo(intact: Path, tmp_path: Path) -> Path:
    shutil.copyfile(intact, tmp_path / "demo.svt")
    return tmp_path / "demo.svt"


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["verify", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_intact_demo_exits_0_and_prints_its_head(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = verify(capsys, str(demo))
    seq, digest = forger.head(demo)
    assert code == 0
    assert out.splitlines()[-2:] == [
        f"OK: {seq} audit entries, the hash chain is intact, and replaying it gives exactly the stored data.",
        f"Head: entry {seq}, hash {digest}",
    ]


@pytest.mark.parametrize(
    ("statements", "said"),
    [
        (
            ["UPDATE score SET value = '0' WHERE id = 1"],
            "FAILED: In the score table, the row for evaluator E1, bidder ACC, question Q1, stage written, "
            "field 'value': "
            "the file holds '0', but replaying the audit trail gives '3'.",
        ),
        (
            ["UPDATE bidder SET price = '3000000.00' WHERE id = 'NHG'"],
            "FAILED: In the bidder table, row 'NHG', field 'price': the file holds '3000000.00', but "
            "replaying the audit "
            "trail gives '4180000.00'.",
        ),
        (["UPDATE question SET weight = '25' WHERE id = 'Q1'"], "row 'Q1', field 'weight'"),
        (["UPDATE moderation SET rationale = 'Agreed.' WHERE id = 1"], "field 'rationale': the file holds 'Agreed.'"),
        (
            ["UPDATE declaration SET mitigation = NULL WHERE mitigation IS NOT NULL"],
            "field 'mitigation': the file holds nothing",
        ),
        (["CREATE TRIGGER keep AFTER INSERT ON score BEGIN SELECT 1; END"], "a trigger 'keep' on the score table"),
        (["CREATE VIEW winners AS SELECT * FROM bidder"], "a view 'winners'"),
    ],
)
def test_each_tampering_exits_1_saying_what(
    demo: Path, capsys: pytest.CaptureFixture[str], statements: list[str], said: str
) -> None:
    forger.tamper(demo, *statements)
    code, out, _ = verify(capsys, str(demo))
    assert code == 1 and said in out


def test_a_cut_tail_exits_1(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forger.cut_tail(demo, 2)
    code, out, _ = verify(capsys, str(demo))
    assert code == 1 and "which the audit trail never made" in out


def test_the_anchor_passes_when_right_and_fails_when_wrong(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seq, digest = forger.head(demo)
    for anchor in (digest, digest[:12], digest.upper()):
        code, out, _ = verify(capsys, str(demo), "--anchor", anchor)
        assert code == 0, out
        assert (
            f"Anchor: entry {seq} has the hash {anchor.lower()}, so the trail up to it is as it was when that "
            "hash was recorded; 0 entries came after it."
        ) in out
    earlier = forger.entry(demo, 50)["hash"]
    code, out, _ = verify(capsys, str(demo), "--anchor", earlier[:20])
    assert code == 0 and f"Anchor: entry 50 has the hash {earlier[:20]}" in out and f"{seq - 50} entries came" in out
    wrong = ("0" if digest[0] != "0" else "1") + digest[1:]
    code, out, _ = verify(capsys, str(demo), "--anchor", wrong)
    assert code == 1 and f"FAILED: no entry in the audit trail has the hash {wrong} (the anchor)" in out
    code, _, err = verify(capsys, str(demo), "--anchor", digest[:11])
    assert code == 1 and "is not an anchor" in err and "at least its first 12 characters" in err


def test_a_rebuilt_chain_exits_0_alone_and_1_with_the_anchor(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, anchor = forger.head(demo)
    forger.tamper(demo, "UPDATE bidder SET price = '3000000.00' WHERE id = 'NHG'")
    created = forger.entry(demo, 1)
    forger.rewrite(demo, 1, new=_with_price(created["new"], "NHG", "3000000.00"))
    assert verify(capsys, str(demo))[0] == 0
    code, out, _ = verify(capsys, str(demo), "--anchor", anchor)
    assert code == 1 and "was cut short or rebuilt after that hash was recorded" in out


def _with_price(new: str, bidder: str, price: str) -> object:
    import json

    record = json.loads(new)
    column = record["tables"]["bidder"]["columns"].index("price")
    for row in record["tables"]["bidder"]["rows"]:
        if row[0] == bidder:
            row[column] = price
    return record


def test_verify_runs_as_a_program(demo: Path) -> None:
    forger.tamper(demo, "UPDATE score SET reason = 'Good.' WHERE id = 2")
    result = subprocess.run(
        [sys.executable, "-m", "svtool", "verify", str(demo)], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 1 and "field 'reason': the file holds 'Good.'" in result.stdout
