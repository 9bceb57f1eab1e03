"""The desktop app: time from starting svtool to its first window on screen, and from a typed score to updated
results with 50 bidders.

Targets: start to first window < 1.5 s; typed score to updated results (50 bidders) < 100 ms.
Prints figures; asserts nothing. Run: python bench/bench_app.py (Qt offscreen unless a display is set).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STARTUP = """
import sys, time
from PySide6.QtCore import QTimer
from svtool.ui import app as ui
original = ui.MainWindow if hasattr(ui, "MainWindow") else None
from svtool.ui.main_window import MainWindow
shown = MainWindow.showEvent
def report(self, event):
    shown(self, event)
    QTimer.singleShot(0, lambda: (print("SHOWN", time.perf_counter(), flush=True), self.close()))
MainWindow.showEvent = report
MainWindow.choose_member = lambda self, members, *_: members[0].id  # (the person says who is working)
sys.exit(ui.run_app(sys.argv[1]))
"""


def startup(path: Path, runs: int) -> list[float]:
    """Wall time from launching a fresh Python process running svtool to the main window shown and painted."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", STARTUP, str(path)], capture_output=True, text=True, check=True
        ).stdout
        assert "SHOWN" in out, out
        times.append(time.perf_counter() - start)
    return times


def typed_scores(path: Path, edits: int) -> tuple[list[float], list[float]]:
    """A score typed on the Scoring page and saved (file, audit, engine, grid); then the Results page redrawn."""
    from svtool.services.evaluations import open_evaluation
    from svtool.ui.app import create_application
    from svtool.ui.main_window import MainWindow
    from svtool.ui.results_page import ResultsPage
    from svtool.ui.scoring_page import ScoringPage

    app = create_application()
    MainWindow.choose_member = lambda self, members, *_: members[0].id  # type: ignore[method-assign]
    window = MainWindow(open_evaluation(path))
    window.show()
    window.go_to("Scoring")
    page = window.page("Scoring")
    results = window.page("Results")
    assert isinstance(page, ScoringPage) and isinstance(results, ResultsPage)
    app.processEvents()
    save_times, redraw_times = [], []
    for n in range(edits):
        page.select(n % page.model.rowCount(), (n // page.model.rowCount()) % page.model.columnCount())
        page.value.setText(str(n % 6))
        page.reason.setPlainText(f"Edit {n}: the answer's evidence, in the evaluator's words.")
        start = time.perf_counter()
        assert page.save(), window.message.label.text()
        app.processEvents()
        save_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        results.refresh()  # the ranking, chart and flags an officer sees on turning to the Results page
        results.repaint()
        save_times[-1] += time.perf_counter() - start
        results._sensitivity_timer.stop()
        start = time.perf_counter()
        results.fill_sensitivity()  # drawn just after, in the same turn of the event loop
        redraw_times.append(time.perf_counter() - start)
    window.close()
    return save_times, redraw_times


def main() -> None:
    from bench_engine import generated

    from svtool.services.evaluations import create_evaluation

    with tempfile.TemporaryDirectory() as folder:
        os.environ["SVTOOL_DATA_DIR"] = str(Path(folder) / "data")
        os.environ["XDG_CONFIG_HOME"] = str(Path(folder) / "config")
        demo = Path(folder) / "demo.svt"
        from svtool.services.demo import create_demo

        create_demo(demo).close()
        times = startup(demo, 5)
        print(
            f"start to first window shown, demo evaluation (target < 1.5 s): "
            f"median {statistics.median(times):.2f} s, best {min(times):.2f} s, worst {max(times):.2f} s"
        )
        large = Path(folder) / "fifty.svt"
        evaluation = generated(50, 12, 3)
        create_evaluation(evaluation, large, "bench").close()
        scores = len(evaluation.scores)
        save, redraw = typed_scores(large, 200)
        p95 = statistics.quantiles(save, n=20)[-1]
        print(
            f"50 bidders x 12 questions x 3 evaluators ({scores:,} scores): typed score saved, ranked and the "
            f"Results ranking redrawn (target < 100 ms): median {statistics.median(save) * 1000:.1f} ms, "
            f"p95 {p95 * 1000:.1f} ms"
        )
        print(f"  then the sensitivity statements filled in: median {statistics.median(redraw) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
