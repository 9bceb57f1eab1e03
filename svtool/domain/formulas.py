"""The formulas, each a small pure function on exact fractions.

A formula returns the share (0 to 1) of a question's marks that a bid earns; the engine multiplies by the
question's weight. Relative formulas take every participating bid at once, because each bid's share depends on
the others (which is why adding an unrelated bid can change a ranking: see sensitivity.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from svtool.domain.numbers import HUNDRED, ONE, ZERO


def clamp(value: Fraction, low: Fraction = ZERO, high: Fraction = ONE) -> Fraction:
    return max(low, min(high, value))


# Price ----------------------------------------------------------------------------------------------------------


def lowest_price(prices: Mapping[str, Fraction]) -> dict[str, Fraction]:
    """Lowest price / bid price: the cheapest bid earns full marks, a bid twice the price half."""
    lowest = min(prices.values())
    return {bidder: lowest / price for bidder, price in prices.items()}


def mean_price(prices: Mapping[str, Fraction], points_per_percent: Fraction) -> dict[str, Fraction]:
    """A bid at the mean earns half marks; each 1% below (above) the mean adds (takes) points_per_percent
    percentage points of the marks, within 0% and 100%."""
    mean = sum(prices.values(), ZERO) / len(prices)
    return {
        bidder: clamp(Fraction(1, 2) + (mean - price) / mean * points_per_percent) for bidder, price in prices.items()
    }


def range_price(prices: Mapping[str, Fraction]) -> dict[str, Fraction]:
    """(highest - bid) / (highest - lowest): the cheapest earns full marks, the dearest none.
    When every bid is the same price, each earns full marks."""
    highest, lowest = max(prices.values()), min(prices.values())
    if highest == lowest:
        return dict.fromkeys(prices, ONE)
    return {bidder: (highest - price) / (highest - lowest) for bidder, price in prices.items()}


def abnormally_low(price: Fraction, reference: Fraction, threshold_percent: Fraction) -> bool:
    """True when a price is more than threshold_percent below the reference (Procurement Act 2023 s.19: flag,
    ask the bidder to explain, decide; never exclude automatically)."""
    return reference > 0 and price < reference * (1 - threshold_percent / HUNDRED)


# Social value, local spend, living wage --------------------------------------------------------------------------


def commitment_value(commitments: Mapping[str, Fraction], proxies: Mapping[str, Fraction]) -> Fraction:
    """Pounds of social value: each counted measure's committed quantity x its proxy value, added up."""
    return sum((quantity * proxies[measure] for measure, quantity in commitments.items() if measure in proxies), ZERO)


def relative_to_best(values: Mapping[str, Fraction]) -> dict[str, Fraction]:
    """Each value / the best (highest) value. When nobody offers anything, nobody earns marks."""
    best = max(values.values(), default=ZERO)
    if best <= 0:
        return dict.fromkeys(values, ZERO)
    return {key: value / best for key, value in values.items()}


def percent_of_contract(value: Fraction, contract_value: Fraction, target_percent: Fraction) -> Fraction:
    """Social value as a % of the contract value, against a target % that earns full marks (capped at full)."""
    return clamp(value / contract_value * HUNDRED / target_percent)


def linear_to_target(percent: Fraction, target_percent: Fraction) -> Fraction:
    """Marks in proportion to a committed percentage, full marks at the target and above."""
    return clamp(percent / target_percent)


def pass_fail(percent: Fraction, target_percent: Fraction) -> Fraction:
    return ONE if percent >= target_percent else ZERO


def lm3(r1: Fraction, r2: Fraction, r3: Fraction) -> Fraction:
    """Local Multiplier 3 (New Economics Foundation): (R1 + R2 + R3) / R1, where R1 is the contract value, R2
    what the supplier spends locally and R3 what those local suppliers and staff re-spend locally."""
    return (r1 + r2 + r3) / r1


# The panel ---------------------------------------------------------------------------------------------------


def mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, ZERO) / len(values)


def median(values: Sequence[Fraction]) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def combine_stages(stage_scores: Mapping[str, Fraction], split: Mapping[str, Fraction]) -> Fraction:
    """The question's score: each stage's score x its share of the split (per cent), added up."""
    return sum((stage_scores[stage] * share / HUNDRED for stage, share in split.items()), ZERO)


def effective_split(
    question_stages: Sequence[str], evaluation_split: Mapping[str, Fraction], own_split: Mapping[str, Fraction] | None
) -> dict[str, Fraction]:
    """The split a question uses.

    Its own split if it has one. Otherwise the evaluation's split over the stages it is scored in, scaled
    back up to 100%: a question scored only in writing is 100% written; one scored in two of three stages
    keeps those two stages' proportions.
    """
    if own_split is not None:
        return {stage: share for stage, share in own_split.items() if share}
    shares = {stage: evaluation_split.get(stage, ZERO) for stage in question_stages}
    total = sum(shares.values(), ZERO)
    if total == 0:
        return {stage: HUNDRED / len(question_stages) for stage in question_stages}
    return {stage: share * HUNDRED / total for stage, share in shares.items() if share}
