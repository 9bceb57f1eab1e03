"""The formulas on their own, with DOMAIN.md's worked numbers."""

from __future__ import annotations

from fractions import Fraction as F

from svtool.domain import formulas
from svtool.domain.engine import evaluate
from svtool.domain.numbers import money, rounded, show
from tests.domain.builders import care_tender


def test_lm3_northumberland() -> None:
    """R1 = 1.00; Northumberland found £1 spent locally worth £1.76 to the local economy: R2 + R3 = 0.76."""
    assert formulas.lm3(F(1), F(50, 100), F(26, 100)) == F(176, 100)


def test_lowest_price_gov_uk_example() -> None:
    shares = formulas.lowest_price({"A": F(15000), "B": F(10000), "C": F(30000)})
    assert [str(rounded(shares[b], 3)) for b in "ABC"] == ["0.667", "1.000", "0.333"]


def test_relative_to_best_with_no_offers() -> None:
    assert formulas.relative_to_best({"A": F(0), "B": F(0)}) == {"A": 0, "B": 0}


def test_range_price_with_equal_bids() -> None:
    assert formulas.range_price({"A": F(5), "B": F(5)}) == {"A": 1, "B": 1}


def test_percent_of_contract_is_capped() -> None:
    assert formulas.percent_of_contract(F(30000), F(1_000_000), F(2)) == 1  # 3% against a 2% target
    assert formulas.percent_of_contract(F(10000), F(1_000_000), F(2)) == F(1, 2)


def test_abnormally_low_threshold_is_strict() -> None:
    assert not formulas.abnormally_low(F(80), F(100), F(20))  # exactly 20% below: not more than 20%
    assert formulas.abnormally_low(F(7999, 100), F(100), F(20))


def test_median_and_mean() -> None:
    assert formulas.median([F(1), F(5), F(2), F(4)]) == 3
    assert formulas.mean([F(1), F(2)]) == F(3, 2)


def test_display_rounding_rule() -> None:
    assert str(rounded(F(5, 1000))) == "0.01"  # half away from zero
    assert str(rounded(F(-5, 1000))) == "-0.01"
    assert str(rounded(F(2, 3), 3)) == "0.667"
    assert show(F(1234567, 10)) == "123,456.70" and money(F(-12)) == "-£12.00"


def test_every_result_in_an_evaluation_can_explain_itself() -> None:
    results = evaluate(care_tender())
    for bidder in results.bidders:
        for question in bidder.questions.values():
            text = question.explain()
            assert text.endswith("points.") and show(question.contribution or 0) in text
