"""Schema 3 -> 4: the panel (docs/panel.md). Members get a role, assigned questions and a stood-down reason;
declarations are made per bidder, with the lead's mitigation; submitted stages are recorded.

A declaration made before this (one per member) is kept for every bidder: "no interest" stays no interest in any
of them, and an interest stays declared against each one, awaiting the lead's mitigation, since it cannot be
known which bidder it concerned.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Connection, Table

from svtool.store.models import DeclarationRow, SubmissionRow


def upgrade(connection: Connection) -> None:
    connection.exec_driver_sql("ALTER TABLE evaluator ADD COLUMN role VARCHAR(32) NOT NULL DEFAULT 'evaluator'")
    connection.exec_driver_sql("ALTER TABLE evaluator ADD COLUMN questions TEXT NOT NULL DEFAULT '[]'")
    connection.exec_driver_sql("ALTER TABLE evaluator ADD COLUMN stood_down TEXT")
    connection.exec_driver_sql("ALTER TABLE declaration RENAME TO declaration_before_4")
    cast(Table, DeclarationRow.__table__).create(connection)
    connection.exec_driver_sql(
        "INSERT INTO declaration (evaluator_id, bidder_id, conflict, statement, declared_on, mitigation, "
        "mitigation_reason, version) SELECT d.evaluator_id, b.id, d.conflict, d.statement, d.declared_on, NULL, '', 1 "
        "FROM declaration_before_4 d CROSS JOIN bidder b"
    )
    connection.exec_driver_sql("DROP TABLE declaration_before_4")
    cast(Table, SubmissionRow.__table__).create(connection)
