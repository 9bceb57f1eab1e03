"""Reserved contracts (Procurement Act 2023 ss.32-33): only eligible suppliers may bid, so a bidder recorded as
ineligible is excluded with its reason, as the affordability ceiling excludes (docs/community-wealth.md)."""

from __future__ import annotations

from svtool.domain.evaluation import Bidder, Reservation

DESCRIPTIONS = {
    Reservation.SUPPORTED_EMPLOYMENT: "Procurement Act 2023 s.32, supported employment providers (at least 30% "
    "of staff disabled or disadvantaged)",
    Reservation.PUBLIC_SERVICE_MUTUAL: "Procurement Act 2023 s.33, public service mutuals (certain light-touch "
    "contracts)",
}


def rule(reservation: Reservation | None) -> str | None:
    """The reservation in words, for the rules of a report; None where the contract is not reserved."""
    if reservation is None:
        return None
    return (
        f"Reserved contract: {DESCRIPTIONS[reservation]}. A bidder recorded as not eligible is excluded, with "
        "the reason recorded."
    )


def exclusion_reason(bidder: Bidder, reservation: Reservation | None) -> str | None:
    """Why a bidder is excluded from a reserved contract, or None (not reserved, eligible, or not yet recorded)."""
    if reservation is None or bidder.reserved_eligible is not False:
        return None
    why = bidder.reserved_reason.strip() or "no reason recorded"
    return f"Not eligible for this reserved contract ({DESCRIPTIONS[reservation]}): {why}"


def unrecorded(bidder: Bidder, reservation: Reservation | None) -> bool:
    """Whether the contract is reserved and this bidder's eligibility is still to be recorded."""
    return reservation is not None and bidder.reserved_eligible is None
