"""The pages show pounds exactly as the reports do: one money() for screen, PDF and workbook."""

from __future__ import annotations

from decimal import Decimal

import pytest

from svtool.domain import numbers
from svtool.ui.widgets import money

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("text", ["2.125", "2.135", "0.005", "-2.125", "4800000", "12.6", "1234.5650"])
def test_the_screen_rounds_money_as_the_reports_do(text: str) -> None:
    assert money(Decimal(text)) == numbers.money(Decimal(text))


def test_half_a_penny_rounds_up_on_screen() -> None:
    assert money(Decimal("2.125")) == "£2.13" and money(None) == ""
