"""Method options (docs/scoring-method.md): quality relative to the best, per question or per envelope, and the
affordability ceiling; each against the hand-worked example in the docs."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction as F

import pytest

from svtool.domain.engine import Engine, evaluate
from svtool.domain.evaluation import (
    Bidder,
    CeilingAction,
    CeilingReference,
    Evaluation,
    Moderation,
    QualityBasis,
    ScaleMethod,
)
from svtool.domain.results import FlagKind
from svtool.domain.sensitivity import score_needed
from svtool.domain.validation import Severity, validate_setup
from tests.domain.builders import D, care_tender, method_of

NAMES = {"written": "Written", "interview": "Interview"}
RELATIVE = QualityBasis.RELATIVE_TO_BEST


def relative_question(evaluation: Evaluation, question_id: str) -> Evaluation:
    return replace(
        evaluation,
        questions=tuple(
            replace(q, method=replace(q.method, basis=RELATIVE))
            if q.id == question_id and isinstance(q.method, ScaleMethod)
            else q
            for q in evaluation.questions
        ),
    )


def relative_envelope(evaluation: Evaluation, envelope_id: str) -> Evaluation:
    return replace(
        evaluation,
        envelopes=tuple(replace(v, quality_basis=RELATIVE) if v.id == envelope_id else v for v in evaluation.envelopes),
    )


def test_a_question_relative_to_the_best_matches_the_hand_worked_example() -> None:
    """docs/scoring-method.md: Q2 (weight 15) combined scores A 4, B 3, C 3; the best is 4, so A earns 15,
    B and C 3/4 x 15 = 11.25 each (absolute: 12, 9, 9). Totals: A 82 + 3 = 85, B 78.75 + 2.25 = 81,
    C 2603/36 + 2.25 = 671/9."""
    results = evaluate(relative_question(care_tender(), "Q2"))
    q2 = {b.bidder_id: b.questions["Q2"] for b in results.bidders}
    assert {b: (r.raw, r.share, r.contribution) for b, r in q2.items()} == {
        "A": (F(4), F(1), F(15)),
        "B": (3, F(3, 4), F(45, 4)),
        "C": (3, F(3, 4), F(45, 4)),
    }
    assert {b.bidder_id: b.total for b in results.bidders} == {"A": 85, "B": 81, "C": F(671, 9)}
    assert q2["B"].explain(NAMES) == (
        "Written 4.00 (moderated) x 50% + Interview 2.00 (moderated) x 50% = 3.00 out of 5.00, against the best "
        "compliant combined score of 4.00: 75.00% of 15.00 = 11.25 points."
    )
    assert any("Relative to the best: question Q2 earn" in rule for rule in results.rules)


def test_the_best_is_among_compliant_bidders_only() -> None:
    """With A excluded by the officer, the best on Q2 is 3 (B and C): each earns all 15 marks, and A's 4 moves
    nobody's share; A keeps its combined score in the breakdown but earns no points on Q2."""
    evaluation = relative_question(care_tender(), "Q2")
    bidders = (replace(evaluation.bidders[0], excluded_reason="Failed the selection stage"), *evaluation.bidders[1:])
    results = evaluate(replace(evaluation, bidders=bidders))
    assert results.bidder("B").questions["Q2"].contribution == 15
    assert results.bidder("C").questions["Q2"].contribution == 15
    a = results.bidder("A").questions["Q2"]
    assert (a.raw, a.share, a.contribution) == (F(4), None, None)
    assert a.explain() == "Not scored: the bidder is excluded, so takes no part in this relative formula."


def test_a_threshold_failure_is_not_compliant_and_thresholds_use_the_scale_score() -> None:
    """C scores 2 written on Q1 (minimum 3 here): excluded before relative scoring, so Q2's best is still A's 4.
    The minimum is judged on the scale score, not on the relative share."""
    evaluation = relative_question(care_tender(), "Q1")
    evaluation = replace(
        evaluation,
        questions=tuple(
            replace(q, method=replace(method_of(q, ScaleMethod), min_score=D(3))) if q.id == "Q1" else q
            for q in evaluation.questions
        ),
    )
    results = evaluate(evaluation)
    assert results.bidder("C").excluded and results.bidder("C").questions["Q1"].share is None
    # A and B both combine to 4 on Q1: both earn full marks relative to the best.
    assert results.bidder("A").questions["Q1"].contribution == 25 == results.bidder("B").questions["Q1"].contribution


