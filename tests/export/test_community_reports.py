"""Community wealth building in the reports: the shares against the targets, the local boundary with each
bidder's district and local spend, and the Real Living Wage rate cited (docs/community-wealth.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from svtool.export.excel import write_workbook
from svtool.export.pdf import write_report
from svtool.services.demo import create_demo
from svtool.services.reporting import report_data
from tests.export.helpers import libreoffice_sheet, pdf_text

CITED = (
    "Real Living Wage £13.45 an hour (UK rate), in force at the tender date 2026-07-01: the 2025/26 rate "
    "announced 2025-10-22 (Living Wage Foundation announcement, 22 October 2025: "
    "https://www.livingwage.org.uk/what-real-living-wage)."
)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    opened = create_demo(tmp_path_factory.mktemp("demo") / "demo.svt")
    yield report_data(opened)
    opened.close()


def test_the_pdf_gives_the_shares_the_boundary_and_the_rate(data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.pdf"
    write_report(data, path)
    text = pdf_text(path)
    assert "Community wealth building (reported, not scored)" in text
    assert "Local boundary (postcode districts): WN1, WN2, WN3, WN4, WN5, WN6, WN7, M29, M46." in text
    # The bidder ranked first is Wigan Borough Care CIC (a VCSE and social enterprise in WN1) at £4,560,000.
    assert "going to the bidder ranked first (£4,560,000.00, its price)" in text
    assert "Wigan Borough Care CIC WN1 1NJ WN1 yes 80.00%" in text  # district, local, committed local spend
    assert "National Homecare Group plc LS1 5AB LS1 no 18.00%" in text
    assert "SME 3 of 6 50.00% 0.00% 30.00% no" in text
    assert "VCSE 1 of 6 16.67% 100.00% 15.00% yes" in text
    assert "Co-operative 1 of 6 16.67% 0.00% none set –" in text
    assert "Local 3 of 6 50.00% 100.00% 40.00% yes" in text
    assert CITED in " ".join(text.split())


def test_the_workbook_shares_recalculate_to_the_engines_figures(data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "demo.xlsx"
    write_workbook(data, path)
    rows = libreoffice_sheet(path, 9, tmp_path)  # Community wealth, recalculated by LibreOffice
    assert rows[0][:4] == ["Bidder", "Postcode", "District", "Why local or not"]
    by_name = {r[0]: r for r in rows[1:7]}
    assert by_name["Leigh Homecare Ltd"][1:4] == ["WN7 4NB", "WN7", "its postcode district WN7 is inside the boundary"]
    assert by_name["Careline UK Ltd"][3] == "its postcode district B3 is outside the boundary"
    shares = {r[0]: r[1:7] for r in rows if r and r[0] in ("SME", "VCSE", "Co-operative", "Social enterprise", "Local")}
    assert shares["SME"] == ["3", "50.00%", "£0.00", "0.00%", "30.00%", "no"]
    assert shares["VCSE"] == ["1", "16.67%", "£4,560,000.00", "100.00%", "15.00%", "yes"]
    assert shares["Local"] == ["3", "50.00%", "£4,560,000.00", "100.00%", "40.00%", "yes"]
    cited = next(r for r in rows if r and r[0] == "Real Living Wage applied")
    assert cited[1] == CITED
