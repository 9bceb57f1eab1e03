"""Sensitivity is worked out on a worker thread from a snapshot, and the page shows it when it arrives; an answer
overtaken by a later change is dropped."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from svtool.domain.evaluation import Evaluation
from svtool.services.analysis import sensitivity_statements
from svtool.ui.background import LatestOnly
from svtool.ui.main_window import MainWindow
from svtool.ui.results_page import ResultsPage

pytestmark = pytest.mark.gui


def test_sensitivity_arrives_from_a_worker_thread(
    qtbot: QtBot,
    demo_window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(LatestOnly, "synchronous", False)
    threads: list[str] = []
    import svtool.ui.results_page as results_page

    real = sensitivity_statements  # what the results page imported

    def watched(snapshot: Evaluation) -> list[str]:
        threads.append(threading.current_thread().name)
        return real(snapshot)

    monkeypatch.setattr(results_page, "sensitivity_statements", watched)
    demo_window.go_to("Results")
    page = demo_window.page("Results")
    assert isinstance(page, ResultsPage)
    page.refresh()
    page.fill_sensitivity()
    assert page.sensitivity.running
    qtbot.waitUntil(lambda: not page.sensitivity.running, timeout=10_000)
    assert threads and threads[-1] != threading.main_thread().name
    assert "Sensitivity" in page.details.toPlainText() and "Working out" not in page.details.toPlainText()


def test_an_answer_overtaken_by_a_change_is_dropped(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(LatestOnly, "synchronous", False)
    delivered: list[object] = []
    release = threading.Event()
    worker = LatestOnly(delivered.append)

    def slow() -> str:
        release.wait(5)
        return "old"

    worker.start(slow)
    worker.start(lambda: "new")
    release.set()
    qtbot.waitUntil(lambda: not worker.running, timeout=5000)
    qtbot.wait(100)  # give the overtaken answer every chance to arrive
    assert delivered == ["new"]
