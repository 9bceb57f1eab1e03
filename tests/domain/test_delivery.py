"""The pure arithmetic after award (docs/delivery.md): periods, even profiles that add up, cumulative standing
against profile and commitment, RAG on the contract's thresholds, spend-weighted levels, LM3 on delivered spend,
the s.52 minimum and the notice."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest

from svtool.domain.delivery import (
    Contract,
    Delivery,
    Figure,
    Frequency,
    Kpi,
    KpiRating,
    PeriodReturn,
    Rag,
    Rating,
    Role,
    even_profile,
    implausible,
    kpi_minimum_problem,
    period_labels,
    rag,
    standing,
    wealth,
)
from svtool.domain.delivery_notice import notice_text


def contract(value: str = "4800000") -> Contract:
    return Contract(
        "ACC", "Ashton Care Co-operative", "E1", "2026-12-01T10:00:00+00:00", "2027-Q3", Frequency.QUARTER, 8, D(value)
    )


def test_periods_cross_the_year() -> None:
    assert period_labels("2027-Q3", Frequency.QUARTER, 4) == ("2027-Q3", "2027-Q4", "2028-Q1", "2028-Q2")
    assert period_labels("2027", Frequency.YEAR, 3) == ("2027", "2028", "2029")
    with pytest.raises(ValueError, match="is not a quarter"):
        period_labels("2027-Q5", Frequency.QUARTER, 4)
    assert contract().assessments == ("2028-Q2", "2029-Q2")
    assert contract().assessment_periods("2029-Q2") == ("2028-Q3", "2028-Q4", "2029-Q1", "2029-Q2")


def test_an_even_profile_adds_up_to_the_commitment() -> None:
    profile = even_profile(D(100), 3, level=False)
    assert profile == (D("33.33"), D("33.33"), D("33.34")) and sum(profile) == 100
    assert even_profile(D(72), 3, level=True) == (D(72), D(72), D(72))


def test_rag_thresholds() -> None:
    assert rag(Fraction(95), D(95), D(80)) is Rag.GREEN
    assert rag(Fraction(9499, 100), D(95), D(80)) is Rag.AMBER
    assert rag(Fraction(80), D(95), D(80)) is Rag.AMBER
    assert rag(Fraction(7999, 100), D(95), D(80)) is Rag.RED
    assert rag(None, D(95), D(80)) is Rag.NONE


def test_cumulative_against_profile_and_commitment() -> None:
    jobs = Kpi("K1", "Local jobs", "people", D(40), even_profile(D(40), 8, False), role=Role.LOCAL_JOBS)
    d = Delivery(contract(), (jobs,), figures=(Figure("K1", "2027-Q3", D(3)), Figure("K1", "2027-Q4", D(6))))
    now = standing(d, jobs)
    assert (now.delivered, now.profile, now.of_profile, now.of_commitment, now.rag) == (
        Fraction(9),
        Fraction(10),
        Fraction(90),
        Fraction(45, 2),
        Rag.AMBER,
    )
    assert standing(d, jobs, "2027-Q3").rag is Rag.RED  # 3 of 5


def test_a_level_is_weighted_by_spend_so_local_spend_is_the_share_of_all_spend() -> None:
    local = Kpi("K1", "Local spend", "%", D(60), (D(60),) * 8, role=Role.LOCAL_SPEND)
    returns = (PeriodReturn("2027-Q3", D(100000), "", ""), PeriodReturn("2027-Q4", D(300000), "", ""))
    d = Delivery(contract(), (local,), returns, (Figure("K1", "2027-Q3", D(80)), Figure("K1", "2027-Q4", D(40))))
    assert standing(d, local).delivered == 50  # (80k + 120k) / 400k
    w = wealth(d, D(40))
    assert (w.spend, w.local_pounds, w.local_percent) == (Fraction(400000), Fraction(200000), Fraction(50))
    assert w.lm3 == Fraction(17, 10)  # (400k + 200k + 80k) / 400k
    assert wealth(d, None).lm3 is None


def test_plausibility() -> None:
    assert implausible("%", D(101)) == "is a percentage above 100"
    assert implausible("people", D(-1)) == "is negative"
    assert implausible("yes/no", D(2)) == "must be 1 (yes) or 0 (no)"
    assert implausible("GBP", D(10) ** 13) == "is implausibly large"
    assert implausible("GBP", D("NaN")) == "is not a number"
    assert implausible("%", D(100)) is None


def test_a_contract_over_five_million_needs_three_kpis() -> None:
    kpi = Kpi("K1", "x", "%", D(1), (D(1),))
    assert kpi_minimum_problem(D("5000000.01"), [kpi, kpi]) is not None
    assert "s.52" in (kpi_minimum_problem(D("5000000.01"), [kpi]) or "")
    assert kpi_minimum_problem(D("5000000"), [kpi]) is None
    assert kpi_minimum_problem(D("6000000"), [kpi] * 3) is None


def test_the_notice_lists_every_kpi_rated_or_not() -> None:
    a = Kpi("K1", "Local spend", "%", D(60), (D(60),) * 8)
    b = Kpi("K2", "Apprenticeships", "people", D(8), (D(1),) * 8)
    d = Delivery(
        contract(),
        (a, b),
        figures=(Figure("K1", "2027-Q3", D(61)),),
        ratings=(KpiRating("K1", "2028-Q2", Rating.GOOD, "Above target.", "E1", "2028-07-01"),),
    )
    text = notice_text(d, "Care at home", "HC-1", "2028-Q2")
    assert "Period assessed: 2027-Q3 to 2028-Q2" in text
    assert (
        "KPI 1: Local spend\n  Target: 60% throughout\n  Delivered to date: 61% (101.7% of profile)\n"
        "  Rating: Good\n  Reasons: Above target." in text
    )
    assert "KPI 2: Apprenticeships" in text and "Rating: NOT YET RATED" in text
    assert text.endswith("Ratings: 1 Good")


def test_figures_as_people_read_them() -> None:
    from svtool.domain.delivery_notice import figure

    assert [
        figure(D(v), u)
        for v, u in (
            ("1", "people"),
            ("2", "people"),
            ("1234.5", "GBP"),
            ("81.25", "%"),
            ("1", "yes/no"),
            ("0", "yes/no"),
        )
    ] == ["1 person", "2 people", "£1,234.50", "81.3%", "yes", "no"]  # half up (domain/numbers.py)
    assert figure(None, "%") == "not reported"
