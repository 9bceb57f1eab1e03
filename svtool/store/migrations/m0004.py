"""Schema 4 -> 5: moderation a court accepts (docs/panel.md). A consensus keeps the feedback for the bidder, the
individual scores it was agreed on, and the lead's reason for agreeing without a score; a stage can be gated.

A consensus saved before this has no recorded basis: it is taken as agreed on the scores it stands on now.
"""

from __future__ import annotations

from sqlalchemy import Connection


def upgrade(connection: Connection) -> None:
    for column in ("feedback", "basis", "without_reason"):
        connection.exec_driver_sql(f"ALTER TABLE moderation ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    connection.exec_driver_sql("ALTER TABLE stage ADD COLUMN gated BOOLEAN NOT NULL DEFAULT FALSE")