def test_when_the_best_is_zero_nobody_earns_marks() -> None:
    evaluation = relative_question(care_tender(), "Q2")
    moderations = tuple(replace(m, value=D(0)) if m.question_id == "Q2" else m for m in evaluation.moderations)
    results = evaluate(replace(evaluation, moderations=moderations))
    for bidder in results.bidders:
        assert bidder.questions["Q2"].share == 0 and bidder.questions["Q2"].contribution == 0
    assert (
        "the best compliant combined score is 0, so no bidder earns marks"
        in results.bidder("A").questions["Q2"].explain()
    )


def test_an_envelope_relative_to_the_best_matches_the_hand_worked_example() -> None:
    """docs/scoring-method.md: Quality (Q1 25 + Q2 15 = 40 marks) absolute points A 20 + 12 = 32, B 20 + 9 = 29,
    C 15 + 9 = 24; the best is 32, so every point is scaled by 40/32: A 40, B 36.25, C 30. Totals A 90, B 86,
    C 2603/36 + 6 = 2819/36."""
    results = evaluate(relative_envelope(care_tender(), "quality"))
    assert {b.bidder_id: b.envelope_totals["quality"] for b in results.bidders} == {"A": 40, "B": F(145, 4), "C": 30}
    assert {b.bidder_id: b.total for b in results.bidders} == {"A": 90, "B": 86, "C": F(2819, 36)}
    b = results.bidder("B")
    assert (b.questions["Q1"].contribution, b.questions["Q2"].contribution) == (F(25), F(45, 4))
    assert b.questions["Q2"].explain(NAMES) == (
        "Written 4.00 (moderated) x 50% + Interview 2.00 (moderated) x 50% = 3.00 out of 5.00, scaled by the "
        "envelope's 40.00 marks / the best compliant total of 32.00 (this bidder's total 29.00): 75.00% of 15.00 "
        "= 11.25 points."
    )
    # Non-scale questions in a relative envelope are untouched: social value stays absolute here.
    assert results.bidder("C").envelope_totals["sv"] == evaluate(care_tender()).bidder("C").envelope_totals["sv"]


def test_an_envelope_scaled_to_the_best_compliant_bidder() -> None:
    """With A (the best, 32) excluded by the officer, B's 29 is the best: B earns all 40 quality marks and C
    24 x 40/29 = 960/29."""
    evaluation = relative_envelope(care_tender(), "quality")
    bidders = (replace(evaluation.bidders[0], excluded_reason="Failed the selection stage"), *evaluation.bidders[1:])
    results = evaluate(replace(evaluation, bidders=bidders))
    assert results.bidder("B").envelope_totals["quality"] == 40
    assert results.bidder("C").envelope_totals["quality"] == F(960, 29)
    assert results.bidder("A").questions["Q1"].contribution is None


def test_an_envelope_minimum_is_judged_on_absolute_points_before_scaling() -> None:
    """C earns 24 of the 40 absolute quality marks (60%); with a 65% minimum C is excluded even though scaled it
    would have 30 of 40 (75%)."""
    evaluation = relative_envelope(care_tender(), "quality")
    evaluation = replace(
        evaluation,
        envelopes=tuple(replace(v, min_percent=D(65)) if v.id == "quality" else v for v in evaluation.envelopes),
    )
    results = evaluate(evaluation)
    assert results.bidder("C").excluded
    assert "Earned 60.00% of the Quality marks" in results.bidder("C").exclusion_reasons[0]


def test_a_question_and_its_envelope_cannot_both_be_relative() -> None:
    evaluation = relative_envelope(relative_question(care_tender(), "Q2"), "quality")
    errors = [i for i in validate_setup(evaluation) if i.severity is Severity.ERROR]
    assert [i.where for i in errors] == ["question Q2 ('Workforce')"]
    assert "Choose one" in errors[0].message


def test_the_score_needed_is_not_offered_where_one_score_moves_the_best() -> None:
    evaluation = relative_question(care_tender(), "Q2")
    with pytest.raises(ValueError, match="relative to the best"):
        score_needed(evaluation, evaluate(evaluation), "B", "Q2")
    assert score_needed(evaluation, evaluate(evaluation), "B", "Q1").needed is not None


