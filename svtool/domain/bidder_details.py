"""Checks of the bidders' own details and the community wealth building settings (docs/community-wealth.md):
postcodes in a UK format, supply chain shares that add up, targets that are percentages, and reserved contracts
with each exclusion's reason. Called by validation.validate_setup."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from svtool.domain.evaluation import Evaluation
from svtool.domain.postcodes import PostcodeError, parse_postcode

Report = Callable[[str, str], None]
HUNDRED = Decimal(100)


def check_details(evaluation: Evaluation, error: Report, warning: Report) -> None:
    for bidder in evaluation.bidders:
        where = f"bidder {bidder.id} ({bidder.name})"
        if bidder.postcode:
            try:
                parse_postcode(bidder.postcode)
            except PostcodeError as problem:
                error(where, str(problem))
        total = Decimal(0)
        for number, link in enumerate(bidder.supply_chain, start=1):
            try:
                parse_postcode(link.postcode)
            except PostcodeError as problem:
                error(f"{where}, supplier {number}", str(problem))
            if link.share is not None:
                if not Decimal(0) <= link.share <= HUNDRED:
                    error(f"{where}, supplier {number}", f"has a spend share of {link.share}%; give 0 to 100.")
                total += link.share
        if total > HUNDRED:
            error(where, f"its supply chain's spend shares add up to {total}%, more than 100%.")
        if evaluation.reservation is not None:
            if bidder.reserved_eligible is False and not bidder.reserved_reason.strip():
                error(where, "is recorded as not eligible for the reserved contract; give the reason.")
            elif bidder.reserved_eligible is None:
                warning(
                    where,
                    "has no eligibility recorded for the reserved contract; record whether it is "
                    "eligible before the award.",
                )
    for attribute, target in evaluation.cwb_targets.items():
        if not Decimal(0) <= target <= HUNDRED:
            error(
                "community wealth building targets",
                f"the {attribute.value} target of {target}% is not a percentage; give 0 to 100.",
            )
