"""Unexpected errors go to the log (svtool/logs.py); the person sees a short message saying where it is."""

from __future__ import annotations

import logging
from pathlib import Path

from svtool.logs import configure_logging, log_dir

__all__ = ["log_dir", "record_unexpected", "unexpected_message"]

_log = logging.getLogger("svtool.unexpected")


def record_unexpected(error: BaseException) -> Path | None:
    """Write the traceback to the log and return the log's path (None if even that is impossible)."""
    path = configure_logging()
    if path is None:
        return None
    _log.error("unexpected error: %s", type(error).__name__, exc_info=error)
    for handler in logging.getLogger("svtool").handlers:
        handler.flush()
    return path


def unexpected_message(error: BaseException) -> str:
    path = record_unexpected(error)
    where = f"The details are in {path}." if path else "The details could not be written to a log file."
    return (
        f"svtool hit an unexpected problem ({type(error).__name__}) and stopped what it was doing. "
        f"Nothing you entered before this was lost. {where} Please send that file to your svtool support "
        "contact."
    )
