"""`svtool verify` at council scale: how long proving a 235,200-score evaluation takes (docs/audit-trail.md).

Issue 12. Two files of bench/scale_fixture.py's store scale (300 bidders x 56 scored questions x 7 evaluators x 2
stages = 235,200 scores, and 16,800 consensus scores):

    created whole    the evaluation created with every score in it (File > New from a definition): one creation
                     entry holding every row, which the replay starts from;
    entered singly   the same setup created empty, then every score and consensus saved through the services in
                     batches, one audit entry each (252,001 entries): the trail a panel's work leaves.

For each: the time to build it, the file's size, verify's time (the database's integrity check, the hash chain,
the replay and the comparison with every table; median of 3, in this process), the hash chain alone for
comparison, and the peak resident memory of a fresh process that verifies it. Target: a few seconds.
Prints figures; asserts nothing. Run: python bench/bench_verify.py [--quick]   (--quick: 60,000 scores)
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_fixture import STORE_SCALE, WINDOW_SCALE, council_evaluation, write_evaluation

from svtool.domain.evaluation import Evaluation
from svtool.services import batch
from svtool.services.evaluations import create_evaluation
from svtool.services.record import verify_file
from svtool.store import audit
from svtool.store.database import open_document

#: Run in a fresh process: verify the file, then report the peak resident memory (Linux's VmHWM).
PEAK_MEMORY = """
import sys
from svtool.services.record import verify_file
check = verify_file(sys.argv[1])
print("OK" if check.ok else "FAILED")
print(open("/proc/self/status").read())
"""


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def entered_singly(evaluation: Evaluation, path: Path) -> None:
    """The setup created empty, then every score and consensus saved as a panel saves them: one entry each."""
    opened = create_evaluation(dataclasses.replace(evaluation, scores=(), moderations=()), path, "bench")
    try:
        scores = list(evaluation.scores)
        for start in range(0, len(scores), 20_000):
            batch.record_scores(opened, scores[start : start + 20_000])
        moderations = list(evaluation.moderations)
        for start in range(0, len(moderations), 2_000):
            opened.moderate_many(moderations[start : start + 2_000])
    finally:
        opened.close()


def chain_only(path: Path) -> None:
    document = open_document(path)
    try:
        with document.reading() as session:
            assert audit.verify(session).ok
    finally:
        document.close()


def peak_memory_mb(path: Path) -> float | None:
    run = subprocess.run([sys.executable, "-c", PEAK_MEMORY, str(path)], capture_output=True, text=True, check=False)
    if run.returncode != 0 or not run.stdout.startswith("OK"):
        raise RuntimeError(f"the memory probe failed: exit {run.returncode}\n{run.stdout[:200]}{run.stderr}")
    for line in run.stdout.splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return None


def report(name: str, path: Path, built: float) -> None:
    checks = []
    for _ in range(3):
        start = time.perf_counter()
        check = verify_file(path)
        checks.append(time.perf_counter() - start)
        if not check.ok:
            raise RuntimeError("\n".join(check.lines))
    chain = statistics.median(timed(lambda: chain_only(path)) for _ in range(3))
    peak = peak_memory_mb(path)
    entries = check.head.seq if check.head else 0
    size = path.stat().st_size / 1024 / 1024
    print(f"{name}: {entries:,} audit entr{'y' if entries == 1 else 'ies'}, {size:.0f} MiB, built in {built:.1f} s")
    print(
        f"  verify (structure, chain, replay, every table compared): median {statistics.median(checks):.2f} s, "
        f"runs {', '.join(f'{t:.2f}' for t in checks)} s (target: a few seconds)"
    )
    print(f"  the hash chain alone, for comparison: median {chain:.2f} s")
    print(f"  peak resident memory of a fresh process verifying it: {peak:.0f} MB" if peak else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the window's scale (60,000 scores) instead")
    args = parser.parse_args()
    shape = WINDOW_SCALE if args.quick else STORE_SCALE
    evaluation = council_evaluation(*shape)
    print(
        f"{shape[0]} bidders x {shape[1]} scored questions x {shape[2]} evaluators x 2 stages: "
        f"{len(evaluation.scores):,} scores, {len(evaluation.moderations):,} consensus scores"
    )
    with tempfile.TemporaryDirectory() as folder:
        whole = Path(folder) / "whole.svt"
        report("created whole", whole, timed(lambda: write_evaluation(evaluation, whole)))
        whole.unlink()
        singly = Path(folder) / "singly.svt"
        report("entered singly", singly, timed(lambda: entered_singly(evaluation, singly)))


if __name__ == "__main__":
    main()
