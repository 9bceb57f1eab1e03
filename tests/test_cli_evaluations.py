"""svtool demo / results / verify from a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from svtool.cli import main
from svtool.services.evaluations import create_evaluation
from tests.domain.builders import weak_reasons


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.svt"
    assert main(["demo", str(path)]) == 0
    return path


def test_results_table(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["results", str(demo_file)]) == 0
    out = capsys.readouterr().out
    assert "   1  Wigan Borough Care CIC        28.51    31.67         20.00  80.18" in out
    assert "Recommended: Wigan Borough Care CIC" in out
    assert "Careline UK Ltd's price £3,250,000.00 is 26.50% below the mean of the other bids" in out
    assert "holds for written/interview splits from 36.69/63.31 to 70.62/29.38" in out


def test_results_json(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["results", str(demo_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    bidders = data["bidders"]
    assert [b["rank"] for b in bidders] == [1, 2, 3, 4, 5, 6]
    first = bidders[0]
    assert {"name", "rank", "total", "excluded", "envelopes"} <= set(first)
    assert first["name"] == "Wigan Borough Care CIC" and first["total"] == "80.18" and first["excluded"] is False
    assert first["envelopes"]["sv"] == {"name": "Social value", "points": "20.00"}
    numerator, denominator = map(int, first["total_exact"].split("/"))
    assert round(numerator / denominator, 2) == 80.18
    assert data["recommended"] == "WSE"
    assert any(f["kind"] == "abnormally_low" and f["bidder"] == "CUK" for f in data["flags"])


def test_demo_refuses_to_overwrite(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", str(demo_file)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_verify_ok(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["verify", str(demo_file)]) == 0
    assert "the hash chain is intact" in capsys.readouterr().out


def test_results_of_a_missing_or_odd_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["results", str(tmp_path / "none.svt")]) == 1
    assert "does not exist" in capsys.readouterr().err
    odd = tmp_path / "notes.svt"
    odd.write_text("minutes of the panel meeting")
    assert main(["results", str(odd)]) == 1
    assert "is not an svtool evaluation file" in capsys.readouterr().err


@pytest.mark.gui
def test_self_check_opens_the_demo_in_the_app_and_ranks_it(
    qtbot: QtBot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from PySide6.QtCore import QSettings

    from svtool.ui.app import create_application

    create_application()  # the settings are the app's own, named by the application

    def personal() -> QSettings:
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
        return QSettings()

    personal().setValue("recent_files", ["/home/officer/lot1.svt"])
    personal().sync()
    assert main(["self-check"]) == 0
    out = capsys.readouterr().out
    assert "svtool self-check OK: 6 bidders ranked; recommended Wigan Borough Care CIC (80.18 points)" in out
    assert "8 pages shown; exported demo.xlsx" in out and "demo.pdf" in out
    assert personal().value("recent_files") == ["/home/officer/lot1.svt"]  # the check leaves them alone


def test_results_count_weak_reasons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    create_evaluation(weak_reasons(), tmp_path / "reasons.svt", "tester").close()
    assert main(["results", str(tmp_path / "reasons.svt")]) == 0
    warnings = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Warning: ")]
    assert warnings == [
        "Warning: 4 reasons are shorter than 10 words.",
        "Warning: 3 reasons are reused word for word across bidders.",
        "Warning: 2 reasons restate the scale descriptor or the question.",
        "Warning: 1 consensus rationale is shorter than 10 words.",
        "Warning: 2 consensus rationales are reused word for word across bidders.",
        "Warning: 1 consensus rationale restates the scale descriptor or the question.",
    ]
