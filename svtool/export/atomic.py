"""Outputs that appear whole or not at all (issue 12, "exports that cannot hurt"; docs/architecture.md, Exports).

A file is written under a temporary name in its destination's own folder, flushed to disk, and renamed over the
destination in one step (os.replace: atomic within a file system, on Windows as on Linux). A set of files, such as
the assessment summaries, is written into a temporary folder beside its destination and renamed into place the
same way. Whatever stops the writing part-way (an exception, Ctrl-C, a cancel, a full disk) leaves the earlier
file or set as it was and removes the temporary one, so nothing that looks complete is ever half-written.

Temporary names start with a dot and end in ".part", so a person (or a test) can tell them apart.

This module raises the OSError it meets; services/storage.py turns it into a message for people.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

PART = ".part"


def temporary_beside(path: Path, kind: str = PART) -> Path:
    """A name for a temporary file or folder beside path that nothing else uses."""
    folder = path.parent if str(path.parent) else Path(".")
    return folder / f".{path.name}.{secrets.token_hex(4)}{kind}"


def _new_file(path: Path) -> Path:
    """Create an empty temporary file beside path. Made with the usual permissions (0666 less the umask), as the
    writer's own open() would, not mkstemp's owner-only 0600, so that the finished file is shared as before."""
    for _attempt in range(10):
        temporary = temporary_beside(path)
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _flush(path: Path) -> None:
    """Make the file's bytes durable before it is renamed into place (a power cut then leaves the old file or the
    new one, never an empty one)."""
    with contextlib.suppress(OSError), open(path, "rb") as handle:
        os.fsync(handle.fileno())


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call write(temporary) to write a file beside path, then move it over path in one step. If write raises
    (anything, KeyboardInterrupt included), path is left as it was and the temporary file is removed."""
    temporary = _new_file(path)
    try:
        write(temporary)
        _flush(temporary)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


#: Files a file manager leaves in any folder it shows; they never stop a folder being replaced.
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})


def foreign_entries(folder: Path, ours: Callable[[Path], bool]) -> list[Path]:
    """What in an existing folder is not ours to replace (sorted), per the predicate `ours`."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not (p.is_file() and (ours(p) or p.name.lower() in SYSTEM_FILES)))


def write_folder_atomically(folder: Path, write: Callable[[Path], list[Path]]) -> list[Path]:
    """Call write(temporary_folder) to fill a new folder beside `folder`; when it returns, the new folder replaces
    `folder` (created if absent) and the paths it wrote are returned as they now are, inside `folder`.

    The swap is two renames: the old folder aside, the new one into place, then the old one removed. Stopped
    between them, the destination is absent and the previous set sits whole in a hidden ".old" folder beside it;
    never a mixture. The caller checks first that the old folder holds only files it may replace
    (foreign_entries), since everything in it goes.
    """
    temporary = temporary_beside(folder)
    os.mkdir(temporary)  # 0777 less the umask, as mkdir would make the destination
    try:
        made = write(temporary)
        for path in made:
            _flush(path)
        if folder.exists():
            aside = temporary_beside(folder, ".old")
            os.rename(folder, aside)
            try:
                os.rename(temporary, folder)
            except BaseException:
                os.rename(aside, folder)
                raise
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.rename(temporary, folder)
        return [folder / path.relative_to(temporary) for path in made]
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)
