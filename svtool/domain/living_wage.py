"""Real Living Wage rates (Living Wage Foundation): data with dates, because a new rate comes every autumn.

The Foundation announces new rates each October or November; accredited employers then have until the
following 1 May to pay them. A rate is "in force" here from its announcement, which is what a bidder should
commit to; implement_by records the deadline as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Region(StrEnum):
    UK = "uk"  # the UK rate, everywhere outside London
    LONDON = "london"


@dataclass(frozen=True)
class LivingWageRate:
    label: str  # e.g. "2025/26"
    announced: date
    implement_by: date
    uk: Decimal  # pounds per hour
    london: Decimal
    #: Where the rate was published, for the reports to cite.
    source: str = ""

    def for_region(self, region: Region) -> Decimal:
        return self.london if region is Region.LONDON else self.uk


def rate_in_force(rates: Sequence[LivingWageRate], on: date) -> LivingWageRate | None:
    """The most recently announced rate on a date, or None before the first rate in the table."""
    announced = [r for r in rates if r.announced <= on]
    return max(announced, key=lambda r: r.announced) if announced else None
