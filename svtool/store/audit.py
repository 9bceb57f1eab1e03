"""The audit trail: who changed what, when, from what to what, and why, in a hash chain.

Each entry's hash is SHA-256 over its own fields and the previous entry's hash, so an entry edited, removed or
reordered by hand breaks the chain from that entry on. The database also refuses UPDATE and DELETE on the table.
Each entry also holds its whole change, so that replaying the trail rebuilds the stored tables (store/replay.py),
which is how `svtool verify` proves the data as well as the chain (docs/audit-trail.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, case, func, or_, select
from sqlalchemy.orm import Session

from svtool.store.models import AuditRow
from svtool.store.tables import driver_rows

GENESIS = "0" * 64


#: What an entry's hash is taken over: json.dumps(fields, ensure_ascii=False, separators=(",", ":")), made once
#: (json.dumps makes an encoder for every call with options, and verify hashes every entry of a council's trail).
_PAYLOAD = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _digest(
    seq: int,
    at: str,
    actor: str,
    action: str,
    entity: str,
    key: str,
    old: str | None,
    new: str | None,
    reason: str,
    prev_hash: str,
) -> str:
    payload = _PAYLOAD.encode([seq, at, actor, action, entity, key, old, new, reason, prev_hash])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def as_json(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def append(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    key: str,
    old: object,
    new: object,
    reason: str = "",
    at: str | None = None,
) -> AuditRow:
    """Add one entry at the end of the chain (inside the caller's transaction, with the change it records).
    `at` is now, unless the change was first made elsewhere (a score from an evaluator's pack keeps its time)."""
    last = session.execute(select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = at or dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    old_text, new_text = as_json(old), as_json(new)
    row = AuditRow(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_key=key,
        old=old_text,
        new=new_text,
        reason=reason,
        prev_hash=prev,
        hash=_digest(seq, at, actor, action, entity, key, old_text, new_text, reason, prev),
    )
    session.add(row)
    return row


#: The most of an entry's before or after that a list of the trail shows (a workbook cell holds at most 32,767
#: characters): the creation entry holds every row of the evaluation, and an undo may restore thousands of scores.
SHOWN = 32_000
_TABLES = ', "tables": '


def listed(session: Session) -> list[tuple[Any, ...]]:
    """Every entry, oldest first, for a person to read: (seq, at, actor, action, entity, key, old, new, reason,
    hash), the creation entry's tables left out and any other long before or after cut short (shown())."""

    def cut(column: Any) -> Any:
        creation = and_(AuditRow.action == "create", AuditRow.entity == "evaluation")
        return case((or_(creation, func.length(column) > SHOWN), func.substr(column, 1, SHOWN)), else_=column)

    return [
        tuple(row)
        for row in session.execute(
            select(
                AuditRow.seq,
                AuditRow.at,
                AuditRow.actor,
                AuditRow.action,
                AuditRow.entity,
                AuditRow.entity_key,
                cut(AuditRow.old),
                cut(AuditRow.new),
                AuditRow.reason,
                AuditRow.hash,
            ).order_by(AuditRow.seq)
        )
    ]


def shown(action: str, entity: str, text: str | None) -> str | None:
    """An entry's before or after as listed(): the creation entry's counts, with its tables named, not shown; and
    any other text as long as SHOWN said so."""
    if text is None:
        return None
    if action == "create" and entity == "evaluation":
        counts, tables, _rest = text.partition(_TABLES)  # (as_json sorts the keys: "tables" comes after the counts)
        return counts + _TABLES + '"every row of every table, as created"}' if tables else text
    return text + " … (cut short here: the evaluation file holds the whole entry)" if len(text) >= SHOWN else text


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    first_bad: int | None
    message: str


#: An entry's columns, in the order entries() gives them.
ENTRY_COLUMNS = ("seq", "at", "actor", "action", "entity", "entity_key", "old", "new", "reason", "prev_hash", "hash")
Entry = tuple[int, str, str, str, str, str, str | None, str | None, str, str, str]


def entries(connection: Connection) -> Iterator[Entry]:
    """Every entry, oldest first, as the driver's own rows (a council's trail has hundreds of thousands)."""
    return driver_rows(connection, f"SELECT {', '.join(ENTRY_COLUMNS)} FROM audit ORDER BY seq")


class Chain:
    """Checks entries one by one, oldest first: each must follow the one before and match its own hash."""

    def __init__(self) -> None:
        self.prev, self.count = GENESIS, 0

    def problem(self, entry: Entry) -> str | None:
        """Why this entry breaks the chain (naming it), or None; a good entry becomes the one to follow."""
        seq, at, actor, action, entity, key, old, new, reason, prev_hash, digest = entry
        expected = self.count + 1
        if seq != expected:
            return (
                f"Entry {expected} is missing: the audit trail jumps from entry {expected - 1} to entry {seq}."
                if seq > expected
                else f"Audit entry {seq} is out of place: entry {expected} should be next."
            )
        if (
            prev_hash != self.prev
            or _digest(seq, at, actor, action, entity, key, old, new, reason, prev_hash) != digest
        ):
            return (
                f"Audit entry {seq} ({action} {entity} {key}, {at}) does not match its recorded hash: it, or an "
                "entry before it, was changed outside svtool."
            )
        self.prev, self.count = digest, seq
        return None


def verify(session: Session) -> Verification:
    """Recompute the chain; name the first entry that does not match. (The data itself: store/proof.py.)"""
    chain = Chain()
    for entry in entries(session.connection()):
        problem = chain.problem(entry)
        if problem:
            return Verification(False, chain.count + 1, entry[0], problem)
    return Verification(True, chain.count, None, f"OK: {chain.count} audit entries, the hash chain is intact.")
