"""Schema 1 -> 2: the evaluation's local boundary (postcode districts), empty for evaluations made before it."""

from __future__ import annotations

from sqlalchemy import Connection


def upgrade(connection: Connection) -> None:
    connection.exec_driver_sql("ALTER TABLE evaluation ADD COLUMN local_boundary TEXT NOT NULL DEFAULT '[]'")
