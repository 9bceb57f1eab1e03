"""The open evaluation's read-only views of what is stored now, whatever the session has caught up with: the
snapshot an export scores (docs/architecture.md, "Exports and the record"), the audit trail, the definition text,
a copy of the file. services/session.py OpenEvaluation's methods of the same names call these."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from svtool.definition.writer import write_definition_text
from svtool.domain.evaluation import Evaluation
from svtool.export.report_data import AuditLine
from svtool.services.errors import UserError
from svtool.store import audit
from svtool.store.database import Document, copy_sqlite
from svtool.store.mapping import load_with_versions


@dataclass(frozen=True)
class Snapshot:
    """The stored evaluation at one moment, and the audit entry (sequence and hash) that moment follows."""

    evaluation: Evaluation
    audit: tuple[AuditLine, ...]
    head_seq: int
    head_hash: str


def snapshot(document: Document) -> Snapshot:
    """The evaluation exactly as stored now, with its audit trail, read in one transaction: what an export
    shows, whatever this session has or has not caught up with."""
    with document.reading() as session:
        if document.is_postgres:  # one consistent view across every table read below
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        evaluation = load_with_versions(session).evaluation
        trail = _audit_lines(session)
    head = trail[-1] if trail else None
    return Snapshot(evaluation, trail, head.seq if head else 0, head.hash if head else audit.GENESIS)


def stored_evaluation(document: Document) -> Evaluation:
    """The evaluation exactly as the file holds it now."""
    with document.reading() as session:
        return load_with_versions(session).evaluation


def audit_trail(document: Document) -> tuple[AuditLine, ...]:
    """Every entry in the audit trail, oldest first."""
    with document.reading() as session:
        return _audit_lines(session)


def definition_text(document: Document) -> str:
    return write_definition_text(stored_evaluation(document))


def save_copy(document: Document, destination: Path) -> None:
    if document.path is None:
        raise UserError("Only an evaluation file can be copied; this one lives in a shared database.")
    copy_sqlite(document.path, destination)


def _audit_lines(session: Session) -> tuple[AuditLine, ...]:
    """The trail for pages and exports: the creation entry without its tables, long values cut (audit.listed)."""
    return tuple(
        AuditLine(
            seq,
            at,
            actor,
            action,
            entity,
            key,
            audit.shown(action, entity, old),
            audit.shown(action, entity, new),
            reason,
            digest,
        )
        for seq, at, actor, action, entity, key, old, new, reason, digest in audit.listed(session)
    )
