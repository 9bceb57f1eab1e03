"""Exclusion (docs/scoring-method.md, rule 3): by the officer, by the affordability ceiling, by a reserved
contract's eligibility, and by the thresholds, which are judged on scale-scored questions before any relative
formula. Moved out of engine.py, which decides when a bidder's exclusion is to be judged again."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from fractions import Fraction

from svtool.domain import affordability, reserved
from svtool.domain.evaluation import Bidder, CeilingAction, Envelope, Evaluation
from svtool.domain.numbers import HUNDRED, percent, show
from svtool.domain.results import QuestionResult
from svtool.domain.scale_scoring import ScalePlan


def set_aside(evaluation: Evaluation, bidder: Bidder, price: Fraction | None, ceiling: Fraction | None) -> list[str]:
    """Why a bidder is excluded whatever its scores: by the officer, above the ceiling, ineligible."""
    reasons = [f"Excluded by the officer: {bidder.excluded_reason}"] if bidder.excluded_reason else []
    if (
        ceiling is not None
        and evaluation.price.ceiling_action is CeilingAction.EXCLUDE
        and price is not None
        and price > ceiling
    ):
        reasons.append(affordability.exclusion_reason(price, ceiling, evaluation.price))
    if (ineligible := reserved.exclusion_reason(bidder, evaluation.reservation)) is not None:
        reasons.append(ineligible)
    return reasons


def below_minimum(
    result: QuestionResult, plan: ScalePlan, stage_names: Mapping[str, str], stages: Collection[str] | None = None
) -> list[str]:
    """Each stage (of those given) in which the bidder scored below the question's minimum: a minimum holds in
    every stage, so 1 written and 3 at interview do not pass a minimum of 2 on average."""
    assert plan.min_score is not None
    several = len(result.stages) > 1
    return [
        f"Scored {show(stage.value)} on question {plan.question.id} ({plan.question.title})"
        f"{f' in the {stage_names[stage.stage_id]} stage' if several else ''}, below its minimum of "
        f"{show(plan.min_score)}."
        for stage in result.stages
        if stage.value is not None and stage.value < plan.min_score and (stages is None or stage.stage_id in stages)
    ]


def envelope_shortfall(envelope: Envelope, earned: Fraction, available: Fraction) -> str | None:
    """Why a bidder's scale-scored points in an envelope (`earned` of `available`) fall short of its minimum
    percentage, or None."""
    assert envelope.min_percent is not None
    if available and earned * HUNDRED / available < Fraction(envelope.min_percent):
        return (
            f"Earned {percent(earned * HUNDRED / available)} of the {envelope.name} marks "
            f"scored by the panel, below the minimum of {percent(envelope.min_percent)}."
        )
    return None
