"""Problems found in a framework file, each tied to the place a person has to go to fix it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A place in a file: a line of a text file, or a sheet, row and column of a workbook."""

    source: str
    line: int | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.source]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.sheet is not None:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a framework: where, which field, what is wrong and how to put it right."""

    where: Location
    record: str  # e.g. "measure 'LS1'" or "the [framework] table"
    field: str | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        what = self.record if self.field is None else f"{self.record}, field '{self.field}'"
        text = f"{self.where}: {what}: {self.message}"
        return f"{text}. {self.fix}" if self.fix else text


class FrameworkInvalid(Exception):
    """A framework file could not be read; carries every problem found, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
