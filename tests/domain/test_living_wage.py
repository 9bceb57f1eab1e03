"""Real Living Wage rates as dated data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from svtool.domain.living_wage import Region, rate_in_force
from svtool.services.errors import UserError
from svtool.services.rates import load_rates


def test_shipped_rates_match_the_living_wage_foundation() -> None:
    rates = {r.label: (r.uk, r.london) for r in load_rates()}
    assert rates["2023/24"] == (Decimal("12.00"), Decimal("13.15"))
    assert rates["2024/25"] == (Decimal("12.60"), Decimal("13.85"))
    assert rates["2025/26"] == (Decimal("13.45"), Decimal("14.80"))


def test_rate_in_force_follows_the_announcement_date() -> None:
    rates = load_rates()
    assert rate_in_force(rates, date(2025, 10, 21)).label == "2024/25"  # type: ignore[union-attr]
    current = rate_in_force(rates, date(2026, 11, 23))
    assert current is not None and current.for_region(Region.LONDON) == Decimal("14.80")
    assert rate_in_force(rates, date(2020, 1, 1)) is None


def test_a_bad_rate_table_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "rates.toml"
    path.write_text('[[rates]]\nlabel = "x"\nannounced = 2026-10-20\nimplement_by = 2027-05-01\nuk = "13"\n'
                    "london = 15\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"rates.toml, rate 1: uk must be an hourly rate in pounds"):
        load_rates(path)
