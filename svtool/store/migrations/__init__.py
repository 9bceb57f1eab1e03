"""Schema migrations: plain modules, so a frozen (PyInstaller) build bundles them like any other code.

MIGRATIONS maps a schema version N to the function that upgrades a file from N to N + 1. Add a module
m000N.py with `def upgrade(connection: Connection) -> None`, register it here, and raise SCHEMA_VERSION in
svtool/store/database.py. A file is copied to a backup beside it before any migration runs.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from svtool.store.migrations import m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010

MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: m0001.upgrade,
    2: m0002.upgrade,
    3: m0003.upgrade,
    4: m0004.upgrade,
    5: m0005.upgrade,
    6: m0006.upgrade,
    7: m0007.upgrade,
    8: m0008.upgrade,
    9: m0009.upgrade,
    10: m0010.upgrade,
}
