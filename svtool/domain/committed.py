"""Scoring a bidder's committed figures, and checking what bidders claim.

A committed figure is the quantity a bid commits to one framework measure, in the measure's unit: a percentage
(local spend, the Real Living Wage, any % measure), FTE posts, people, weeks, hours, tonnes of CO2e, pounds...
It earns marks linear to a target, relative to the best compliant commitment, or pass or fail
(docs/scoring-method.md, "Committed figures"). An FTE commitment may be given as hours a week for some weeks and
is pro-rated against the evaluation's full-time year ("FTE pro-rating"). The checks flag figures that cannot be
right and benefits that may be claimed twice ("Checks on commitments").
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from fractions import Fraction

from svtool.domain import formulas
from svtool.domain.evaluation import (
    Bid,
    Evaluation,
    LivingWageMethod,
    LocalSpendMethod,
    MeasureMethod,
    PercentBasis,
    Question,
)
from svtool.domain.numbers import HUNDRED, ONE, ZERO, money, percent, show
from svtool.domain.results import (
    MEASURE_PASS_FAIL,
    MEASURE_RELATIVE,
    MEASURE_TO_TARGET,
    Flag,
    FlagKind,
    QuestionResult,
    figure,
)

#: The formula a MeasureMethod question's result names, by basis (results.py explains each).
MEASURE_FORMULAS = {
    PercentBasis.LINEAR_TO_TARGET: MEASURE_TO_TARGET,
    PercentBasis.RELATIVE_TO_BEST: MEASURE_RELATIVE,
    PercentBasis.PASS_FAIL: MEASURE_PASS_FAIL,
}


def full_time_year(evaluation: Evaluation) -> Fraction:
    """A full-time post's hours in a year: hours a week x weeks (37.5 x 52 = 1,950 unless set otherwise)."""
    return Fraction(evaluation.full_time_hours) * Fraction(evaluation.full_time_weeks)


def committed(bid: Bid | None, measure_id: str, full_time: Fraction) -> Fraction:
    """The figure a bid commits to a measure, exactly: hours a week x weeks / the full-time year where the bid
    gives the working, otherwise the quantity entered; 0 when nothing is committed."""
    if bid is None:
        return ZERO
    working = bid.working.get(measure_id)
    if working is not None and full_time > 0:
        return Fraction(working.hours_per_week) * Fraction(working.weeks) / full_time
    value = bid.commitments.get(measure_id)
    return Fraction(value) if value is not None else ZERO


def _working_inputs(bid: Bid | None, measure_id: str, evaluation: Evaluation) -> dict[str, Fraction]:
    working = bid.working.get(measure_id) if bid is not None else None
    if working is None or full_time_year(evaluation) <= 0:
        return {}
    return {
        "hours_per_week": Fraction(working.hours_per_week),
        "weeks": Fraction(working.weeks),
        "full_time_hours": Fraction(evaluation.full_time_hours),
        "full_time_weeks": Fraction(evaluation.full_time_weeks),
    }


def _share(basis: PercentBasis, figure: Fraction, target: Fraction, relative: Fraction | None) -> Fraction | None:
    if basis is PercentBasis.RELATIVE_TO_BEST:
        return relative
    if basis is PercentBasis.PASS_FAIL:
        return formulas.pass_fail(figure, target)
    return formulas.linear_to_target(figure, target) if target > 0 else ZERO


def question_results(
    question: Question,
    evaluation: Evaluation,
    bids: Mapping[str, Bid],
    bidders: Collection[str],
    participants: Collection[str],
) -> dict[str, QuestionResult]:
    """Every bidder's result on a local spend, living wage or committed-figure question. A bidder not taking part
    (excluded) has no share of a relative formula and does not move the best."""
    method = question.method
    assert isinstance(method, LocalSpendMethod | LivingWageMethod | MeasureMethod)
    weight = Fraction(question.weight)
    full_time = full_time_year(evaluation)
    figures = {b: committed(bids.get(b), method.measure_id, full_time) for b in bidders}
    best = max((figures[b] for b in participants), default=ZERO)
    relative = formulas.relative_to_best({b: figures[b] for b in participants})
    out: dict[str, QuestionResult] = {}
    for bidder_id, value in figures.items():
        unit = "%"
        if isinstance(method, MeasureMethod):
            unit = method.unit
            target = Fraction(method.target) if method.target is not None else ZERO
            formula = MEASURE_FORMULAS[method.basis]
            inputs = {"best": best} if method.basis is PercentBasis.RELATIVE_TO_BEST else {"target": target}
            inputs |= _working_inputs(bids.get(bidder_id), method.measure_id, evaluation)
            share = _share(method.basis, value, target, relative.get(bidder_id))
        elif (
            isinstance(method, LivingWageMethod)
            and method.accredited_measure_id
            and committed(bids.get(bidder_id), method.accredited_measure_id, full_time) >= 1
        ):
            share, formula, inputs = ONE, "accredited", {}
        else:
            target = Fraction(method.target_percent)
            share = _share(method.basis, value, target, relative.get(bidder_id))
            formula, inputs = {
                PercentBasis.RELATIVE_TO_BEST: ("percentage relative to best", {"best": best}),
                PercentBasis.PASS_FAIL: ("pass or fail", {"target": target}),
                PercentBasis.LINEAR_TO_TARGET: ("percentage to target", {"target": target}),
            }[method.basis]
        contribution = weight * share if share is not None else None
        out[bidder_id] = QuestionResult(
            question.id, bidder_id, weight, value, share, contribution, formula, inputs, unit=unit
        )
    return out


