"""Generated evaluations at council scale, for bench/bench_scale.py.

The shape follows bench/bench_engine.py's generator (price, quality and social value envelopes; a price, a social
value, a local spend and a Real Living Wage question besides the scored ones), but the counts are of *scored*
questions, so that the score totals are the ones issue 10 names:

- the window's scale, 300 bidders x 20 scored questions x 5 evaluators x 2 stages = 60,000 scores;
- the store's scale, 300 bidders x 56 scored questions (60 questions in all) x 7 evaluators x 2 stages = 235,200.

Reasons are sentences of a realistic length and vary from score to score, bidders have a mix of organisation
types, and the panel has moderated half the bidders, so that file size, memory and redraw costs are those of a
real evaluation rather than of one repeated short string.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from svtool.domain.evaluation import (
    Attribute,
    Bid,
    Bidder,
    CommitmentValueMethod,
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
from svtool.services.evaluations import create_evaluation

D = Decimal

#: The scale the window measurements use (300 x 20 x 5 x 2) and the store's (300 x 56 x 7 x 2).
WINDOW_SCALE = (300, 20, 5)
STORE_SCALE = (300, 56, 7)

SCALE = Scale(
    "0-5",
    "0 to 5",
    (
        ScalePoint(D(0), "Unacceptable", "No response, or no confidence the requirement can be met."),
        ScalePoint(D(1), "Poor", "Major gaps or concerns; little relevant evidence."),
        ScalePoint(D(2), "Weak", "Some of the requirement met, with significant gaps or risks."),
        ScalePoint(D(3), "Satisfactory", "Meets the requirement, with adequate evidence."),
        ScalePoint(D(4), "Good", "Meets the requirement well, with clear evidence and some added value."),
        ScalePoint(D(5), "Excellent", "Exceeds the requirement, with strong, specific evidence and innovation."),
    ),
)
STAGES = (Stage("written", "Written"), Stage("interview", "Interview"))
OPENINGS = (
    "No evidence offered",
    "Major gaps in the answer",
    "Partly meets the requirement",
    "Meets the requirement",
    "Meets the requirement well",
    "Exceeds the requirement",
)
DETAILS = (
    "the mobilisation plan names who does what in the first ninety days",
    "staff retention figures are given for the last three years with the reasons people left",
    "the example of reablement is specific, local and shows the outcome for the person",
    "rotas allow travel time between visits and the answer says how this is monitored",
    "safeguarding training is described, but not how concerns are escalated out of hours",
    "the social value offer is costed and tied to the contract's key performance indicators",
    "subcontracting arrangements are described, with the share of spend kept in the borough",
    "the answer relies on national policies rather than on how this service will run here",
)
PLACES = (
    "Ashton",
    "Wigan",
    "Leigh",
    "Hindley",
    "Standish",
    "Orrell",
    "Atherton",
    "Tyldesley",
    "Golborne",
    "Ince",
    "Shevington",
    "Aspull",
)
KINDS = ("Care Ltd", "Home Support CIC", "Care Co-operative", "Community Care", "Homecare Services")
ATTRIBUTES = tuple(Attribute)


def council_evaluation(bidders: int, scored_questions: int, evaluators: int, seed: int = 2026) -> Evaluation:
    """An evaluation with every evaluator's score for every scored question in both stages."""
    rng = random.Random(seed)
    envelopes = (
        Envelope("price", "Price", EnvelopeKind.PRICE, D(30)),
        Envelope("quality", "Quality", EnvelopeKind.QUALITY, D(50), min_percent=D(30)),
        Envelope("sv", "Social value", EnvelopeKind.SOCIAL_VALUE, D(20)),
    )
    weights = [D(50) / scored_questions] * scored_questions
    weights[-1] = D(50) - sum(weights[:-1])  # an exact total of 50
    scored = [
        Question(
            f"Q{i:02d}",
            "quality",
            f"Question {i}: how the service will meet requirement {i}",
            w,
            ScaleMethod("0-5", min_score=D(1) if i % 10 == 0 else None),
        )
        for i, w in enumerate(weights)
    ]
    questions = (
        *scored,
        Question("P", "price", "Price", D(30), PriceMethod()),
        Question("SV", "sv", "Social value offered", D(10), CommitmentValueMethod({"JOBS": D("1850.25")})),
        Question("LS", "sv", "Local spend", D(5), LocalSpendMethod("LS", target_percent=D(40))),
        Question("LW", "sv", "Real Living Wage", D(5), LivingWageMethod("RLW")),
    )
    people = tuple(
        Bidder(
            f"B{i:03d}",
            f"{PLACES[i % len(PLACES)]} {KINDS[i % len(KINDS)]} {i}",
            frozenset(a for a in ATTRIBUTES if rng.random() < 0.25),
        )
        for i in range(bidders)
    )
    bids = tuple(
        Bid(
            b.id,
            D(rng.randint(800_000, 1_200_000)),
            {"JOBS": D(rng.randint(0, 40)), "LS": D(rng.randint(0, 80)), "RLW": D(rng.randint(50, 100))},
        )
        for b in people
    )
    panel = tuple(Evaluator(f"E{i}", f"Evaluator {i}") for i in range(evaluators))
    quality = {b.id: rng.randint(2, 4) for b in people}  # each bid's underlying quality, which the panel judges

    def given(bidder: Bidder) -> Decimal:
        return D(min(5, max(1, quality[bidder.id] + rng.choice((-1, 0, 0, 0, 1)))))

    def reason(value: Decimal, n: int) -> str:
        return f"{OPENINGS[int(value)]}: {DETAILS[n % len(DETAILS)]}."

    scores: list[Score] = []
    for b in people:
        for q in scored:
            for s in STAGES:
                for e in panel:
                    value = given(b)
                    scores.append(Score(e.id, b.id, q.id, s.id, value, reason(value, len(scores))))
    moderations = tuple(
        Moderation(
            b.id,
            q.id,
            s.id,
            given(b),
            "Agreed at moderation, having heard each evaluator's reasons and reread the answer.",
        )
        for b in people[: bidders // 2]
        for q in scored
        for s in STAGES
    )
    return Evaluation(
        f"Home care framework: {bidders} bidders",
        D(50_000_000),
        envelopes,
        questions,
        (SCALE,),
        STAGES,
        {"written": D(50), "interview": D(50)},
        people,
        bids,
        panel,
        tuple(scores),
        moderations,
        living_wage_rate=D("13.45"),
        reference="HC-2026-SCALE",
    )


def write_evaluation(evaluation: Evaluation, path: Path) -> Path:
    """Save a generated evaluation as a new .svt file, as File > New does, and close it."""
    create_evaluation(evaluation, path, "bench").close()
    return path
