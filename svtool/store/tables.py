"""The evaluation's tables as plain values: what the audit trail's creation entry records, and what `svtool verify`
compares with the replayed trail (docs/audit-trail.md).

Every table of store/models.py but the audit itself and svtool_meta (facts about the file, not the evaluation) is
covered, with every column but `version` (a count of edits for spotting stale ones, not data) and the surrogate
`id` of scores and consensus scores (the database assigns it; a score is known by its cell). Decimals are kept as
the exact text the file holds, flags as true/false, whole numbers as numbers: the same values whether they come
from the file or from the trail's JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from typing import Any

from sqlalchemy import Boolean, Connection, Integer, Table

from svtool.store.clock import start_clock
from svtool.store.models import ExactDecimal
from svtool.store.rows import KEYS, TABLES

Key = tuple[Any, ...]
#: Left out of the comparison: see the module's docstring.
UNCOMPARED = frozenset({"version"})
_SURROGATE = {"score": "id", "moderation": "id"}
#: The order tables are compared in (parents first), so that the first difference named is the most telling.
ORDER = (
    "evaluation",
    "stage",
    "scale",
    "envelope",
    "question",
    "bidder",
    "commitment",
    "evaluator",
    "declaration",
    "submission",
    "signoff",
    "score",
    "moderation",
    "contract",
    "kpi",
    "delivery_return",
    "delivery_figure",
    "kpi_rating",
    "shortfall",
)
#: How a key column is named in a message.
WORDS = {
    "evaluator_id": "evaluator",
    "bidder_id": "bidder",
    "question_id": "question",
    "stage_id": "stage",
    "measure_id": "measure",
    "kpi_id": "KPI",
}


def key_text(key: tuple[Any, ...]) -> str:
    """A row's key as a setup entry names it: its parts joined by '/', or, if a part holds a '/' itself (an id from
    a tender portal may), a JSON list, so that the replay reads back the same row."""
    parts = [str(part) for part in key]
    if len(parts) > 1 and any("/" in part for part in parts):
        return json.dumps(parts, ensure_ascii=False)
    return "/".join(parts)


@lru_cache(maxsize=4096, typed=True)  # a scale has few points, repeated in hundreds of thousands of entries
def _plain_decimal(value: Any) -> Any:
    """A decimal from the trail as the file stores it (ExactDecimal: format 'f'); anything else as it is."""
    if value is None or isinstance(value, bool):
        return value
    try:
        return format(Decimal(str(value)), "f")
    except InvalidOperation:
        return value


def _stored_flag(value: Any) -> Any:
    """A flag as read from the file: SQLite holds 0 and 1; anything else stays as it is, to be reported."""
    return bool(value) if type(value) is int and value in (0, 1) else value


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "text", "decimal", "int" or "flag"
    default: Any

    def from_trail(self, value: Any) -> Any:
        """A value as the trail's JSON gives it, made comparable with the file's."""
        if self.kind == "decimal":
            return _plain_decimal(value)
        if self.kind == "int" and isinstance(value, str) and value.isdigit():
            return int(value)  # the evaluation's row key, written as text in an entry's key
        return value

    def from_store(self, value: Any) -> Any:
        return _stored_flag(value) if self.kind == "flag" else value


def _column(table: Table, name: str) -> Column:
    column = table.c[name]
    kind = (
        "decimal"
        if isinstance(column.type, ExactDecimal)
        else "flag"
        if isinstance(column.type, Boolean)
        else "int"
        if isinstance(column.type, Integer)
        else "text"
    )
    default = getattr(column.default, "arg", None) if column.default is not None and column.default.is_scalar else None
    return Column(name, kind, _plain_decimal(default) if kind == "decimal" else default)


@dataclass(frozen=True)
class Spec:
    """One table as the replay sees it: its natural key and the columns compared, in a fixed order."""

    name: str
    keys: tuple[Column, ...]
    values: tuple[Column, ...]
    order_by: str

    @cached_property
    def columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in (*self.keys, *self.values))

    @cached_property
    def plain(self) -> bool:
        """Only text and decimals: values read from the file compare as they are (the large tables)."""
        return all(c.kind in ("text", "decimal") for c in (*self.keys, *self.values))

    @cached_property
    def text_keys(self) -> bool:
        """A key read from an entry's text is the key as stored (no number to convert)."""
        return all(c.kind == "text" for c in self.keys)

    @cached_property
    def positions(self) -> dict[str, int]:
        """Where each compared column is in a row's values."""
        return {c.name: n for n, c in enumerate(self.values)}

    def key_text(self, key: Key) -> str:
        if len(self.keys) == 1:
            return str(key[0])
        return ", ".join(f"{WORDS.get(c.name, c.name)} {part}" for c, part in zip(self.keys, key, strict=True))

    @cached_property
    def defaults(self) -> tuple[Any, ...]:
        """A new row's values before an entry gives them (a column added by a migration keeps its default)."""
        return tuple(c.default for c in self.values)


def _spec(name: str) -> Spec:
    table = TABLES[name]
    keys = KEYS[name]
    skipped = UNCOMPARED | {_SURROGATE.get(name, "")}
    values = tuple(_column(table, c.name) for c in table.columns if c.name not in keys and c.name not in skipped)
    order = _SURROGATE.get(name) or ("position" if "position" in table.c else ", ".join(keys))
    return Spec(name, tuple(_column(table, k) for k in keys), values, order)


SPECS: dict[str, Spec] = {name: _spec(name) for name in ORDER}


def driver_rows(connection: Connection, sql: str) -> Iterator[tuple[Any, ...]]:
    """The driver's own rows for a query, in batches: a council's score table and audit trail are large, and
    SQLAlchemy's row objects would cost several times the reading itself."""
    cursor = connection.connection.cursor()
    try:
        start_clock(connection.connection.dbapi_connection)  # (the query time limit: store/clock.py)
        cursor.execute(sql)
        while batch := cursor.fetchmany(5000):
            yield from batch
    finally:
        cursor.close()


def stored_rows(connection: Connection, spec: Spec) -> Iterator[tuple[Key, tuple[Any, ...]]]:
    """The table's rows as the file holds them, in the order people see them: (key, values) in the spec's order."""
    rows = driver_rows(connection, f"SELECT {', '.join(spec.columns)} FROM {spec.name} ORDER BY {spec.order_by}")
    width = len(spec.keys)
    if spec.plain:
        for row in rows:
            yield tuple(row[:width]), tuple(row[width:])
    else:
        columns = (*spec.keys, *spec.values)
        for row in rows:
            values = tuple(c.from_store(v) for c, v in zip(columns, row, strict=True))
            yield values[:width], values[width:]


def creation_record(connection: Connection) -> dict[str, Any]:
    """Every row of every table, as the creation entry records it: {table: {"columns": [...], "rows": [...]}}."""
    record: dict[str, Any] = {}
    for name, spec in SPECS.items():
        record[name] = {
            "columns": list(spec.columns),
            "rows": [[*key, *values] for key, values in stored_rows(connection, spec)],
        }
    return record
