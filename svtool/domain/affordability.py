"""The affordability ceiling: a bid priced above the budget or the pre-tender estimate is excluded, or flagged,
as the published method says (docs/scoring-method.md, "Affordability ceiling")."""

from __future__ import annotations

from fractions import Fraction

from svtool.domain.evaluation import CeilingAction, CeilingReference, PriceSettings
from svtool.domain.numbers import money


def ceiling_of(settings: PriceSettings) -> Fraction | None:
    """The ceiling in pounds, exactly; None where there is none."""
    amount = settings.ceiling_amount
    return None if amount is None else Fraction(amount)


def _named(settings: PriceSettings) -> str:
    return "the budget" if settings.ceiling is CeilingReference.BUDGET else "the pre-tender estimate"


def exclusion_reason(price: Fraction, ceiling: Fraction, settings: PriceSettings) -> str:
    return (
        f"Its price of {money(price)} is above the affordability ceiling, {_named(settings)} of "
        f"{money(ceiling)}, by {money(price - ceiling)}."
    )


def flag_message(name: str, price: Fraction, ceiling: Fraction, settings: PriceSettings) -> str:
    return (
        f"{name}'s price of {money(price)} is above the affordability ceiling, {_named(settings)} of "
        f"{money(ceiling)}, by {money(price - ceiling)}. The method flags it for the panel to decide; it is "
        "scored as usual."
    )


def rule(settings: PriceSettings) -> str | None:
    """The ceiling in words, for the rules of a report; None where there is none."""
    ceiling = ceiling_of(settings)
    if ceiling is None:
        return None
    then = (
        "is excluded, with the reason recorded, and takes no part in relative formulas"
        if settings.ceiling_action is CeilingAction.EXCLUDE
        else "is flagged for the panel to decide and scored as usual"
    )
    return (
        f"Affordability: a bid priced above {_named(settings)} of {money(ceiling)} {then}; a bid priced at it is not."
    )
