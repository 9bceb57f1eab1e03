"""Workbook cells that cannot hurt (issue 12; docs/architecture.md, Exports), written with XlsxWriter.

- Text is only ever a string cell: XlsxWriter is told never to turn strings into formulas, links or numbers, and
  every piece of text goes through Sheet.text (write_string), so a bidder called =HYPERLINK(...) stays those
  characters. Formulas are written only by Sheet.formula, from references and numbers svtool builds itself.
- Every formula is stored with its value: the engine's exact figure (a Fraction, stored as the nearest double),
  so a viewer that does not calculate (Outlook, Teams, Quick Look) shows what svtool computed. Excel and
  LibreOffice recalculate on opening and show the same figures from the live formulas.
- Text a workbook cannot hold (control characters that XML 1.0 forbids, from files made before they were refused
  at entry; lone surrogates) is replaced by U+FFFD rather than crashing the export, and text longer than a cell
  holds is cut with a note.
- Ids compared inside formulas go through `exactly` or `criterion`, never pasted in as literals.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

Number = Fraction | Decimal | int
Cached = Number | str | bool | None

GBP = '"£"#,##0.00'
POINTS = "0.00"
SHARE = "0.00%"
PERCENT_NUMBER = '0.00"%"'
HEADER_FILL = "#1F4E79"

#: Characters XML 1.0 cannot hold (tab, LF and CR can), lone surrogates, and the two non-characters.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: A cell holds 32,767 characters; longer text (a large audit entry) is cut, leaving room for the note.
CELL_TEXT_LIMIT = 32_000
CUT_NOTE = " … [cut to fit one spreadsheet cell; the whole text is in the evaluation's audit trail]"
#: Sheet names: at most 31 characters, none of []:*?/\ and not beginning or ending with an apostrophe.
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Text as a workbook can hold it (see the module's docstring)."""
    if text.isprintable() and len(text) <= CELL_TEXT_LIMIT:  # the usual case, checked quickly
        return text
    text = _ILLEGAL.sub("\ufffd", text)
    return text if len(text) <= CELL_TEXT_LIMIT else text[:CELL_TEXT_LIMIT] + CUT_NOTE


def cached(value: Cached) -> float | str | bool:
    """A formula's stored value: numbers as the nearest double, no value as an empty result."""
    if value is None:
        return ""
    if isinstance(value, bool | str):
        return value
    return float(value)


def exactly(cell: str) -> str:
    """A *IFS criterion that matches the text in `cell` and nothing else: the leading '=' stops a value such as
    '>5' or '<>' being read as a comparison, and '~' escapes the wildcards '*', '?' and '~' itself."""
    return f'"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({cell},"~","~~"),"*","~*"),"?","~?")'


def cell(row: int, col: int, absolute: bool = False) -> str:
    """A1 reference of a 0-based row and column."""
    return str(xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute))


def column(col: int) -> str:
    return str(xl_col_to_name(col))


def header_text(text: str) -> str:
    """Text for a printed page header: '&' starts a code there (&P is the page number), so it is doubled; a title
    that would still read as XlsxWriter's picture code (&G) loses its '&' instead."""
    text = clean(text)[:200].replace("\n", " ")
    doubled = text.replace("&", "&&")
    return text.replace("&", "and") if "&G" in doubled or "&[Picture]" in doubled else doubled


