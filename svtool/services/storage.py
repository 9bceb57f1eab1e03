"""Writing files so that a failure part-way never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from svtool.services.errors import UserError


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call write() on a temporary file beside path, then move it into place in one step."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"Cannot save {path.name}: the folder {folder} does not exist.")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise UserError(f"Cannot save {path.name}: the disk is full. Free some space and try again; "
                            "nothing was overwritten.") from None
        raise UserError(f"Cannot save {path.name}: {error.strerror or error}.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
