"""The moderation meeting's operations (docs/panel.md): where each answer stands, and settling at once every
answer on which the evaluators all gave the same score."""

from __future__ import annotations

from collections.abc import Mapping

from svtool.domain.evaluation import Moderation, ScaleMethod
from svtool.domain.moderation import AnswerStatus, Cell, agreed_value, built_rationale, status
from svtool.services.changes import Changes
from svtool.services.session import OpenEvaluation


def cells(opened: OpenEvaluation) -> list[Cell]:
    """Every answer the panel scores: (bidder, question, stage), in the evaluation's order."""
    e = opened.evaluation
    return [
        (b.id, q.id, s)
        for q in e.questions
        if isinstance(q.method, ScaleMethod)
        for b in e.bidders
        for s in e.stages_of(q)
    ]


def answer_status(opened: OpenEvaluation, cell: Cell) -> AnswerStatus:
    return status(opened.evaluation, cell, opened.engine.counted_scores(cell), opened.moderations.get(cell))


def agreed_answers(opened: OpenEvaluation) -> list[Moderation]:
    """A consensus for each answer open for moderation on which every assigned evaluator gave the same score,
    with a rationale built from their reasons (for the panel to edit before accepting)."""
    found = []
    for cell in cells(opened):
        if cell in opened.moderations:
            continue
        scores = opened.engine.counted_scores(cell)
        value = agreed_value(opened.evaluation, cell, scores)
        if value is not None and answer_status(opened, cell) is AnswerStatus.OPEN:
            found.append(Moderation(*cell, value, built_rationale(opened.evaluation, scores)))
    return found


def accept_agreed(opened: OpenEvaluation, rationales: Mapping[Cell, str] | None = None) -> Changes:
    """Settle every answer where the evaluators agree, in one transaction; `rationales` replaces the built
    rationale of any answer the panel edited."""
    edited = rationales or {}
    chosen = [
        Moderation(
            m.bidder_id,
            m.question_id,
            m.stage_id,
            m.value,
            edited.get((m.bidder_id, m.question_id, m.stage_id), m.rationale),
        )
        for m in agreed_answers(opened)
    ]
    return opened.moderate_many(chosen) if chosen else Changes()
