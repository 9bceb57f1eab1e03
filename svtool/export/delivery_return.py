"""The supplier's return workbook (docs/delivery.md): written for one contract and one period, read back whole.

The template names the contract (an id made from the award) and the period, with a check code tying the two, so a
return for another contract or period, or one whose period was retyped, is refused. Reading never trusts the file:
its size, and the size and count of the parts inside it, are checked before openpyxl loads anything; only the
cells the template defines are read, and every problem is given with its sheet, row, column and reason.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from svtool.domain.delivery import Delivery, implausible, spend_problem
from svtool.export.xlsx_cells import GBP, Book

SHEET = "Return"
#: Rows of the template's heading (1-based, as a person sees them) and the KPI table.
CONTRACT_ROW, TITLE_ROW, SUPPLIER_ROW, PERIOD_ROW, CHECK_ROW, SPEND_ROW = 2, 3, 4, 5, 6, 7
HEADER_ROW = 9
HEADERS = ("KPI id", "KPI", "Unit", "Profile this period", "Delivered this period", "Evidence")
DELIVERED_COL, EVIDENCE_COL = 5, 6
#: Limits on what is opened: a return is a few kilobytes; anything far larger is not one.
MAX_FILE_BYTES = 5_000_000
MAX_PARTS = 200
MAX_UNPACKED_BYTES = 50_000_000
MAX_ROWS = 1_000
MAX_TEXT = 4_000


def contract_id(delivery: Delivery, reference: str, title: str) -> str:
    c = delivery.contract
    return hashlib.sha256(f"{reference}|{title}|{c.bidder_id}|{c.awarded_at}".encode()).hexdigest()[:12].upper()


def check_code(contract: str, period: str) -> str:
    return hashlib.sha256(f"{contract}|{period}".encode()).hexdigest()[:8].upper()


def write_return_template(delivery: Delivery, reference: str, title: str, period: str, path: Path) -> None:
    """The workbook the supplier fills for `period`: one row per KPI, its profile shown, delivered left blank."""
    labels = delivery.contract.labels
    book = Book(path)
    sheet = book.sheet(SHEET)
    ident = contract_id(delivery, reference, title)
    sheet.text(0, 0, "Social value delivery return (svtool)", bold=True, font_size=14)
    heading = (
        ("Contract id", ident),
        ("Contract", f"{title} ({reference})" if reference else title),
        ("Supplier", delivery.contract.supplier),
        ("Period", period),
        ("Check code", check_code(ident, period)),
    )
    for row, (label, value) in zip(
        (CONTRACT_ROW, TITLE_ROW, SUPPLIER_ROW, PERIOD_ROW, CHECK_ROW), heading, strict=True
    ):
        sheet.text(row - 1, 0, label, bold=True)
        sheet.text(row - 1, 1, value)
    sheet.text(SPEND_ROW - 1, 0, "Contract spend this period (£)", bold=True)
    sheet.blank(SPEND_ROW - 1, 1, num_format=GBP, bg_color="#FFF2CC", locked=False)
    sheet.text(
        SPEND_ROW,
        0,
        "Fill the yellow cells: numbers only (a percentage as 72, not 72%); evidence in words. "
        "Do not change the contract id, period or check code.",
        italic=True,
    )
    for col, header in enumerate(HEADERS):
        sheet.text(HEADER_ROW - 1, col, header, bold=True, font_color="#FFFFFF", bg_color="#1F4E79", text_wrap=True)
    index = labels.index(period)
    for n, kpi in enumerate(delivery.kpis):
        row = HEADER_ROW + n
        sheet.text(row, 0, kpi.id)
        sheet.text(row, 1, kpi.title, text_wrap=True)
        sheet.text(row, 2, kpi.unit)
        sheet.number(row, 3, kpi.profile[index] if index < len(kpi.profile) else None)
        sheet.blank(row, DELIVERED_COL - 1, bg_color="#FFF2CC", locked=False)
        sheet.blank(row, EVIDENCE_COL - 1, bg_color="#FFF2CC", locked=False, text_wrap=True)
        sheet.worksheet.data_validation(
            row,
            DELIVERED_COL - 1,
            row,
            DELIVERED_COL - 1,
            {
                "validate": "decimal",
                "criteria": ">=",
                "value": 0,
                "error_title": "A number",
                "error_message": "Enter the figure delivered in this period, as a number of at least 0.",
            },
        )
    sheet.widths([30, 48, 10, 16, 18, 60])
    sheet.print_setup(f"Delivery return {period}")
    book.close()


@dataclass(frozen=True)
class ReadReturn:
    period: str
    spend: Decimal | None
    figures: dict[str, tuple[Decimal, str]]


class ReturnRefused(Exception):
    """The return cannot be imported: `problems` says where and why, one plain sentence each."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"The return {source} was not imported; nothing was saved:\n- " + "\n- ".join(problems))
        self.problems = problems


