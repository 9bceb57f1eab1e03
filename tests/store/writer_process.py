"""A separate process that records a stream of scores, printing ACK n after each one is saved.

Run: python -m tests.store.writer_process FILE EVALUATOR COUNT
"""

from __future__ import annotations

import sys
from decimal import Decimal

from svtool.domain.evaluation import Score
from svtool.services.errors import UserError
from svtool.services.evaluations import open_evaluation
from svtool.store.errors import DocumentBusy


def edit(n: int, evaluator: str) -> Score:
    bidders, questions, stages = ("A", "B", "C"), ("Q1", "Q2"), ("written", "interview")
    return Score(
        evaluator,
        bidders[n % 3],
        questions[(n // 3) % 2],
        stages[(n // 6) % 2],
        Decimal(n % 6),
        f"edit {n} by {evaluator}",
    )


def main() -> int:
    path, evaluator, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    opened = open_evaluation(path, actor=evaluator)
    busy = 0
    for n in range(count):
        try:
            opened.record_score(edit(n, evaluator))
        except DocumentBusy:
            busy += 1
            continue
        except UserError as error:
            print(f"ERROR {error}", flush=True)
            return 1
        print(f"ACK {n}", flush=True)
    print(f"DONE busy={busy}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