# Checks on commitments --------------------------------------------------------------------------------------------


def _percent_measures(evaluation: Evaluation) -> dict[str, str]:
    """Measures whose figure is a percentage, each with the question that scores it."""
    found: dict[str, str] = {}
    for question in evaluation.questions:
        method = question.method
        if isinstance(method, LocalSpendMethod | LivingWageMethod) or (
            isinstance(method, MeasureMethod) and method.unit == "%"
        ):
            found.setdefault(method.measure_id, question.id)
    return found


def same_benefit_groups(evaluation: Evaluation) -> list[tuple[str, str, tuple[str, ...]]]:
    """(tag, unit, measures): the committed-figure measures that share a tag and a unit, which may describe the
    same benefit. Declared groups (Evaluation.exclusive_measures) are checked as well, separately."""
    by_key: dict[tuple[str, str], dict[str, None]] = {}
    for question in evaluation.questions:
        method = question.method
        if isinstance(method, MeasureMethod):
            for tag in method.tags:
                by_key.setdefault((tag, method.unit), {})[method.measure_id] = None
    return [(tag, unit, tuple(measures)) for (tag, unit), measures in by_key.items() if len(measures) > 1]


def commitment_flags(evaluation: Evaluation, bid: Bid | None, name: str, bidder_id: str) -> list[Flag]:
    """Flags on what one bid claims: figures that cannot be right (a negative figure, a percentage above 100, a
    pounds figure above the contract value), benefits that may be counted twice, and an hourly rate below the
    Real Living Wage. Flags ask the panel to check with the bidder; none changes a score."""
    if bid is None:
        return []
    flags: list[Flag] = []
    full_time = full_time_year(evaluation)
    for measure, quantity in bid.commitments.items():
        if quantity < 0:
            flags.append(
                Flag(
                    FlagKind.IMPLAUSIBLE,
                    bidder_id,
                    f"{name}'s commitment to {measure} is negative "
                    f"({show(quantity)}): a commitment cannot be below 0. Correct it.",
                )
            )
    for measure, question_id in _percent_measures(evaluation).items():
        value = committed(bid, measure, full_time)
        if value > HUNDRED:
            flags.append(
                Flag(
                    FlagKind.IMPLAUSIBLE,
                    bidder_id,
                    f"{name} commits {percent(value)} to {measure}: a "
                    "percentage cannot be above 100%. Check the figure with the bidder.",
                    question_id,
                )
            )
    contract = Fraction(evaluation.contract_value)
    for question in evaluation.questions:
        method = question.method
        if isinstance(method, MeasureMethod) and method.unit == "GBP":
            value = committed(bid, method.measure_id, full_time)
            if value > contract:
                flags.append(
                    Flag(
                        FlagKind.IMPLAUSIBLE,
                        bidder_id,
                        f"{name} commits {money(value)} to {method.measure_id}, more than the contract value "
                        f"of {money(contract)}. Check the figure is credible.",
                        question.id,
                    )
                )
    claimed = {m for m in bid.commitments.keys() | bid.working.keys() if committed(bid, m, full_time) > 0}
    for group in evaluation.exclusive_measures:
        both = sorted(group & claimed)
        if len(both) > 1:
            flags.append(
                Flag(
                    FlagKind.DOUBLE_COUNTING,
                    bidder_id,
                    f"{name} claims {', '.join(both)}, which describe the same benefit: count it once.",
                )
            )
    for tag, unit, measures in same_benefit_groups(evaluation):
        both = [m for m in measures if m in claimed]
        if len(both) > 1:
            figures = " and ".join(f"{m} ({figure(committed(bid, m, full_time), unit)})" for m in both)
            flags.append(
                Flag(
                    FlagKind.DOUBLE_COUNTING,
                    bidder_id,
                    f"{name} claims {figures}, measures that share the tag '{tag}' and the unit {unit}: "
                    "they may describe the same benefit. Check it is counted once.",
                )
            )
    rate = evaluation.living_wage_rate
    for question in evaluation.questions:
        method = question.method
        if isinstance(method, LivingWageMethod) and method.hourly_rate_measure_id and rate is not None:
            hourly = bid.commitments.get(method.hourly_rate_measure_id)
            if hourly is not None and hourly < rate:
                flags.append(
                    Flag(
                        FlagKind.BELOW_LIVING_WAGE,
                        bidder_id,
                        f"{name} commits to a lowest hourly rate of {money(hourly)}, below the Real "
                        f"Living Wage of {money(rate)}.",
                        question.id,
                    )
                )
    return flags
