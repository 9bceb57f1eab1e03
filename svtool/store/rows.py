"""Versioned row writes: an operation saves exactly the rows it changes, each only if nobody changed it first.

Every row that sessions edit carries a version (models.Versioned). A session remembers the version of each row it
has read; its update or delete names that version (``WHERE ... AND version = :known``) and bumps it, and an insert
fails if the row already exists. So two sessions can never silently overwrite each other: the second one's write
matches no row, and StaleRow says which row it was, for the service to explain and the page to refresh.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any, cast

from sqlalchemy import Table, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from svtool.store.models import (
    BidderRow,
    CommitmentRow,
    ContractRow,
    DeclarationRow,
    EnvelopeRow,
    EvaluationRow,
    EvaluatorRow,
    FigureRow,
    KpiRow,
    ModerationRow,
    QuestionRow,
    RatingRow,
    ReturnRow,
    ScaleRow,
    ScoreRow,
    ShortfallRow,
    SignOffRow,
    StageRow,
    SubmissionRow,
)

Key = tuple[Any, ...]
Rows = dict[str, dict[Key, dict[str, Any]]]  # table name -> primary key -> column values (no version)

#: The setup's tables, parents before children: inserts and updates go in this order, deletes in reverse.
SETUP_TABLES: tuple[Table, ...] = tuple(
    cast(Table, model.__table__)
    for model in (
        EvaluationRow,
        StageRow,
        ScaleRow,
        EnvelopeRow,
        QuestionRow,
        BidderRow,
        CommitmentRow,
        EvaluatorRow,
        DeclarationRow,
        SubmissionRow,
        SignOffRow,
    )
)
#: The record after award (docs/delivery.md): written by services/delivery_writes.py, never with the setup.
DELIVERY_TABLES: tuple[Table, ...] = tuple(
    cast(Table, model.__table__) for model in (ContractRow, KpiRow, ReturnRow, FigureRow, RatingRow, ShortfallRow)
)
TABLES: dict[str, Table] = {
    t.name: t
    for t in (*SETUP_TABLES, cast(Table, ScoreRow.__table__), cast(Table, ModerationRow.__table__), *DELIVERY_TABLES)
}
#: The natural key of each table (scores and moderations have a surrogate id, but are found by their cell).
KEYS: dict[str, tuple[str, ...]] = {
    **{t.name: tuple(c.name for c in t.primary_key.columns) for t in (*SETUP_TABLES, *DELIVERY_TABLES)},
    "score": ("evaluator_id", "bidder_id", "question_id", "stage_id"),
    "moderation": ("bidder_id", "question_id", "stage_id"),
}


class StaleRow(Exception):
    """A row was changed (or added, or removed) by another session since this one read it."""

    def __init__(self, table: str, key: Key) -> None:
        super().__init__(f"{table} {key} changed since it was read")
        self.table, self.key = table, key


def _where(table: Table, key: Key) -> Any:
    return and_(*(table.c[name] == value for name, value in zip(KEYS[table.name], key, strict=True)))


def insert_row(session: Session, table_name: str, key: Key, values: Mapping[str, Any]) -> int:
    """Add a row that must not exist yet; its version (1)."""
    table = TABLES[table_name]
    try:  # (an error here ends the whole operation, so no savepoint is needed)
        session.execute(insert(table).values(**dict(zip(KEYS[table_name], key, strict=True)), **values, version=1))
    except IntegrityError:
        raise StaleRow(table_name, key) from None
    return 1


def update_row(session: Session, table_name: str, key: Key, values: Mapping[str, Any], known: int) -> int:
    """Change a row that is still at the version this session read; its new version."""
    table = TABLES[table_name]
    try:
        result = session.execute(
            update(table).where(_where(table, key), table.c.version == known).values(**values, version=known + 1)
        )
    except IntegrityError:  # it now points at a row another session removed
        raise StaleRow(table_name, key) from None
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleRow(table_name, key)
    return known + 1


def delete_row(session: Session, table_name: str, key: Key, known: int) -> None:
    """Remove a row that is still at the version this session read."""
    table = TABLES[table_name]
    result = session.execute(delete(table).where(_where(table, key), table.c.version == known))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleRow(table_name, key)


def read_row(session: Session, table_name: str, key: Key) -> tuple[dict[str, Any], int] | None:
    """A row's values (without its version) and version, or None if there is none."""
    table = TABLES[table_name]
    found = session.execute(select(table).where(_where(table, key))).mappings().first()
    if found is None:
        return None
    values = dict(found)
    version = values.pop("version")
    values.pop("id", None)
    for name in KEYS[table_name]:
        values.pop(name, None)  # (a table keyed by its id has lost it above)
    return values, int(version)


def setup_versions(session: Session) -> dict[tuple[str, Key], int]:
    """The version of every setup row, as a session reads them when it opens the evaluation."""
    versions: dict[tuple[str, Key], int] = {}
    for table in SETUP_TABLES:
        columns = [table.c[name] for name in KEYS[table.name]]
        for row in session.execute(select(*columns, table.c.version)):
            versions[(table.name, tuple(row[:-1]))] = int(row[-1])
    return versions


def positions(session: Session, table: Table) -> dict[Key, int]:
    columns = [table.c[name] for name in KEYS[table.name]]
    return {tuple(row[:-1]): int(row[-1]) for row in session.execute(select(*columns, table.c.position))}


def placed(old: Mapping[Key, int], order: Iterable[Key]) -> dict[Key, int]:
    """Positions for rows in this order that move as few rows as possible: rows kept in the same order keep their
    position and rows added at the end go after them; only a real reordering renumbers."""
    order = list(order)
    kept = [key for key in order if key in old]
    in_place = all(old[a] < old[b] for a, b in itertools.pairwise(kept))
    appended_only = in_place and all(key in old for key in order[: len(kept)])
    if not appended_only:
        return {key: n for n, key in enumerate(order)}
    result = {key: old[key] for key in kept}
    after = max(old.values(), default=-1)
    for key in order[len(kept) :]:
        after += 1
        result[key] = after
    return result
