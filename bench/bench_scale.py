"""Council scale with the window on screen: how long a person waits for an edit, and how long the window freezes.

Issue 10, item 7. The first five figures are taken at 300 bidders x 20 scored questions x 5 evaluators x 2 stages
(60,000 scores) with svtool's main window shown offscreen and the evaluation open in it; edits are made through
the pages the way a person makes them (a score saved from the Scoring page, a price typed into the Bidders grid, a
question's weight or title typed into the Setup page's table). Targets:

    score_edit_p95_ms        a typed score saved (Ctrl+Enter) until every page has redrawn            < 50 ms
    price_edit_p95_ms        one bidder's price changed, until every page has redrawn                 < 50 ms
    setup_edit_p95_ms        a question's weight or title changed, until every page has redrawn       < 100 ms
    longest_gui_stall_ms     the longest event-loop block during those edits and while turning to
                             the Results page, until its sensitivity analysis is shown                < 100 ms
    open_to_first_page_s     opening the 300-bidder file in the window until its first page is
                             drawn and nothing is left for the event loop to do                       < 1.0 s
    start_to_first_window_s  a fresh `python -c` process starting svtool on the demo until its
                             window is shown (median of several runs)                                 < 0.8 s
    open_235k_store_s        open_evaluation on 300 bidders x 60 questions (56 of them scored) x 7
                             evaluators x 2 stages = 235,200 scores, no window                        < 0.5 s
    peak_rss_mb              peak resident memory of a fresh process that opens those 235,200
                             scores and computes the results                                          < 400 MB

Each p95 is over 20 edits (5 with --quick), after one more that warms up and is not counted; Python's own
garbage collections, background threads and the machine's other load all count, as they do for a person.

"Until every page has redrawn": the edit, then the event loop run until it has nothing left to do (every posted
event, queued signal, due timer and repaint handled), then nothing more for 20 ms; the time is taken when the
last of that work was done. Work handed to another thread is not waited for in the edit figures; the stall
figure runs on until it is done.

The stall is measured with a heartbeat: a 5 ms timer on the GUI thread, whose longest gap between ticks, less the
5 ms, is the longest time the window could not respond. It runs through every edit and, after each kind of edit,
through turning to the Results page until the sensitivity statements are shown there. Opening the file is not
part of it: open_to_first_page_s covers that, and the human-readable output says how long opening blocked.

Prints figures and asserts nothing; with --json, prints one JSON object with exactly the eight keys above (and
the human-readable figures on stderr). --quick takes fewer repetitions; --profile adds a cProfile summary of one
edit of each kind. Run: QT_QPA_PLATFORM=offscreen python bench/bench_scale.py [--quick] [--json] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QSettings,
    Qt,
    QThreadPool,
    QTimer,
)
from PySide6.QtWidgets import QApplication, QTableView, QWidget
from scale_fixture import STORE_SCALE, WINDOW_SCALE, council_evaluation, write_evaluation

from svtool.domain.evaluation import Evaluation, ScaleMethod, Score
from svtool.services.demo import create_demo
from svtool.services.evaluations import open_evaluation

HEARTBEAT_MS = 5
QUIET_S = 0.020  # nothing for this long after the last event: the edit's work is done
THINK_S = 0.050  # the event loop runs this long between edits, as it does while a person reads and types
BACKGROUND_TIMEOUT_S = 300.0
#: Timer events that are not work caused by an edit: the heartbeat itself and text cursors blinking.
IDLE_TIMER_RECEIVERS = frozenset({"QWidgetLineControl", "QPlainTextEditControl", "QWidgetTextControl"})
HEARTBEAT_NAME = "bench-heartbeat"
ALL_EVENTS = QEventLoop.ProcessEventsFlag.AllEvents
WAIT = QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents
EDIT_ROLE = Qt.ItemDataRole.EditRole
KEYS = (
    "score_edit_p95_ms",
    "price_edit_p95_ms",
    "setup_edit_p95_ms",
    "longest_gui_stall_ms",
    "open_to_first_page_s",
    "start_to_first_window_s",
    "open_235k_store_s",
    "peak_rss_mb",
)

#: Started in a fresh process: svtool's own entry point on the demo; prints the (system-wide) monotonic clock
#: when the first window has been shown, then closes it. The approach of bench/bench_app.py.
STARTUP = """
import sys, time
from PySide6.QtCore import QTimer
from svtool.ui import app as ui
from svtool.ui.main_window import MainWindow
shown = MainWindow.showEvent
def report(self, event):
    shown(self, event)
    QTimer.singleShot(0, lambda: (print("SHOWN", time.monotonic(), flush=True), self.close()))
