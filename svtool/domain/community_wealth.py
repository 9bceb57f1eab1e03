"""Community wealth building: how many bidders, and how much of the recommended contract value, go to SMEs, VCSEs,
co-operatives, social enterprises and local organisations, against the evaluation's targets (docs/community-wealth.md).

Reported, never scored. "Local" is computed from the bidder's postcode and the boundary (postcodes.attributes_of).
The recommended value is the recommended bidder's price, or the contract value where it has none; with no
recommended bidder (none ranked, or a tie not broken) there is no value share to give.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from svtool.domain.evaluation import Attribute, Evaluation
from svtool.domain.living_wage import Region
from svtool.domain.numbers import HUNDRED, ZERO, money
from svtool.domain.postcodes import attributes_of
from svtool.domain.results import Results

#: The order and words the reports use.
LABELS = (
    (Attribute.SME, "SME"),
    (Attribute.VCSE, "VCSE"),
    (Attribute.CO_OPERATIVE, "Co-operative"),
    (Attribute.SOCIAL_ENTERPRISE, "Social enterprise"),
    (Attribute.LOCAL, "Local"),
)


@dataclass(frozen=True)
class Share:
    attribute: Attribute
    label: str
    bidders: int  # bidders with the attribute
    of_bidders: int  # all bidders
    #: Per cent of the recommended contract value going to organisations with the attribute; None: no recommendation.
    value_percent: Fraction | None
    value: Fraction  # pounds of it
    target: Decimal | None  # per cent of the recommended value, set for the evaluation

    @property
    def bidder_percent(self) -> Fraction:
        return Fraction(self.bidders * 100, self.of_bidders) if self.of_bidders else ZERO

    @property
    def met(self) -> bool | None:
        """Whether the value share reaches the target; None with no target or no recommendation."""
        if self.target is None or self.value_percent is None:
            return None
        return self.value_percent >= Fraction(self.target)


def recommended_value(evaluation: Evaluation, results: Results) -> Fraction | None:
    winner = results.winner
    if winner is None:
        return None
    return winner.price if winner.price is not None else Fraction(evaluation.contract_value)


def shares(evaluation: Evaluation, results: Results) -> tuple[Share, ...]:
    """Each attribute's share of the bidders and of the recommended contract value, with its target."""
    attributes = {b.id: attributes_of(b, evaluation.local_boundary) for b in evaluation.bidders}
    winner = results.winner
    value = recommended_value(evaluation, results)
    out = []
    for attribute, label in LABELS:
        count = sum(attribute in found for found in attributes.values())
        going = (
            value
            if value is not None and winner is not None and attribute in attributes.get(winner.bidder_id, frozenset())
            else ZERO
        )
        value_percent = None if value is None else (going * HUNDRED / value if value else ZERO)
        out.append(
            Share(attribute, label, count, len(attributes), value_percent, going, evaluation.cwb_targets.get(attribute))
        )
    return tuple(out)


def living_wage_citation(evaluation: Evaluation) -> str | None:
    """The Real Living Wage rate the evaluation applies, for its reports: the rate, region, date and source (as
    services/rates.py apply_rate_in_force recorded them); None with no rate."""
    rate = evaluation.living_wage_rate
    if rate is None:
        return None
    region = "London" if evaluation.living_wage_region is Region.LONDON else "UK"
    text = f"Real Living Wage {money(rate)} an hour ({region} rate)"
    if evaluation.tender_date is not None:
        text += f", in force at the tender date {evaluation.tender_date.isoformat()}"
    return text + (f": {evaluation.living_wage_source}." if evaluation.living_wage_source else ", entered by hand.")
