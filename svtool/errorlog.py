"""Unexpected errors go to a log file; the person sees a short message saying where it is."""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

import platformdirs


def log_dir() -> Path:
    base = os.environ.get("SVTOOL_LOG_DIR") or platformdirs.user_log_dir("svtool", appauthor=False)
    return Path(base)


def record_unexpected(error: BaseException) -> Path | None:
    """Append the traceback to svtool.log and return its path (None if even that is impossible)."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "svtool.log"
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8") as log:
            log.write(f"\n--- {stamp} unexpected error ---\n")
            log.write("".join(traceback.format_exception(error)))
        return path
    except OSError:
        return None


def unexpected_message(error: BaseException) -> str:
    path = record_unexpected(error)
    where = f"The details are in {path}." if path else "The details could not be written to a log file."
    return (f"svtool hit an unexpected problem ({type(error).__name__}) and stopped what it was doing. "
            f"Nothing you entered before this was lost. {where} Please send that file to your svtool support "
            "contact.")
