"""A real main window on a private copy of the demonstration evaluation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from svtool.domain.evaluation import Role
from svtool.services.demo import create_demo
from svtool.services.evaluations import open_evaluation
from svtool.services.panel import unlock
from svtool.ui import unsaved
from svtool.ui.background import LatestOnly
from svtool.ui.document import EvaluationDocument
from svtool.ui.main_window import MainWindow
from svtool.ui.panel_dialogs import remember_member


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> None:
    """Each test starts with no remembered window layout or recent files (Qt caches the settings path)."""
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings().clear()


@pytest.fixture(autouse=True)
def background_work_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work that the app runs off the GUI thread runs inline in tests, so that they see its result at once
    (tests/ui/test_background.py runs it on a real worker thread)."""
    monkeypatch.setattr(LatestOnly, "synchronous", True)


@pytest.fixture(autouse=True)
def working_as_the_lead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening an evaluation with a panel asks who is working: tests work as its lead unless they say otherwise."""
    monkeypatch.setattr(
        MainWindow,
        "choose_member",
        lambda _window, members, _remembered, _title: next(
            (m.id for m in members if m.role is Role.LEAD), members[0].id
        ),
    )


@pytest.fixture(autouse=True)
def no_unexpected_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leaving unsaved typing asks (svtool/ui/unsaved.py); a test that does not expect the question fails rather
    than waiting on a modal box. Tests that expect it replace unsaved.ask themselves."""

    def unexpected(_parent: object, what: str) -> object:
        raise AssertionError(f"unexpected question: {what} is not saved yet")

    monkeypatch.setattr(unsaved, "ask", unexpected)


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.svt"
    create_demo(path).close()
    return path


@pytest.fixture
def demo_window(qtbot, demo_file: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(open_evaluation(demo_file))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def work_as(window: MainWindow, member_id: str) -> None:
    """Open the window's evaluation afresh, working as another panel member (as File > Panel > Work as another
    member does, with the person's choice made)."""
    opened = window.opened
    assert opened is not None and opened.document.path is not None
    remember_member(str(opened.document.path.resolve()), member_id)
    window.open_path(str(opened.document.path))
    assert window.opened is not None and window.opened.member_id == member_id


def reopen(document: EvaluationDocument | None, member_id: str, stage_id: str) -> None:
    """The lead (Sam Patel, E1) reopens a member's submitted stage, as before changing a score in the demonstration:
    it is at moderation, so every member's scores are submitted and locked."""
    assert document is not None
    document.apply(unlock(document.opened, "E1", member_id, stage_id, "Reopened to score again."))


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item at a cell the test expects to be filled (Qt returns None for an empty cell, which fails here)."""
    item = table.item(row, column)
    assert item is not None, f"no item at row {row}, column {column}"
    return item