MainWindow.showEvent = report
MainWindow.choose_member = lambda self, members, *_: members[0].id  # (the person says who is working)
sys.exit(ui.run_app(sys.argv[1]))
"""

#: Started in a fresh process: open the evaluation, compute its results, report the peak resident memory.
PEAK_MEMORY = """
import sys
from svtool.services.evaluations import open_evaluation
opened = open_evaluation(sys.argv[1])
results = opened.results()
print("RANKED", len(results.bidders), flush=True)
try:
    with open("/proc/self/status", encoding="ascii") as status:
        print(next(line for line in status if line.startswith("VmHWM")), flush=True)
except OSError:
    pass
opened.close()
"""


# Measuring the event loop ---------------------------------------------------------------------------------------


class Heartbeat:
    """A 5 ms timer on the GUI thread: the longest gap between its ticks is the longest the window was blocked.

    Gaps are kept per phase (what the benchmark was doing), so the report can say where the worst one was.
    """

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setObjectName(HEARTBEAT_NAME)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.phase = "starting"
        self.longest: dict[str, float] = {}
        self._last = time.perf_counter()

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self._tick()
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap, self._last = now - self._last, now
        self.longest[self.phase] = max(self.longest.get(self.phase, 0.0), gap)

    def stall_ms(self, phases: Iterable[str]) -> float:
        """The longest block in these phases, in ms: the longest gap less the heartbeat's own interval."""
        gaps = [self.longest[p] for p in phases if p in self.longest]
        return max(0.0, max(gaps, default=0.0) * 1000 - HEARTBEAT_MS)


class EventCounter(QObject):
    """Counts the events the application delivers, but for the heartbeat's ticks and blinking text cursors."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Timer and (
            watched.objectName() == HEARTBEAT_NAME or watched.metaObject().className() in IDLE_TIMER_RECEIVERS
        ):
            return False
        self.count += 1
        return False


class Loop:
    """Runs the GUI thread's event loop for the benchmark, as QApplication.exec() would between keystrokes."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.counter = EventCounter()
        self.timed_out: list[str] = []

    def settle(self, what: str = "", timeout_s: float = BACKGROUND_TIMEOUT_S) -> float:
        """Run the loop until it has nothing left to do, then QUIET_S with nothing; when the last work was done.

        First passes that do not wait (posted events, queued signals, due timers, repaints), until two in a row
        deliver nothing; then waiting passes (the heartbeat wakes the loop every 5 ms) until QUIET_S goes by
        without an event, so that a redraw put off by a short timer is counted too.
        """
        self.app.installEventFilter(self.counter)
        try:
            done = time.perf_counter()
            deadline = done + timeout_s
            empty = 0
            while True:
                before = self.counter.count
                QCoreApplication.processEvents(WAIT if empty >= 2 else ALL_EVENTS)
                now = time.perf_counter()
                if self.counter.count != before:
                    done, empty = now, 0
                else:
                    empty += 1
                if empty >= 2 and now - done >= QUIET_S:
                    return done
                if now > deadline:
                    self.timed_out.append(what or "settling")
                    return done
        finally:
            self.app.removeEventFilter(self.counter)

    def idle(self, seconds: float) -> None:
        """Let the application's event loop run undisturbed, as it does while a person reads or types."""
        loop = QEventLoop()
        QTimer.singleShot(round(seconds * 1000), loop.quit)
        loop.exec()

    def wait_until(self, ready: Callable[[], bool], what: str, timeout_s: float = BACKGROUND_TIMEOUT_S) -> float:
        """Run the loop until ready() and no pooled thread is busy, then settle; when that was."""
        deadline = time.perf_counter() + timeout_s
        while not (ready() and QThreadPool.globalInstance().activeThreadCount() == 0):
            if time.perf_counter() > deadline:
                self.timed_out.append(what)
                break
            QCoreApplication.processEvents(WAIT)
        return self.settle(what)


