"""The audit trail: who changed what, when, from what to what, and why, in a hash chain.

Each entry's hash is SHA-256 over its own fields and the previous entry's hash, so an entry edited, removed or
reordered by hand breaks the chain from that entry on. The database also refuses UPDATE and DELETE on the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from svtool.store.models import AuditRow

GENESIS = "0" * 64


def _digest(seq: int, at: str, actor: str, action: str, entity: str, key: str, old: str | None, new: str | None,
            reason: str, prev_hash: str) -> str:
    payload = json.dumps([seq, at, actor, action, entity, key, old, new, reason, prev_hash], ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def as_json(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def append(session: Session, actor: str, action: str, entity: str, key: str, old: object, new: object,
           reason: str = "", at: str | None = None) -> AuditRow:
    """Add one entry at the end of the chain (inside the caller's transaction, with the change it records).
    `at` is now, unless the change was first made elsewhere (a score from an evaluator's pack keeps its time)."""
    last = session.execute(select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = at or dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    old_text, new_text = as_json(old), as_json(new)
    row = AuditRow(seq=seq, at=at, actor=actor, action=action, entity=entity, entity_key=key, old=old_text,
                   new=new_text, reason=reason, prev_hash=prev,
                   hash=_digest(seq, at, actor, action, entity, key, old_text, new_text, reason, prev))
    session.add(row)
    return row


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    first_bad: int | None
    message: str


def verify(session: Session) -> Verification:
    """Recompute the chain; name the first entry that does not match."""
    prev, expected_seq, count = GENESIS, 1, 0
    for row in session.scalars(select(AuditRow).order_by(AuditRow.seq)):
        count += 1
        if row.seq != expected_seq:
            return Verification(False, count, row.seq, f"Entry {expected_seq} is missing: the audit trail jumps "
                                                        f"from entry {expected_seq - 1} to entry {row.seq}.")
        digest = _digest(row.seq, row.at, row.actor, row.action, row.entity, row.entity_key, row.old, row.new,
                         row.reason, row.prev_hash)
        if row.prev_hash != prev or digest != row.hash:
            return Verification(False, count, row.seq,
                                f"Audit entry {row.seq} ({row.action} {row.entity} {row.entity_key}, {row.at}) does "
                                "not match its recorded hash: it, or an entry before it, was changed outside svtool.")
        prev, expected_seq = row.hash, expected_seq + 1
    return Verification(True, count, None, f"OK: {count} audit entries, the hash chain is intact.")
