"""Sensitivity: splits, envelope weights and the score needed, checked against hand-worked totals."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction as F

from svtool.domain.engine import Engine, evaluate
from svtool.domain.sensitivity import score_needed, split_sensitivity, weight_sensitivity
from tests.domain.builders import D, care_tender


def test_split_sensitivity_needs_two_stages() -> None:
    evaluation = care_tender()
    single = replace(evaluation, stages=evaluation.stages[:1], split={"written": D(100)})
    engine = Engine(single)
    assert split_sensitivity(engine, engine.results()) is None


def test_weight_sensitivity_is_exact() -> None:
    """Social value weight y: A = 80 + 0.1y, B = 86.25 - 0.375y, level at y = 6.25/0.475 = 250/19."""
    evaluation = care_tender()
    by_envelope = {w.envelope_id: w for w in weight_sensitivity(evaluation, evaluate(evaluation))}
    sv = by_envelope["sv"]
    assert sv.holds_from == F(250, 19) and sv.holds_to == 100 and sv.below_winner == "National Care plc"
    # Price weight x: 0.8x + 50(100-x)/60 = x + 38.75(100-x)/60 at x = 1125/23.25 = 1500/31.
    assert by_envelope["price"].holds_to == F(1500, 31) and by_envelope["price"].above_winner == "National Care plc"
    assert "holds from 13.16 to 100.00 points" in sv.statement


def test_weight_crossover_really_changes_the_winner() -> None:
    """Re-run the engine just either side of the computed crossover, with weights scaled as described."""
    evaluation = care_tender()
    crossover = next(w for w in weight_sensitivity(evaluation, evaluate(evaluation)) if w.envelope_id == "sv")
    for new_weight, expected in ((crossover.holds_from + F(1, 100), "A"), (crossover.holds_from - F(1, 100), "B")):
        factor_sv = new_weight / 20
        factor_rest = (100 - new_weight) / 80
        questions = tuple(
            replace(q, weight=_decimal(F(q.weight) * (factor_sv if q.envelope_id == "sv" else factor_rest)))
            for q in evaluation.questions
        )
        winner = evaluate(replace(evaluation, questions=questions)).winner
        assert winner is not None and winner.bidder_id == expected


def _decimal(value: F) -> D:
    return D(value.numerator) / D(value.denominator)


def test_score_needed() -> None:
    evaluation = care_tender()
    results = evaluate(evaluation)
    b = score_needed(evaluation, results, "B", "Q1")
    assert b.needed == F(465, 100)  # 4 + (82 - 78.75) x 5 / 25
    a = score_needed(evaluation, results, "A", "Q1")
    assert a.needed == F(335, 100)
    c = score_needed(evaluation, results, "C", "S3")  # 9.69 points behind; S3 is worth 10 and C has 2 of 5
    assert c.needed is None and "could not catch" in c.statement
    # Check B's figure by giving B exactly that score: it draws level and loses on the tie-break (quality).
    moderations = tuple(
        replace(m, value=D("4.65")) if (m.bidder_id, m.question_id) == ("B", "Q1") else m
        for m in evaluation.moderations
    )
    level = evaluate(replace(evaluation, moderations=moderations))
    assert level.bidder("B").total == level.bidder("A").total
