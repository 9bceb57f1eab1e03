"""Blind scoring in a real window (docs/panel.md): an evaluator who has not submitted sees no other member's
score or reason, on any page, and no member of the quality panel sees a price."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QPlainTextEdit, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from svtool.domain.evaluation import Declaration, ScaleMethod, Score, Submission
from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import create_evaluation, open_evaluation
from svtool.ui.main_window import MainWindow
from svtool.ui.moderation_page import ModerationPage
from tests.ui.conftest import work_as

pytestmark = pytest.mark.gui
PRICES = ("4650000", "4,650,000", "4180000", "4,180,000")


def _secret(member: str, bidder: str, question: str, stage: str) -> str:
    return f"SECRET-{member}-{bidder}-{question}-{stage}"


@pytest.fixture
def scored_by_others(tmp_path: Path) -> Path:
    """Sam (E1) and Chris (E3) have scored and submitted everything; Jo (E2) has scored ACC's Q1 only."""
    e = demo_evaluation()
    scores = [
        Score(m, b.id, q.id, s, Decimal(3), _secret(m, b.id, q.id, s))
        for m in ("E1", "E3")
        for q in e.questions
        if isinstance(q.method, ScaleMethod)
        for b in e.bidders
        for s in e.stages_of(q)
    ]
    scores.append(Score("E2", "ACC", "Q1", "written", Decimal(4), "Jo's own note on ACC's care plans."))
    fresh = dataclasses.replace(
        e,
        scores=tuple(scores),
        moderations=(),
        submissions=tuple(Submission(m, s.id, "2026-09-20T16:00:00+00:00") for m in ("E1", "E3") for s in e.stages),
        declarations=tuple(
            Declaration(m.id, b.id, False, "No conflict of interest.", "2026-09-01")
            for m in e.evaluators
            for b in e.bidders
        ),
    )
    path = tmp_path / "lot1.svt"
    create_evaluation(fresh, path, "tester").close()
    return path


def _everything_shown(window: MainWindow) -> str:
    """The text of every widget on every page the member can reach, including every cell and tooltip."""
    parts = [window.windowTitle(), window.statusBar().currentMessage()]
    for name in list(window.pages):
        window.go_to(name)
        page = window.page(name)
        if isinstance(page, ModerationPage):
            for row in range(page.model.rowCount()):  # each answer, as the panel would read it
                page.select(row)
                parts.append(page.reasons.toPlainText())
        for widget in page.findChildren(QWidget):
            if isinstance(widget, QAbstractItemView) and widget.model() is not None:
                model = widget.model()
                for row in range(model.rowCount()):
                    for column in range(1 if isinstance(model, QAbstractListModel) else model.columnCount()):
                        index = model.index(row, column)
                        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                            parts.append(str(index.data(role) or ""))
            elif isinstance(widget, QLabel):
                parts.append(widget.text())
            elif isinstance(widget, (QTextBrowser, QPlainTextEdit)):
                parts.append(widget.toPlainText())
            elif isinstance(widget, QLineEdit):
                parts.append(widget.text())
    return "\n".join(parts)


def _window_as(qtbot, path: Path, member: str, monkeypatch: pytest.MonkeyPatch) -> MainWindow:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(MainWindow, "choose_member", lambda *_: member)
    window = MainWindow(open_evaluation(path))
    qtbot.addWidget(window)
    window.show()
    return window


def test_an_evaluator_sees_only_their_own_scores_and_no_prices(
    qtbot: QtBot,
    scored_by_others: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = _window_as(qtbot, scored_by_others, "E2", monkeypatch)
    assert set(window.pages) == {"Setup", "Framework", "Bidders", "Scoring", "Moderation"}
    shown = _everything_shown(window)
    assert "Jo's own note on ACC's care plans." in shown  # the walk does reach the scores shown
    assert "SECRET-" not in shown
    assert not [price for price in PRICES if price in shown]
    assert "recommended" not in shown.lower()


def test_once_submitted_the_panels_scores_are_seen_but_still_no_prices(
    qtbot: QtBot,
    scored_by_others: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = _window_as(qtbot, scored_by_others, "E3", monkeypatch)  # Chris has submitted both stages
    shown = _everything_shown(window)
    assert "SECRET-E1-ACC-Q1-written" in shown
    assert not [price for price in PRICES if price in shown]
    work_as(window, "E1")  # (this machine remembers Chris: the lead chooses again) the lead sees prices
    assert "Results" in window.pages and [p for p in PRICES if p in _everything_shown(window)]