def test_relative_results_follow_every_edit() -> None:
    """Raising B's Q2 interview score to 5 makes B the best on Q2 (4.5): A's share falls to 4/4.5 although
    nothing of A's changed."""
    engine = Engine(relative_question(care_tender(), "Q2"))
    engine.results()
    engine.set_moderation(Moderation("B", "Q2", "interview", D(5), "Panel agreed 5 after the interview."))
    results = engine.results()
    assert results.bidder("A").questions["Q2"].share == F(8, 9)
    assert results.bidder("B").questions["Q2"].share == 1
    engine.update_setup(
        replace(
            engine.evaluation,
            bidders=(
                *engine.evaluation.bidders[:1],
                Bidder("B", "National Care plc", excluded_reason="Late"),
                engine.evaluation.bidders[2],
            ),
        )
    )
    assert engine.results().bidder("A").questions["Q2"].share == 1


# Affordability ceiling ---------------------------------------------------------------------------------------------


def with_ceiling(
    evaluation: Evaluation,
    reference: CeilingReference,
    action: CeilingAction,
    budget: str | None = None,
    estimate: str | None = None,
) -> Evaluation:
    return replace(
        evaluation,
        price=replace(
            evaluation.price,
            ceiling=reference,
            ceiling_action=action,
            budget=D(budget) if budget else None,
            pre_tender_estimate=D(estimate) if estimate else evaluation.price.pre_tender_estimate,
        ),
    )


def test_a_bid_above_the_budget_is_excluded_with_its_reason() -> None:
    """docs/scoring-method.md: budget £950,000, exclude. A (£1,000,000) is excluded; price is scored among B
    (£800,000, lowest: 40) and C (£900,000: 800/900 x 40 = 320/9), so B is recommended, 78.75 to 2603/36."""
    results = evaluate(with_ceiling(care_tender(), CeilingReference.BUDGET, CeilingAction.EXCLUDE, budget="950000"))
    a = results.bidder("A")
    assert a.excluded and a.rank is None and a.questions["P1"].share is None
    assert a.exclusion_reasons == (
        "Its price of £1,000,000.00 is above the affordability ceiling, the budget of £950,000.00, by £50,000.00.",
    )
    assert any(f.kind is FlagKind.EXCLUDED and "affordability ceiling" in f.message for f in a.flags)
    assert results.winner is not None and results.winner.bidder_id == "B"
    assert (results.bidder("B").total, results.bidder("C").total) == (F(315, 4), F(2603, 36))
    assert any(
        rule.startswith("Affordability: a bid priced above the budget of £950,000.00 is excluded")
        for rule in results.rules
    )


def test_a_bid_above_the_estimate_is_flagged_and_a_bid_at_it_is_not() -> None:
    """Pre-tender estimate £900,000, flag: A (£1,000,000) is flagged but scored and still recommended (82);
    C at exactly £900,000 is within the ceiling."""
    results = evaluate(
        with_ceiling(care_tender(), CeilingReference.PRE_TENDER_ESTIMATE, CeilingAction.FLAG, estimate="900000")
    )
    ceiling_flags = [f for f in results.flags if f.kind is FlagKind.ABOVE_CEILING]
    assert [(f.bidder_id, f.message) for f in ceiling_flags] == [
        (
            "A",
            "Ashton Care Co-operative's price of £1,000,000.00 is above the affordability ceiling, the pre-tender "
            "estimate of £900,000.00, by £100,000.00. The method flags it for the panel to decide; it is scored as "
            "usual.",
        )
    ]
    assert results.winner is not None and results.winner.bidder_id == "A" and results.winner.total == 82
    assert not any(b.excluded for b in results.bidders)


def test_a_price_change_moves_the_ceiling_exclusion() -> None:
    engine = Engine(with_ceiling(care_tender(), CeilingReference.BUDGET, CeilingAction.EXCLUDE, budget="950000"))
    assert engine.results().bidder("A").excluded
    engine.set_bid(replace(engine.evaluation.bids[0], price=D(950000)))  # at the ceiling: affordable
    results = engine.results()
    assert not results.bidder("A").excluded and results.winner is not None and results.winner.bidder_id == "A"


def test_a_ceiling_needs_its_amount() -> None:
    messages = [
        i.message for i in validate_setup(with_ceiling(care_tender(), CeilingReference.BUDGET, CeilingAction.EXCLUDE))
    ]
    assert "the affordability ceiling is the budget, but no budget is entered." in messages
    messages = [
        i.message
        for i in validate_setup(with_ceiling(care_tender(), CeilingReference.PRE_TENDER_ESTIMATE, CeilingAction.FLAG))
    ]
    assert "the affordability ceiling is the pre-tender estimate, but none is entered." in messages
    messages = [
        i.message
        for i in validate_setup(with_ceiling(care_tender(), CeilingReference.BUDGET, CeilingAction.FLAG, budget="-5"))
    ]
    assert "the budget must be more than £0." in messages
