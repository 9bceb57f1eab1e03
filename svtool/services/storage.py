"""Writing files so that a failure part-way never leaves a half-written file behind (export/atomic.py does the
writing; this says what went wrong in words a person can act on)."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from svtool.export import atomic
from svtool.services.errors import UserError


@contextmanager
def _explained(name: str) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise UserError(
                f"Cannot save {name}: the disk is full. Free some space and try again; nothing was overwritten."
            ) from None
        raise UserError(f"Cannot save {name}: {error.strerror or error}. Nothing was overwritten.") from None


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call write() on a temporary file beside path, then move it into place in one step."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"Cannot save {path.name}: the folder {folder} does not exist.")
    with _explained(path.name):
        atomic.write_atomically(path, write)


def write_folder_atomically(folder: Path, write: Callable[[Path], list[Path]]) -> list[Path]:
    """Call write() to fill a temporary folder beside `folder`, then put the whole set in its place."""
    with _explained(folder.name):
        return atomic.write_folder_atomically(folder, write)
