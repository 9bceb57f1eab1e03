"""Real Living Wage rates as dated data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

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
    path.write_text(
        '[[rates]]\nlabel = "x"\nannounced = 2026-10-20\nimplement_by = 2027-05-01\nuk = "13"\nlondon = 15\n',
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=r"rates.toml, rate 1: uk must be an hourly rate in pounds"):
        load_rates(path)


def test_an_added_rate_dated_in_the_future_applies_only_from_that_date(tmp_path: Path) -> None:
    from dataclasses import replace

    from svtool.domain.community_wealth import living_wage_citation
    from svtool.domain.living_wage import LivingWageRate
    from svtool.services.rates import add_rate, all_rates, apply_rate_in_force
    from tests.domain.builders import care_tender

    mine = tmp_path / "config" / "living_wage_rates.toml"
    november = LivingWageRate(
        "2026/27",
        date(2026, 11, 10),
        date(2027, 5, 1),
        Decimal("14.10"),
        Decimal("15.50"),
        "Living Wage Foundation announcement, 10 November 2026",
    )
    add_rate(november, mine)
    rates = all_rates(mine)
    assert [r.label for r in rates][-2:] == ["2025/26", "2026/27"]
    london = care_tender(tender_date=date(2026, 11, 9), living_wage_region=Region.LONDON)
    before = apply_rate_in_force(london, rates)
    assert before.living_wage_rate == Decimal("14.80") and "2025/26" in before.living_wage_source
    on_the_day = apply_rate_in_force(replace(london, tender_date=date(2026, 11, 10)), rates)
    assert on_the_day.living_wage_rate == Decimal("15.50") and "2026/27" in on_the_day.living_wage_source
    uk = apply_rate_in_force(replace(london, tender_date=date(2027, 1, 4), living_wage_region=Region.UK), rates)
    assert uk.living_wage_rate == Decimal("14.10")
    assert living_wage_citation(uk) == (
        "Real Living Wage £14.10 an hour (UK rate), in force at the tender date 2027-01-04: the 2026/27 rate "
        "announced 2026-11-10 (Living Wage Foundation announcement, 10 November 2026)."
    )
    # Without the added rate (another laptop), the shipped table still gives the rate then in force.
    assert apply_rate_in_force(uk, all_rates(tmp_path / "none.toml")).living_wage_rate == Decimal("13.45")
    with pytest.raises(UserError, match="announced by 2019-01-01"):
        apply_rate_in_force(replace(uk, tender_date=date(2019, 1, 1)), rates)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"label": "2025/26"}, "already in the table"),
        ({"announced": date(2025, 10, 22)}, "already in the table"),
        ({"uk": Decimal(0)}, "UK rate must be"),
        ({"london": Decimal("1e9")}, "London rate must be"),
        ({"source": ""}, "Say where"),
        ({"label": " "}, "label"),
        ({"implement_by": date(2020, 1, 1)}, "deadline"),
        ({"label": "bad\x07"}, "The label"),
    ],
)
def test_a_wrong_rate_is_refused_and_the_table_is_unchanged(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    from dataclasses import replace

    from svtool.domain.living_wage import LivingWageRate
    from svtool.services.rates import add_rate

    mine = tmp_path / "living_wage_rates.toml"
    rate = replace(
        LivingWageRate("2026/27", date(2026, 11, 10), date(2027, 5, 1), Decimal("14.10"), Decimal("15.50"), "LWF"),
        **change,
    )
    with pytest.raises(UserError, match=message):
        add_rate(rate, mine)
    assert not mine.exists()
