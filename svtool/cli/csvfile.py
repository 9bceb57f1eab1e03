"""Reading a CSV file that a person, Excel or a tender portal made, where anything may turn up.

A byte-order mark, Windows line endings, blank lines, columns in any order and extra columns are all normal and
accepted. A file that cannot be read (bytes that are not UTF-8, a missing column, a quote never closed, a value
longer than the csv module reads) is refused with one line that says where and what to do; a row with more values
than the header has columns is marked, for the command to refuse with the row's other problems.
Each row keeps the number of the line it starts on, so that a problem can name the line a person sees in an editor.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from svtool.services.errors import UserError

#: How much of a bad value a message repeats.
SHOWN_CHARACTERS = 40
#: Plain decimal numbers only: no exponent (1e999999), NaN or infinity, and no more digits than any score or price.
MAX_NUMBER_LENGTH = 30
#: Unicode categories refused in text: control characters, and line and paragraph separators.
REFUSED = frozenset({"Cc", "Zl", "Zp"})
#: ...and in ids also the invisible ones: format characters, surrogates, private use and unassigned code points.
STRICTLY_REFUSED = REFUSED | {"Cf", "Cs", "Co", "Cn"}


class CsvUnreadable(UserError):
    """The file as a whole cannot be used; str(error) is one line naming the file and what to do."""


@dataclass(frozen=True)
class CsvRow:
    line: int  # the line of the file the row starts on (the first line is 1)
    cells: Mapping[str, str]  # column name (lower case) -> the value, stripped of surrounding spaces
    problem: str | None = None  # why the row as a whole cannot be used (more values than columns)


def read_rows(path: Path, label: str, required: Sequence[str], optional: Sequence[str] = ()) -> list[CsvRow]:
    """The file's rows below its header, with the required columns (and those optional ones it has); blank rows
    are passed over. label names the file in messages."""
    records = _records(_decoded(_read_bytes(path, label), label), label)
    header_line, header = next(((n, r) for n, r in records if _filled(r)), (0, []))
    if not header:
        raise CsvUnreadable(f"{label} is empty: its first line must name the columns {_listed(required)}.")
    columns = _columns(header, label, header_line, required)
    wanted = {name: index for name, index in columns.items() if name in {*required, *optional}}
    found = [_row(line, record, len(header), wanted) for line, record in records if _filled(record)]
    if not found:
        raise CsvUnreadable(f"{label} has a first line naming the columns but no rows below it: nothing to save.")
    return found


def has_column(rows: Sequence[CsvRow], name: str) -> bool:
    return bool(rows) and name in rows[0].cells


def shown(value: str) -> str:
    """A value as a message repeats it: on one line, and cut short if it is long."""
    flat = "".join(c if c.isprintable() else " " for c in value)
    return flat if len(flat) <= SHOWN_CHARACTERS else flat[:SHOWN_CHARACTERS] + "…"


def plain_number(text: str) -> Decimal | None:
    """A number written plainly in digits (3, 2.5, -1, 4650000.00), or None for anything else."""
    if not text or len(text) > MAX_NUMBER_LENGTH or not all(c in "0123456789.+-" for c in text):
        return None
    if text.count(".") > 1 or "+" in text[1:] or "-" in text[1:] or not any(c.isdigit() for c in text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def control_character(text: str, allow_line_breaks: bool = False, strict: bool = False) -> str | None:
    """The first character in text that cannot be saved or shown as it is: a control character (PostgreSQL refuses
    NUL, and none belongs in a name), a line or paragraph separator, and if strict (for ids) an invisible one too,
    such as a byte-order mark, a zero-width space or a right-to-left override."""
    allowed = "\t\n\r" if allow_line_breaks else ""
    refused = STRICTLY_REFUSED if strict else {"Cc"} if allow_line_breaks else REFUSED
    for character in text:
        if unicodedata.category(character) in refused and character not in allowed:
            return f"U+{ord(character):04X}"
    return None


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CsvUnreadable(f"{label} does not exist.") from None
    except IsADirectoryError:
        raise CsvUnreadable(f"{label} is a folder, not a CSV file.") from None
    except OSError as error:
        raise CsvUnreadable(f"{label} cannot be read: {error.strerror or error}.") from None


def _decoded(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvUnreadable(
            f"{label}, line {line}: The file is not UTF-8 text (byte 0x{data[error.start]:02X} cannot be read). "
            "In Excel, save it as 'CSV UTF-8 (Comma delimited)'."
        ) from None


def _records(text: str, label: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted value may run over several lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise CsvUnreadable(f"{label}, line {start}: {_csv_problem(error)}") from None
        yield start, record


def _csv_problem(error: csv.Error) -> str:
    if "field larger" in str(error):
        return (
            f"A value is longer than the {csv.field_size_limit():,} characters svtool reads. Shorten it, or check "
            "that a double quote has not run one value into the next."
        )
    return (
        f"This row cannot be read as CSV ({error}). A value in double quotes must end with a double quote, "
        'and a double quote inside it is written twice ("").'
    )


def _filled(record: list[str]) -> bool:
    return any(cell.strip() for cell in record)


def _columns(header: list[str], label: str, line: int, required: Sequence[str]) -> dict[str, int]:
    names = [cell.strip().lstrip("\ufeff").strip().lower() for cell in header]
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        if name and name in columns:
            raise CsvUnreadable(f"{label}, line {line}: The column '{shown(name)}' is named twice. Keep one.")
        if name:
            columns[name] = index
    missing = [name for name in required if name not in columns]
    if missing:
        plural = "columns" if len(missing) > 1 else "column"
        verb = "are" if len(missing) > 1 else "is"
        raise CsvUnreadable(
            f"{label}, line {line}: The {plural} {_listed(missing)} {verb} missing. The first line "
            f"must name the columns {_listed(required)}."
        )
    return columns


def _row(line: int, record: list[str], width: int, wanted: dict[str, int]) -> CsvRow:
    extra = sum(1 for cell in record[width:] if cell.strip())
    problem = (
        (
            f"This row has {len(record)} values, but the first line names {width} columns. Put a value that "
            "holds a comma in double quotes."
        )
        if extra
        else None
    )
    return CsvRow(line, {name: (record[i] if i < len(record) else "").strip() for name, i in wanted.items()}, problem)


def _listed(names: Sequence[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
