"""Export to xlsx and PDF. Targets: a 300-bidder evaluation to xlsx (with every formula's stored value) < 3 s, to PDF
< 3 s; the demo < 1 s each. Besides the wall clock, the CPU time is printed: on a shared machine it is the steadier
figure.

Prints figures; asserts nothing. Run: python bench/bench_export.py [--questions N] [--evaluators N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import generated

from svtool.export.excel import write_workbook
from svtool.export.pdf import write_report
from svtool.export.summaries import write_summaries
from svtool.services.demo import create_demo
from svtool.services.evaluations import create_evaluation
from svtool.services.reporting import report_data


def timed(label: str, action) -> None:  # type: ignore[no-untyped-def]
    start, cpu = time.perf_counter(), time.process_time()
    action()
    print(f"{label}: {time.perf_counter() - start:.2f} s (CPU {time.process_time() - cpu:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--evaluators", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        demo = create_demo(out / "demo.svt")
        data = report_data(demo)
        timed("demo to xlsx (target < 1 s)", lambda: write_workbook(data, out / "demo.xlsx"))
        timed("demo to PDF (target < 1 s)", lambda: write_report(data, out / "demo.pdf"))
        evaluation = generated(300, args.questions, args.evaluators)
        opened = create_evaluation(evaluation, out / "big.svt", "bench")
        start = time.perf_counter()
        big = report_data(opened)
        gathering = time.perf_counter() - start
        print(
            f"300 bidders x {args.questions} questions x {args.evaluators} evaluators x 2 stages "
            f"({len(evaluation.scores):,} scores): gathering results and sensitivity {gathering:.2f} s"
        )
        timed("  to xlsx (target < 3 s)", lambda: write_workbook(big, out / "big.xlsx"))
        timed("  to PDF (target < 3 s)", lambda: write_report(big, out / "big.pdf"))
        timed("  300 assessment summaries", lambda: write_summaries(big, out / "summaries"))
        print(
            f"  PDF size {(out / 'big.pdf').stat().st_size / 1024 / 1024:.1f} MiB, "
            f"workbook {(out / 'big.xlsx').stat().st_size / 1024 / 1024:.1f} MiB"
        )


if __name__ == "__main__":
    main()
