"""Schema 9 -> 10: after award (docs/delivery.md). The contract awarded to the recommended bidder, its KPIs with
their profiles, the supplier's returns and figures, the lead's annual ratings, and shortfalls with their actions.

Every evaluation saved before this has no contract: it is awarded, if at all, after it is final.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Connection, Table

from svtool.store.models import ContractRow, FigureRow, KpiRow, RatingRow, ReturnRow, ShortfallRow


def upgrade(connection: Connection) -> None:
    for model in (ContractRow, KpiRow, ReturnRow, FigureRow, RatingRow, ShortfallRow):
        cast(Table, model.__table__).create(connection)
