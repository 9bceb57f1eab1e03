"""One money format and one rounding (domain/numbers.py): half up to the penny, as councils expect."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from svtool.domain.numbers import money


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2.125"), "£2.13"),
        (Decimal("2.135"), "£2.14"),
        (Decimal("2.124999"), "£2.12"),
        (Decimal("-2.125"), "-£2.13"),
        (Fraction(17, 8), "£2.13"),
        (Decimal("1234567.005"), "£1,234,567.01"),
        (0, "£0.00"),
    ],
)
def test_money_rounds_half_up_to_the_penny(value: Decimal | Fraction | int, shown: str) -> None:
    assert money(value) == shown
