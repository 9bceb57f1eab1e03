"""svtool's log: the standard logging module writing to a rotating svtool.log in the user's log folder.

The folder is the platform's own place for an application's logs (platformdirs): on Linux
$XDG_STATE_HOME/svtool/log (~/.local/state/svtool/log), on Windows %LOCALAPPDATA%\\svtool\\Logs, on macOS
~/Library/Logs/svtool. SVTOOL_LOG_DIR overrides it (tests, or an administrator who wants logs elsewhere).
docs/installing.md names it for support staff; the app's Help > Show log folder opens it.
"""

from __future__ import annotations

import logging
import os
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs

LOG_NAME = "svtool.log"
#: A log never grows past about 4 MB: three earlier files of 1 MB are kept beside the current one.
MAX_BYTES = 1_000_000
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_lock = threading.Lock()
_handler: RotatingFileHandler | None = None


def log_dir() -> Path:
    base = os.environ.get("SVTOOL_LOG_DIR") or platformdirs.user_log_dir("svtool", appauthor=False)
    return Path(base)


def log_path() -> Path:
    return log_dir() / LOG_NAME


def configure_logging(level: int = logging.INFO) -> Path | None:
    """Send the 'svtool' loggers to the rotating log file; the log's path, or None if it cannot be written.

    Safe to call again: it moves the file if the log folder has changed (SVTOOL_LOG_DIR), and never adds a second
    handler. Nothing goes to the terminal: a person reads messages, not log lines.
    """
    global _handler
    path = log_path()
    with _lock:
        logger = logging.getLogger("svtool")
        if _handler is not None and Path(_handler.baseFilename) == path.resolve():
            return path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        except OSError:
            return None
        handler.setFormatter(logging.Formatter(_FORMAT))
        if _handler is not None:
            logger.removeHandler(_handler)
            _handler.close()
        _handler = handler
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
        return path
