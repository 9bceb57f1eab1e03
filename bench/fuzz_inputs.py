"""Fuzz every kind of file svtool reads, longer than the test suite does, and print counts per outcome.

Each input is damaged at random (seeded: the same seed gives the same inputs) and given to the real command:
frameworks (`frameworks check`), framework workbooks (`frameworks import-xlsx`), definitions (`new --from`) and
evaluation files (`results`). An outcome is ok, refused (exit 1 with a message), crash (exit 70, the last-resort
handler), hang (over 10 s) or other. Anything but ok and refused is a bug; the first few of each are printed.

Run: python bench/fuzz_inputs.py [COUNT] [SEED]   (default 1000 per kind, seed 1)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.fuzzing import KINDS, Inputs, fuzz


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    bad = 0
    with tempfile.TemporaryDirectory(prefix="svtool-fuzz-") as folder:
        os.environ["SVTOOL_DATA_DIR"] = str(Path(folder) / "data")
        os.environ["SVTOOL_LOG_DIR"] = str(Path(folder) / "logs")
        inputs = Inputs(Path(folder) / "inputs")
        for kind in KINDS:
            started = time.perf_counter()
            tally = fuzz(inputs, kind, count, seed)
            print(f"{tally.line(kind)}; {time.perf_counter() - started:.0f} s in all", flush=True)
            for outcome, examples in tally.examples.items():
                bad += len(examples)
                for example in examples[:3]:
                    print(f"  {outcome}: {example.strip()[:400]}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
