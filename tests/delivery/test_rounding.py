"""Delivery figures are rounded like every figure svtool shows: half up (domain/numbers.py), pounds in the one
money format. 81.25% of profile reads 81.3% and £2.125 reads £2.13 on the page, in the notice, in the PDF and in
the workbook as LibreOffice shows it (docs/delivery.md, Reports), never Decimal's half-even 81.2% and £2.12."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from svtool.domain.delivery import standing
from svtool.domain.delivery_notice import figure
from svtool.services import delivery
from svtool.services import delivery_files as files
from svtool.services.evaluations import open_evaluation
from tests.export.helpers import libreoffice_sheet, pdf_text


def test_figure_rounds_half_up() -> None:
    assert figure(Decimal("81.25"), "%") == "81.3%"
    assert figure(Fraction(325, 4), "%") == "81.3%"
    assert figure(Decimal("2.125"), "GBP") == "£2.13"
    assert figure(Decimal("-2.125"), "GBP") == "-£2.13"
    assert figure(Decimal("1234.45"), "hours") == "1,234.5 hours"
    assert figure(Decimal(1), "people") == "1 person"


def test_reports_round_half_up(final_file: Path, tmp_path: Path) -> None:
    opened = open_evaluation(final_file)
    delivery.award(opened, "E1", "2027-Q1")
    delivery.add_kpi(opened, "E1", "Community fund", "GBP", Decimal(16))  # £2 a quarter
    delivery.record_return(
        opened,
        "2027-Q1",
        Decimal(400000),
        {"K1": (Decimal(65), "Invoices"), "K2": (Decimal(100), "Payroll"), "K3": (Decimal("2.125"), "Receipts")},
        "test",
    )
    d = delivery.awarded(delivery.load(opened))
    assert standing(d, d.kpis[0], "2027-Q1").of_profile == Fraction(325, 4)  # 65 of 80: 81.25% exactly
    notice = delivery.notice(opened, "2027-Q4")
    assert "Delivered to date: 65% (81.3% of profile)" in notice and "Delivered to date: £2.13 (" in notice
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    files.write_report(opened, pdf, xlsx)
    opened.close()
    words = pdf_text(pdf)
    assert "81.3%" in words and "£2.13" in words
    assert "81.2%" not in words and "£2.12" not in words
    kpis = libreoffice_sheet(xlsx, 1, tmp_path / "lo")
    row = next(r for r in kpis if r[0] == "K3")
    assert row[5] == "£2.13" and row[4] == "£16.00" and row[6] == "£2.00"
    assert next(r for r in kpis if r[0] == "K1")[7] == "81.3"
