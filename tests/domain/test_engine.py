"""The engine against hand-worked numbers, including a 50/50 written/interview care tender."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction as F

import pytest

from svtool.domain.engine import Engine, evaluate
from svtool.domain.evaluation import (
    AbnormallyLowReference,
    Bid,
    Bidder,
    CommitmentValueMethod,
    Envelope,
    EnvelopeKind,
    LivingWageMethod,
    LocalSpendMethod,
    PanelSettings,
    PercentBasis,
    PriceFormula,
    PriceSettings,
    Question,
    ScaleMethod,
    UnmoderatedRule,
    ValueBasis,
)
from svtool.domain.numbers import rounded
from svtool.domain.results import FlagKind
from tests.domain.builders import D, care_tender, method_of, score


def test_care_tender_hand_worked_totals() -> None:
    """Worked by hand, question by question (weights: price 40, Q1 25, Q2 15, S1 5, S2 5, S3 10):

    Price, lowest £800,000:   A 800/1000 x 40 = 32       B 40          C 800/900 x 40 = 320/9
    Q1 (50/50, out of 5):     A (3+5)/2 = 4 -> 20        B (5+3)/2 = 4 -> 20      C (2+4)/2 = 3 -> 15
    Q2:                       A 4 -> 12                  B (4+2)/2 = 3 -> 9       C 3 -> 9
    S3 (written only):        A 4 -> 8                   B 3 -> 6                 C 2 -> 4
    S1 local spend, 40% target: A 60% -> capped 5        B 10% -> 1.25            C 30% -> 3.75
    S2 living wage:           A 100% -> 5                B 50% -> 2.5             C accredited -> 5
    Totals:                   A 82                       B 78.75                  C 320/9 + 36.75 = 2603/36
    """
    results = evaluate(care_tender())
    totals = {b.bidder_id: b.total for b in results.bidders}
    assert totals == {"A": F(82), "B": F(7875, 100), "C": F(2603, 36)}
    assert [b.bidder_id for b in results.bidders] == ["A", "B", "C"]
    assert [b.rank for b in results.bidders] == [1, 2, 3]
    assert results.winner is not None and results.winner.name == "Ashton Care Co-operative"
    a = results.bidder("A")
    assert a.envelope_totals == {"price": F(32), "quality": F(32), "sv": F(18)}
    assert rounded(results.bidder("C").total) == Decimal("72.31")
    c_price = results.bidder("C").questions["P1"]
    assert c_price.share == F(8, 9) and c_price.contribution == F(320, 9)
    assert c_price.explain() == "Lowest price £800,000.00 / this price £900,000.00: 88.89% of 40.00 = 35.56 points."


def test_breakdown_explains_stage_mix() -> None:
    results = evaluate(care_tender())
    q1 = results.bidder("A").questions["Q1"]
    assert q1.split == {"written": 50, "interview": 50}
    assert [(s.stage_id, s.value, s.basis) for s in q1.stages] == [
        ("written", F(3), "moderated"),
        ("interview", F(5), "moderated"),
    ]
    assert q1.explain({"written": "Written", "interview": "Interview"}) == (
        "Written 3.00 (moderated) x 50% + Interview 5.00 (moderated) x 50% = 4.00 out of 5.00: "
        "80.00% of 25.00 = 20.00 points."
    )
    s3 = results.bidder("A").questions["S3"]
    assert s3.split == {"written": 100}  # written-only question: 100% written, whatever the evaluation split


def test_a_question_can_override_the_split() -> None:
    evaluation = care_tender()
    questions = tuple(
        replace(q, method=replace(method_of(q, ScaleMethod), split={"written": D(70), "interview": D(30)}))
        if q.id == "Q1"
        else q
        for q in evaluation.questions
    )
    results = evaluate(replace(evaluation, questions=questions))
    # A on Q1: 3 x 0.7 + 5 x 0.3 = 3.6 -> 3.6/5 x 25 = 18 (was 20)
    assert results.bidder("A").questions["Q1"].contribution == F(18)


def test_split_changes_the_winner_as_worked_by_hand() -> None:
    """A's total is 87 - 10w and B's 70.75 + 16w for written share w: B wins once w > 62.5%."""
    for written, winner in ((50, "A"), (60, "A"), (65, "B"), (100, "B")):
        split = {"written": D(written), "interview": D(100 - written)}
        results = evaluate(care_tender(split=split))
        assert results.winner is not None and results.winner.bidder_id == winner, written


def test_gov_uk_worked_price_example() -> None:
    """gov.uk Digital Outcomes guidance: A £15,000, B £10,000, C £30,000 -> 0.667, 1.000, 0.333."""
    evaluation = care_tender(bids=(Bid("A", D(15000)), Bid("B", D(10000)), Bid("C", D(30000))))
    results = evaluate(evaluation)
    shares = {b: results.bidder(b).questions["P1"].share for b in "ABC"}
    assert shares == {"A": F(2, 3), "B": F(1), "C": F(1, 3)}
    assert [str(rounded(s, 3)) for s in shares.values() if s is not None] == ["0.667", "1.000", "0.333"]


def test_mean_based_price() -> None:
    # mean of 1,000,000 / 800,000 / 900,000 is 900,000. A is 11.11% above: 50% - 11.11 = 38.89% of 40.
    evaluation = care_tender(price=PriceSettings(formula=PriceFormula.MEAN))
    results = evaluate(evaluation)
    a, b, c = (results.bidder(x).questions["P1"] for x in "ABC")
    assert a.share == F(1, 2) - F(100_000, 900_000) and c.share == F(1, 2)
    assert b.share == F(1, 2) + F(100_000, 900_000)
    doubled = evaluate(care_tender(price=PriceSettings(formula=PriceFormula.MEAN, mean_points_per_percent=D(5))))
    assert doubled.bidder("A").questions["P1"].share == 0  # 50% - 55.6% clamps at 0
    assert doubled.bidder("B").questions["P1"].share == 1  # 50% + 55.6% clamps at full marks


def test_range_based_price() -> None:
    results = evaluate(care_tender(price=PriceSettings(formula=PriceFormula.RANGE)))
    shares = {b: results.bidder(b).questions["P1"].share for b in "ABC"}
    assert shares == {"A": 0, "B": 1, "C": F(1, 2)}


def test_price_per_quality_point() -> None:
    evaluation = care_tender(price=PriceSettings(formula=PriceFormula.PRICE_PER_QUALITY_POINT))
    envelopes = (
        Envelope("price", "Price", EnvelopeKind.PRICE, D(0)),
        Envelope("quality", "Quality", EnvelopeKind.QUALITY, D(80)),
        Envelope("sv", "Social value", EnvelopeKind.SOCIAL_VALUE, D(20)),
    )
    questions = tuple(
        replace(q, weight=q.weight * 2) if q.envelope_id == "quality" else q
        for q in evaluation.questions
        if q.id != "P1"
    )
    results = evaluate(replace(evaluation, envelopes=envelopes, questions=questions))
    # Quality points: A 2x32 + 18 = 82, B 2x29 + 9.75 = 67.75, C 2x24 + 12.75 = 60.75
    per_point = {b.bidder_id: b.price_per_quality_point for b in results.bidders}
    assert per_point == {"A": F(1_000_000, 82), "B": F(800_000, F(6775, 100)), "C": F(900_000, F(6075, 100))}
    # £12,195.12, £11,808.12 and £14,814.81 per point: B is cheapest per point of quality.
    assert [b.bidder_id for b in results.bidders] == ["B", "A", "C"]


def test_threshold_excludes_and_relative_formulas_ignore_the_excluded() -> None:
    """B scores 1 in writing and 3 at interview on Q1: 2 on average, but a minimum of 2 holds in every stage.
    B had the lowest price."""
    evaluation = care_tender()
    moderations = tuple(
        replace(m, value=D(1) if m.stage_id == "written" else D(3))
        if (m.bidder_id, m.question_id) == ("B", "Q1")
        else m
        for m in evaluation.moderations
    )
    results = evaluate(replace(evaluation, moderations=moderations))
    b = results.bidder("B")
    assert b.excluded and b.rank is None
    assert b.questions["Q1"].raw == 2
    assert b.exclusion_reasons == (
        "Scored 1.00 on question Q1 (Quality of care) in the written stage, below its minimum of 2.00.",
    )
    assert b.questions["P1"].share is None  # takes no part in the price formula
    # C is now the lowest price and earns full marks; A earns 900/1000.
    assert results.bidder("C").questions["P1"].share == 1
    assert results.bidder("A").questions["P1"].share == F(9, 10)
    assert results.bidders[-1].bidder_id == "B"
    assert any(f.kind is FlagKind.EXCLUDED and f.bidder_id == "B" for f in results.flags)


def test_envelope_minimum_percentage() -> None:
    evaluation = care_tender()
    envelopes = tuple(replace(e, min_percent=D(70)) if e.id == "quality" else e for e in evaluation.envelopes)
    results = evaluate(replace(evaluation, envelopes=envelopes))
    # Quality marks earned: A 32/40 = 80%, B 29/40 = 72.5%, C 24/40 = 60% -> C excluded.
    assert [b.bidder_id for b in results.bidders if b.excluded] == ["C"]
    assert "60.00% of the Quality marks" in results.bidder("C").exclusion_reasons[0]


def test_officer_exclusion_with_reason() -> None:
    bidders = (
        Bidder("A", "Ashton Care Co-operative", excluded_reason="failed the insurance check"),
        Bidder("B", "National Care plc"),
        Bidder("C", "Leigh Homecare Ltd"),
    )
    results = evaluate(care_tender(bidders=bidders))
    assert results.winner is not None and results.winner.bidder_id == "B"
    assert results.bidder("A").exclusion_reasons == ("Excluded by the officer: failed the insurance check",)


def test_unmoderated_scores_use_the_mean_or_median() -> None:
    evaluation = care_tender(
        moderations=(),
        scores=(
            score("e1", "A", "Q1", "written", 2),
            score("e2", "A", "Q1", "written", 3),
            score("e3", "A", "Q1", "written", 5),
        ),
    )
    mean = evaluate(evaluation).bidder("A").questions["Q1"].stages[0]
    assert (mean.value, mean.basis) == (F(10, 3), "mean")
    median = evaluate(replace(evaluation, panel=PanelSettings(UnmoderatedRule.MEDIAN))).bidder("A")
    assert (median.questions["Q1"].stages[0].value, median.questions["Q1"].stages[0].basis) == (F(3), "median")
    assert mean.divergent and mean.spread == 3
    flags = evaluate(evaluation).bidder("A").flags
    assert any(f.kind is FlagKind.DIVERGENCE and f.question_id == "Q1" for f in flags)
    assert any(f.kind is FlagKind.NOT_MODERATED for f in flags)
    assert any(f.kind is FlagKind.NOT_SCORED for f in flags)


def test_moderation_overrides_and_keeps_the_individual_scores() -> None:
    evaluation = care_tender()
    evaluation = replace(
        evaluation, scores=(score("e1", "A", "Q1", "written", 2), score("e2", "A", "Q1", "written", 4))
    )
    stage = evaluate(evaluation).bidder("A").questions["Q1"].stages[0]
    assert stage.value == 3 and stage.basis == "moderated"
    assert [s.value for s in stage.scores] == [2, 4]
    assert stage.moderation is not None and stage.moderation.rationale


def test_abnormally_low_is_flagged_never_excluded() -> None:
    bids = (Bid("A", D(1_000_000), {"LS": D(60)}), Bid("B", D(500_000)), Bid("C", D(900_000)))
    results = evaluate(care_tender(bids=bids))
    flags = [f for f in results.flags if f.kind is FlagKind.ABNORMALLY_LOW]
    assert [f.bidder_id for f in flags] == ["B"]  # 500k is 47% below the mean of the others (950k)
    assert "47.37% below the mean of the other bids (£950,000.00)" in flags[0].message
    assert not results.bidder("B").excluded
    estimate = PriceSettings(
        abnormally_low_reference=AbnormallyLowReference.PRE_TENDER_ESTIMATE, pre_tender_estimate=D(1_200_000)
    )
    flagged = {
        f.bidder_id for f in evaluate(care_tender(bids=bids, price=estimate)).flags if f.kind is FlagKind.ABNORMALLY_LOW
    }
    assert flagged == {"B", "C"}  # both more than 20% below £1.2m


def test_quantitative_social_value_relative_and_against_contract_value() -> None:
    evaluation = care_tender()
    sv = Question(
        "S4", "sv", "Social value offered", D(10), CommitmentValueMethod({"JOBS": D("1500.50"), "CARBON": D(245)})
    )
    envelopes = tuple(
        replace(e, weight=D(30)) if e.id == "sv" else replace(e, weight=D(30)) if e.id == "quality" else e
        for e in evaluation.envelopes
    )
    questions = (*tuple(replace(q, weight=D(5)) if q.id == "Q2" else q for q in evaluation.questions), sv)
    bids = (
        Bid("A", D(1_000_000), {"JOBS": D(10), "CARBON": D(4)}),  # 15,005 + 980 = 15,985
        Bid("B", D(800_000), {"JOBS": D(20)}),  # 30,010
        Bid("C", D(900_000), {"CARBON": D(0)}),
    )
    results = evaluate(replace(evaluation, envelopes=envelopes, questions=questions, bids=bids))
    assert results.bidder("A").social_value_offered == F(15985)
    assert results.bidder("A").questions["S4"].share == F(15985, 30010)
    assert results.bidder("C").questions["S4"].share == 0
    against = CommitmentValueMethod({"JOBS": D("1500.50")}, ValueBasis.PERCENT_OF_CONTRACT, D(1))
    questions = tuple(replace(q, method=against) if q.id == "S4" else q for q in questions)
    results = evaluate(replace(evaluation, envelopes=envelopes, questions=questions, bids=bids))
    # B: 30,010 / 2,000,000 = 1.5% against a 1% target: capped at full marks. A: 15,005 = 0.75% -> 75%.
    assert results.bidder("B").questions["S4"].share == 1
    assert results.bidder("A").questions["S4"].share == F(15005, 20000)


def test_social_value_above_contract_value_and_double_counting_are_flagged() -> None:
    evaluation = care_tender(exclusive_measures=(frozenset({"LS", "LS-SME"}),))
    sv = Question("S4", "sv", "Social value offered", D(1), CommitmentValueMethod({"JOBS": D(1_000_000)}))
    bids = (
        Bid("A", D(1_000_000), {"LS": D(60), "LS-SME": D(20), "JOBS": D(3)}),
        Bid("B", D(800_000)),
        Bid("C", D(900_000)),
    )
    results = evaluate(replace(evaluation, questions=(*evaluation.questions, sv), bids=bids))
    kinds = {f.kind for f in results.bidder("A").flags}
    assert {FlagKind.EXCEEDS_CONTRACT_VALUE, FlagKind.DOUBLE_COUNTING} <= kinds


def test_living_wage_pass_fail_and_hourly_rate_check() -> None:
    evaluation = care_tender(living_wage_rate=D("13.45"))
    method = LivingWageMethod("RLW", PercentBasis.PASS_FAIL, D(100), hourly_rate_measure_id="RATE")
    questions = tuple(replace(q, method=method) if q.id == "S2" else q for q in evaluation.questions)
    bids = (
        Bid("A", D(1_000_000), {"RLW": D(100), "RATE": D("13.45")}),
        Bid("B", D(800_000), {"RLW": D(99), "RATE": D("12.21")}),
        Bid("C", D(900_000), {"RLW": D(100)}),
    )
    results = evaluate(replace(evaluation, questions=questions, bids=bids))
    assert results.bidder("A").questions["S2"].share == 1 and results.bidder("B").questions["S2"].share == 0
    below = [f for f in results.flags if f.kind is FlagKind.BELOW_LIVING_WAGE]
    assert [f.bidder_id for f in below] == ["B"] and "£12.21, below the Real Living Wage of £13.45" in below[0].message


def test_local_spend_relative_to_best_and_lm3() -> None:
    evaluation = care_tender(lm3_respend_percent=D(40))
    method = replace(method_of(evaluation.question("S1"), LocalSpendMethod), basis=PercentBasis.RELATIVE_TO_BEST)
    questions = tuple(replace(q, method=method) if q.id == "S1" else q for q in evaluation.questions)
    results = evaluate(replace(evaluation, questions=questions))
    assert results.bidder("C").questions["S1"].share == F(30, 60)
    # LM3 for A: R1 = 2,000,000; R2 = 60% = 1,200,000; R3 = 40% of R2 = 480,000 -> 3,680,000 / 2,000,000 = 1.84
    assert results.bidder("A").lm3 == F(184, 100)
    assert results.bidder("A").local_spend_percent == 60


def test_ties_are_broken_by_quality_then_price_else_shared() -> None:
    bidders = (Bidder("A", "A"), Bidder("B", "B"))
    evaluation = care_tender(bidders=bidders, moderations=(), bids=(Bid("A", D(100)), Bid("B", D(100))))
    results = evaluate(evaluation)
    assert [b.rank for b in results.bidders] == [1, 1]
    assert results.winner is None  # a tie the rule cannot break: no recommendation


def test_missing_price_is_flagged_and_scores_nothing() -> None:
    results = evaluate(care_tender(bids=(Bid("A", None), Bid("B", D(800_000)), Bid("C", D(900_000)))))
    assert results.bidder("A").questions["P1"].share == 0
    assert any(f.kind is FlagKind.MISSING_PRICE for f in results.bidder("A").flags)


def test_rules_are_stated_in_words() -> None:
    rules = evaluate(care_tender()).rules
    assert any("Written 50% / Interview 50%" in rule for rule in rules)
    assert any("half away from zero" in rule for rule in rules)


def test_incremental_results_match_a_full_recompute() -> None:
    evaluation = care_tender(moderations=())
    engine = Engine(evaluation)
    engine.results()
    edits = [
        score("e1", "A", "Q1", "written", 4),
        score("e2", "A", "Q1", "written", 2),
        score("e1", "B", "Q1", "written", 1),
        score("e1", "B", "Q1", "interview", 1),
        score("e1", "C", "Q2", "interview", 5),
    ]
    for edit in edits:
        engine.set_score(edit)
        incremental = engine.results()
        evaluation = replace(evaluation, scores=(*evaluation.scores, edit))
        assert incremental == evaluate(evaluation)
    assert engine.results().bidder("B").excluded  # 1 and 1 on Q1: below the minimum of 2
    assert not engine.results().bidder("A").excluded  # 3 written, interview unscored: not judged yet
    engine.set_bid(Bid("A", D(1)))
    assert engine.results().bidder("A").questions["P1"].share == 1


@pytest.mark.parametrize("value", ["0.5", "-1", "6"])
def test_off_scale_scores_are_refused_by_check_score(value: str) -> None:
    from svtool.domain.validation import check_score

    message = check_score(care_tender(), score("e1", "A", "Q1", "written", value))
    assert message is not None and "is not on the 0 to 5 scale: enter one of 0, 1, 2, 3, 4, 5" in message


def test_check_score_requires_a_reason_and_the_right_stage() -> None:
    from svtool.domain.validation import check_score

    evaluation = care_tender()
    assert check_score(evaluation, score("e1", "A", "Q1", "written", 3)) is None
    assert "needs a reason" in (
        check_score(evaluation, replace(score("e1", "A", "Q1", "written", 3), reason=" ")) or ""
    )
    assert "not scored in the interview stage" in (
        check_score(evaluation, score("e1", "A", "S3", "interview", 3)) or ""
    )
    assert "worked out from the bids" in (check_score(evaluation, score("e1", "A", "P1", "written", 3)) or "")


def test_scale_method_questions_with_a_minimum() -> None:
    assert isinstance(care_tender().question("Q1").method, ScaleMethod)
