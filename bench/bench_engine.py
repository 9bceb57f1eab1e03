"""Score a generated evaluation of 300 bidders x 60 questions x 7 evaluators x 2 stages.

Targets: full evaluation < 1 s; re-evaluation after one changed score < 20 ms. Prints figures; asserts nothing.
Run: python bench/bench_engine.py [--bidders N] [--questions N] [--evaluators N] [--edits N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from decimal import Decimal

from svtool.domain.engine import Engine
from svtool.domain.evaluation import (
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

D = Decimal


def generated(bidders: int, questions: int, evaluators: int, seed: int = 2026) -> Evaluation:
    rng = random.Random(seed)
    scale = Scale("0-5", "0 to 5", tuple(ScalePoint(D(v), str(v)) for v in range(6)))
    stages = (Stage("written", "Written"), Stage("interview", "Interview"))
    scale_questions = questions - 4  # plus price, social value offered, local spend, living wage
    quality_weights = [D(50) / scale_questions] * scale_questions
    quality_weights[-1] = D(50) - sum(quality_weights[:-1])  # exact total of 50
    envelopes = (
        Envelope("price", "Price", EnvelopeKind.PRICE, D(30)),
        Envelope("quality", "Quality", EnvelopeKind.QUALITY, D(50), min_percent=D(30)),
        Envelope("sv", "Social value", EnvelopeKind.SOCIAL_VALUE, D(20)),
    )
    qs = [
        Question(
            f"Q{i:02d}", "quality", f"Question {i}", w, ScaleMethod("0-5", min_score=D(1) if i % 10 == 0 else None)
        )
        for i, w in enumerate(quality_weights)
    ]
    qs += [
        Question("P", "price", "Price", D(30), PriceMethod()),
        Question("SV", "sv", "Social value offered", D(10), CommitmentValueMethod({"JOBS": D("1850.25")})),
        Question("LS", "sv", "Local spend", D(5), LocalSpendMethod("LS", target_percent=D(40))),
        Question("LW", "sv", "Real Living Wage", D(5), LivingWageMethod("RLW")),
    ]
    people = tuple(Bidder(f"B{i:03d}", f"Bidder {i}") for i in range(bidders))
    bids = tuple(
        Bid(
            b.id,
            D(rng.randint(800_000, 1_200_000)),
            {"JOBS": D(rng.randint(0, 40)), "LS": D(rng.randint(0, 80)), "RLW": D(rng.randint(50, 100))},
        )
        for b in people
    )
    panel = tuple(Evaluator(f"E{i}", f"Evaluator {i}") for i in range(evaluators))
    scores = tuple(
        Score(e.id, b.id, q.id, s.id, D(rng.randint(1, 5)), "Reason given at the time.")
        for b in people
        for q in qs[:scale_questions]
        for s in stages
        for e in panel
    )
    moderations = tuple(
        Moderation(b.id, q.id, s.id, D(rng.randint(2, 5)), "Agreed at moderation.")
        for b in people[: bidders // 2]
        for q in qs[:scale_questions]
        for s in stages
    )
    return Evaluation(
        "Benchmark",
        D(50_000_000),
        envelopes,
        tuple(qs),
        (scale,),
        stages,
        {"written": D(50), "interview": D(50)},
        people,
        bids,
        panel,
        scores,
        moderations,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bidders", type=int, default=300)
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--evaluators", type=int, default=7)
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    evaluation = generated(args.bidders, args.questions, args.evaluators)
    print(
        f"evaluation: {args.bidders} bidders x {args.questions} questions x {args.evaluators} evaluators x 2 "
        f"stages = {len(evaluation.scores):,} scores, {len(evaluation.moderations):,} moderated stage scores"
    )
    full = []
    for _ in range(3):
        start = time.perf_counter()
        engine = Engine(evaluation)
        results = engine.results()
        full.append(time.perf_counter() - start)
    print(
        f"full evaluation:           median {statistics.median(full):.3f} s, best {min(full):.3f} s over 3 runs "
        "(target < 1 s)"
    )
    rng = random.Random(7)
    edits = []
    scale_questions = [q for q in evaluation.questions if isinstance(q.method, ScaleMethod)]
    for _ in range(args.edits):
        bidder = rng.choice(evaluation.bidders)
        question = rng.choice(scale_questions)
        stage = rng.choice(evaluation.stages)
        evaluator = rng.choice(evaluation.evaluators)
        score = Score(evaluator.id, bidder.id, question.id, stage.id, D(rng.randint(0, 5)), "Changed on review.")
        start = time.perf_counter()
        engine.set_score(score)
        results = engine.results()
        edits.append(time.perf_counter() - start)
    edits.sort()
    print(
        f"one changed score:         median {statistics.median(edits) * 1000:.2f} ms, 95th percentile "
        f"{edits[int(len(edits) * 0.95)] * 1000:.2f} ms, worst {edits[-1] * 1000:.2f} ms over {len(edits)} edits "
        "(target < 20 ms)"
    )
    winner = results.winner
    print(f"winner: {winner.name if winner else 'none'}; excluded: {sum(b.excluded for b in results.bidders)}")


if __name__ == "__main__":
    main()
