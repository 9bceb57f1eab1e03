"""Writes of many rows at once by the open evaluation: a pack's work imported, the record after award, a note in the
audit trail. services/session.py OpenEvaluation's methods of the same names call these; each write is one
transaction with its audit entries (docs/audit-trail.md), refused whole if a colleague changed a row first."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from svtool.domain.evaluation import Evaluation, Score
from svtool.services.changes import Changes
from svtool.services.entries import score_key, score_text
from svtool.services.setup_writes import RowWrite, write_setup
from svtool.store import audit
from svtool.store.rows import delete_row, insert_row, update_row
from svtool.store.tables import key_text

if TYPE_CHECKING:
    from svtool.services.session import OpenEvaluation


def note(opened: OpenEvaluation, action: str, entity: str, key: str, new: object, reason: str = "") -> None:
    """Record in the audit trail something done with the evaluation that changes none of its rows (a pack
    exported, say)."""
    with opened._writing(when_final=True) as session:
        opened._audit(session, action, entity, key, None, new, reason)


def write_rows(opened: OpenEvaluation, writes: list[RowWrite], summary: str, reason: str = "") -> None:
    """Save rows of the record after award (docs/delivery.md) with one audit entry, rows before and after, that
    verify replays. Allowed on a final evaluation: award and delivery come after it. Each update or delete
    names the version its caller read, so a colleague's later change is never overwritten (StaleEdit)."""
    with opened._writing(when_final=True) as session:
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        for w in writes:
            if w.before is None:
                insert_row(session, w.table, w.key, w.after or {})
            elif w.after is None:
                delete_row(session, w.table, w.key, w.version)
            else:
                update_row(session, w.table, w.key, w.after, w.version)
            old.setdefault(w.table, {})[key_text(w.key)] = _trail(w.before)
            new.setdefault(w.table, {})[key_text(w.key)] = _trail(w.after)
        opened._audit(session, "delivery", "delivery", summary, old, new, reason)


def save_imported(
    opened: OpenEvaluation,
    setup: Evaluation,
    scores: list[tuple[Score, str, str]],
    summary: str,
    record: dict[str, Any],
) -> Changes:
    """Save, in one transaction, work done elsewhere (an evaluator's pack): the setup rows that differ from
    `setup` (declarations, submissions), each score with the time and person that first saved it, and a last
    entry, `summary` with `record`. All or nothing; refused if a colleague changed any of those rows first."""
    opened._not_final()
    new = dataclasses.replace(setup, scores=(), moderations=())
    opened._refuse_control_characters(new)
    with opened._writing() as session:
        written = write_setup(session, opened.evaluation, new, opened.setup_versions)
        if written.rows:
            old, after = written.audit_parts()
            opened._audit_at(session, "setup", "setup", summary, old, after)
        for score, at, actor in scores:
            key = score_key(score)
            before = opened.scores.get(key)
            if before == score:
                continue
            values = {"value": score.value, "reason": score.reason}
            if before is None:
                insert_row(session, "score", key, values)
            else:
                update_row(session, "score", key, values, opened.score_versions[key])
            audit.append(session, actor, "score", "score", "/".join(key), score_text(before), score_text(score), at=at)
        opened._audit_at(session, "import", "pack", summary, None, record)
    return opened.refresh()  # every entry above is read back as any colleague's would be


def _trail(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """Row values as the trail holds them: decimals as their exact text."""
    return None if values is None else {k: format(v, "f") if isinstance(v, Decimal) else v for k, v in values.items()}
