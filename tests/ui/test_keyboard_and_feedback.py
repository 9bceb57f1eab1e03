"""Nothing typed is lost, messages belong to their page, Undo means what the person is doing, Ctrl+1..7 put the
keyboard in the page, and prices are more than £0 (docs/screens.md)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from svtool.domain.evaluation import Bid
from svtool.services.errors import UserError
from svtool.ui import unsaved
from svtool.ui.bidders_page import PRICE_COLUMN, BiddersPage
from svtool.ui.main_window import PAGES, MainWindow
from svtool.ui.moderation_page import ModerationPage
from svtool.ui.scoring_page import ScoringPage
from tests.ui.conftest import reopen

pytestmark = pytest.mark.gui


def _answering(monkeypatch: pytest.MonkeyPatch, choice: unsaved.Choice) -> list[str]:
    asked: list[str] = []

    def ask(_parent: object, what: str) -> unsaved.Choice:
        asked.append(what)
        return choice

    monkeypatch.setattr(unsaved, "ask", ask)
    return asked


def _scoring(window: MainWindow) -> ScoringPage:
    reopen(window.document, "E1", "written")  # the demo is at moderation: Sam's written scores reopened
    window.go_to("Scoring")
    page = window.page("Scoring")
    assert isinstance(page, ScoringPage)
    page.select(0, 0)
    return page


def test_a_typed_score_left_for_another_cell_is_asked_about(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _scoring(demo_window)
    before = page.model.index(0, 0).data()
    page.value.setText("1")
    page.reason.setPlainText("Typed, not saved.")
    asked = _answering(monkeypatch, unsaved.Choice.STAY)
    page.select(1, 0)  # a click on another cell
    assert len(asked) == 1 and "Q1" in asked[0]
    assert page.current_cell() == (0, 0) and page.value.text() == "1"  # back to the typing, nothing lost
    _answering(monkeypatch, unsaved.Choice.DISCARD)
    page.select(1, 0)
    assert page.current_cell() == (1, 0) and page.model.index(0, 0).data() == before
    page.select(0, 0)
    assert page.value.text() == before and not page.unsaved()
    page.value.setText("1")
    page.reason.setPlainText("Saved on the way out of the cell.")
    _answering(monkeypatch, unsaved.Choice.SAVE)
    page.select(2, 0)
    assert page.current_cell() == (2, 0) and page.model.index(0, 0).data() == "1"
    assert demo_window.opened is not None
    key = next(k for k, s in demo_window.opened.scores.items() if s.reason == "Saved on the way out of the cell.")
    assert key[0] == "E1"


def test_leaving_the_page_or_closing_with_a_typed_score_asks(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _scoring(demo_window)
    page.reason.setPlainText("A reason typed and not saved.")
    asked = _answering(monkeypatch, unsaved.Choice.STAY)
    demo_window.go_to("Results")
    assert asked and demo_window.stack.currentWidget() is page and demo_window.nav.currentRow() == 3
    assert not demo_window.close() and demo_window.isVisible()  # closing asks too, and stays
    assert page.reason.toPlainText() == "A reason typed and not saved."
    _answering(monkeypatch, unsaved.Choice.DISCARD)
    demo_window.go_to("Results")
    assert demo_window.stack.currentWidget() is demo_window.page("Results")


def test_a_typed_consensus_left_for_another_answer_is_asked_about(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_window.go_to("Moderation")
    page = demo_window.page("Moderation")
    assert isinstance(page, ModerationPage)
    page.show_filter.setCurrentIndex(2)  # not yet moderated
    page.select(0)
    page.rationale.setPlainText("The panel's words, not saved yet.")
    asked = _answering(monkeypatch, unsaved.Choice.STAY)
    page.select(1)
    assert asked and page.table.currentIndex().row() == 0
    assert page.rationale.toPlainText() == "The panel's words, not saved yet."


def test_a_message_belongs_to_its_page(demo_window: MainWindow) -> None:
    demo_window.go_to("Bidders")
    page = demo_window.page("Bidders")
    assert isinstance(page, BiddersPage)
    assert not page.model.setData(page.model.index(0, PRICE_COLUMN), "a lot")
    assert demo_window.message.isVisibleTo(demo_window)
    demo_window.go_to("Results")
    assert not demo_window.message.isVisibleTo(demo_window)


def test_prices_must_be_more_than_nothing(demo_window: MainWindow) -> None:
    demo_window.go_to("Bidders")
    page = demo_window.page("Bidders")
    assert isinstance(page, BiddersPage)
    for typed in ("-5", "0", "-£4,000"):
        assert not page.model.setData(page.model.index(0, PRICE_COLUMN), typed)
        assert "must be more than £0" in demo_window.message.label.text()
    opened = demo_window.opened
    assert opened is not None and all(b.price is None or b.price > 0 for b in opened.evaluation.bids)
    bids = tuple(
        Bid(b.bidder_id, Decimal(-1) if n == 0 else b.price, b.commitments)
        for n, b in enumerate(opened.evaluation.bids)
    )
    import dataclasses

    with pytest.raises(UserError, match=r"The price for .* is -£1.00: a price must be more than £0"):
        opened.change_setup(dataclasses.replace(opened.evaluation, bids=bids), "a negative price")


def test_ctrl_and_a_number_puts_the_keyboard_in_the_page(demo_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    demo_window.activateWindow()
    qtbot.waitActive(demo_window)
    for number, name in enumerate(PAGES, start=1):
        demo_window.nav.setFocus()
        qtbot.keyClick(demo_window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        page = demo_window.page(name)
        focus = QApplication.focusWidget()
        assert demo_window.stack.currentWidget() is page, name
        assert focus is not None and page.isAncestorOf(focus), (name, focus)


def test_undo_in_a_text_box_undoes_the_typing_and_elsewhere_the_last_change(demo_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _scoring(demo_window)
    demo_window.activateWindow()
    qtbot.waitActive(demo_window)
    page.value.setText("2")
    page.reason.setPlainText("First reason.")
    assert page.save()
    assert demo_window.undo_action.text().startswith("&Undo Score Q1")
    page.select(0, 0)
    page.reason.setFocus()
    qtbot.keyClicks(page.reason, " More")
    demo_window.edit_menu.aboutToShow.emit()
    assert demo_window.undo_action.text() == "&Undo typing"
    qtbot.keyClick(page.reason, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the box's own undo
    assert page.reason.toPlainText() == "First reason."
    assert demo_window.opened is not None
    assert any(s.reason == "First reason." for s in demo_window.opened.scores.values())  # the score stands
    page.grid.setFocus()
    demo_window.edit_menu.aboutToShow.emit()
    assert demo_window.undo_action.text().startswith("&Undo Score Q1")
    qtbot.keyClick(page.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the document's undo
    assert not any(s.reason == "First reason." for s in demo_window.opened.scores.values())


def test_no_label_shows_a_literal_ampersand(demo_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from svtool.ui.new_dialog import NewEvaluationDialog

    roots: list[QWidget] = [demo_window.page(name) for name in PAGES]
    dialog = NewEvaluationDialog(demo_window)
    qtbot.addWidget(dialog)
    roots.append(dialog)
    literal = [
        f"{type(root).__name__}: {label.text()!r}"
        for root in roots
        for label in root.findChildren(QLabel)
        if re.search(r"&(?![a-z]+;|#\d+;)", label.text().replace("&&", "")) and label.buddy() is None
    ]
    assert literal == []
