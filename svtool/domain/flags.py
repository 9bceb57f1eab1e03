"""The flags on a bidder's result (docs/scoring-method.md, "Flags"): why it is excluded, what is not yet scored or
moderated, scores far apart or to review, a missing or unaffordable price, more social value offered than the
contract is worth, and the checks on its commitments. Moved out of engine.py, which keeps each question's marks so
that a bidder's flags are not re-derived from every stage after each edit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from svtool.domain import affordability, committed
from svtool.domain.evaluation import Bid, Bidder, CeilingAction, Evaluation, PriceMethod
from svtool.domain.numbers import as_fraction, money, show
from svtool.domain.results import Flag, FlagKind, QuestionResult


@dataclass(frozen=True)
class Marks:
    """What a bidder's flags need from one scale question, kept so that flags are not re-derived from stages."""

    unscored: int
    provisional: int
    divergent: tuple[Flag, ...]


def marks_of(result: QuestionResult, bidder_name: str) -> Marks:
    unscored = sum(1 for stage in result.stages if stage.value is None)
    provisional = sum(1 for stage in result.stages if stage.value is not None and stage.moderation is None)
    # Far apart matters until the panel agrees; a consensus agreed on other scores than today's is to review.
    divergent = tuple(
        Flag(
            FlagKind.DIVERGENCE,
            result.bidder_id,
            f"Evaluators' scores for {bidder_name} on question {result.question_id} ({stage.stage_id}) are "
            f"{show(stage.spread)} points apart: discuss at moderation.",
            result.question_id,
            stage.stage_id,
        )
        for stage in result.stages
        if stage.divergent and stage.spread is not None and stage.moderation is None
    )
    review = tuple(
        Flag(
            FlagKind.TO_REVIEW,
            result.bidder_id,
            f"An evaluator's score for {bidder_name} on question {result.question_id} ({stage.stage_id}) changed "
            "after the panel agreed its consensus: the panel should review it.",
            result.question_id,
            stage.stage_id,
        )
        for stage in result.stages
        if stage.to_review
    )
    return Marks(unscored, provisional, divergent + review)


def bidder_flags(
    evaluation: Evaluation,
    bidder: Bidder,
    reasons: tuple[str, ...],
    offered: Fraction,
    marks: Mapping[tuple[str, str], Marks],
    price: Fraction | None,
    ceiling: Fraction | None,
    bid: Bid | None,
) -> tuple[Flag, ...]:
    """Every flag on one bidder's result. `marks` holds (bidder, question) -> Marks for the scale questions;
    `reasons` are why it is excluded, `offered` the social value it offers, `ceiling` the affordability ceiling."""
    flags = [Flag(FlagKind.EXCLUDED, bidder.id, f"{bidder.name} is excluded. {reason}") for reason in reasons]
    unscored = provisional = 0
    for question in evaluation.questions:
        found = marks.get((bidder.id, question.id))
        if found is None:  # not scored on a scale
            continue
        unscored += found.unscored
        provisional += found.provisional
        flags += found.divergent
    if unscored:
        flags.append(
            Flag(
                FlagKind.NOT_SCORED,
                bidder.id,
                f"{unscored} stage score(s) for {bidder.name} have no scores yet; they count as 0.",
            )
        )
    if provisional:
        flags.append(
            Flag(
                FlagKind.NOT_MODERATED,
                bidder.id,
                f"{provisional} stage score(s) for {bidder.name} are provisional "
                f"({evaluation.panel.unmoderated_rule.value} of the evaluators) until moderated.",
            )
        )
    if price is None and any(isinstance(q.method, PriceMethod) for q in evaluation.questions):
        flags.append(Flag(FlagKind.MISSING_PRICE, bidder.id, f"{bidder.name} has no price entered."))
    if (
        ceiling is not None
        and evaluation.price.ceiling_action is CeilingAction.FLAG
        and price is not None
        and price > ceiling
    ):
        flags.append(
            Flag(
                FlagKind.ABOVE_CEILING,
                bidder.id,
                affordability.flag_message(bidder.name, price, ceiling, evaluation.price),
            )
        )
    contract = as_fraction(evaluation.contract_value)
    if offered > contract:
        flags.append(
            Flag(
                FlagKind.EXCEEDS_CONTRACT_VALUE,
                bidder.id,
                f"{bidder.name} offers {money(offered)} of social value, more than the contract value "
                f"of {money(contract)}. Check the commitments are credible and not double counted.",
            )
        )
    flags += committed.commitment_flags(evaluation, bid, bidder.name, bidder.id)
    return tuple(flags)
