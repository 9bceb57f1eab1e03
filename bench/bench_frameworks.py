"""Load and validate a generated 2,000-measure framework (target: under 0.2 s). Prints figures; asserts nothing.

Run: python bench/bench_frameworks.py [--measures N] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from svtool.domain.framework import Framework, FrameworkInfo, Measure, MeasureKind, Outcome, ProxyValue, Theme
from svtool.frameworks.textformat import read_framework_file, write_framework_text
from svtool.frameworks.workbook import read_framework_xlsx, write_framework_xlsx


def generated(measures: int) -> Framework:
    themes = [Theme(f"T{t}", f"Theme {t}", "A theme of the generated framework") for t in range(20)]
    outcomes = [Outcome(f"T{t}-O{o}", f"T{t}", f"Outcome {o} of theme {t}") for t in range(20) for o in range(5)]
    items = []
    for n in range(measures):
        outcome = outcomes[n % len(outcomes)]
        qualitative = n % 5 == 0
        items.append(
            Measure(
                id=f"M{n:05d}",
                outcome_id=outcome.id,
                title=f"Measure {n}: people supported into work locally",
                kind=MeasureKind.QUALITATIVE if qualitative else MeasureKind.QUANTITATIVE,
                unit=None if qualitative else "people",
                description="Residents of the borough supported into sustained employment on the contract.",
                proxy=None if qualitative else ProxyValue(Decimal(n % 997) + Decimal("0.25"), "Generated", 2025),
                target=None if qualitative else Decimal(n % 100),
                evidence="Anonymised quarterly reports.",
                tags=("employment", "local-jobs"),
            )
        )
    rank = {o.id: i for i, o in enumerate(outcomes)}
    items.sort(key=lambda m: rank[m.outcome_id])  # frameworks list measures under their outcome
    info = FrameworkInfo("bench", "Benchmark framework", "svtool", "1", "generated", "CC0")
    return Framework(info, tuple(themes), tuple(outcomes), tuple(items))


def timed(action, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    framework = generated(args.measures)
    with tempfile.TemporaryDirectory() as folder:
        text_path = Path(folder) / "bench.toml"
        text_path.write_text(write_framework_text(framework), encoding="utf-8")
        xlsx_path = Path(folder) / "bench.xlsx"
        write_framework_xlsx(framework, xlsx_path)
        assert read_framework_file(text_path) == framework
        size_kb = text_path.stat().st_size / 1024
        load = timed(lambda: read_framework_file(text_path), args.repeat)
        xlsx_in = timed(lambda: read_framework_xlsx(xlsx_path), 3)
        xlsx_out = timed(lambda: write_framework_xlsx(framework, xlsx_path), 3)
    print(
        f"framework: {args.measures} measures, {len(framework.outcomes)} outcomes, "
        f"{len(framework.themes)} themes, {size_kb:.0f} KiB of text"
    )
    print(
        f"load + validate text: median {statistics.median(load) * 1000:.1f} ms, "
        f"best {min(load) * 1000:.1f} ms over {args.repeat} runs (target < 200 ms)"
    )
    print(f"import workbook:      median {statistics.median(xlsx_in) * 1000:.1f} ms over 3 runs")
    print(f"export workbook:      median {statistics.median(xlsx_out) * 1000:.1f} ms over 3 runs")


if __name__ == "__main__":
    main()
