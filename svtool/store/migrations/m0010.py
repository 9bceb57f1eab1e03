"""Schema 10 -> 11: committed figures (docs/scoring-method.md, "FTE pro-rating"). The evaluation's full-time week
(hours a week and weeks a year, 37.5 x 52 unless set), and a commitment's hours a week and weeks where an FTE
commitment was given that way. A MeasureMethod question keeps its unit, target and tags in the question's
configuration, which needs no column.

Every evaluation saved before this reads as it was: a 37.5-hour, 52-week full-time year, and every commitment a
quantity given outright.
"""

from __future__ import annotations

from sqlalchemy import Connection


def upgrade(connection: Connection) -> None:
    for table, column in (
        ("evaluation", "full_time_hours VARCHAR(64) NOT NULL DEFAULT '37.5'"),
        ("evaluation", "full_time_weeks VARCHAR(64) NOT NULL DEFAULT '52'"),
        ("commitment", "hours_per_week VARCHAR(64)"),
        ("commitment", "weeks VARCHAR(64)"),
    ):
        connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column}")
