"""Small evaluations for tests, built in a few lines."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from svtool.domain.evaluation import (
    Bid,
    Bidder,
    Envelope,
    EnvelopeKind,
    Evaluation,
    Evaluator,
    LivingWageMethod,
    LocalSpendMethod,
    Moderation,
    PriceMethod,
    Question,
    Scale,
    ScaleMethod,
    ScalePoint,
    Score,
    Stage,
)

D = Decimal

Method = TypeVar("Method")


def method_of(question: Question, kind: type[Method]) -> Method:
    """The question's scoring method, which the test expects to be of this kind (to replace its fields)."""
    assert isinstance(question.method, kind), (question.id, question.method)
    return question.method


ZERO_TO_FIVE = Scale(
    "0-5",
    "0 to 5",
    (
        ScalePoint(D(0), "No response", "No answer, or the answer is unacceptable."),
        ScalePoint(D(1), "Poor", "Major gaps or concerns."),
        ScalePoint(D(2), "Weak", "Some requirements met, with gaps."),
        ScalePoint(D(3), "Satisfactory", "Meets the requirement."),
        ScalePoint(D(4), "Good", "Meets it well, with some added value."),
        ScalePoint(D(5), "Excellent", "Exceeds it, with clear evidence."),
    ),
)
WRITTEN, INTERVIEW = Stage("written", "Written"), Stage("interview", "Interview")


def care_tender(**changes: object) -> Evaluation:
    """A home care lot scored 50% written, 50% interview, with local spend and living wage questions.

    Hand-worked results (see test_engine.py): A 82, B 78.75, C 2603/36 = 72.31 (to 2 dp).
    """
    envelopes = (
        Envelope("price", "Price", EnvelopeKind.PRICE, D(40)),
        Envelope("quality", "Quality", EnvelopeKind.QUALITY, D(40)),
        Envelope("sv", "Social value", EnvelopeKind.SOCIAL_VALUE, D(20)),
    )
    questions = (
        Question("P1", "price", "Price", D(40), PriceMethod()),
        Question("Q1", "quality", "Quality of care", D(25), ScaleMethod("0-5", min_score=D(2))),
        Question("Q2", "quality", "Workforce", D(15), ScaleMethod("0-5")),
        Question("S1", "sv", "Local spend", D(5), LocalSpendMethod("LS", target_percent=D(40))),
        Question("S2", "sv", "Real Living Wage", D(5), LivingWageMethod("RLW", accredited_measure_id="ACC")),
        Question("S3", "sv", "Social value method statement", D(10), ScaleMethod("0-5", stages=("written",))),
    )
    bidders = (
        Bidder("A", "Ashton Care Co-operative"),
        Bidder("B", "National Care plc"),
        Bidder("C", "Leigh Homecare Ltd"),
    )
    bids = (
        Bid("A", D(1_000_000), {"LS": D(60), "RLW": D(100)}),
        Bid("B", D(800_000), {"LS": D(10), "RLW": D(50)}),
        Bid("C", D(900_000), {"LS": D(30), "RLW": D(80), "ACC": D(1)}),
    )
    agreed = {  # (bidder, question, stage) -> moderated score
        ("A", "Q1", "written"): 3,
        ("A", "Q1", "interview"): 5,
        ("B", "Q1", "written"): 5,
        ("B", "Q1", "interview"): 3,
        ("C", "Q1", "written"): 2,
        ("C", "Q1", "interview"): 4,
        ("A", "Q2", "written"): 4,
        ("A", "Q2", "interview"): 4,
        ("B", "Q2", "written"): 4,
        ("B", "Q2", "interview"): 2,
        ("C", "Q2", "written"): 3,
        ("C", "Q2", "interview"): 3,
        ("A", "S3", "written"): 4,
        ("B", "S3", "written"): 3,
        ("C", "S3", "written"): 2,
    }
    moderations = tuple(
        Moderation(b, q, s, D(v), f"Panel agreed {v}: evidence discussed at moderation.")
        for (b, q, s), v in agreed.items()
    )
    evaluation = Evaluation(
        title="Home care lot 1",
        contract_value=D(2_000_000),
        envelopes=envelopes,
        questions=questions,
        scales=(ZERO_TO_FIVE,),
        stages=(WRITTEN, INTERVIEW),
        split={"written": D(50), "interview": D(50)},
        bidders=bidders,
        bids=bids,
        evaluators=(Evaluator("e1", "Evaluator 1"), Evaluator("e2", "Evaluator 2")),
        moderations=moderations,
    )
    return _replace(evaluation, changes)


def _replace(evaluation: Evaluation, changes: dict[str, object]) -> Evaluation:
    from dataclasses import replace

    return replace(evaluation, **changes)  # type: ignore[arg-type]


def score(evaluator: str, bidder: str, question: str, stage: str, value: int | str) -> Score:
    return Score(evaluator, bidder, question, stage, D(value), f"Reason for {value}: what the answer showed.")


def weak_reasons() -> Evaluation:
    """care_tender() with reasons made to be warned of (svtool/domain/reasons.py), minimum 10 words:

    reasons: 4 short (three brief ones and the copied descriptor), 3 reused across bidders, 2 restating;
    consensus rationales: 1 short and restating, 2 reused across bidders. Every other reason is sound.
    """
    evidence = "Retention figures for three years are given, with a named lead for mobilisation in Wigan."
    agreed = "Rota plans cover evenings and weekends; a care coordinator visits every client each month."
    scores = (
        Score("e1", "A", "Q1", "written", D(4), "Clear plan for staff."),  # short
        Score("e1", "B", "Q1", "written", D(2), "No detail."),  # short
        Score("e2", "C", "Q2", "interview", D(1), "Thin."),  # short
        Score("e1", "A", "Q2", "written", D(4), evidence),  # reused (B, C)
        Score("e2", "B", "Q2", "written", D(4), evidence),  # reused (A, C)
        Score("e1", "C", "S3", "written", D(4), evidence),  # reused (A, B)
        Score("e1", "A", "Q1", "interview", D(5), "Exceeds it, with clear evidence."),  # short, restates
        Score(
            "e2",
            "B",
            "Q1",
            "interview",
            D(3),  # restates the descriptor and the title, in 14 words
            "Meets the requirement: the quality of care in this answer meets the requirement in full.",
        ),
        Score(
            "e2",
            "A",
            "Q1",
            "written",
            D(3),
            "Staff turnover is low, with exit interviews analysed by the registered manager each quarter.",
        ),
        Score(
            "e2",
            "C",
            "Q1",
            "written",
            D(3),
            "Named supervisors for each patch, though the out of hours cover depends on agency staff.",
        ),
    )
    moderations = (
        Moderation("A", "Q1", "written", D(3), "Meets the requirement."),  # short, restates
        Moderation("B", "Q1", "written", D(3), agreed),  # reused (C)
        Moderation("C", "Q1", "written", D(3), agreed),  # reused (B)
        Moderation(
            "A",
            "Q2",
            "written",
            D(4),
            "The panel agreed the training offer and its supervision ratios are stronger than the specification asks.",
        ),
    )
    return care_tender(scores=scores, moderations=moderations)
