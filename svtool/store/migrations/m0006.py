"""Schema 6 -> 7: the lifecycle (docs/lifecycle.md). Panel members sign off the evaluation as it stood (a table of
sign-offs, each with the content hash it was made on), and the lead finalises it (who, when, the content hash).

Every evaluation saved before this is a draft with no sign-offs.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Connection, Table

from svtool.store.models import SignOffRow


def upgrade(connection: Connection) -> None:
    for column, kind in (
        ("finalised_by", "VARCHAR(64)"),
        ("finalised_at", "VARCHAR(40)"),
        ("final_content", "VARCHAR(64)"),
    ):
        connection.exec_driver_sql(f"ALTER TABLE evaluation ADD COLUMN {column} {kind}")
    cast(Table, SignOffRow.__table__).create(connection)
