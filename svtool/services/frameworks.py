"""Framework use cases: list the library, look one up, check files, convert to and from spreadsheets."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from svtool.domain.framework import Framework
from svtool.frameworks.problems import FrameworkInvalid, Problem
from svtool.frameworks.textformat import read_framework_file, write_framework_text
from svtool.paths import frameworks_dir
from svtool.services.errors import UserError
from svtool.services.storage import write_atomically

TEXT_SUFFIX = ".toml"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def user_frameworks_dir() -> Path:
    """Where frameworks a council imports for itself are kept (SVTOOL_DATA_DIR overrides, for tests)."""
    base = os.environ.get("SVTOOL_DATA_DIR") or platformdirs.user_data_dir("svtool", appauthor=False)
    return Path(base) / "frameworks"


@dataclass(frozen=True)
class LibraryEntry:
    """One framework file in the library: loaded, or with the problems that stopped it loading."""

    path: Path
    shipped: bool
    framework: Framework | None = None
    problems: tuple[Problem, ...] = field(default=())


def library() -> list[LibraryEntry]:
    """Every framework svtool knows: those shipped with it, then the user's own, each sorted by file name."""
    entries: list[LibraryEntry] = []
    for folder, shipped in ((frameworks_dir(), True), (user_frameworks_dir(), False)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(f"*{TEXT_SUFFIX}")):
            try:
                entries.append(LibraryEntry(path, shipped, read_framework_file(path)))
            except FrameworkInvalid as error:
                entries.append(LibraryEntry(path, shipped, problems=tuple(error.problems)))
    return entries


def load_framework(reference: str) -> Framework:
    """A framework by library id, or from a .toml or .xlsx file path."""
    path = Path(reference)
    if path.suffix.lower() in (TEXT_SUFFIX, *WORKBOOK_SUFFIXES) or path.exists():
        return read_any(path)
    ids = []
    for entry in library():
        if entry.framework is not None:
            if entry.framework.id == reference:
                return entry.framework
            ids.append(entry.framework.id)
    raise UserError(
        f"There is no framework with the id '{reference}'. Known ids: {', '.join(ids) or 'none'}. "
        "Run 'svtool frameworks list' to see them, or give the path of a framework file."
    )


def library_framework(framework_id: str) -> Framework | None:
    """The library's framework with this id, or None: an evaluation names its framework by id, and that is never
    read as a file path (a stored or passed-on evaluation must not make svtool open a file of its choosing)."""
    for entry in library():
        if entry.framework is not None and entry.framework.id == framework_id:
            return entry.framework
    return None


def read_any(path: Path) -> Framework:
    """Read a framework from a text file or a workbook, chosen by the file's extension."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from svtool.frameworks.workbook import read_framework_xlsx  # openpyxl: a third of a second, when needed

        return read_framework_xlsx(path)
    return read_framework_file(path)


@dataclass(frozen=True)
class CheckResult:
    path: Path
    framework: Framework | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.framework is not None


def check_files(paths: list[Path]) -> list[CheckResult]:
    """Validate each file independently, so one bad file does not hide the problems of another."""
    results = []
    for path in paths:
        try:
            results.append(CheckResult(path, read_any(path), ()))
        except FrameworkInvalid as error:
            results.append(CheckResult(path, None, tuple(error.problems)))
    return results


def import_xlsx(source: Path, destination: Path) -> Framework:
    """Read a framework workbook, check it, and save it as a framework text file."""
    from svtool.frameworks.workbook import read_framework_xlsx

    framework = read_framework_xlsx(source)
    text = write_framework_text(framework)
    write_atomically(destination, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    return framework


def export_xlsx(reference: str, destination: Path) -> Framework:
    """Save a framework (by id or path) as a workbook with one row per measure."""
    from svtool.frameworks.workbook import write_framework_xlsx

    framework = load_framework(reference)
    write_atomically(destination, lambda temporary: write_framework_xlsx(framework, temporary))
    return framework