def _where(row: int, col: int, what: str) -> str:
    return f"Sheet '{SHEET}', row {row}, column {get_column_letter(col)} ({what})"


def _number(value: Any) -> Decimal | str | None:
    """A cell as a number, None if empty, or why it is not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | datetime | date | time):
        return "is not a number"
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return number if number.is_finite() else "is not a number"
    if isinstance(value, str):
        text = value.strip().replace(",", "").removeprefix("£")
        if len(text) <= 30:
            try:
                parsed: Decimal | None = Decimal(text)
            except InvalidOperation:
                parsed = None
            if parsed is not None and parsed.is_finite():
                return parsed
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"holds text ('{shown}'), not a number"
    return "is not a number"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _opened_safely(path: Path, source: str) -> Any:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ReturnRefused(source, [f"The file cannot be read: {error.strerror or error}."]) from None
    if size > MAX_FILE_BYTES:
        raise ReturnRefused(
            source,
            [
                f"The file is {size:,} bytes; a return is far smaller (at most "
                f"{MAX_FILE_BYTES:,}). Is it the right file?"
            ],
        )
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
                raise ReturnRefused(
                    source,
                    [
                        "The workbook unpacks to far more than a return holds, so it was not "
                        "opened (it may be damaged, or not a return)."
                    ],
                )
        book = load_workbook(path, read_only=True, data_only=True)
    except ReturnRefused:
        raise
    except Exception:  # a damaged file fails inside openpyxl, zipfile or the XML parser in many ways (the fuzz
        # test in tests/delivery/test_returns.py finds them); none of them may reach a person as a traceback
        raise ReturnRefused(
            source,
            [
                "The file cannot be opened as an Excel workbook (.xlsx): it is damaged, or not "
                "a workbook. Save it from Excel as an Excel Workbook and try again."
            ],
        ) from None
    return book


def read_return(path: Path, delivery: Delivery, expected_contract: str, period: str | None = None) -> ReadReturn:
    """The return as svtool will save it, or ReturnRefused with every problem found, located."""
    source = path.name
    book = _opened_safely(path, source)
    try:
        if SHEET not in book.sheetnames:
            raise ReturnRefused(
                source,
                [
                    f"The workbook has no sheet called '{SHEET}' (sheets found: "
                    f"{', '.join(book.sheetnames[:10]) or 'none'}). Start from the template "
                    "made by 'svtool delivery template'."
                ],
            )
        rows = []
        for n, row in enumerate(
            book[SHEET].iter_rows(min_row=1, max_row=MAX_ROWS, max_col=EVIDENCE_COL, values_only=True)
        ):
            rows.append(tuple(row) + (None,) * (EVIDENCE_COL - len(row)))
            if n >= MAX_ROWS:
                break
    except ReturnRefused:
        raise
    except Exception:  # openpyxl's reader meets damaged XML in many ways; none of them may reach a person
        raise ReturnRefused(
            source,
            [
                f"The sheet '{SHEET}' cannot be read: the workbook is damaged. Save it from "
                "Excel as an Excel Workbook and try again."
            ],
        ) from None
    finally:
        book.close()
    return _parse(rows, source, delivery, expected_contract, period)


def _cell(rows: list[tuple[Any, ...]], row: int, col: int) -> Any:
    return rows[row - 1][col - 1] if row - 1 < len(rows) else None


def _parse(
    rows: list[tuple[Any, ...]], source: str, delivery: Delivery, expected: str, period: str | None
) -> ReadReturn:
    problems: list[str] = []
    given_contract = _text(_cell(rows, CONTRACT_ROW, 2)).strip()
    if given_contract != expected:
        problems.append(
            f"{_where(CONTRACT_ROW, 2, 'Contract id')}: this return is for contract "
            f"'{given_contract[:20] or 'none'}', not this one ('{expected}'). Use the template made "
            "for this contract."
        )
        raise ReturnRefused(source, problems)
    given_period = _text(_cell(rows, PERIOD_ROW, 2)).strip()
    labels = delivery.contract.labels
    if given_period not in labels:
        problems.append(
            f"{_where(PERIOD_ROW, 2, 'Period')}: '{given_period[:20]}' is not one of this contract's "
            f"reporting periods ({labels[0]} to {labels[-1]})."
        )
    elif period is not None and given_period != period:
        problems.append(f"{_where(PERIOD_ROW, 2, 'Period')}: this return is for {given_period}, not {period}.")
    elif _text(_cell(rows, CHECK_ROW, 2)).strip() != check_code(expected, given_period):
        problems.append(
            f"{_where(CHECK_ROW, 2, 'Check code')}: the code does not match the period "
            f"{given_period}: the period was changed after the template was made. Use the template "
            "made for the period."
        )
    spend = _number(_cell(rows, SPEND_ROW, 2))
    if isinstance(spend, str):
        problems.append(f"{_where(SPEND_ROW, 2, 'Contract spend')}: the value {spend}.")
        spend = None
    elif spend is not None and (why := spend_problem(spend, delivery.contract.value)):
        problems.append(f"{_where(SPEND_ROW, 2, 'Contract spend')}: the value {why}.")
    if _text(_cell(rows, HEADER_ROW, 1)).strip() != HEADERS[0]:
        problems.append(
            f"{_where(HEADER_ROW, 1, 'KPI id')}: the KPI table's heading is missing or moved; start from the template."
        )
        raise ReturnRefused(source, problems)
    figures: dict[str, tuple[Decimal, str]] = {}
    for number in range(HEADER_ROW + 1, len(rows) + 1):
        kpi_id = _text(_cell(rows, number, 1)).strip()
        if not kpi_id:
            continue
        kpi = delivery.kpi(kpi_id)
        if kpi is None:
            problems.append(f"{_where(number, 1, 'KPI id')}: there is no KPI '{kpi_id[:20]}' on this contract.")
            continue
        if kpi_id in figures:
            problems.append(f"{_where(number, 1, 'KPI id')}: KPI {kpi_id} is given twice.")
            continue
        value = _number(_cell(rows, number, DELIVERED_COL))
        evidence = _text(_cell(rows, number, EVIDENCE_COL)).strip()
        where = _where(number, DELIVERED_COL, f"Delivered, KPI {kpi_id}")
        if value is None:
            problems.append(f"{where}: empty; give the figure delivered (0 if none).")
        elif isinstance(value, str):
            problems.append(f"{where}: the value {value}.")
        elif why := implausible(kpi.unit, value):
            problems.append(f"{where}: {format(value, 'f')} {why}.")
        else:
            figures[kpi_id] = (value, evidence[:MAX_TEXT])
    missing = [k.id for k in delivery.kpis if k.id not in figures and not any(k.id in p for p in problems)]
    if missing:
        problems.append(f"Sheet '{SHEET}': no row for KPI {', '.join(missing)}; every KPI needs its figure.")
    if problems:
        raise ReturnRefused(source, problems)
    return ReadReturn(given_period, spend, figures)
