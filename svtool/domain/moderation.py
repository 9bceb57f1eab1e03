"""Moderation a court accepts (docs/panel.md): when an answer may be moderated, and what a consensus needs.

Bromcom v United Learning: an average is not a consensus. So a consensus is a point on the published scale, agreed
on every assigned evaluator's score (or with the lead's recorded reason for going without one), and it records the
scores it was agreed on: if one of them changes afterwards, the consensus is back "to review". Where the panel has
a lead, an answer opens for moderation only when every assigned evaluator has submitted its stage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum

from svtool.domain.evaluation import Evaluation, Evaluator, Mitigation, Moderation, Score
from svtool.domain.panel import declaration, submitted

Cell = tuple[str, str, str]  # bidder, question, stage


class AnswerStatus(StrEnum):
    WAITING = "waiting for submissions"  # an assigned evaluator has not yet submitted this stage
    OPEN = "to moderate"
    AGREED = "agreed"
    TO_REVIEW = "to review"  # an individual score changed after the panel agreed


def basis_of(scores: Iterable[Score]) -> str:
    """The individual scores a consensus is agreed on, as a stable text: "E1=3;E2=4"."""
    return ";".join(sorted(f"{s.evaluator_id}={format(s.value.normalize(), 'f')}" for s in scores))


def to_review(moderation: Moderation, scores: Iterable[Score]) -> bool:
    """A score changed, came or went since the panel agreed (a consensus saved without a basis is taken as is)."""
    return bool(moderation.basis) and moderation.basis != basis_of(scores)


def takes_part(evaluation: Evaluation, member: Evaluator, bidder_id: str, question_id: str) -> bool:
    """Whether this member is to score this bidder's answer to this question."""
    if not member.scores_question(question_id):
        return False
    found = declaration(evaluation, member.id, bidder_id)
    return found is None or found.mitigation not in (Mitigation.OFF_BIDDER, Mitigation.STAND_DOWN)


def assigned(evaluation: Evaluation, bidder_id: str, question_id: str) -> list[Evaluator]:
    return [m for m in evaluation.evaluators if takes_part(evaluation, m, bidder_id, question_id)]


def waiting_for(evaluation: Evaluation, cell: Cell) -> list[Evaluator]:
    """The assigned evaluators who have not submitted this answer's stage (none, where the panel has no lead)."""
    if evaluation.lead is None:
        return []
    return [m for m in assigned(evaluation, cell[0], cell[1]) if not submitted(evaluation, m.id, cell[2])]


def missing(evaluation: Evaluation, cell: Cell, scores: Mapping[str, Score]) -> list[Evaluator]:
    """The assigned evaluators with no score for this answer (scores: evaluator id -> score)."""
    return [m for m in assigned(evaluation, cell[0], cell[1]) if m.id not in scores]


def status(
    evaluation: Evaluation, cell: Cell, scores: Mapping[str, Score], moderation: Moderation | None
) -> AnswerStatus:
    if moderation is not None:
        return AnswerStatus.TO_REVIEW if to_review(moderation, scores.values()) else AnswerStatus.AGREED
    return AnswerStatus.WAITING if waiting_for(evaluation, cell) else AnswerStatus.OPEN


def agreed_value(evaluation: Evaluation, cell: Cell, scores: Mapping[str, Score]) -> Decimal | None:
    """The score every assigned evaluator gave this answer, if they all scored it and all agree."""
    if not scores or missing(evaluation, cell, scores):
        return None
    values = {s.value for s in scores.values()}
    return values.pop() if len(values) == 1 else None


def built_rationale(evaluation: Evaluation, scores: Mapping[str, Score]) -> str:
    """A rationale from the evaluators' own reasons, for the panel to edit: who gave what, and why."""
    parts = []
    for member_id, score in sorted(scores.items()):
        member = evaluation.member(member_id)
        name = member.name.split(",")[0] if member else member_id
        parts.append(f"{name}: {score.reason.strip()}")
    values = sorted({format(s.value.normalize(), "f") for s in scores.values()})
    agreed = (
        f"All {len(scores)} evaluators gave {values[0]}."
        if len(values) == 1
        else f"The evaluators gave {', '.join(values)}."
    )
    return " ".join([agreed, *parts])


def consensus_refusal(
    evaluation: Evaluation, moderation: Moderation, scores: Mapping[str, Score], acting: Evaluator | None
) -> str | None:
    """Why this consensus cannot be recorded, or None (its value on the scale is checked with any score's). The
    lead's reason for going without (moderation.without) lets the panel agree without a member's score or
    submission: one who is ill, say, or whose notes were lost."""
    cell = (moderation.bidder_id, moderation.question_id, moderation.stage_id)
    lead = evaluation.lead
    if lead is not None and acting is not None and acting.id != lead.id:
        return f"Only the panel's lead, {lead.name}, records the consensus; you are working as {acting.name}."
    waiting = waiting_for(evaluation, cell)
    if waiting and not moderation.without.strip():
        return (
            f"Moderation of this answer opens when every evaluator assigned to it has submitted the "
            f"{cell[2]} stage: still to submit, {_names(waiting)}."
        )
    absent = missing(evaluation, cell, scores)
    if not scores:
        return "There are no individual scores for this answer: a consensus is agreed on the evaluators' scores."
    if absent and not moderation.without.strip():
        return (
            f"A consensus needs every assigned evaluator's score, and {_names(absent)} has not scored this "
            "answer. Record why the panel agrees without it, or ask for the score first."
        )
    return None


def _names(members: list[Evaluator]) -> str:
    return ", ".join(m.name for m in members)