def sheet_name(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts, unique (ignoring case) among `used`, which it joins."""
    title = _SHEET_NAME_BAD.sub(" ", name).strip().strip("'").strip()[:28] or "Sheet"
    candidate, n = title, 2
    while candidate.lower() in used:
        candidate, n = f"{title[:25]} {n}", n + 1
    used.add(candidate.lower())
    return candidate


class _Worksheet(Worksheet):  # type: ignore[misc]
    """XlsxWriter's worksheet, made quicker for half a million cells (bench/bench_export.py: a 300-bidder export).

    It skips the scan of every formula for newer Excel functions to prefix (thirty regular expressions a formula):
    svtool's formulas use none of the dynamic-array functions it looks for, and write the prefix of the newer ones
    they use themselves (_xlfn.MINIFS, _xlfn.MAXIFS), which XlsxWriter's own scan would leave as it is. Sheet
    calls the write methods without their decorator, which only turns "A1" notation into row and column numbers.
    Both are XlsxWriter's undecorated internals (3.x); the workbook tests read every cell back.
    """

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        return formula[1:] if formula.startswith("=") else formula


class Book:
    """An XlsxWriter workbook with a cache of formats, written to `path` by close()."""

    def __init__(self, path: Path) -> None:
        self.workbook = xlsxwriter.Workbook(
            str(path),
            {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "in_memory": True,  # no temporary files of its own to leave behind if the export is stopped
            },
        )
        self._formats: dict[tuple[tuple[str, Any], ...], Format] = {}
        self.used_names: set[str] = set()

    def format(self, **properties: Any) -> Format | None:
        if not properties:
            return None
        key = tuple(sorted(properties.items()))
        found = self._formats.get(key)
        if found is None:
            found = self._formats[key] = self.workbook.add_format(properties)
        return found

    def sheet(self, name: str) -> Sheet:
        return Sheet(self, self.workbook.add_worksheet(sheet_name(name, self.used_names), worksheet_class=_Worksheet))

    def close(self) -> None:
        try:
            self.workbook.close()
        except FileCreateError as error:  # XlsxWriter wraps the OSError (a full disk, say): pass it on as it was
            cause = error.args[0] if error.args else None
            raise cause if isinstance(cause, OSError) else OSError(str(error)) from None


class Sheet:
    """One worksheet: text, numbers and formulas written only through the methods below."""

    def __init__(self, book: Book, worksheet: Any) -> None:
        self.book = book
        self.worksheet = worksheet
        self.name: str = worksheet.get_name()
        self.ref = quote_sheetname(self.name)

    def text(self, row: int, col: int, text: str, **style: Any) -> None:
        self.worksheet._write_string(row, col, clean(text), self.book.format(**style) if style else None)

    def number(self, row: int, col: int, value: Number | None, **style: Any) -> None:
        if value is None:
            self.blank(row, col, **style)
        else:
            self.worksheet._write_number(row, col, float(value), self.book.format(**style) if style else None)

    def boolean(self, row: int, col: int, value: bool, **style: Any) -> None:
        self.worksheet._write_boolean(row, col, value, self.book.format(**style))

    def blank(self, row: int, col: int, **style: Any) -> None:
        if style:
            self.worksheet._write_blank(row, col, None, self.book.format(**style))

    def value(self, row: int, col: int, value: Number | str | bool | None, **style: Any) -> None:
        """Any plain value: text as text, a number as a number, nothing as a blank."""
        if isinstance(value, str):
            self.text(row, col, value, **style)
        elif isinstance(value, bool):
            self.boolean(row, col, value, **style)
        else:
            self.number(row, col, value, **style)

    def formula(self, row: int, col: int, formula: str, value: Cached, **style: Any) -> None:
        """A live formula built by svtool (never from text a person typed) and the engine's value for it."""
        self.worksheet._write_formula(row, col, formula, self.book.format(**style), cached(value))

    def merged_text(self, row: int, first_col: int, last_col: int, text: str, **style: Any) -> None:
        self.worksheet.merge_range(row, first_col, row, last_col, "", self.book.format(**style))
        self.text(row, first_col, text, **style)

    def widths(self, widths: list[float]) -> None:
        for col, width in enumerate(widths):
            self.worksheet.set_column(col, col, width)

    def height(self, row: int, points: float) -> None:
        self.worksheet.set_row(row, points)

    def print_setup(self, title: str) -> None:
        """Landscape A4, one page wide, the title at the top of every page and 'Page n of m' at the foot."""
        self.worksheet.set_landscape()
        self.worksheet.set_paper(9)
        self.worksheet.fit_to_pages(1, 0)
        self.worksheet.set_header(f"&C{header_text(title)}")
        self.worksheet.set_footer("&CPage &P of &N")

    def table(self, headers: list[str], widths: list[float], title: str) -> None:
        """A header row in white on blue that stays in view and repeats on every printed page."""
        for col, header in enumerate(headers):
            self.text(
                0, col, header, bold=True, font_color="#FFFFFF", bg_color=HEADER_FILL, text_wrap=True, valign="vcenter"
            )
        self.widths([widths[n] if n < len(widths) else 12 for n in range(len(headers))])
        self.height(0, 30)  # room for headings that wrap onto two lines
        self.worksheet.freeze_panes(1, 0)
        self.worksheet.repeat_rows(0)
        self.print_setup(title)
