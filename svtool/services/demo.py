"""A realistic demonstration evaluation: a home care lot scored 50% written, 50% interview.

Six bidders of different kinds, three evaluators who score independently with reasons, a moderated
consensus for most answers, local spend and Real Living Wage questions, and one price low enough to be
flagged. Everything is fictional; the measures come from the shipped ethical care framework.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from svtool.domain.evaluation import (
    Attribute,
    Bid,
    Bidder,
    Declaration,
    Envelope,
    EnvelopeKind,
    Evaluation,
    Evaluator,
    LivingWageMethod,
    LocalSpendMethod,
    Mitigation,
    Moderation,
    PriceMethod,
    Question,
    Role,
    Scale,
    ScaleMethod,
    ScalePoint,
    Score,
    Stage,
)
from svtool.services.evaluations import OpenEvaluation, create_evaluation
from svtool.services.frameworks import user_frameworks_dir

D = Decimal

SCALE = Scale("0-5", "0 to 5", (
    ScalePoint(D(0), "Unacceptable", "No response, or the response gives no confidence the requirement can be met."),
    ScalePoint(D(1), "Poor", "Major gaps or concerns; little relevant evidence."),
    ScalePoint(D(2), "Weak", "Some of the requirement met, with significant gaps or risks."),
    ScalePoint(D(3), "Satisfactory", "Meets the requirement, with adequate evidence."),
    ScalePoint(D(4), "Good", "Meets the requirement well, with clear evidence and some added value."),
    ScalePoint(D(5), "Excellent", "Exceeds the requirement, with strong, specific evidence and innovation."),
))

#: What evaluators wrote for each question at each score (their reasons are specific to the answer).
REASONS = {
    "Q1": ("No description of how care plans are agreed with the person.",
           "Care planning described in general terms only; no example of outcomes being reviewed.",
           "Care plans reviewed annually; limited evidence of the person or family shaping them.",
           "Person-centred plans agreed with the person and family and reviewed six-monthly.",
           "Plans built around what matters to the person, reviewed quarterly, with a worked example of "
           "reablement.",
           "Outcome-focused plans co-written with each person; strong examples of people regaining independence "
           "and of flexible visits."),
    "Q2": ("No workforce plan.",
           "Relies on agency staff; no retention plan.",
           "Recruitment plan relies on national campaigns; turnover of 38% not addressed.",
           "Local recruitment and induction set out; turnover of 25% with a plan to reduce it.",
           "Guaranteed hours offered, paid travel time, clear progression; turnover of 18%.",
           "Worker-owners with guaranteed hours, paid travel and a care academy; turnover of 9%."),
    "Q3": ("No safeguarding approach described.",
           "Safeguarding policy named but not applied to home care.",
           "Policy sound but escalation routes unclear and training not refreshed.",
           "Clear escalation routes and annual training; links with the local safeguarding board.",
           "Clear routes, quarterly case reviews and examples of learning from incidents.",
           "Exemplary: multi-agency working described with examples, and lessons shared across the market."),
    "Q4": ("No mobilisation plan.",
           "Mobilisation plan lacks timescales.",
           "Plan has timescales but does not address transfer of existing care packages.",
           "Sound plan with timescales and TUPE addressed.",
           "Detailed plan with named leads and continuity of carers for people transferring.",
           "Detailed, realistic plan with named leads, contingency, and people who use services consulted."),
    "S3": ("No response on co-production.",
           "Mentions consultation only.",
           "Annual feedback survey; no role for people in design or review.",
           "A user forum that reviews the service twice a year.",
           "People who use the service sit on the provider's board and co-design rotas.",
           "Co-operative membership for people who use services and carers, with examples of changes they made."),
}

# Each bidder's underlying quality in writing and at interview (the evaluators' scores vary around these).
PROFILES = {  # bidder id: (written, interview)
    "ACC": (3, 5), "NHG": (5, 3), "LHC": (3, 3), "WSE": (4, 4), "PSS": (4, 3), "CUK": (3, 2),
}
EVALUATOR_LEAN = {"E1": 0, "E2": 1, "E3": -1}


def demo_evaluation() -> Evaluation:
    envelopes = (Envelope("price", "Price", EnvelopeKind.PRICE, D(40)),
                 Envelope("quality", "Quality", EnvelopeKind.QUALITY, D(40)),
                 Envelope("sv", "Social value", EnvelopeKind.SOCIAL_VALUE, D(20)))
    questions = (
        Question("P1", "price", "Price for the three-year contract", D(40), PriceMethod()),
        Question("Q1", "quality", "Person-centred care and outcomes", D(15), ScaleMethod("0-5", min_score=D(2))),
        Question("Q2", "quality", "Recruiting, retaining and developing care workers", D(10), ScaleMethod("0-5")),
        Question("Q3", "quality", "Safeguarding", D(10), ScaleMethod("0-5", min_score=D(2))),
        Question("Q4", "quality", "Mobilisation and continuity of care", D(5), ScaleMethod("0-5", stages=("written",))),
        Question("S1", "sv", "Contract spend in the borough", D(5), LocalSpendMethod("EC-L2", target_percent=D(60))),
        Question("S2", "sv", "Care workers paid the Real Living Wage", D(5),
                 LivingWageMethod("EC-W1", accredited_measure_id="EC-W2")),
        Question("S3", "sv", "Co-production with people who use services", D(10), ScaleMethod("0-5"), "EC-P1"),
    )
    bidders = (
        Bidder("ACC", "Ashton Care Co-operative", frozenset({Attribute.CO_OPERATIVE, Attribute.LOCAL,
                                                             Attribute.SME})),
        Bidder("NHG", "National Homecare Group plc"),
        Bidder("LHC", "Leigh Homecare Ltd", frozenset({Attribute.LOCAL, Attribute.SME})),
        Bidder("WSE", "Wigan Borough Care CIC", frozenset({Attribute.SOCIAL_ENTERPRISE, Attribute.VCSE,
                                                           Attribute.LOCAL})),
        Bidder("PSS", "Pennine Support Services Ltd", frozenset({Attribute.SME})),
        Bidder("CUK", "Careline UK Ltd"),
    )
    bids = (
        Bid("ACC", D("4650000.00"), {"EC-L2": D(72), "EC-W1": D(100), "EC-W2": D(1)}),
        Bid("NHG", D("4180000.00"), {"EC-L2": D(18), "EC-W1": D(60)}),
        Bid("LHC", D("4420000.00"), {"EC-L2": D(64), "EC-W1": D(85)}),
        Bid("WSE", D("4560000.00"), {"EC-L2": D(80), "EC-W1": D(100)}),
        Bid("PSS", D("4300000.00"), {"EC-L2": D(35), "EC-W1": D(90)}),
        Bid("CUK", D("3250000.00"), {"EC-L2": D(10), "EC-W1": D(40)}),
    )
    evaluators = (Evaluator("E1", "Sam Patel, commissioning manager", Role.LEAD),
                  Evaluator("E2", "Jo Robinson, quality assurance officer"),
                  Evaluator("E3", "Chris Doyle, contracts officer"))
    # Each member declares about each bidder before seeing the bids; Chris once worked for one of them.
    declarations = tuple(
        Declaration(v.id, b.id, True, "Worked for National Homecare Group plc until 2019; no continuing interest.",
                    "2026-09-01", Mitigation.CARRY_ON, "A past role, ended over five years ago, with no shares or "
                    "continuing ties: Chris scores, and the declaration is recorded with the evaluation.")
        if (v.id, b.id) == ("E3", "NHG") else Declaration(v.id, b.id, False, "No conflict of interest.", "2026-09-01")
        for v in evaluators for b in bidders)
    scores, moderations = [], []
    for question in questions:
        if not isinstance(question.method, ScaleMethod):
            continue
        stages = question.method.stages or ("written", "interview")
        for bidder in bidders:
            for stage in stages:
                base = PROFILES[bidder.id][0 if stage == "written" else 1]
                if question.id == "S3" and bidder.attributes & {Attribute.CO_OPERATIVE, Attribute.VCSE}:
                    base += 1
                given = []
                for evaluator in evaluators:
                    value = max(0, min(5, base + EVALUATOR_LEAN[evaluator.id] * ((len(question.id) + len(
                        bidder.id) + len(stage)) % 2)))
                    given.append(value)
                    reason = REASONS[question.id][value]
                    scores.append(Score(evaluator.id, bidder.id, question.id, stage, D(value), reason))
                # The panel moderates every answer except the interview on Q2, left provisional for the demo.
                if not (question.id == "Q2" and stage == "interview"):
                    agreed = round(sum(given) / len(given))
                    moderations.append(Moderation(
                        bidder.id, question.id, stage, D(agreed),
                        f"Panel agreed {agreed}: {REASONS[question.id][agreed]} Scores given: "
                        f"{', '.join(str(v) for v in given)}."))
    return Evaluation(
        title="Care at home, Lot 1: North locality", reference="DEMO-HC-2026-001", contract_value=D("4800000.00"),
        envelopes=envelopes, questions=questions, scales=(SCALE,),
        stages=(Stage("written", "Written"), Stage("interview", "Interview")),
        split={"written": D(50), "interview": D(50)}, bidders=bidders, bids=bids, evaluators=evaluators,
        scores=tuple(scores), moderations=tuple(moderations), framework_id="ethical-care",
        lm3_respend_percent=D(40), living_wage_rate=D("13.45"), declarations=declarations,
        local_boundary=("WN1", "WN2", "WN3", "WN4", "WN5", "WN6", "WN7", "M29", "M46"))


def create_demo(path: Path, actor: str = "svtool demo") -> OpenEvaluation:
    return create_evaluation(demo_evaluation(), path, actor)


def demo_path() -> Path:
    """The demonstration evaluation in the user's data folder, created the first time it is asked for."""
    path = user_frameworks_dir().parent / "demo.svt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        create_demo(path).close()
    return path