# Driving the window ---------------------------------------------------------------------------------------------


@dataclass
class Edit:
    """One edit as a person makes it: getting ready (choosing the cell, typing; not timed), the keystroke that
    saves it (timed, with the redraws that follow), and a check that it really was saved."""

    prepare: Callable[[], None]
    commit: Callable[[], object]
    saved: Callable[[], bool]


def find_table(page: QWidget, *headers: str) -> tuple[QTableView, dict[str, int]] | None:
    """The table on a page whose columns include these headers (matched whole, or by how the header starts)."""
    for view in page.findChildren(QTableView):
        model = view.model()
        if model is None:
            continue
        names = [
            str(model.headerData(c, Qt.Orientation.Horizontal) or "").strip().lower()
            for c in range(model.columnCount())
        ]
        columns: dict[str, int] = {}
        for wanted in headers:
            key = wanted.lower()
            found = [c for c, name in enumerate(names) if name == key] or [
                c for c, name in enumerate(names) if name.startswith(key)
            ]
            if found:
                columns[key] = found[0]
        if len(columns) == len(headers):
            return view, columns
    return None


def find_row(model: QAbstractItemModel, column: int, text: str) -> int | None:
    return next((r for r in range(model.rowCount()) if model.index(r, column).data() == text), None)


class Session:
    """The main window, offscreen, with the 60,000-score evaluation open in it."""

    def __init__(self, app: QApplication, loop: Loop, heartbeat: Heartbeat) -> None:
        from svtool.ui.main_window import MainWindow

        self.app, self.loop, self.heartbeat = app, loop, heartbeat
        self.window = MainWindow(None)
        self.window.show()
        self.paths: dict[str, str] = {}  # edit kind: how it was driven
        self._weights: dict[str, Decimal] = {}

    @property
    def evaluation(self) -> Evaluation:
        document = self.window.document
        assert document is not None
        return document.evaluation

    def page_name(self) -> str:
        stack = getattr(self.window, "stack", None)
        current = stack.currentWidget() if stack is not None else None
        return next((name for name, page in self.window.pages.items() if page is current), "?")

    def problem(self) -> str:
        message = getattr(self.window, "message", None)
        label = getattr(message, "label", None)
        return label.text() if label is not None else ""

    def open(self, path: Path, closing_first: bool) -> tuple[float, float]:
        """File > Open (or Open Recent): the time until the first page is drawn and the loop has nothing to do,
        and until the background work it started (the Results page's sensitivity) is done as well."""
        if closing_first:
            self.heartbeat.phase = "closing"
            self.window.close_document()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            gc.collect()
            self.loop.settle()
        self.heartbeat.phase = "opening"
        start = time.perf_counter()
        if not self.window.open_path(str(path)):
            raise RuntimeError(f"the window could not open {path}")
        # The file is read and scored on a worker thread; the window shows it when ready.
        deadline = time.perf_counter() + BACKGROUND_TIMEOUT_S
        while self.window.opening and time.perf_counter() < deadline:
            QCoreApplication.processEvents(WAIT)
        if self.window.windowFilePath() != str(path):
            raise RuntimeError(f"the window could not open {path}: {self.problem()}")
        done = self.loop.settle("opening")
        self.heartbeat.phase = "opening: background work"
        finished = self.loop.wait_until(
            lambda: self.page_name() != "Results" or self._sensitivity_shown(), "opening: background work"
        )
        self.loop.idle(THINK_S)
        return done - start, finished - start

    def go_to(self, page: str) -> None:
        self.heartbeat.phase = f"turning to {page}"
        self.window.go_to(page)
        self.loop.settle(f"turning to {page}")
        self.loop.idle(THINK_S)

    # The edits --------------------------------------------------------------------------------------------------

    def score_edit(self, n: int) -> Edit:
        """A score typed on the Scoring page (value and reason) and saved with Ctrl+Enter (the page's save())."""
        page = self.window.page("Scoring")
        grid = getattr(page, "grid", None)
        value_box, reason_box = getattr(page, "value", None), getattr(page, "reason", None)
        if isinstance(grid, QTableView) and value_box is not None and reason_box is not None and hasattr(page, "save"):
            self.paths["score"] = "the Scoring page: cell chosen, score and reason typed, page.save() (Ctrl+Enter)"
            model = grid.model()
            index = model.index((n * 37 + 11) % model.rowCount(), (n * 7 + 3) % model.columnCount())
            old = str(index.data() or "")
            value = 1 + int(old) % 5 if old.isdigit() else 3

            def prepare() -> None:
                grid.setCurrentIndex(index)
                value_box.setText(str(value))
                reason_box.setPlainText(
                    f"Revised on rereading ({n}): the answer names who does what in the "
                    "first ninety days, but not how it is monitored."
                )

            return Edit(prepare, page.save, lambda: str(model.index(index.row(), index.column()).data()) == str(value))
        self.paths["score"] = "document.record_score (the Scoring page's widgets were not found)"
        e = self.evaluation
        scored = [q for q in e.questions if isinstance(q.method, ScaleMethod)]
        key = (
            e.evaluators[0].id,
            e.bidders[(n * 37 + 11) % len(e.bidders)].id,
            scored[(n * 7 + 3) % len(scored)].id,
            e.stages[0].id,
        )
        document = self.window.document
        assert document is not None
        before = document.score(*key)
        score = Score(*key, Decimal(1 + int(before.value) % 5 if before else 3), f"Revised on rereading ({n}).")
        return Edit(lambda: None, lambda: document.record_score(score), lambda: document.score(*key) == score)

    def price_edit(self, n: int) -> Edit:
        """A new price typed into the Bidders grid: the grid's model is given the text, as its editor does."""
        e = self.evaluation
        found = find_table(self.window.page("Bidders"), "Bidder", "Price")
        prices = {b.bidder_id: b.price for b in e.bids}
        if found is not None:
            view, columns = found
            model = view.model()
            row = (n * 53 + 5) % model.rowCount()
            name = model.index(row, columns["bidder"]).data()
            bidder = next(b for b in e.bidders if b.name == name)
            price = (prices.get(bidder.id) or Decimal(1_000_000)) + n + 1
            index = model.index(row, columns["price"])
            self.paths["price"] = "the Bidders page's grid: model().setData(price cell, typed text), as its editor does"
            return Edit(
                lambda: view.setCurrentIndex(index),
                lambda: model.setData(index, f"{price:,}", EDIT_ROLE),
                lambda: self._price(bidder.id) == price,
            )
        self.paths["price"] = "document.change_setup with one bid's price changed (the Bidders grid was not found)"
        bidder = e.bidders[(n * 53 + 5) % len(e.bidders)]
        price = (prices.get(bidder.id) or Decimal(1_000_000)) + n + 1
        bids = tuple(dataclasses.replace(b, price=price) if b.bidder_id == bidder.id else b for b in e.bids)
        document = self.window.document
        assert document is not None
        return Edit(
            lambda: None,
            lambda: document.change_setup(
                dataclasses.replace(e, bids=bids), f"enter {bidder.name}'s price as £{price:,}"
            ),
            lambda: self._price(bidder.id) == price,
        )

    def _price(self, bidder_id: str) -> Decimal | None:
        return next((b.price for b in self.evaluation.bids if b.bidder_id == bidder_id), None)

    def setup_edit(self, n: int) -> Edit:
        """Even edits retitle a question; odd ones move a question's weight up a point and, next time, back."""
        e = self.evaluation
        scored = [q for q in e.questions if isinstance(q.method, ScaleMethod)]
        if n % 2 == 0:
            question = scored[(n // 2 * 3) % len(scored)]
            field, text = "question", f"Question {question.id}: revised wording {n}"
        else:
            question = scored[1]
            original = self._weights.setdefault(question.id, question.weight)
            weight = original + 1 if question.weight == original else original
            field, text = "weight", format(weight, "f")

        def saved() -> bool:
            now = next(q for q in self.evaluation.questions if q.id == question.id)
            return now.title == text if field == "question" else now.weight == Decimal(text)

        found = find_table(self.window.page("Setup"), "Id", "Question", "Weight")
        row = None if found is None else find_row(found[0].model(), found[1]["id"], question.id)
        if found is not None and row is not None:
            view, columns = found
            model = view.model()
            index = model.index(row, columns[field])
            self.paths["setup"] = "the Setup page's questions table: model().setData(title or weight cell, text)"
            return Edit(lambda: view.setCurrentIndex(index), lambda: model.setData(index, text, EDIT_ROLE), saved)
        self.paths["setup"] = "document.change_setup with one question changed (the questions table was not found)"
        changed = (
            dataclasses.replace(question, title=text)
            if field == "question"
            else dataclasses.replace(question, weight=Decimal(text))
        )
        questions = tuple(changed if q.id == question.id else q for q in e.questions)
        document = self.window.document
        assert document is not None
        return Edit(
            lambda: None,
            lambda: document.change_setup(
                dataclasses.replace(e, questions=questions), f"change question {question.id}"
            ),
            saved,
        )

    def edits(self, kind: str, page: str, make: Callable[[int], Edit], count: int) -> list[float]:
        """count edits of one kind (after one more, not counted, to warm up), each timed to every page redrawn."""
        self.go_to(page)
        times = []
        for n in range(count + 1):
            self.heartbeat.phase = f"{kind} edits"
            edit = make(n)
            edit.prepare()
            self.loop.settle()
            start = time.perf_counter()
            edit.commit()
            done = self.loop.settle(f"{kind} edit")
            if not edit.saved():
                raise RuntimeError(f"{kind} edit {n} was not saved or not shown: {self.problem()!r}")
            times.append(done - start)
            self.loop.idle(THINK_S)
        return times

    def turn_to_results(self, after: str) -> float:
        """Turn to the Results page and wait until its sensitivity statements are shown; how long that took."""
        self.heartbeat.phase = f"Results page after {after} edits"
        start = time.perf_counter()
        self.window.go_to("Results")
        done = self.loop.wait_until(self._sensitivity_shown, f"sensitivity after {after} edits")
        self.loop.idle(THINK_S)
        return done - start

    def _sensitivity_shown(self) -> bool:
        details = getattr(self.window.page("Results"), "details", None)
        text = details.toPlainText() if details is not None and hasattr(details, "toPlainText") else ""
        return "working out" not in text.lower()

    def profile(self, kind: str, page: str, edit: Edit, out: TextIO) -> None:
        """cProfile one edit, its redraws included, and print where the time went."""
        self.go_to(page)
        edit.prepare()
        self.loop.settle()
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        edit.commit()
        done = self.loop.settle(f"profiling a {kind} edit")
        profiler.disable()
        print(
            f"\n--- cProfile of one {kind} edit on the {page} page ({(done - start) * 1000:.0f} ms with profiling; "
            "by cumulative time) ---",
            file=out,
        )
        stats = pstats.Stats(profiler, stream=out)
        stats.strip_dirs().sort_stats("cumulative").print_stats(25)
        self.loop.idle(THINK_S)


# Separate processes ---------------------------------------------------------------------------------------------


def start_to_first_window(demo: Path, folder: Path, runs: int) -> tuple[list[float], list[float], list[str]]:
    """A fresh process starting svtool on the demo: monotonic time to its first window shown, and to its exit;
    and how any run went wrong after its window was shown (a crash on quitting does not void the timing)."""
    shown, exited, problems = [], [], []
    for n in range(runs):
        env = dict(os.environ, XDG_CONFIG_HOME=str(folder / f"start-config-{n}"))  # a first start each time
        start = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-c", STARTUP, str(demo)], capture_output=True, text=True, env=env, check=False
        )
        end = time.monotonic()
        lines = [line.split() for line in run.stdout.splitlines() if line.startswith("SHOWN")]
        if not lines:
            raise RuntimeError(f"svtool did not start: exit {run.returncode}\n{run.stdout}\n{run.stderr}")
        errors = [line for line in run.stderr.splitlines() if "rror" in line and "propagateSizeHints" not in line]
        if run.returncode != 0 or errors:
            problems.append(f"exit status {run.returncode}" + (f" ({errors[-1][:110]}…)" if errors else ""))
        at = float(lines[0][1])
        shown.append(at - start if start <= at <= end else end - start)
        exited.append(end - start)
    return shown, exited, problems


def peak_memory_mb(path: Path) -> float:
    """Peak resident memory of a fresh process that opens the evaluation and ranks it (VmHWM; else ru_maxrss)."""
    run = subprocess.run([sys.executable, "-c", PEAK_MEMORY, str(path)], capture_output=True, text=True, check=False)
    if run.returncode != 0 or "RANKED" not in run.stdout:
        raise RuntimeError(f"the memory probe failed: exit {run.returncode}\n{run.stderr}")
    for line in run.stdout.splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024  # kB
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far: kB on Linux
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


# Reporting ------------------------------------------------------------------------------------------------------


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1] if len(samples) > 1 else samples[0]


