"""Committed figures scored in a measure's unit: each hand-worked example in docs/scoring-method.md ("Committed
figures", "FTE pro-rating", "Checks on commitments") reproduced exactly."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from svtool.domain.engine import evaluate
from svtool.domain.evaluation import (
    Bid,
    Bidder,
    Envelope,
    EnvelopeKind,
    Evaluation,
    FteWorking,
    LocalSpendMethod,
    MeasureMethod,
    PercentBasis,
    Question,
)
from svtool.domain.results import FlagKind
from svtool.domain.validation import Severity, validate_setup

D = Decimal


def _one_question(
    method: MeasureMethod | LocalSpendMethod, weight: int, bids: dict[str, dict[str, Decimal]], **changes: object
) -> Evaluation:
    bidders = tuple(Bidder(b, f"Bidder {b}") for b in bids)
    evaluation = Evaluation(
        title="Measures",
        contract_value=D(1_000_000),
        envelopes=(Envelope("sv", "Social value", EnvelopeKind.SOCIAL_VALUE, D(100)),),
        questions=(
            Question("S1", "sv", "The measure", D(weight), method, method.measure_id),
            Question("S2", "sv", "Balance", D(100 - weight), MeasureMethod("PAD", "number", target=D(1))),
        ),
        scales=(),
        stages=(),
        split={},
        bidders=bidders,
        bids=tuple(Bid(b, D(1000), commitments) for b, commitments in bids.items()),
    )
    return replace(evaluation, **changes)  # type: ignore[arg-type]


def _points(evaluation: Evaluation) -> dict[str, Fraction | None]:
    results = evaluate(evaluation)
    return {b.bidder_id: b.questions["S1"].contribution for b in results.bidders}


def test_linear_to_target_as_worked_in_the_docs() -> None:
    method = MeasureMethod("APP", "people", PercentBasis.LINEAR_TO_TARGET, D(4), ("apprenticeships",))
    evaluation = _one_question(method, 5, {"A": {"APP": D(3)}, "B": {"APP": D(6)}, "C": {}})
    assert _points(evaluation) == {"A": Fraction(15, 4), "B": 5, "C": 0}
    result = evaluate(evaluation).bidder("A").questions["S1"]
    assert result.explain() == "Committed 3.00 people against a target of 4.00 people: 75.00% of 5.00 = 3.75 points."


def test_local_spend_with_the_framework_target_of_40() -> None:
    evaluation = _one_question(LocalSpendMethod("LS", target_percent=D(40)), 8, {"A": {"LS": D(30)}})
    assert _points(evaluation) == {"A": 6}


def test_relative_to_best_leaves_out_an_excluded_bidder() -> None:
    method = MeasureMethod("VC1", "%", PercentBasis.RELATIVE_TO_BEST, None, ("vcse",))
    evaluation = _one_question(method, 6, {"A": {"VC1": D(12)}, "B": {"VC1": D(18)}, "C": {"VC1": D(30)}})
    evaluation = replace(
        evaluation,
        bidders=tuple(
            replace(b, excluded_reason="Failed the selection stage.") if b.id == "C" else b for b in evaluation.bidders
        ),
    )
    assert _points(evaluation) == {"A": 4, "B": 6, "C": None}
    result = evaluate(evaluation).bidder("A").questions["S1"]
    assert result.explain() == "Committed 12.00% / the best compliant commitment 18.00%: 66.67% of 6.00 = 4.00 points."


def test_pass_or_fail_passes_at_the_target() -> None:
    method = MeasureMethod("CO2", "tCO2e", PercentBasis.PASS_FAIL, D(50), ("carbon",))
    evaluation = _one_question(method, 2, {"A": {"CO2": D(50)}, "B": {"CO2": D("49.9")}})
    assert _points(evaluation) == {"A": 2, "B": 0}
    assert evaluate(evaluation).bidder("B").questions["S1"].explain() == (
        "Committed 49.90 tCO2e, pass mark 50.00 tCO2e: 0.00% of 2.00 = 0.00 points."
    )


def test_fte_pro_rated_from_hours_and_weeks() -> None:
    method = MeasureMethod("JOBS", "FTE", PercentBasis.LINEAR_TO_TARGET, D(2), ("local-jobs",))
    evaluation = _one_question(method, 4, {"A": {"JOBS": D(3)}, "B": {"JOBS": D("0.4")}})
    evaluation = replace(
        evaluation, bids=(evaluation.bids[0], replace(evaluation.bids[1], working={"JOBS": FteWorking(D(20), D(39))}))
    )
    assert _points(evaluation) == {"A": 4, "B": Fraction(4, 5)}
    assert evaluate(evaluation).bidder("B").questions["S1"].explain() == (
        "Committed 0.40 FTE (20.00 hours a week x 39.00 weeks / a full-time 37.50 hours a week x 52.00 weeks) "
        "against a target of 2.00 FTE: 20.00% of 4.00 = 0.80 points."
    )
    # The full-time week is the evaluation's: at 35 hours x 52 weeks, 780 hours is 780/1820 = 3/7 FTE.
    shorter = replace(evaluation, full_time_hours=D(35))
    assert evaluate(shorter).bidder("B").questions["S1"].raw == Fraction(3, 7)


def test_same_tag_and_unit_claimed_twice_is_flagged_with_the_figures() -> None:
    evaluation = _one_question(
        MeasureMethod("VC1", "%", PercentBasis.RELATIVE_TO_BEST, None, ("vcse",)),
        6,
        {"A": {"VC1": D(12)}, "B": {"VC1": D(12), "VC2": D(5)}},
    )
    evaluation = replace(
        evaluation,
        questions=(
            *evaluation.questions,
            Question(
                "S3",
                "sv",
                "Second VCSE measure",
                D(0),
                MeasureMethod("VC2", "%", PercentBasis.LINEAR_TO_TARGET, D(10), ("vcse", "sme")),
            ),
        ),
    )
    results = evaluate(evaluation)
    flags = [f for f in results.flags if f.kind is FlagKind.DOUBLE_COUNTING]
    assert [(f.bidder_id, f.message) for f in flags] == [
        (
            "B",
            "Bidder B claims VC1 (12.00%) and VC2 (5.00%), measures that share the tag 'vcse' and the unit %: they "
            "may describe the same benefit. Check it is counted once.",
        )
    ]
    # Another unit is another benefit: no flag.
    other = replace(
        evaluation,
        questions=(
            *evaluation.questions[:2],
            replace(
                evaluation.questions[2],
                method=(MeasureMethod("VC2", "GBP", PercentBasis.LINEAR_TO_TARGET, D(10), ("vcse",))),
            ),
        ),
    )
    assert not [f for f in evaluate(other).flags if f.kind is FlagKind.DOUBLE_COUNTING]


def test_implausible_figures_are_flagged() -> None:
    evaluation = _one_question(LocalSpendMethod("LS", target_percent=D(40)), 8, {"A": {"LS": D(120)}})
    evaluation = replace(
        evaluation,
        questions=(
            *evaluation.questions,
            Question("S3", "sv", "Spend with SMEs", D(0), MeasureMethod("SME", "GBP", PercentBasis.RELATIVE_TO_BEST)),
        ),
        bids=(replace(evaluation.bids[0], commitments={"LS": D(120), "SME": D(1_000_001)}),),
    )
    messages = [f.message for f in evaluate(evaluation).flags if f.kind is FlagKind.IMPLAUSIBLE]
    assert messages == [
        "Bidder A commits 120.00% to LS: a percentage cannot be above 100%. Check the figure with the bidder.",
        "Bidder A commits £1,000,001.00 to SME, more than the contract value of £1,000,000.00. Check the figure is "
        "credible.",
    ]
    # Exactly 100% and exactly the contract value are plausible.
    fine = replace(evaluation, bids=(replace(evaluation.bids[0], commitments={"LS": D(100), "SME": D(1_000_000)}),))
    assert not [f for f in evaluate(fine).flags if f.kind is FlagKind.IMPLAUSIBLE]


def test_setup_checks_on_a_measure_question() -> None:
    def errors(method: MeasureMethod) -> list[str]:
        evaluation = _one_question(method, 5, {"A": {}})
        return [
            i.message
            for i in validate_setup(evaluation)
            if i.severity is Severity.ERROR and i.where.startswith("question S1")
        ]

    assert errors(MeasureMethod("M", "people", PercentBasis.LINEAR_TO_TARGET, D(4))) == []
    assert errors(MeasureMethod("M", "people", PercentBasis.RELATIVE_TO_BEST)) == []
    assert errors(MeasureMethod("M", "people", PercentBasis.LINEAR_TO_TARGET)) == [
        "scoring to a target needs a target above 0 people."
    ]
    assert errors(MeasureMethod("M", "people", PercentBasis.PASS_FAIL, D(0))) == [
        "scoring to a target needs a target above 0 people."
    ]
    assert errors(MeasureMethod("M", "%", PercentBasis.LINEAR_TO_TARGET, D(140))) == [
        "its target of 140% must be above 0 and at most 100."
    ]
    assert errors(MeasureMethod("M", "furlongs", PercentBasis.RELATIVE_TO_BEST)) == [
        "'furlongs' is not a unit a committed figure can be scored in (use one of %, FTE, people, organisations, "
        "number, weeks, hours, days, tCO2e, tonnes, kWh, GBP)."
    ]
    evaluation = _one_question(
        MeasureMethod("M", "FTE", PercentBasis.RELATIVE_TO_BEST), 5, {"A": {}}, full_time_hours=D(0)
    )
    assert "the full-time week must be more than 0 hours and more than 0 weeks." in [
        i.message for i in validate_setup(evaluation)
    ]
