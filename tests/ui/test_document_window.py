"""The document window: New from a template, Open (and why a file will not open), Recent, Save a Copy, Close,
and the layout remembered between sessions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from svtool.services.evaluations import open_evaluation
from svtool.ui.main_window import MainWindow
from svtool.ui.new_dialog import NewEvaluationDialog
from svtool.ui.start_page import StartPage

pytestmark = pytest.mark.gui


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: shown.append((title, text)))
    return shown


@pytest.fixture
def empty_window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def test_new_evaluation_from_a_framework_and_template(empty_window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(empty_window.page("Start"), StartPage)
    dialog = NewEvaluationDialog(empty_window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title, "Care at home, Lot 2")
    assert dialog.location.text().endswith("care-at-home-lot-2.svt")
    dialog.location.setText(str(tmp_path / "lot2.svt"))
    dialog.contract_value.setText("2,400,000")
    dialog.framework.setCurrentIndex(dialog.framework.findData("cwb-local"))
    dialog.template.setCurrentIndex(dialog.template.findData("care"))
    dialog.create_file()
    assert "Name at least one evaluator" in dialog.error.text()
    dialog.panel.setPlainText("Sam Patel, commissioning manager\nJo Robinson, quality officer\n")
    dialog.create_file()
    assert dialog.created is not None and dialog.error.text() == ""
    empty_window.show_document(dialog.created)
    assert empty_window.windowTitle() == "lot2.svt – svtool"
    evaluation = open_evaluation(tmp_path / "lot2.svt").evaluation
    assert evaluation.title == "Care at home, Lot 2" and evaluation.framework_id == "cwb-local"
    assert [e.name for e in evaluation.evaluators] == [
        "Sam Patel, commissioning manager",
        "Jo Robinson, quality officer",
    ]
    assert {s.id: v for s, v in zip(evaluation.stages, evaluation.split.values(), strict=True)} == {
        "written": 50,
        "interview": 50,
    }
    assert str(tmp_path / "lot2.svt") in empty_window._recent()


def test_a_new_evaluation_never_overwrites_a_file(qtbot, tmp_path: Path, demo_file: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = NewEvaluationDialog()
    qtbot.addWidget(dialog)
    dialog.title.setText("Another")
    dialog.contract_value.setText("100000")
    dialog.panel.setPlainText("Sam Patel")
    dialog.location.setText(str(demo_file))
    dialog.create_file()
    assert dialog.created is None and "already exists" in dialog.error.text()


def test_files_that_cannot_be_opened_are_explained(
    empty_window: MainWindow, tmp_path: Path, demo_file: Path, warnings: list[tuple[str, str]]
) -> None:
    garbage = tmp_path / "garbage.svt"
    garbage.write_bytes(b"this is not an evaluation" * 100)
    assert not empty_window.open_path(str(garbage))
    assert "garbage.svt" in warnings[-1][1] and "not an svtool evaluation" in warnings[-1][1]
    with sqlite3.connect(demo_file) as connection:
        connection.execute("UPDATE svtool_meta SET value = '99' WHERE key = 'schema_version'")
    connection.close()
    assert not empty_window.open_path(str(demo_file))
    assert "saved by a newer svtool" in warnings[-1][1]
    assert isinstance(empty_window.page("Start"), StartPage)  # still there, nothing lost


def test_open_save_a_copy_close_and_recent(empty_window: MainWindow, tmp_path: Path, demo_file: Path) -> None:
    assert empty_window.open_path(str(demo_file))
    assert empty_window.windowFilePath() == str(demo_file)
    copy = tmp_path / "filed" / "demo copy.svt"
    copy.parent.mkdir()
    assert empty_window.save_copy_to(copy)
    assert len(open_evaluation(copy).scores) == 162
    empty_window.close_document()
    start = empty_window.page("Start")
    assert isinstance(start, StartPage)
    assert empty_window.windowTitle() == "svtool"
    assert start.recent.item(0).text().startswith("demo.svt")
    empty_window._fill_recent()
    assert [a.text() for a in empty_window.recent_menu.actions()] == ["&1 demo.svt"]


def test_the_window_remembers_its_page_and_size(qtbot, demo_file: Path) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(open_evaluation(demo_file))
    qtbot.addWidget(first)
    first.resize(700, 500)  # within the offscreen screen, which clamps
    first.go_to("Moderation")
    first.close()
    second = MainWindow(open_evaluation(demo_file))
    qtbot.addWidget(second)
    assert second.stack.currentWidget() is second.page("Moderation")
    assert (second.width(), second.height()) == (700, 500)
    second.close()


def test_an_unexpected_error_is_logged_and_the_person_told_where(monkeypatch: pytest.MonkeyPatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    from svtool.ui import app

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: shown.append(text))
    try:
        raise RuntimeError("the disk controller said no")
    except RuntimeError as error:
        app._show_unexpected(RuntimeError, error, error.__traceback__)
    (message,) = shown
    assert "unexpected problem (RuntimeError)" in message and "Nothing you entered before this was lost" in message
    assert "Traceback" not in message
    log = Path(message.split("The details are in ")[1].split(". Please")[0])
    assert "the disk controller said no" in log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log.read_text(encoding="utf-8")


def test_an_evaluation_is_read_off_the_gui_thread(
    empty_window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    demo_file: Path,
    warnings: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Opening returns at once; the window shows the evaluation when it has been read and scored, and a file
    that cannot be opened is explained when that is found out."""
    import threading

    from svtool.ui import main_window
    from svtool.ui.background import LatestOnly

    monkeypatch.setattr(LatestOnly, "synchronous", False)
    threads: list[str] = []
    read = main_window._read_and_score

    def spy(path: str):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return read(path)

    monkeypatch.setattr(main_window, "_read_and_score", spy)
    assert empty_window.open_path(str(demo_file))
    assert empty_window.opening and not empty_window.nav.isEnabled()
    qtbot.waitUntil(lambda: empty_window.document is not None, timeout=10_000)
    assert threads and threads[0] != threading.main_thread().name
    assert empty_window.windowFilePath() == str(demo_file) and empty_window.nav.isEnabled()
    garbage = tmp_path / "garbage.svt"
    garbage.write_bytes(b"not an evaluation" * 50)
    assert empty_window.open_path(str(garbage))  # not yet known
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    assert "not an svtool evaluation" in warnings[-1][1]
    assert empty_window.windowFilePath() == str(demo_file)  # the open evaluation stays
