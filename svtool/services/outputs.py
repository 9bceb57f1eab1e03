"""Where an export may write: every destination is checked before anything is written, and refused in words a
person can act on if writing there would hurt (issue 12: "exports that cannot hurt").

Refused: the evaluation itself or any evaluation file (a .svt, an evaluator's .svpack, SQLite's -wal, -shm and
-journal files beside one), the same file twice, a file inside the summaries folder, a folder that does not exist
or cannot be written (read-only, a read-only share), a file that cannot be replaced, and a summaries folder that
holds anything other than an earlier set of summaries (everything in it is replaced).
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
from pathlib import Path

from svtool.export.atomic import foreign_entries, temporary_beside
from svtool.services.errors import UserError

#: Names of files that belong to an evaluation: never an export's destination.
EVALUATION_SUFFIXES = (".svt", ".svpack")
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")
#: The files of an earlier set of assessment summaries (export/summaries.py names them so).
SUMMARY_FILES = "assessment-summary-*.pdf"


def _resolved(path: Path) -> Path:
    return Path(os.path.abspath(path)).resolve()


def _same_file(a: Path, b: Path) -> bool:
    if _resolved(a) == _resolved(b):
        return True
    try:
        return os.path.samefile(a, b)  # hard links, and case-insensitive file systems
    except OSError:
        return False


def _is_evaluation_file(path: Path, evaluation: Path | None) -> bool:
    name = path.name.lower()
    if name.endswith(EVALUATION_SUFFIXES) or any(name.endswith(s) and ".svt" in name for s in SQLITE_SIDECARS):
        return True
    if evaluation is None:
        return False
    return any(_same_file(path, evaluation.with_name(evaluation.name + s)) for s in ("", *SQLITE_SIDECARS))


def _writable_folder(folder: Path, what: str) -> None:
    """Refuse a folder that does not exist or in which no file can be made (tried, and the trial removed)."""
    if not folder.is_dir():
        raise UserError(f"Cannot write {what}: the folder {folder} does not exist. Create it, or choose another.")
    probe = temporary_beside(folder / "write-test")
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as error:
        raise UserError(
            f"Cannot write {what}: the folder {folder} cannot be written to ({error.strerror or error}; "
            "it may be read-only). Choose another folder."
        ) from None
    with contextlib.suppress(OSError):
        os.unlink(probe)


def check_file(path: Path, what: str, evaluation: Path | None) -> None:
    if _is_evaluation_file(path, evaluation):
        raise UserError(
            f"Will not write {what} to {path}: that is an evaluation's file, and writing there would "
            "replace it. Choose a name ending in .xlsx or .pdf."
        )
    if path.is_dir():
        raise UserError(f"Cannot write {what} to {path}: that is a folder. Give a file name.")
    _writable_folder(path.parent if str(path.parent) else Path("."), what)
    if path.exists() and not os.access(path, os.W_OK):
        raise UserError(f"Cannot write {what}: {path} is read-only. Choose another name, or make it writable.")


def check_folder(folder: Path, what: str, evaluation: Path | None) -> None:
    """A folder for a whole set: new, or holding only an earlier set, which the new one replaces."""
    if _is_evaluation_file(folder, evaluation):
        raise UserError(f"Will not write {what} to {folder}: that is an evaluation's file.")
    if folder.exists() and not folder.is_dir():
        raise UserError(f"Cannot write {what} to {folder}: a file has that name. Choose a folder.")
    _writable_folder(folder.parent if str(folder.parent) else Path("."), what)
    others = foreign_entries(folder, lambda p: fnmatch.fnmatch(p.name, SUMMARY_FILES))
    if others:
        shown = ", ".join(p.name for p in others[:3]) + (" and others" if len(others) > 3 else "")
        raise UserError(
            f"Will not write {what} to {folder}: it holds other files ({shown}), and the new set replaces "
            "the whole folder. Choose a new or empty folder."
        )


def check_outputs(xlsx: Path | None, pdf: Path | None, summaries: Path | None, evaluation: Path | None) -> None:
    """Refuse, before anything is written, any destination that writing to would hurt."""
    files = [(p, w) for p, w in ((xlsx, "the workbook"), (pdf, "the report")) if p is not None]
    for path, what in files:
        check_file(path, what, evaluation)
    if len(files) == 2 and _same_file(files[0][0], files[1][0]):
        raise UserError(f"The workbook and the report are both to be written to {files[0][0]}: give each its own name.")
    if summaries is not None:
        check_folder(summaries, "the assessment summaries", evaluation)
        for path, what in files:
            if _resolved(summaries) in _resolved(path).parents:
                raise UserError(
                    f"Will not write {what} inside the assessment summaries folder {summaries}: the "
                    "summaries replace that whole folder. Write it beside the folder instead."
                )
