"""Frameworks as Excel workbooks: one row per measure, with its theme and outcome on the same row.

Councils keep frameworks in spreadsheets, and a council licensed to use the National TOMs imports its own
copy this way. Rows become the same RawRecords the text reader makes, so the rules and messages are shared.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from svtool.domain.framework import UNITS, Framework, MeasureRole
from svtool.frameworks.problems import FrameworkInvalid, Location, Problem
from svtool.frameworks.records import FRAMEWORK_FIELDS, RawRecord, did_you_mean
from svtool.frameworks.validate import FORMAT_VERSION, build_framework

INFO_SHEET = "Framework"
MEASURES_SHEET = "Measures"


@dataclass(frozen=True)
class Column:
    header: str
    record: str  # which record the cell belongs to: theme, outcome or measure
    field: str
    width: int


COLUMNS = (
    Column("Theme ID", "theme", "id", 12),
    Column("Theme", "theme", "title", 30),
    Column("Theme description", "theme", "description", 30),
    Column("Outcome ID", "outcome", "id", 14),
    Column("Outcome", "outcome", "title", 36),
    Column("Outcome description", "outcome", "description", 30),
    Column("Measure ID", "measure", "id", 14),
    Column("Measure", "measure", "title", 44),
    Column("Description", "measure", "description", 50),
    Column("Kind", "measure", "kind", 14),
    Column("Unit", "measure", "unit", 10),
    Column("Proxy value (£ per unit)", "measure", "proxy_value", 14),
    Column("Proxy source", "measure", "proxy_source", 40),
    Column("Proxy year", "measure", "proxy_year", 10),
    Column("Target", "measure", "target", 10),
    Column("Target note", "measure", "target_note", 30),
    Column("Evidence", "measure", "evidence", 40),
    Column("Tags", "measure", "tags", 24),
    # Later columns (format 1, svtool 2026): older workbooks without them still read.
    Column("Role", "measure", "role", 16),
    Column("Published ref", "measure", "ref", 10),
    Column("Unconfirmed", "measure", "unconfirmed", 12),
    Column("Note", "measure", "note", 40),
    Column("Theme unconfirmed", "theme", "unconfirmed", 12),
    Column("Theme note", "theme", "note", 30),
    Column("Outcome unconfirmed", "outcome", "unconfirmed", 12),
    Column("Outcome note", "outcome", "note", 30),
)
INFO_FIELDS = FRAMEWORK_FIELDS
ROLES = tuple(r.value for r in MeasureRole)


def _normalise(header: str) -> str:
    return " ".join(header.replace("_", " ").lower().split())


_HEADER_LOOKUP = {_normalise(c.header): c for c in COLUMNS}
# Also accept the bare field names, so 'proxy_value' or 'proxy value' find their column.
_HEADER_LOOKUP.update({_normalise(c.field): c for c in COLUMNS if c.record == "measure"})


def _text_cell(cell: Any, value: str) -> None:
    cell.value = value
    cell.data_type = "s"  # a title beginning with '=' is text, never a formula


def write_framework_xlsx(framework: Framework, path: Path) -> None:
    """Write the framework as a workbook that reads back to an equal framework."""
    book = Workbook()
    info_sheet = book.active
    info_sheet.title = INFO_SHEET
    info_sheet.append(["Field", "Value"])
    info_sheet.append(["format", FORMAT_VERSION])
    info_row = 2
    for key in INFO_FIELDS[1:]:
        value = getattr(framework.info, key)
        if isinstance(value, int):
            info_sheet.append([key, value])
            info_row += 1
        elif value:
            info_sheet.append([key, None])
            info_row += 1
            _text_cell(info_sheet.cell(info_row, 2), value)
    info_sheet.column_dimensions["A"].width = 14
    info_sheet.column_dimensions["B"].width = 100
    for row in info_sheet.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")

    sheet = book.create_sheet(MEASURES_SHEET)
    sheet.append([c.header for c in COLUMNS])
    # Rows are counted here: openpyxl's max_row scans every cell, which would make this loop quadratic.
    for row, measure in enumerate(framework.measures, start=2):
        outcome = framework.outcome(measure.outcome_id)
        theme = framework.theme(outcome.theme_id)
        values: dict[str, object] = {
            "theme.id": theme.id,
            "theme.title": theme.title,
            "theme.description": theme.description,
            "outcome.id": outcome.id,
            "outcome.title": outcome.title,
            "outcome.description": outcome.description,
            "measure.id": measure.id,
            "measure.title": measure.title,
            "measure.description": measure.description,
            "measure.kind": measure.kind.value,
            "measure.unit": measure.unit,
            "measure.proxy_value": measure.proxy.value if measure.proxy else None,
            "measure.proxy_source": measure.proxy.source if measure.proxy else None,
            "measure.proxy_year": measure.proxy.year if measure.proxy else None,
            "measure.target": measure.target,
            "measure.target_note": measure.target_note,
            "measure.evidence": measure.evidence,
            "measure.tags": ", ".join(measure.tags),
            "measure.role": "" if measure.role is MeasureRole.MEASURE else measure.role.value,
            "measure.ref": measure.ref,
            "measure.unconfirmed": _yes(measure.unconfirmed),
            "measure.note": measure.note,
            "theme.unconfirmed": _yes(theme.unconfirmed),
            "theme.note": theme.note,
            "outcome.unconfirmed": _yes(outcome.unconfirmed),
            "outcome.note": outcome.note,
        }
        for index, column in enumerate(COLUMNS, start=1):
            value = values[f"{column.record}.{column.field}"]
            cell = sheet.cell(row, index)
            if isinstance(value, str):
                if value:
                    _text_cell(cell, value)
            elif value is not None:
                cell.value = value
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column.field == "proxy_value":
                cell.number_format = "£#,##0.00##"
            elif column.field == "target":
                cell.number_format = "#,##0.####"
    _style_header(sheet)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    last = len(framework.measures) + 1
    kinds = DataValidation(type="list", formula1='"quantitative,qualitative"', allow_blank=True)
    units = DataValidation(type="list", formula1='"' + ",".join(UNITS) + '"', allow_blank=True)
    roles = DataValidation(type="list", formula1='"' + ",".join(ROLES) + '"', allow_blank=True)
    for validation, field in ((kinds, "kind"), (units, "unit"), (roles, "role")):
        letter = get_column_letter(
            next(i for i, c in enumerate(COLUMNS, 1) if c.field == field and c.record == "measure")
        )
        validation.add(f"{letter}2:{letter}{max(last, 2) + 500}")
        sheet.add_data_validation(validation)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    _style_header(info_sheet)
    book.active = 1
    book.save(path)


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def _style_header(sheet: Any) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


#: Limits checked in the zip's own directory before the workbook is opened. A framework workbook is well under
#: a few megabytes (the National TOMs are about 1 MB of XML); these leave ample room and keep a damaged or hostile
#: file (one cell of 400 MB in a 400 KB file, a zip bomb) from taking the machine's memory.
MOST_PART_BYTES = 32_000_000  # one sheet, or the shared strings, uncompressed
MOST_BOOK_BYTES = 100_000_000  # every part together, uncompressed
MOST_PARTS = 500
MOST_ROWS = 100_000
MOST_COLUMNS = 64


def _cannot_open(source: str, reason: str) -> FrameworkInvalid:
    return FrameworkInvalid(
        [
            Problem(
                Location(source),
                "the file",
                None,
                f"cannot be opened: {reason}",
                "Save the spreadsheet as an Excel Workbook (.xlsx) and try again.",
            )
        ]
    )


def check_workbook_size(path: Path) -> None:
    """Refuse, before openpyxl reads a byte of it, a file that is not an ordinary file, not a zip, or whose parts
    would unpack to more than any framework workbook holds. zipfile never unpacks a part past the size its
    directory declares, so the declared sizes bound what reading it costs."""
    source = path.name
    try:
        if path.exists() and not path.is_file():  # a device such as /dev/zero, a pipe or a folder
            raise _cannot_open(source, "it is not an ordinary file")
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise _cannot_open(source, getattr(error, "strerror", None) or "it is not an Excel workbook (.xlsx)") from None
    largest = max(parts, key=lambda part: part.file_size, default=None)
    total = sum(part.file_size for part in parts)
    if len(parts) > MOST_PARTS or total > MOST_BOOK_BYTES or (largest and largest.file_size > MOST_PART_BYTES):
        size = max(total, largest.file_size if largest else 0)
        raise FrameworkInvalid(
            [
                Problem(
                    Location(source),
                    "the file",
                    None,
                    f"unpacks to {size / 1_000_000:,.0f} MB, far more than a framework "
                    f"workbook holds (at most {MOST_PART_BYTES // 1_000_000} MB for one sheet)",
                    "Check that you chose the right file; remove pictures and unused sheets from it.",
                )
            ]
        )


def read_framework_xlsx(path: Path) -> Framework:
    """Read a workbook laid out as write_framework_xlsx writes it (columns may be in any order)."""
    source = path.name
    check_workbook_size(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _cannot_open(source, getattr(error, "strerror", None) or "it is not an Excel workbook (.xlsx)") from None
    except Exception as error:  # openpyxl on a damaged part: ParseError, TypeError, zlib.error and more
        raise _damaged(source, error) from None
    try:
        sheets = {name.lower(): book[name] for name in book.sheetnames}
        missing = [name for name in (INFO_SHEET, MEASURES_SHEET) if name.lower() not in sheets]
        if missing:
            raise FrameworkInvalid(
                [
                    Problem(
                        Location(source),
                        "the workbook",
                        None,
                        f"has no sheet called '{name}'",
                        f"Add it, or start from a workbook made by 'svtool frameworks "
                        f"export-xlsx'. Sheets found: {', '.join(book.sheetnames)}.",
                    )
                    for name in missing
                ]
            )
        records = [_info_record(source, sheets[INFO_SHEET.lower()])]
        records += list(_measure_records(source, sheets[MEASURES_SHEET.lower()]))
    except FrameworkInvalid:
        raise
    except Exception as error:  # a damaged sheet shows itself only as its rows are read
        raise _damaged(source, error) from None
    finally:
        book.close()
    return build_framework(records, source)


def _damaged(source: str, error: Exception) -> FrameworkInvalid:
    return FrameworkInvalid(
        [
            Problem(
                Location(source),
                "the file",
                None,
                f"is damaged: its contents cannot be read ({type(error).__name__})",
                "Open it in Excel or LibreOffice, save it again as an Excel Workbook (.xlsx), and try again.",
            )
        ]
    )


def _rows(source: str, sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    # A sheet's stated size is ignored (it may claim a million rows): only rows that hold cells are read, up to
    # MOST_ROWS of them and MOST_COLUMNS across.
    sheet.reset_dimensions()
    for number, row in enumerate(sheet.iter_rows(values_only=True, max_col=MOST_COLUMNS), start=1):
        if number > MOST_ROWS:
            raise FrameworkInvalid(
                [
                    Problem(
                        Location(source, sheet=sheet.title),
                        f"the {sheet.title} sheet",
                        None,
                        f"has more than {MOST_ROWS:,} rows",
                        "A framework has a few hundred measures; check the file.",
                    )
                ]
            )
        if any(v is not None and not (isinstance(v, str) and not v.strip()) for v in row):
            yield number, row


def _info_record(source: str, sheet: Any) -> RawRecord:
    values: dict[str, object] = {}
    rows: dict[str, int] = {}
    problems: list[Problem] = []
    for number, row in _rows(source, sheet):
        if number == 1:
            continue  # the Field / Value header
        key_cell = row[0] if row else None
        value = row[1] if len(row) > 1 else None
        if not isinstance(key_cell, str) or not key_cell.strip():
            problems.append(
                Problem(
                    Location(source, sheet=sheet.title, row=number, column="A"),
                    "the Framework sheet",
                    None,
                    "has a value with no field name in column A",
                    f"Write one of {', '.join(INFO_FIELDS)} in column A.",
                )
            )
            continue
        key = _normalise(key_cell).replace(" ", "_")
        if key in values:
            problems.append(
                Problem(
                    Location(source, sheet=sheet.title, row=number, column="A"),
                    "the Framework sheet",
                    key,
                    f"'{key}' is given twice (also row {rows[key]})",
                    "Keep one row for each field.",
                )
            )
            continue
        values[key] = value
        rows[key] = number
    if problems:
        raise FrameworkInvalid(problems)

    def locate(key: str | None) -> Location:
        if key in rows:
            return Location(source, sheet=sheet.title, row=rows[key], column="B")
        return Location(source, sheet=sheet.title)

    return RawRecord("framework", values, locate)


def _measure_records(source: str, sheet: Any) -> Iterator[RawRecord]:
    header: dict[int, Column] = {}
    problems: list[Problem] = []
    first: dict[tuple[str, str], tuple[int, dict[str, object]]] = {}
    for number, row in _rows(source, sheet):
        if not header:
            header = _read_header(source, sheet, number, row)
            continue
        cells: dict[str, dict[str, object]] = {"theme": {}, "outcome": {}, "measure": {}}
        for index, column in header.items():
            value = row[index] if index < len(row) else None
            if isinstance(value, str) and not value.strip():
                value = None
            cells[column.record][column.field] = value
        cells["outcome"]["theme"] = cells["theme"].get("id")
        cells["measure"]["outcome"] = cells["outcome"].get("id")
        for kind in ("theme", "outcome"):
            ident = cells[kind].get("id")
            key = (kind, str(ident).strip() if ident is not None else f"(row {number})")
            if key in first:
                row_seen, values_seen = first[key]
                for field, value in cells[kind].items():
                    if value != values_seen.get(field):
                        problems.append(
                            Problem(
                                _cell(source, sheet, number, header, kind, field),
                                f"{kind} '{key[1]}'",
                                field,
                                f"differs from row {row_seen}, where this {kind} was first given "
                                f"('{value}' here, '{values_seen.get(field)}' there)",
                                f"Give a {kind} the same details on every row, or give it a new id.",
                            )
                        )
                continue
            first[key] = (number, cells[kind])
            yield RawRecord(kind, _present(cells[kind]), _locator(source, sheet, number, header, kind))
        yield RawRecord("measure", _present(cells["measure"]), _locator(source, sheet, number, header, "measure"))
    if not header:
        problems.append(
            Problem(
                Location(source, sheet=sheet.title),
                "the Measures sheet",
                None,
                "is empty",
                "Add a header row and one row for each measure.",
            )
        )
    if problems:
        raise FrameworkInvalid(problems)


def _present(values: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if v is not None}


def _read_header(source: str, sheet: Any, number: int, row: tuple[Any, ...]) -> dict[int, Column]:
    header: dict[int, Column] = {}
    problems: list[Problem] = []
    for index, value in enumerate(row):
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        where = Location(source, sheet=sheet.title, row=number, column=get_column_letter(index + 1))
        column = _HEADER_LOOKUP.get(_normalise(str(value)))
        if column is None:
            headers = [c.header for c in COLUMNS]
            problems.append(
                Problem(
                    where,
                    "the Measures sheet",
                    None,
                    f"the column heading '{value}' is not one svtool knows{did_you_mean(str(value), headers)}",
                    f"Rename or delete the column. Headings: {', '.join(headers)}.",
                )
            )
        elif column in header.values():
            problems.append(
                Problem(
                    where,
                    "the Measures sheet",
                    None,
                    f"the column '{column.header}' appears twice",
                    "Delete one of them.",
                )
            )
        else:
            header[index] = column
    required = [c for c in COLUMNS if c.field in ("id", "title")]
    for column in required:
        if column not in header.values() and not problems:
            problems.append(
                Problem(
                    Location(source, sheet=sheet.title, row=number),
                    "the Measures sheet",
                    None,
                    f"has no '{column.header}' column",
                    "Add it: every row needs the theme, outcome and measure ids and titles.",
                )
            )
    if problems:
        raise FrameworkInvalid(problems)
    return header


def _cell(source: str, sheet: Any, number: int, header: dict[int, Column], kind: str, field: str | None) -> Location:
    for index, column in header.items():
        if column.record == kind and column.field == (field or "id"):
            return Location(
                source, sheet=sheet.title, row=number, column=f"{get_column_letter(index + 1)} ({column.header})"
            )
    return Location(source, sheet=sheet.title, row=number)


def _locator(
    source: str, sheet: Any, number: int, header: dict[int, Column], kind: str
) -> Callable[[str | None], Location]:
    parent = {"outcome": ("theme", "id"), "measure": ("outcome", "id")}

    def locate(field: str | None) -> Location:
        if kind in parent and field == parent[kind][0]:
            return _cell(source, sheet, number, header, parent[kind][0], "id")
        return _cell(source, sheet, number, header, kind, field)

    return locate
