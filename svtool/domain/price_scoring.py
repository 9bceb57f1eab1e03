"""Scoring the price question by the evaluation's price formula, and flagging abnormally low bids
(docs/scoring-method.md, "Questions" and "Flags"). Moved out of engine.py, which decides when to call these."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from fractions import Fraction

from svtool.domain import formulas
from svtool.domain.evaluation import AbnormallyLowReference, PriceFormula, PriceSettings, Question
from svtool.domain.numbers import HUNDRED, ZERO, money, percent
from svtool.domain.results import Flag, FlagKind, QuestionResult


def question_results(
    question: Question, settings: PriceSettings, prices: Mapping[str, Fraction | None], participants: Collection[str]
) -> dict[str, QuestionResult]:
    """Every bidder's result on the price question (prices: bidder -> price, None where none is entered). The
    formula is worked out among the participants; a bidder excluded has no share."""
    weight = Fraction(question.weight)
    taking_part = {b: p for b in participants if (p := prices.get(b)) is not None}
    shares: dict[str, Fraction] = {}
    inputs: dict[str, Fraction] = {}
    formula = "price per quality point"
    if taking_part and settings.formula is PriceFormula.LOWEST:
        shares, formula = formulas.lowest_price(taking_part), "lowest price"
        inputs = {"lowest": min(taking_part.values())}
    elif taking_part and settings.formula is PriceFormula.MEAN:
        per = Fraction(settings.mean_points_per_percent)
        shares, formula = formulas.mean_price(taking_part, per), "mean price"
        inputs = {"mean": sum(taking_part.values(), ZERO) / len(taking_part), "points_per_percent": per}
    elif taking_part and settings.formula is PriceFormula.RANGE:
        shares, formula = formulas.range_price(taking_part), "range price"
        inputs = {"highest": max(taking_part.values()), "lowest": min(taking_part.values())}
    out: dict[str, QuestionResult] = {}
    for bidder_id, price in prices.items():
        share = shares.get(bidder_id, ZERO) if bidder_id in participants else None
        out[bidder_id] = QuestionResult(
            question.id, bidder_id, weight, price, share, weight * share if share is not None else None, formula, inputs
        )
    return out


def abnormally_low_flags(
    settings: PriceSettings, prices: Mapping[str, Fraction], names: Mapping[str, str]
) -> tuple[Flag, ...]:
    """Abnormally low bids among those taking part (prices: the participants' entered prices; Procurement Act
    2023 s.19: flag, never exclude)."""
    threshold = Fraction(settings.abnormally_low_percent)
    total = sum(prices.values(), ZERO)
    flags = []
    for bidder_id, price in prices.items():
        if settings.abnormally_low_reference is AbnormallyLowReference.PRE_TENDER_ESTIMATE:
            if settings.pre_tender_estimate is None:
                continue
            reference, against = Fraction(settings.pre_tender_estimate), "the pre-tender estimate"
        else:
            if len(prices) < 2:
                continue
            reference, against = (total - price) / (len(prices) - 1), "the mean of the other bids"
        if formulas.abnormally_low(price, reference, threshold):
            below = (reference - price) * HUNDRED / reference
            flags.append(
                Flag(
                    FlagKind.ABNORMALLY_LOW,
                    bidder_id,
                    f"{names[bidder_id]}'s price {money(price)} is {percent(below)} below {against} "
                    f"({money(reference)}), more than the {percent(threshold)} threshold. Ask the bidder "
                    "to explain it before deciding; it is not excluded.",
                )
            )
    return tuple(flags)
