"""The evaluation's record: proving a file or database is what its audit trail says (`svtool verify`, the Audit
page's check), and the audit head an export can print so that a later check can be anchored to it.

docs/audit-trail.md says what is proved and what the anchor is for.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError

from svtool.services.errors import UserError
from svtool.services.session import OpenEvaluation
from svtool.store.audit import GENESIS
from svtool.store.database import Document, damaged, open_document
from svtool.store.models import AuditRow
from svtool.store.proof import Proof, prove

#: The fewest characters of a hash that name an entry as an anchor: 48 bits, no accidental match in any trail.
ANCHOR_MIN = 12
_HEX = re.compile(r"[0-9a-f]+")


@dataclass(frozen=True)
class AuditHead:
    """The last entry of the audit trail: what the evaluation's record stood at (0 and the genesis hash: empty)."""

    seq: int
    hash: str

    @property
    def anchor(self) -> str:
        """The short form to write down: enough of the hash to check against with `svtool verify --anchor`."""
        return self.hash[:ANCHOR_MIN]


@dataclass(frozen=True)
class FileCheck:
    ok: bool
    lines: tuple[str, ...]
    head: AuditHead | None = None


def audit_head(opened: OpenEvaluation) -> AuditHead:
    """The audit trail's head as stored now (not as this session last saw it)."""
    with opened.document.reading() as session:
        last = session.execute(select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)).first()
    return AuditHead(last[0], last[1]) if last else AuditHead(0, GENESIS)


def anchor_from(text: str | None) -> str | None:
    """An anchor as typed (a whole hash or its first characters), checked; None if none was given."""
    if text is None or not text.strip():
        return None
    anchor = text.strip().lower()
    if not _HEX.fullmatch(anchor) or not ANCHOR_MIN <= len(anchor) <= 64:
        raise UserError(
            f"'{text.strip()}' is not an anchor: give an audit entry's hash (64 characters, 0-9 and a-f) "
            f"as verify or a report printed it, or at least its first {ANCHOR_MIN} characters."
        )
    return anchor


def verify_file(location: str | Path, anchor: str | None = None) -> FileCheck:
    """Prove an evaluation file or database: see check_document."""
    wanted = anchor_from(anchor)
    document = open_document(location, strangers_allowed=True)  # verify reports them; nothing else opens such a file
    try:
        return check_document(document, wanted)
    finally:
        document.close()


def verify_open(opened: OpenEvaluation, anchor: str | None = None) -> FileCheck:
    """Prove the open evaluation as stored now (the Audit page's check)."""
    return check_document(opened.document, anchor_from(anchor))


def check_document(document: Document, anchor: str | None = None) -> FileCheck:
    """The database's structure, nothing in it svtool did not create, the audit trail's chain, the trail replayed
    giving exactly the stored data, and the anchor still in the chain; in lines a person reads."""
    try:
        proof = prove(document, anchor)
    except (DatabaseError, sqlite3.Error, UnicodeDecodeError, ValueError) as error:
        return FileCheck(False, (str(damaged(Path(document.location).name, error)),))
    head = AuditHead(proof.head_seq, proof.head_hash) if proof.entries else None
    return FileCheck(proof.ok, tuple(_lines(proof, anchor)), head)


def _lines(proof: Proof, anchor: str | None) -> list[str]:
    damage = proof.structure
    lines = ["Database structure: OK" if damage == "ok" else f"Database structure: DAMAGED ({damage})"]
    lines += [f"FAILED: {found}" for found in proof.intruders] or ["Triggers and views: only svtool's own."]
    noun = "entry" if proof.entries == 1 else "entries"
    opening = f"OK: {proof.entries} audit {noun}" if proof.ok else f"Audit trail: {proof.entries} {noun}"
    if proof.problem is not None:
        lines.append(f"FAILED: {proof.problem}")
    elif proof.replayed:
        lines.append(f"{opening}, the hash chain is intact, and replaying it gives exactly the stored data.")
    else:
        lines.append(
            f"{opening}, the hash chain is intact. This file was created by an earlier svtool: the "
            "data cannot be replayed, only the chain is checked."
        )
    if proof.chain_intact and proof.entries:
        lines.append(f"Head: entry {proof.head_seq}, hash {proof.head_hash}")
    if anchor is not None and proof.anchored is not None:
        lines.append(_anchor_line(proof, anchor))
    return lines


def _anchor_line(proof: Proof, anchor: str) -> str:
    found = proof.anchored or ()
    if len(found) > 1:
        return (
            f"FAILED: the anchor {anchor} begins the hash of more than one entry ({', '.join(map(str, found))}); "
            "give more of the hash."
        )
    if not found:
        if not proof.chain_intact:
            return f"FAILED: no entry before the break in the chain has the hash {anchor} (the anchor)."
        return (
            f"FAILED: no entry in the audit trail has the hash {anchor} (the anchor), so the trail was cut short "
            "or rebuilt after that hash was recorded."
        )
    after = proof.entries - found[0]
    return (
        f"Anchor: entry {found[0]} has the hash {anchor}, so the trail up to it is as it was when that hash was "
        f"recorded; {after} entr{'y' if after == 1 else 'ies'} came after it."
    )
