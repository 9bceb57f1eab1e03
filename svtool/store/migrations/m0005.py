"""Schema 5 -> 6: the fewest words a reason may have before the Checks list counts it as weak is the
evaluation's own setting (docs/panel.md), as the council's evaluation guidance sets it. Older files keep svtool's
default of 10 words."""

from __future__ import annotations

from sqlalchemy import Connection


def upgrade(connection: Connection) -> None:
    connection.exec_driver_sql("ALTER TABLE evaluation ADD COLUMN reason_min_words INTEGER NOT NULL DEFAULT 10")
