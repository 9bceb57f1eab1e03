"""Schema 2 -> 3: a version on every row that sessions edit, so that a stale edit is refused, not applied."""

from __future__ import annotations

from sqlalchemy import Connection

VERSIONED_TABLES = (
    "evaluation",
    "stage",
    "scale",
    "envelope",
    "question",
    "bidder",
    "commitment",
    "evaluator",
    "declaration",
    "score",
    "moderation",
)


def upgrade(connection: Connection) -> None:
    for table in VERSIONED_TABLES:
        connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
