"""Time the reason checks (svtool/domain/reasons.py) at the window's scale: 300 x 20 x 5 x 2 = 60,000 scores.

Target: well under 1 s. Two cases: the fixture's reasons, 48 texts each given to hundreds of bidders (every score
is reused: the most messages to write), and every reason different (every text parsed and compared on its own).
Prints figures (best of --runs); asserts nothing. Run: python bench/bench_reasons.py [--runs N]
"""

from __future__ import annotations

import argparse
import dataclasses
import time

from scale_fixture import WINDOW_SCALE, council_evaluation

from svtool.domain.evaluation import Score
from svtool.domain.reasons import reason_counts, reason_warnings


def timed(label: str, evaluation: object, scores: tuple[Score, ...], runs: int) -> None:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        found = reason_warnings(evaluation, scores)  # type: ignore[arg-type]
        best = min(best, time.perf_counter() - start)
    counts = {str(k): v for k, v in reason_counts(found).items()}
    print(f"{label:<28} {len(scores):>7,} scores  {best * 1000:7.1f} ms  {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    evaluation = council_evaluation(*WINDOW_SCALE)
    timed("fixture reasons (reused)", evaluation, evaluation.scores, runs)
    unique = tuple(
        dataclasses.replace(s, reason=f"{s.reason} Seen on page {i} of the {s.bidder_id} bid.")
        for i, s in enumerate(evaluation.scores)
    )
    timed("every reason different", evaluation, unique, runs)


if __name__ == "__main__":
    main()
