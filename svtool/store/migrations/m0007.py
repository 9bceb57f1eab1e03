"""Schema 7 -> 8: method options (docs/scoring-method.md). An envelope's quality basis (absolute, or relative to
the best), and the affordability ceiling: what it is (the budget or the pre-tender estimate), what happens to a
bid above it (excluded or flagged) and the budget in pounds. A scale question's basis is kept with its other
settings, in the question's configuration.

Every evaluation saved before this is scored as it was: quality absolute, no ceiling, no budget.
"""

from __future__ import annotations

from sqlalchemy import Connection


def upgrade(connection: Connection) -> None:
    for table, column in (
        ("envelope", "quality_basis VARCHAR(32) NOT NULL DEFAULT 'absolute'"),
        ("evaluation", "price_ceiling VARCHAR(32)"),
        ("evaluation", "ceiling_action VARCHAR(16) NOT NULL DEFAULT 'exclude'"),
        ("evaluation", "budget VARCHAR(64)"),
    ):
        connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column}")
