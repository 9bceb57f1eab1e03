"""A framework measure's target and unit taken through to the question and the score (services/measures.py,
docs/scoring-method.md "Committed figures"), with tests/fixtures/measures-framework.toml."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from svtool.domain.engine import evaluate
from svtool.domain.evaluation import (
    Evaluation,
    LivingWageMethod,
    LocalSpendMethod,
    MeasureMethod,
    PercentBasis,
    Question,
)
from svtool.domain.results import FlagKind
from svtool.frameworks.textformat import read_framework_file
from svtool.services.measures import stop_using, use_measure
from tests.domain.builders import D, care_tender

FRAMEWORK = read_framework_file(Path(__file__).parent / "fixtures" / "measures-framework.toml")


def _without_social_value_figures() -> Evaluation:
    evaluation = care_tender()
    return replace(evaluation, questions=tuple(q for q in evaluation.questions if q.id not in ("S1", "S2")))


def _added(evaluation: Evaluation, measure_id: str, weight: int) -> tuple[Evaluation, Question]:
    evaluation = use_measure(evaluation, FRAMEWORK.measure(measure_id))
    question = replace(evaluation.questions[-1], weight=D(weight))
    return replace(evaluation, questions=(*evaluation.questions[:-1], question)), question


def _commit(evaluation: Evaluation, bidder_id: str, **figures: str) -> Evaluation:
    return replace(
        evaluation,
        bids=tuple(
            replace(b, commitments={**b.commitments, **{m.replace("_", "-"): D(v) for m, v in figures.items()}})
            if b.bidder_id == bidder_id
            else b
            for b in evaluation.bids
        ),
    )


def test_local_spend_takes_the_framework_target_of_40_percent() -> None:
    evaluation, question = _added(_without_social_value_figures(), "CWB-LS1", 8)
    assert question.method == LocalSpendMethod("CWB-LS1", PercentBasis.LINEAR_TO_TARGET, D(40))
    evaluation = _commit(evaluation, "A", CWB_LS1="30")
    result = evaluate(evaluation).bidder("A").questions[question.id]
    assert (result.raw, result.share, result.contribution) == (Fraction(30), Fraction(3, 4), Fraction(6))
    assert result.explain() == "Committed 30.00% against a target of 40.00%: 75.00% of 8.00 = 6.00 points."


def test_living_wage_takes_the_framework_target() -> None:
    _, question = _added(_without_social_value_figures(), "CWB-RLW", 5)
    assert question.method == LivingWageMethod("CWB-RLW", PercentBasis.LINEAR_TO_TARGET, D(90))


def test_quantities_in_other_units_are_scored_on_the_committed_figure() -> None:
    evaluation, jobs = _added(_without_social_value_figures(), "CWB-AP1", 4)
    evaluation, travel = _added(evaluation, "CWB-TR1", 3)
    assert jobs.method == MeasureMethod("CWB-AP1", "FTE", PercentBasis.LINEAR_TO_TARGET, D(2), ("apprenticeships",))
    assert travel.method == MeasureMethod("CWB-TR1", "hours", PercentBasis.RELATIVE_TO_BEST, None, ("fair-work",))
    evaluation = _commit(_commit(evaluation, "A", CWB_AP1="1.5", CWB_TR1="300"), "B", CWB_TR1="1200")
    results = evaluate(evaluation)
    assert results.bidder("A").questions[jobs.id].contribution == 3  # 1.5 / 2 x 4
    assert results.bidder("A").questions[travel.id].contribution == Fraction(3, 4)  # 300 / 1200 x 3
    assert results.bidder("B").questions[travel.id].contribution == 3
    assert stop_using(evaluation, "CWB-AP1").questions == tuple(q for q in evaluation.questions if q.id != jobs.id)


def test_two_measures_of_one_benefit_claimed_by_a_bidder_are_flagged() -> None:
    evaluation, _ = _added(_without_social_value_figures(), "CWB-VC1", 2)
    evaluation, _ = _added(evaluation, "CWB-VC2", 2)
    evaluation = _commit(_commit(evaluation, "A", CWB_VC1="12", CWB_VC2="4"), "B", CWB_VC1="20")
    flags = [f for f in evaluate(evaluation).flags if f.kind is FlagKind.DOUBLE_COUNTING]
    assert [(f.bidder_id, f.message) for f in flags] == [
        (
            "A",
            "Ashton Care Co-operative claims CWB-VC1 (12.00%) and CWB-VC2 (4.00%), measures that share the tag "
            "'vcse' and the unit %: they may describe the same benefit. Check it is counted once.",
        )
    ]
