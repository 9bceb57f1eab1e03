"""Quality scored relative to the best: a scale question's, or an envelope's, marks shared out in proportion to
the best compliant bidder's (docs/scoring-method.md, "Quality relative to the best").

Both take the absolute results the engine worked out (combined score / the scale's highest point) and the bidders
that take part (not excluded), and return each bidder's result as it counts. An excluded bidder keeps its combined
score in the breakdown but takes no part: its share and points are None, and it moves nobody's share.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from fractions import Fraction

from svtool.domain.numbers import ZERO
from svtool.domain.results import RELATIVE_ENVELOPE, RELATIVE_QUESTION, QuestionResult


def question_relative_to_best(
    results: Mapping[str, QuestionResult], participants: Collection[str]
) -> dict[str, QuestionResult]:
    """One scale question, bidder -> result: share = combined score / the highest combined score among the
    participants (a stage not yet scored counts 0). When the best is 0, nobody earns marks."""
    best = max((results[b].raw or ZERO for b in participants), default=ZERO)
    out = {}
    for bidder_id, result in results.items():
        formula = f"{_base(result.formula)}, {RELATIVE_QUESTION}"
        inputs = {**result.inputs, "best": best}
        if bidder_id not in participants:
            out[bidder_id] = replace(result, share=None, contribution=None, formula=formula, inputs=inputs)
            continue
        share = (result.raw or ZERO) / best if best > 0 else ZERO
        out[bidder_id] = replace(
            result, share=share, contribution=result.weight * share, formula=formula, inputs=inputs
        )
    return out


def envelope_relative_to_best(
    results: Mapping[str, Mapping[str, QuestionResult]], participants: Collection[str], marks: Fraction
) -> dict[str, dict[str, QuestionResult]]:
    """An envelope's scale-scored questions, bidder -> question -> result.

    Each bidder's points on these questions (absolute: weight x combined / highest point) add up to its envelope
    total T; the best participant's is T*. Every one of the bidder's results is scaled by marks / T*, where marks is
    the weight of those questions: the best earns all the marks, others T / T* of them, and each question's points
    still add up to the bidder's total. When T* is 0, nobody earns marks."""
    totals = {
        b: sum((r.contribution or ZERO for r in by_question.values()), ZERO) for b, by_question in results.items()
    }
    best = max((totals[b] for b in participants), default=ZERO)
    factor = marks / best if best > 0 else ZERO
    out: dict[str, dict[str, QuestionResult]] = {}
    for bidder_id, by_question in results.items():
        taking_part = bidder_id in participants
        inputs = {"envelope_points": totals[bidder_id], "best_envelope_points": best, "scale_marks": marks}
        out[bidder_id] = {
            question_id: replace(
                result,
                share=(result.share or ZERO) * factor if taking_part else None,
                contribution=(result.contribution or ZERO) * factor if taking_part else None,
                formula=f"{_base(result.formula)}, {RELATIVE_ENVELOPE}",
                inputs={**result.inputs, **inputs},
            )
            for question_id, result in by_question.items()
        }
    return out


def _base(formula: str) -> str:
    return formula.split(",", 1)[0]
