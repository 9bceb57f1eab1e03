"""Reading the record after award (docs/delivery.md): every row of the delivery tables with its version, for
services/delivery.py to turn into the domain's Delivery and to name in its versioned writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from svtool.store.rows import DELIVERY_TABLES, KEYS, Key

Stored = dict[str, dict[Key, tuple[dict[str, Any], int]]]  # table -> key -> (values without keys, version)


def read_delivery(session: Session) -> Stored:
    stored: Stored = {}
    for table in DELIVERY_TABLES:
        keys = KEYS[table.name]
        order = table.c.position if "position" in table.c else table.c[keys[0]]
        rows: dict[Key, tuple[dict[str, Any], int]] = {}
        for found in session.execute(select(table).order_by(order)).mappings():
            values = dict(found)
            version = int(values.pop("version"))
            rows[tuple(values.pop(k) for k in keys)] = (values, version)
        stored[table.name] = rows
    return stored
