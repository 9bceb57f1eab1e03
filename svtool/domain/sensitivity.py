"""Would the recommendation change if the method were set differently? Stage splits, envelope weights, and the
score a bidder would need on one question.

Envelope weights enter every total linearly (question weights inside an envelope scale together, and no
threshold depends on a weight), so the range of weights over which the winner holds is solved exactly. Stage
splits are solved exactly too, in split_ranges.py: totals there are ratios of polynomials in a stage's share.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from svtool.domain.evaluation import Evaluation, PriceFormula, QualityBasis, ScaleMethod
from svtool.domain.numbers import HUNDRED, ZERO, show
from svtool.domain.results import BidderResult, Results
from svtool.domain.split_ranges import SplitSegment, SplitSensitivity, StageRange, split_sensitivity

__all__ = [
    "ScoreNeeded",
    "SplitSegment",
    "SplitSensitivity",
    "StageRange",
    "WeightSensitivity",
    "score_needed",
    "split_sensitivity",
    "weight_sensitivity",
]


@dataclass(frozen=True)
class WeightSensitivity:
    envelope_id: str
    weight: Fraction
    #: The lowest and highest weight for this envelope (others scaled to keep 100) at which the winner holds.
    holds_from: Fraction
    holds_to: Fraction
    #: Who would be ranked first just past each end; None where the end is 0 or 100.
    below_winner: str | None
    above_winner: str | None
    statement: str


def weight_sensitivity(evaluation: Evaluation, results: Results) -> list[WeightSensitivity]:
    """For each weighted envelope: how far its weight can move, the others scaled in proportion, before the
    recommended bidder changes. Exact, from each bidder's envelope subtotals."""
    winner = results.winner
    if winner is None or evaluation.price.formula is PriceFormula.PRICE_PER_QUALITY_POINT:
        return []
    others = [b for b in results.ranked if b.bidder_id != winner.bidder_id]
    out = []
    for envelope in evaluation.envelopes:
        weight = Fraction(envelope.weight)
        if weight <= 0 or weight >= HUNDRED:
            continue

        def slope(result: BidderResult, env: str = envelope.id, w: Fraction = weight) -> Fraction:
            inside = result.envelope_totals[env]
            return inside / w - (result.total - inside) / (HUNDRED - w)

        upper, lower = HUNDRED - weight, -weight  # how far the weight can move up and down
        above = below = None
        for other in others:
            gap = winner.total - other.total
            closing = slope(other) - slope(winner)
            if closing == 0:
                continue
            crossing = gap / closing  # the shift at which the two totals are equal
            if 0 <= crossing < upper or (crossing == upper and gap == 0):
                upper, above = crossing, other.name
            elif lower < crossing < 0:
                lower, below = crossing, other.name
        name = envelope.name
        statement = (
            f"{name} is weighted {show(weight)}: the recommendation holds from {show(weight + lower)} to "
            f"{show(weight + upper)} points, the other envelopes scaled to keep 100"
        )
        limits = []
        if below:
            limits.append(f"below {show(weight + lower)} {below} would overtake")
        if above:
            limits.append(f"above {show(weight + upper)} {above} would overtake")
        statement += "; " + "; ".join(limits) + "." if limits else "."
        out.append(WeightSensitivity(envelope.id, weight, weight + lower, weight + upper, below, above, statement))
    return out


@dataclass(frozen=True)
class ScoreNeeded:
    bidder_id: str
    question_id: str
    current: Fraction
    #: The combined score on the question's scale that would make the bidder level with the one it is compared
    #: with; None if the scale's highest point would not be enough (or, for the winner, if the lowest would not
    #: lose it the lead).
    needed: Fraction | None
    statement: str


def score_needed(evaluation: Evaluation, results: Results, bidder_id: str, question_id: str) -> ScoreNeeded:
    """For a bidder other than the winner: the combined score it would need on this question to draw level with
    the winner (ties then go by the tie-break rule). For the winner: the score below which the runner-up would
    draw level. Other scores stay as they are; scale-scored questions only."""
    question = evaluation.question(question_id)
    if not isinstance(question.method, ScaleMethod):
        raise ValueError(f"question {question_id} is not scored on a scale")
    if (
        question.method.basis is QualityBasis.RELATIVE_TO_BEST
        or evaluation.envelope(question.envelope_id).quality_basis is QualityBasis.RELATIVE_TO_BEST
    ):
        # One bidder's score there moves the best, and so every other bidder's points: no single figure.
        raise ValueError(f"question {question_id} is scored relative to the best")
    scale = evaluation.scale(question.method.scale_id)
    maximum, minimum = Fraction(scale.maximum), Fraction(scale.minimum)
    subject = results.bidder(bidder_id)
    winner = results.winner
    ranked = results.ranked
    current = subject.questions[question_id].raw or ZERO
    weight = Fraction(question.weight)
    if winner is None or subject.excluded or len(ranked) < 2:
        return ScoreNeeded(
            bidder_id,
            question_id,
            current,
            None,
            "Not applicable: there is no single recommended bidder to compare with.",
        )
    rival = ranked[1] if subject.bidder_id == winner.bidder_id else winner
    gap = rival.total - subject.total  # positive: the subject is behind
    needed = current + gap * maximum / weight
    title = f"question {question_id} ({question.title})"
    if subject.bidder_id == winner.bidder_id:
        if needed < minimum:
            return ScoreNeeded(
                bidder_id,
                question_id,
                current,
                None,
                f"{subject.name} would stay ahead of {rival.name} whatever it scored on {title}.",
            )
        return ScoreNeeded(
            bidder_id,
            question_id,
            current,
            needed,
            f"{subject.name} scored {show(current)} on {title}; at {show(needed)} or below, "
            f"{rival.name} would draw level.",
        )
    if needed > maximum:
        return ScoreNeeded(
            bidder_id,
            question_id,
            current,
            None,
            f"{subject.name} could not catch {rival.name} on {title} alone: even "
            f"{show(maximum)} would leave it {show(gap - (maximum - current) * weight / maximum)} "
            "points behind.",
        )
    return ScoreNeeded(
        bidder_id,
        question_id,
        current,
        needed,
        f"{subject.name} scored {show(current)} on {title}; it would need {show(needed)} to draw "
        f"level with {rival.name}.",
    )
