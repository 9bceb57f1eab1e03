"""Spreadsheet import and export: lossless round trips, and errors that name sheet, row and column."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from svtool.frameworks.problems import FrameworkInvalid, Problem
from svtool.frameworks.textformat import read_framework_file, read_framework_text, write_framework_text
from svtool.frameworks.workbook import COLUMNS, read_framework_xlsx, write_framework_xlsx
from tests.conftest import SHIPPED, require_tool
from tests.frameworks.test_textformat import GOOD


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_text_to_xlsx_to_text_is_lossless(path: Path, tmp_path: Path) -> None:
    framework = read_framework_file(path)
    workbook = tmp_path / "framework.xlsx"
    write_framework_xlsx(framework, workbook)
    back = read_framework_xlsx(workbook)
    assert back == framework
    assert write_framework_text(back) == write_framework_text(framework)


def test_workbook_has_one_row_per_measure_with_theme_and_outcome(tmp_path: Path) -> None:
    framework = read_framework_text(GOOD)
    workbook = tmp_path / "demo.xlsx"
    write_framework_xlsx(framework, workbook)
    sheet = load_workbook(workbook)["Measures"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(c.header for c in COLUMNS)
    assert [r[:8] for r in rows[1:]] == [
        ("T1", "Local economy", None, "O1", "Local spend", None, "M1", "Spend in the borough"),
        ("T1", "Local economy", None, "O1", "Local spend", None, "M2", "Spend with local SMEs"),
    ]
    assert sheet.freeze_panes == "A2"


def _sample_workbook(tmp_path: Path, edit: dict[tuple[int, str], object] | None = None) -> Path:
    framework = read_framework_text(GOOD)
    path = tmp_path / "council.xlsx"
    write_framework_xlsx(framework, path)
    if edit:
        book = load_workbook(path)
        sheet = book["Measures"]
        headers = [c.value for c in sheet[1]]
        for (row, header), value in edit.items():
            sheet.cell(row, headers.index(header) + 1).value = value
        book.save(path)
    return path


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(FrameworkInvalid) as caught:
        read_framework_xlsx(path)
    return caught.value.problems


def test_bad_unit_names_sheet_row_and_column(tmp_path: Path) -> None:
    (problem,) = _problems(_sample_workbook(tmp_path, {(3, "Unit"): "pounds"}))
    assert (problem.where.sheet, problem.where.row, problem.where.column) == ("Measures", 3, "K (Unit)")
    assert "'pounds' is not a known unit" in problem.message
    assert str(problem).startswith("council.xlsx, sheet 'Measures', row 3, column K (Unit): measure 'M2'")


def test_text_in_a_number_column(tmp_path: Path) -> None:
    (problem,) = _problems(_sample_workbook(tmp_path, {(3, "Proxy value (£ per unit)"): "about a pound"}))
    assert (problem.where.row, problem.where.column) == (3, "L (Proxy value (£ per unit))")
    assert "not a number" in problem.message


def test_numbers_typed_as_text_with_a_pound_sign_are_read(tmp_path: Path) -> None:
    framework = read_framework_xlsx(_sample_workbook(tmp_path, {(3, "Proxy value (£ per unit)"): "£1,250.50"}))
    proxy = framework.measures[1].proxy
    assert proxy is not None and str(proxy.value) == "1250.50"


def test_theme_given_two_titles(tmp_path: Path) -> None:
    (problem,) = _problems(_sample_workbook(tmp_path, {(3, "Theme"): "Local economies"}))
    assert (problem.where.row, problem.where.column) == (3, "B (Theme)")
    assert "differs from row 2" in problem.message


def test_duplicate_measure_id(tmp_path: Path) -> None:
    (problem,) = _problems(_sample_workbook(tmp_path, {(3, "Measure ID"): "M1"}))
    assert (problem.where.row, problem.where.column, problem.field) == (3, "G (Measure ID)", "id")
    assert "row 2" in problem.message


def test_unknown_column_heading(tmp_path: Path) -> None:
    path = _sample_workbook(tmp_path)
    book = load_workbook(path)
    book["Measures"].cell(1, 19).value = "Colour"
    book.save(path)
    (problem,) = _problems(path)
    assert (problem.where.row, problem.where.column) == (1, "S")
    assert "'Colour'" in problem.message


def test_missing_sheet(tmp_path: Path) -> None:
    path = _sample_workbook(tmp_path)
    book = load_workbook(path)
    del book["Framework"]
    book.save(path)
    (problem,) = _problems(path)
    assert "no sheet called 'Framework'" in problem.message


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"this is not a zip file at all")
    (problem,) = _problems(path)
    assert "cannot be opened" in problem.message


def test_council_layout_with_columns_in_another_order(tmp_path: Path) -> None:
    """A council's own sheet: fewer columns, another order, field names as headings, a blank row."""
    book = Workbook()
    info = book.active
    info.title = "Framework"
    for row in [
        ("Field", "Value"),
        ("id", "council"),
        ("Name", "Our framework"),
        ("publisher", "Borough"),
        ("version", "3"),
        ("source", "Cabinet report"),
        ("licence", "Internal use"),
    ]:
        info.append(row)
    sheet = book.create_sheet("Measures")
    sheet.append(
        [
            "Measure ID",
            "Measure",
            "unit",
            "proxy_value",
            "Proxy source",
            "Proxy year",
            "Outcome ID",
            "Outcome",
            "Theme ID",
            "Theme",
        ]
    )
    sheet.append(
        ["NT-1", "Local people employed", "FTE", 12345.67, "Our licensed copy", 2024, "O1", "Jobs", "T1", "Jobs"]
    )
    sheet.append([None] * 10)
    sheet.append(["NT-2", "Apprenticeship weeks", "weeks", 250, "Our licensed copy", 2024, "O1", "Jobs", "T1", "Jobs"])
    path = tmp_path / "council.xlsx"
    book.save(path)
    framework = read_framework_xlsx(path)
    assert [m.id for m in framework.measures] == ["NT-1", "NT-2"]
    assert framework.measures[0].proxy is not None and str(framework.measures[0].proxy.value) == "12345.67"
    assert framework.info.name == "Our framework"


def test_titles_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    framework = read_framework_text(GOOD.replace('title = "Local economy"', 'title = "=1+1 local economy"'))
    path = tmp_path / "f.xlsx"
    write_framework_xlsx(framework, path)
    assert read_framework_xlsx(path).themes[0].title == "=1+1 local economy"


def test_libreoffice_reads_the_exported_workbook(tmp_path: Path) -> None:
    """Open the export in a real spreadsheet engine and compare what it sees with the framework."""
    soffice = require_tool("soffice")
    framework = read_framework_file(next(p for p in SHIPPED if p.name == "community-wealth-building.toml"))
    path = tmp_path / "cwb.xlsx"
    write_framework_xlsx(framework, path)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,2",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with (tmp_path / "cwb-Measures.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["Theme ID", "Theme", "Theme description"]
    assert [r[6] for r in rows[1:]] == [m.id for m in framework.measures]
    carbon = next(r for r in rows if r[6] == "CWB-G1")
    assert carbon[11] == "£245.00"  # the proxy as the spreadsheet shows it, with its currency format
