"""Scores and consensus scores as the store keys them and as the audit trail writes them (docs/audit-trail.md).
Shared by the open evaluation's operations (services/session.py) and its bulk writes (services/session_bulk.py)."""

from __future__ import annotations

from svtool.domain.evaluation import Moderation, Score
from svtool.services.changes import CellKey, ScoreKey


def score_key(score: Score) -> ScoreKey:
    return (score.evaluator_id, score.bidder_id, score.question_id, score.stage_id)


def cell_key(moderation: Moderation) -> CellKey:
    return (moderation.bidder_id, moderation.question_id, moderation.stage_id)


def score_text(score: Score | None) -> dict[str, str] | None:
    return None if score is None else {"value": format(score.value, "f"), "reason": score.reason}


def moderation_text(moderation: Moderation | None) -> dict[str, str] | None:
    """Every stored column of a consensus, so that the trail holds the whole change. (Entries by an earlier svtool
    left out an empty feedback, basis or without; replaying reads a missing one as empty.)"""
    if moderation is None:
        return None
    return {
        "value": format(moderation.value, "f"),
        "rationale": moderation.rationale,
        "feedback": moderation.feedback,
        "basis": moderation.basis,
        "without": moderation.without,
    }
