"""Saving a changed setup as the rows it changed, and nothing else.

A page hands over the whole setup as it should now be; this works out which rows differ from the setup the session
last read, writes only those (each checked against the version the session read), and describes them for the
audit trail and for the pages. A price edit writes one bidder row; a question title one question row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from svtool.domain.evaluation import Evaluation
from svtool.services.changes import Changes
from svtool.store.mapping import setup_rows
from svtool.store.rows import SETUP_TABLES, Key, delete_row, insert_row, placed, positions, read_row, update_row
from svtool.store.tables import key_text

Versions = dict[tuple[str, Key], int]


@dataclass(frozen=True)
class RowWrite:
    """One row a setup change wrote: the columns it changed, before and after (None: there was, or is, no row;
    a whole row then, position included), and the version it left the row at (0: removed)."""

    table: str
    key: Key
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    version: int


@dataclass
class SetupWrite:
    """The rows one setup change wrote, in the order it wrote them."""

    rows: list[RowWrite] = field(default_factory=list)

    def record(
        self, table: str, key: Key, before: dict[str, Any] | None, after: dict[str, Any] | None, version: int
    ) -> None:
        self.rows.append(RowWrite(table, key, before, after, version))

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def versions(self) -> Versions:
        return {(r.table, r.key): r.version for r in self.rows}

    def audit_parts(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """Before and after, table by table and row by row, for the audit entry."""
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        for r in self.rows:
            text = key_text(r.key)
            old.setdefault(r.table, {})[text] = r.before
            new.setdefault(r.table, {})[text] = r.after
        return old, new


def revert_rows(session: Session, rows: list[RowWrite]) -> SetupWrite:
    """Put back rows as they were before a setup change, last written first, each only if the columns that change
    wrote still hold what it wrote (so an undo never overwrites a colleague's later edit of them, while an edit of
    other columns since, such as a newer change this session has already undone, does not stop it). Returns the
    write that undoes this one."""
    undone = SetupWrite()
    for r in reversed(rows):
        if r.before is None:
            delete_row(session, r.table, r.key, _still_as_left(session, r))
            undone.record(r.table, r.key, r.after, None, 0)
        elif r.after is None:
            undone.record(r.table, r.key, None, r.before, insert_row(session, r.table, r.key, r.before))
        else:
            version = update_row(session, r.table, r.key, r.before, _still_as_left(session, r))
            undone.record(r.table, r.key, r.after, r.before, version)
    return undone


def _still_as_left(session: Session, r: RowWrite) -> int:
    """The row's version now, if every column the change wrote still holds what it wrote; otherwise the version
    the change left it at, which the write then finds stale (and refuses, naming who changed it)."""
    current = read_row(session, r.table, r.key)
    if current is not None and r.after is not None:
        values, version = current
        if all(column in values and values[column] == value for column, value in r.after.items()):
            return version
    return r.version


def write_setup(session: Session, before: Evaluation, after: Evaluation, versions: Versions) -> SetupWrite:
    """Write the rows in which `after` differs from `before`, each only if still at the version in `versions`.
    Raises store.rows.StaleRow if another session changed one of them first (the caller's transaction then
    rolls back, so nothing is half-saved)."""
    old_rows, new_rows = setup_rows(before), setup_rows(after)
    written = SetupWrite()
    removals: list[tuple[str, Key, int | None]] = []
    for table in SETUP_TABLES:
        name = table.name
        old, new = old_rows[name], new_rows[name]
        ordered = "position" in table.c  # (the evaluation row is one, and declarations follow the panel)
        stored = positions(session, table) if ordered else {}
        places = placed({k: stored[k] for k in old if k in stored}, new) if ordered else {}
        for key, values in new.items():
            if key not in old:
                row = {**values, **({"position": places[key]} if ordered else {})}
                written.record(name, key, None, row, insert_row(session, name, key, row))
                continue
            moved = {"position": stored[key]} if ordered and stored.get(key) != places[key] else {}
            if values != old[key] or moved:
                changed = {c: v for c, v in values.items() if old[key].get(c) != v}
                changed_to = {**changed, **({"position": places[key]} if moved else {})}
                version = update_row(session, name, key, changed_to, versions.get((name, key), 1))
                written.record(name, key, {**{c: old[key][c] for c in changed}, **moved}, changed_to, version)
        removals += [(name, key, stored.get(key) if ordered else None) for key in old if key not in new]
    for name, key, position in reversed(removals):  # children before their parents
        delete_row(session, name, key, versions.get((name, key), 1))
        gone = {**old_rows[name][key], **({"position": position} if position is not None else {})}
        written.record(name, key, gone, None, 0)
    return written


def setup_changes(before: Evaluation, after: Evaluation) -> Changes:
    """What a setup change means for the pages: bidders changed in place, anything else, or new or gone rows."""
    ids = _ids(before) != _ids(after)
    bids_before, bids_after = {b.bidder_id: b for b in before.bids}, {b.bidder_id: b for b in after.bids}
    bidders = frozenset(
        b.id for b in after.bidders if b not in before.bidders or bids_before.get(b.id) != bids_after.get(b.id)
    )
    rest = [f for f in Evaluation.__dataclass_fields__ if f not in ("bidders", "bids", "scores", "moderations")]
    setup = any(getattr(before, f) != getattr(after, f) for f in rest)
    return Changes(bidders=bidders, setup=setup or ids, structure=ids)


def _ids(e: Evaluation) -> tuple[tuple[str, ...], ...]:
    return (
        tuple(b.id for b in e.bidders),
        tuple(q.id for q in e.questions),
        tuple(v.id for v in e.evaluators),
        tuple(s.id for s in e.stages),
        tuple(s.id for s in e.scales),
        tuple(v.id for v in e.envelopes),
    )
