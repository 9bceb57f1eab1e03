"""Catching up with other sessions: the open evaluation reads the audit entries saved since it last looked and
re-reads just the rows they name, returning Changes marked foreign (docs/architecture.md, "Change
notification"). OpenEvaluation.refresh() and its handling of a stale edit (services/session.py) call these, which
change the open evaluation's state as its own methods do."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from svtool.domain.evaluation import Moderation, Score
from svtool.services.changes import NOTHING, CellKey, Changes, ScoreKey
from svtool.services.setup_writes import setup_changes
from svtool.store.mapping import load_setup, load_with_versions
from svtool.store.models import AuditRow
from svtool.store.rows import read_row

if TYPE_CHECKING:
    from svtool.services.session import OpenEvaluation


def refresh(opened: OpenEvaluation) -> Changes:
    """Bring in what other sessions have saved since this one last looked, as Changes (marked foreign)."""
    if opened._closed:
        return NOTHING
    with opened.document.reading() as session:
        head = session.scalar(select(func.max(AuditRow.seq))) or 0
        if head <= opened.seen_seq:
            return NOTHING
        return catch_up(opened, session)


def catch_up(opened: OpenEvaluation, session: Session) -> Changes:
    entries = session.execute(
        select(AuditRow.seq, AuditRow.entity, AuditRow.entity_key)
        .where(AuditRow.seq > opened.seen_seq)
        .order_by(AuditRow.seq)
    ).all()
    foreign = [e for e in entries if e.seq not in opened._own]
    changes = NOTHING
    if any(e.entity in ("setup", "evaluation") for e in foreign):
        changes = _reload_setup(opened, session)
    if not changes.structure:
        for entry in foreign:
            if entry.entity == "score":
                e, b, q, s = entry.entity_key.split("/", 3)
                changes |= _reload_score(opened, session, (e, b, q, s))
            elif entry.entity == "moderation":
                b, q, s = entry.entity_key.split("/", 2)
                changes |= _reload_moderation(opened, session, (b, q, s))
    if entries:
        opened.seen_seq = entries[-1].seq
        opened._own -= {e.seq for e in entries}
    return dataclasses.replace(changes, foreign=True) if foreign else changes


def _reload_setup(opened: OpenEvaluation, session: Session) -> Changes:
    loaded = load_setup(session)
    changes = setup_changes(opened.evaluation, loaded.evaluation)
    if changes.structure:  # rows came or went, perhaps with scores: read everything again
        full = load_with_versions(session)
        fresh = type(opened).from_loaded(opened.document, full, opened.seen_seq, opened.actor)
        opened.evaluation, opened.engine, opened.scores, opened.moderations = (
            fresh.evaluation,
            fresh.engine,
            fresh.scores,
            fresh.moderations,
        )
        opened.score_versions, opened.moderation_versions = full.score_versions, full.moderation_versions
        opened.setup_versions = full.setup_versions
        return Changes(
            scores=frozenset(opened.scores), moderations=frozenset(opened.moderations), setup=True, structure=True
        )
    before, opened.evaluation, opened.setup_versions = opened.evaluation, loaded.evaluation, loaded.setup_versions
    opened._update_engine(before, changes)
    return changes


def _reload_score(opened: OpenEvaluation, session: Session, key: ScoreKey) -> Changes:
    found = read_row(session, "score", key)
    if found is None:
        if opened.scores.pop(key, None) is not None:
            opened.engine.remove_score(*key)
        opened.score_versions.pop(key, None)
    else:
        values, version = found
        score = Score(*key, values["value"], values["reason"])
        opened.scores[key], opened.score_versions[key] = score, version
        opened.engine.set_score(score)
    return Changes(scores=frozenset({key}))


def _reload_moderation(opened: OpenEvaluation, session: Session, key: CellKey) -> Changes:
    found = read_row(session, "moderation", key)
    if found is None:
        if opened.moderations.pop(key, None) is not None:
            opened.engine.remove_moderation(*key)
        opened.moderation_versions.pop(key, None)
    else:
        values, version = found
        moderation = Moderation(
            *key,
            values["value"],
            values["rationale"],
            values["feedback"],
            values["basis"],
            values["without_reason"],
        )
        opened.moderations[key], opened.moderation_versions[key] = moderation, version
        opened.engine.set_moderation(moderation)
    return Changes(moderations=frozenset({key}))
