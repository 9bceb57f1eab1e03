"""The clock behind the query time limit (store/database.py QUERY_SECONDS): when each SQLite connection's current
statement started. SQLAlchemy's statements set it through an event; code that runs a statement on the driver's
own cursor (store/tables.py) sets it itself."""

from __future__ import annotations

import time
from typing import Any

_started: dict[int, float] = {}


def start_clock(dbapi_connection: Any) -> None:
    _started[id(dbapi_connection)] = time.monotonic()


def running_for(dbapi_connection_id: int) -> float:
    """Seconds since the connection's current statement started (0 before its first)."""
    started = _started.get(dbapi_connection_id)
    return 0.0 if started is None else time.monotonic() - started


def forget(dbapi_connection: Any) -> None:
    _started.pop(id(dbapi_connection), None)