def describe(times: list[float]) -> str:
    counted = times[1:]
    return (
        f"p95 {p95(counted) * 1000:.1f} ms, median {statistics.median(counted) * 1000:.1f} ms, "
        f"worst {max(counted) * 1000:.1f} ms over {len(counted)} edits; the first (not counted) "
        f"{times[0] * 1000:.1f} ms"
    )


@contextmanager
def stdout_to_stderr(active: bool) -> Iterator[TextIO]:
    """With --json, everything but the JSON object goes to stderr, even what C++ code writes to file 1."""
    if not active:
        yield sys.stdout
        return
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield sys.stderr
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object with the eight figures")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (5 edits of each kind)")
    parser.add_argument("--profile", action="store_true", help="also cProfile one edit of each kind")
    args = parser.parse_args()
    from svtool.ui.main_window import MainWindow

    MainWindow.choose_member = lambda self, members, *_: members[0].id  # type: ignore[method-assign]
    edits, opens, starts, store_opens = (5, 1, 3, 2) if args.quick else (20, 3, 5, 3)
    figures: dict[str, float] = {}

    with tempfile.TemporaryDirectory() as name, stdout_to_stderr(args.json) as out:
        folder = Path(name)
        os.environ["SVTOOL_DATA_DIR"] = str(folder / "data")
        os.environ["SVTOOL_LOG_DIR"] = str(folder / "logs")
        os.environ["XDG_CONFIG_HOME"] = str(folder / "config")

        def say(text: str) -> None:
            print(text, file=out, flush=True)

        load = f"{os.getloadavg()[0]:.2f}"
        start = time.perf_counter()
        window_file = write_evaluation(council_evaluation(*WINDOW_SCALE), folder / "window.svt")
        store_evaluation = council_evaluation(*STORE_SCALE)
        store_scores = len(store_evaluation.scores)
        store_file = write_evaluation(store_evaluation, folder / "store.svt")
        del store_evaluation
        demo = folder / "demo.svt"
        create_demo(demo).close()
        say(
            f"generated {window_file.stat().st_size / 2**20:.0f} MiB (60,000 scores) and "
            f"{store_file.stat().st_size / 2**20:.0f} MiB ({store_scores:,} scores) files in "
            f"{time.perf_counter() - start:.1f} s"
        )

        shown, exited, problems = start_to_first_window(demo, folder, starts)
        figures["start_to_first_window_s"] = statistics.median(shown)
        say(
            f"start to first window, demo (target < 0.8 s): median {statistics.median(shown):.2f} s, best "
            f"{min(shown):.2f} s, worst {max(shown):.2f} s over {starts} runs; process exited after a median "
            f"{statistics.median(exited):.2f} s"
        )
        if problems:
            say(f"  NOTE: {len(problems)} of {starts} runs ended badly after showing the window: {problems[0]}")

        figures["peak_rss_mb"] = peak_memory_mb(store_file)
        say(
            f"peak resident memory opening and ranking {store_scores:,} scores in a fresh process "
            f"(target < 400 MB): {figures['peak_rss_mb']:.0f} MB"
        )

        times, ranking = [], []
        for _ in range(store_opens):
            gc.collect()
            start = time.perf_counter()
            opened = open_evaluation(store_file)
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            opened.results()
            ranking.append(time.perf_counter() - start)
            opened.close()
            del opened
        figures["open_235k_store_s"] = statistics.median(times)
        say(
            f"open_evaluation, {store_scores:,} scores, no window (target < 0.5 s): median "
            f"{statistics.median(times):.3f} s over {store_opens} runs; then results() "
            f"{statistics.median(ranking):.3f} s"
        )
        gc.collect()

        from svtool.ui.app import create_application

        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder / "settings"))
        app = create_application()
        loop, heartbeat = Loop(app), Heartbeat()
        heartbeat.start()
        session = Session(app, loop, heartbeat)
        loop.settle()

        opened_at = [session.open(window_file, closing_first=n > 0) for n in range(opens)]
        times, finished = [first for first, _ in opened_at], [done for _, done in opened_at]
        figures["open_to_first_page_s"] = statistics.median(times)
        say(
            f"open the 60,000-score file in the window to its first page ({session.page_name()}) drawn and idle "
            f"(target < 1.0 s): median {statistics.median(times):.2f} s over {opens} runs; the window was blocked "
            f"for up to {heartbeat.stall_ms(['opening']) / 1000:.2f} s"
        )
        say(
            f"  and its background work (sensitivity) done after a median {statistics.median(finished):.2f} s, "
            f"the window blocked meanwhile for up to {heartbeat.stall_ms(['opening: background work']):.0f} ms"
        )
        size, screen = session.window.size(), app.primaryScreen().availableGeometry()
        if size.height() > screen.height() or size.width() > screen.width():
            say(
                f"  NOTE: the window is {size.width()} x {size.height()} px on a {screen.width()} x "
                f"{screen.height()} px screen (its minimum size is {session.window.minimumSizeHint().height()} px "
                "tall), so every page is that tall and its grids draw every row"
            )

        timed_phases = []
        for kind, page, make, key, target in (
            ("score", "Scoring", session.score_edit, "score_edit_p95_ms", 50),
            ("price", "Bidders", session.price_edit, "price_edit_p95_ms", 50),
            ("setup", "Setup", session.setup_edit, "setup_edit_p95_ms", 100),
        ):
            times = session.edits(kind, page, make, edits)
            figures[key] = p95(times[1:]) * 1000
            results = session.turn_to_results(kind)
            timed_phases += [f"turning to {page}", f"{kind} edits", f"Results page after {kind} edits"]
            say(f"{kind} edit to every page redrawn (target < {target} ms): {describe(times)}")
            say(f"  made through {session.paths[kind]}")
            say(
                f"  window blocked for up to {heartbeat.stall_ms([f'{kind} edits']):.0f} ms during these edits; "
                f"then turning to the Results page took {results:.2f} s to the sensitivity shown, blocking for up "
                f"to {heartbeat.stall_ms([f'Results page after {kind} edits']):.0f} ms"
            )
        figures["longest_gui_stall_ms"] = heartbeat.stall_ms(timed_phases)
        worst = max(timed_phases, key=lambda p: heartbeat.longest.get(p, 0.0))
        say(
            f"longest GUI stall during the edits and the Results page (target < 100 ms): "
            f"{figures['longest_gui_stall_ms']:.0f} ms, in: {worst}"
        )
        if loop.timed_out:
            say(f"NOTE: gave up waiting ({BACKGROUND_TIMEOUT_S:.0f} s) for: {', '.join(loop.timed_out)}")
        say(
            f"load average (other processes on this machine skew the figures): {load} at the start, "
            f"{os.getloadavg()[0]:.2f} at the end, on {os.cpu_count()} cores"
        )

        if args.profile:
            heartbeat.phase = "profiling"
            session.profile("score", "Scoring", session.score_edit(edits + 1), out)
            session.profile("price", "Bidders", session.price_edit(edits + 1), out)
            session.profile("setup", "Setup", session.setup_edit(edits + 2), out)
        heartbeat.stop()
        session.window.close()

    if args.json:
        print(json.dumps({key: round(figures[key], 3) for key in KEYS}))


if __name__ == "__main__":
    main()
