"""svtool demo --delivery: an awarded contract with two years of returns whose report reads true."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from svtool.cli import main
from svtool.domain.delivery import Rag, standing
from svtool.services import delivery
from svtool.services.evaluations import open_evaluation


def test_the_delivery_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.svt"
    assert main(["demo", "--delivery", str(path)]) == 0
    opened = open_evaluation(path)
    d = delivery.awarded(delivery.load(opened))
    assert len(d.reported()) == 8 and d.contract.supplier == "Wigan Borough Care CIC"
    rags = {k.id: standing(d, k).rag for k in d.kpis}
    assert rags == {"K1": Rag.GREEN, "K2": Rag.GREEN, "K3": Rag.GREEN, "K4": Rag.RED, "K5": Rag.GREEN}
    assert standing(d, d.kpis[2], "2027-Q3").rag is Rag.RED  # apprenticeships fell behind, then recovered
    assert sorted((s.kpi_id, s.closed) for s in d.shortfalls) == [("K3", True), ("K4", False)]
    assert delivery.needs(d) == []
    opened.close()
    assert main(["verify", str(path)]) == 0
    pdf = tmp_path / "report.pdf"
    assert main(["delivery", "report", str(path), "--pdf", str(pdf)]) == 0
    words = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Inadequate" in words and "Approaching target" in words
    assert "Back on profile: ten apprenticeships started against ten profiled." in words
    assert "LM3 on the delivered spend 2.14" in words


def test_the_workbook_report_recalculates_to_the_stored_figures(tmp_path: Path) -> None:
    """The % of profile and % of commitment are live formulas: LibreOffice, recalculating every one, shows what
    svtool stored (tests/export/helpers.py)."""
    from openpyxl import load_workbook

    from tests.export.helpers import libreoffice_sheet

    path = tmp_path / "demo.svt"
    assert main(["demo", "--delivery", str(path)]) == 0
    xlsx = tmp_path / "report.xlsx"
    assert main(["delivery", "report", str(path), "--xlsx", str(xlsx)]) == 0
    stored = load_workbook(xlsx, data_only=True)["KPIs"]
    shown = libreoffice_sheet(xlsx, 1, tmp_path)
    assert shown[4][:3] == ["K4", "Local residents recruited into jobs on the contract", "people"]
    for row in range(1, 6):
        for col in (7, 8):  # H and I
            assert float(shown[row][col]) == pytest.approx(stored.cell(row + 1, col + 1).value, abs=0.05)
    assert shown[4][7] == "40.0" and shown[4][9] == "RED"
