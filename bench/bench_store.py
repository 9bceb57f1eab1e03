"""Evaluation files: the cost of saving one score edit, and of opening a large evaluation.

Targets: 10,000 score edits, median per edit < 5 ms; opening a 300-bidder evaluation < 0.5 s.
Prints figures; asserts nothing. Run: python bench/bench_store.py [--edits N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import generated

from svtool.domain.evaluation import Score
from svtool.services.evaluations import create_evaluation, open_evaluation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small = generated(6, 12, 3)
        path = Path(folder) / "edits.svt"
        opened = create_evaluation(small, path, "bench")
        questions = [q.id for q in small.questions if q.id.startswith("Q")]
        times = []
        for n in range(args.edits):
            score = Score(
                f"E{n % 3}",
                small.bidders[n % 6].id,
                questions[n % len(questions)],
                ("written", "interview")[n % 2],
                Decimal(n % 6),
                f"Edit {n}: reason recorded at the time.",
            )
            start = time.perf_counter()
            opened.record_score(score)
            times.append(time.perf_counter() - start)
        opened.close()
        times.sort()
        print(
            f"score edits (saved with audit entry, synchronous commit, results updated): {args.edits:,} edits, "
            f"median {statistics.median(times) * 1000:.2f} ms, 95th percentile "
            f"{times[int(len(times) * 0.95)] * 1000:.2f} ms (target: median < 5 ms)"
        )

        for bidders, questions_count, evaluators in ((300, 20, 5), (300, 60, 7)):
            big = generated(bidders, questions_count, evaluators)
            big_path = Path(folder) / f"big-{questions_count}.svt"
            start = time.perf_counter()
            create_evaluation(big, big_path, "bench").close()
            created = time.perf_counter() - start
            opens = []
            for _ in range(3):
                start = time.perf_counter()
                reopened = open_evaluation(big_path)
                opens.append(time.perf_counter() - start)
                reopened.close()
            size = big_path.stat().st_size / 1024 / 1024
            print(
                f"open {bidders} bidders x {questions_count} questions x {evaluators} evaluators x 2 stages "
                f"({len(big.scores):,} scores, {size:.0f} MiB): median {statistics.median(opens):.3f} s "
                f"(target < 0.5 s); created in {created:.1f} s"
            )


if __name__ == "__main__":
    main()
