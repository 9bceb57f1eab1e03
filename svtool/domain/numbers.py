"""Exact numbers and the one rounding rule.

Every score, weight and price is held as an exact rational number (fractions.Fraction): 10,000 / 15,000 is
exactly 2/3, not 0.6666666667. Nothing is rounded while computing. Rounding happens only when a number is shown,
by one rule: half away from zero ("round half up", as people are taught at school and as Excel's ROUND does) to a
stated number of decimal places. A report that shows rounded parts and a rounded total says so where they differ.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

Number = Fraction | Decimal | int

ZERO = Fraction(0)
ONE = Fraction(1)
HUNDRED = Fraction(100)

#: Decimal places shown for points and percentages; pounds are shown to the penny.
POINT_PLACES = 2
MONEY_PLACES = 2


def exact(value: Number | str) -> Fraction:
    """The exact rational value of a Decimal, int, Fraction or decimal string (never a float)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        raise TypeError("floats are not exact; pass a Decimal or a string")
    return Fraction(value)


@lru_cache(maxsize=4096)
def as_fraction(value: Decimal) -> Fraction:
    """A Decimal's exact Fraction, remembered: the engine converts the same few scale points and prices again and
    again."""
    return Fraction(value)


def rounded(value: Number, places: int = POINT_PLACES) -> Decimal:
    """value rounded half away from zero to `places` decimal places: the display rule."""
    fraction = exact(value)
    if fraction.denominator == 1:  # whole numbers need no rounding: the common case for scale points
        return Decimal(fraction.numerator).quantize(Decimal(1).scaleb(-places))
    scale = 10**places
    scaled = fraction * scale
    whole, remainder = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        whole += 1
    sign = -1 if scaled < 0 else 1
    return (Decimal(sign * whole) / Decimal(scale)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def show(value: Number, places: int = POINT_PLACES) -> str:
    """A number as shown to people: rounded by the display rule, with thousands separators."""
    return f"{rounded(value, places):,.{places}f}"


def money(value: Number) -> str:
    """Pounds to the penny: £12,345.67 (negative as -£12.00)."""
    amount = rounded(value, MONEY_PLACES)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.{MONEY_PLACES}f}"


def percent(value: Number, places: int = POINT_PLACES) -> str:
    """A percentage already expressed in per cent (40 -> '40.00%')."""
    return f"{show(value, places)}%"
