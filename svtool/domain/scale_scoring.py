"""Scoring a scale question (docs/scoring-method.md, "Questions"): a stage score from the evaluators' scores or the
panel's consensus, the stage scores combined by the question's split, and the points that earns. Moved out of
engine.py, which decides which cells to work out again after an edit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from svtool.domain.evaluation import (
    Evaluation,
    Moderation,
    QualityBasis,
    Question,
    ScaleMethod,
    Score,
    UnmoderatedRule,
)
from svtool.domain.moderation import to_review
from svtool.domain.numbers import HUNDRED, ZERO, as_fraction, show
from svtool.domain.results import QuestionResult, StageResult


@dataclass(frozen=True)
class ScalePlan:
    """What a scale question needs for every bidder, worked out once."""

    question: Question
    stages: tuple[str, ...]
    percent_split: dict[str, Fraction]  # stage -> per cent, as reported
    maximum: Fraction
    weight: Fraction
    min_score: Fraction | None
    shares: dict[str, Fraction]  # stage -> the multiplier for its score (per cent / 100)
    formula: str
    inputs: dict[str, Fraction]
    #: Scored relative to the best compliant bidder's combined score (ScaleMethod.basis).
    relative: bool = False


def scale_plan(
    evaluation: Evaluation, question: Question, stages: tuple[str, ...], split: dict[str, Fraction]
) -> ScalePlan:
    """The plan of a scale question scored in `stages` with the split (stage -> per cent) that applies to it."""
    method = question.method
    assert isinstance(method, ScaleMethod)
    scale = evaluation.scale(method.scale_id)
    maximum = Fraction(scale.maximum)
    return ScalePlan(
        question,
        stages,
        split,
        maximum,
        Fraction(question.weight),
        Fraction(method.min_score) if method.min_score is not None else None,
        {stage: share / HUNDRED for stage, share in split.items()},
        f"scale {show(scale.minimum, 0)}-{show(scale.maximum, 0)}",
        {"maximum": maximum},
        method.basis is QualityBasis.RELATIVE_TO_BEST,
    )


def scored_alike(a: ScalePlan | None, b: ScalePlan) -> bool:
    """Two plans score every bidder the same: only the question's title or measure differs."""
    return a is not None and replace(a, question=replace(a.question, title="", measure_id=None)) == replace(
        b, question=replace(b.question, title="", measure_id=None)
    )


def stage_result(
    stage_id: str,
    scores: tuple[Score, ...],
    moderation: Moderation | None,
    divergence: Fraction,
    rule: UnmoderatedRule,
) -> StageResult:
    """One answer's score in one stage: the consensus if the panel agreed one, else the mean or median (`rule`) of
    the scores that count, flagged divergent when they are `divergence` points apart or more."""
    # Scores are short decimals on a scale, so adding and comparing them as Decimals is exact (a sum of
    # a few such numbers is far inside Decimal's 28 digits) and much faster than as Fractions.
    values = [s.value for s in scores]
    spread = as_fraction(max(values) - min(values)) if values else None
    divergent = spread is not None and spread >= divergence
    if moderation is not None:
        return StageResult(
            stage_id,
            scores,
            moderation,
            as_fraction(moderation.value),
            "moderated",
            spread,
            divergent,
            to_review(moderation, scores),
        )
    if not values:
        return StageResult(stage_id, scores, None, None, "not scored", None, False)
    if rule is UnmoderatedRule.MEDIAN:
        ordered = sorted(values)
        middle = len(ordered) // 2
        median = (
            as_fraction(ordered[middle]) if len(ordered) % 2 else Fraction(ordered[middle - 1] + ordered[middle]) / 2
        )
        return StageResult(stage_id, scores, None, median, "median", spread, divergent)
    numerator, denominator = sum(values).as_integer_ratio()
    return StageResult(
        stage_id, scores, None, Fraction(numerator, denominator * len(values)), "mean", spread, divergent
    )


def scale_result(bidder_id: str, plan: ScalePlan, stages: tuple[StageResult, ...]) -> QuestionResult:
    """A bidder's result on a scale question from its stage results (in the plan's order of stages)."""
    # raw = sum of stage score x stage share, added up as one integer ratio so that each result below is
    # a single normalised Fraction (this loop runs for every bidder and question).
    numerator, denominator, scored = 0, 1, False
    for stage in stages:
        if stage.value is not None:
            scored = True
            share = plan.shares.get(stage.stage_id, ZERO)
            n = stage.value.numerator * share.numerator
            d = stage.value.denominator * share.denominator
            numerator, denominator = numerator * d + n * denominator, denominator * d
    if not scored:
        return QuestionResult(
            plan.question.id,
            bidder_id,
            plan.weight,
            None,
            ZERO,
            ZERO,
            plan.formula,
            plan.inputs,
            stages,
            plan.percent_split,
        )
    maximum, weight = plan.maximum, plan.weight
    raw = Fraction(numerator, denominator)
    share_earned = Fraction(numerator * maximum.denominator, denominator * maximum.numerator)
    contribution = Fraction(
        numerator * maximum.denominator * weight.numerator, denominator * maximum.numerator * weight.denominator
    )
    return QuestionResult(
        plan.question.id,
        bidder_id,
        weight,
        raw,
        share_earned,
        contribution,
        plan.formula,
        plan.inputs,
        stages,
        plan.percent_split,
    )
