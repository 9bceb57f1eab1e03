"""Moderation: the evaluators' scores side by side, the far-apart ones highlighted, and the panel's consensus.

The individual scores are never changed here: the consensus is recorded beside them, with its rationale.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from svtool.domain.evaluation import Moderation
from svtool.domain.moderation import AnswerStatus
from svtool.services.changes import CellKey, Changes
from svtool.services.moderation import accept_agreed, agreed_answers
from svtool.ui import unsaved
from svtool.ui.document import EvaluationDocument
from svtool.ui.moderation_model import SHOW_ALL, SHOW_DIVERGENT, SHOW_UNMODERATED, ModerationModel
from svtool.ui.widgets import (
    RefreshWhenShown,
    fill_with_split,
    heading,
    parse_amount,
    plain,
    save_on_ctrl_enter,
    table_view,
)

__all__ = ["SHOW_ALL", "SHOW_DIVERGENT", "SHOW_UNMODERATED", "ModerationPage"]


class ModerationPage(RefreshWhenShown):
    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.show_filter = QComboBox()
        self.show_filter.setAccessibleName("Show")
        self.show_filter.setAccessibleDescription("Which answers the table lists: all, far apart or not yet moderated")
        self.show_filter.addItems(["Every answer", "Only where evaluators are far apart", "Only not yet moderated"])
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = ModerationModel(document)
        self.table = table_view(self.model, "Answers to moderate")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleDescription(
            "One row per answer: each evaluator's score, their spread and the "
            "consensus. Shaded rows are far apart. Tab moves on to the reasons."
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.reasons = QTextBrowser()
        self.reasons.setAccessibleName("The evaluators' scores and reasons")
        self.reasons.setAccessibleDescription("Read-only: each evaluator's score and reason for the chosen answer")
        self.consensus = QLineEdit()
        self.consensus.setAccessibleName("Consensus score")
        self.consensus.setAccessibleDescription("The score the panel agrees, a point on the scale such as 3")
        self.rationale = QPlainTextEdit()
        self.rationale.setAccessibleName("Rationale for the consensus")
        self.rationale.setAccessibleDescription("Required: why the panel agreed this score; Tab moves on")
        self.rationale.setPlaceholderText("Why the panel agreed this score (required)")
        self.rationale.setTabChangesFocus(True)
        self.feedback = QPlainTextEdit()
        self.feedback.setAccessibleName("Feedback for the bidder")
        self.feedback.setAccessibleDescription("Optional: printed in the bidder's assessment summary; Tab moves on")
        self.feedback.setPlaceholderText(
            "What the bidder is told about this answer in its assessment summary "
            "(kept apart from the panel's rationale)"
        )
        self.feedback.setTabChangesFocus(True)
        self.without = QLineEdit()
        self.without.setAccessibleName("Agreed without a member's score because")
        self.without.setAccessibleDescription(
            "Only when an assigned evaluator gave no score: the reason the panel agreed without it"
        )
        self.without.setPlaceholderText("only if the panel agrees without an assigned evaluator's score")
        self.accept_button = QPushButton("&Accept agreed scores")
        self.accept_button.setAccessibleName("Accept agreed scores")
        self.accept_button.setToolTip(
            "Settle every answer open for moderation where all the evaluators gave the "
            "same score, with a rationale built from their reasons (edit it after)"
        )
        self.save_button = QPushButton("Save &consensus  (Ctrl+Enter)")
        self.clear_button = QPushButton("&Withdraw consensus")
        self.save_button.setAccessibleName("Save consensus")
        self.clear_button.setAccessibleName("Withdraw consensus")
        self.save_button.setAccessibleDescription("Saves the agreed score and moves to the next answer (Ctrl+Enter)")
        self.clear_button.setAccessibleDescription("Removes the agreed score for the chosen answer; Ctrl+Z undoes")

        top = QHBoxLayout()
        top.addWidget(heading("Moderation"))
        top.addStretch()
        top.addWidget(self.accept_button)
        # The filter on a row of its own, so that the page fits a 1366x768 screen at 150% (docs/screens.md).
        self.show_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.show_filter.setMinimumContentsLength(18)
        filter_form = QFormLayout()
        filter_form.addRow("S&how", self.show_filter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(top)
        left_layout.addLayout(filter_form)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.summary)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.reasons, 2)
        form = QFormLayout()
        form.addRow("Co&nsensus score", self.consensus)
        right_layout.addLayout(form)
        label = QLabel("&Rationale")
        label.setBuddy(self.rationale)
        right_layout.addWidget(label)
        right_layout.addWidget(self.rationale, 1)
        feedback_label = QLabel("&Feedback for the bidder")
        feedback_label.setBuddy(self.feedback)
        right_layout.addWidget(feedback_label)
        right_layout.addWidget(self.feedback, 1)
        without_label = QLabel("Agreed &without an assigned evaluator's score because")
        without_label.setBuddy(self.without)
        without_label.setWordWrap(True)
        right_layout.addWidget(without_label)
        right_layout.addWidget(self.without)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        right_layout.addLayout(buttons)
        self.splitter = fill_with_split(self, left, right)
        save_on_ctrl_enter(self, self.save)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.withdraw)
        self.accept_button.clicked.connect(self.accept_agreed)
        self.show_filter.currentIndexChanged.connect(self.refresh)
        # What the editor shows, as saved: (answer, its four fields). Typing that differs is unsaved (ui/unsaved.py).
        self._loaded: tuple[CellKey, tuple[str, str, str, str]] | None = None
        self._reverting = False
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        document.changes.connect(self._apply)
        self._pending: Changes | None = None
        self.refresh()

    def _apply(self, changes: Changes) -> None:
        """Redraw the rows a change touched, now if on screen, else when next shown."""
        if not (changes.scores or changes.moderations or changes.bidders or changes.setup or changes.structure):
            return
        self._pending = changes if self._pending is None else self._pending | changes
        self._changed()

    def refresh(self) -> None:
        e = self.document.evaluation
        previous = self._current()
        changes, self._pending = self._pending, None
        if self.model.choice != self.show_filter.currentIndex():
            self.model.choice = self.show_filter.currentIndex()
            changes = None
        self.model.refresh(changes)
        moderated, m = len(self.document.opened.moderations), self.model
        self.summary.setText(
            f"{moderated} of {m.total} answers moderated; {m.far_apart} with evaluators "
            f"{plain(e.panel.divergence_points)} or more points apart (highlighted)."
            + ("" if self.document.is_lead else " The lead records each consensus.")
        )
        if self.model.rowCount():
            row = self.model.row_of(previous)
            self.select(row if row is not None else 0)
        self._show_answer()
        self.setEnabled(not self.document.read_only)
        self.accept_button.setEnabled(self.document.is_lead and not self.document.read_only)

    def _typed(self) -> tuple[str, str, str, str]:
        return (
            self.consensus.text().strip(),
            self.rationale.toPlainText().strip(),
            self.feedback.toPlainText().strip(),
            self.without.text().strip(),
        )

    def unsaved(self) -> bool:
        """A consensus, rationale or feedback typed and not saved."""
        return self._loaded is not None and self.consensus.isEnabled() and self._typed() != self._loaded[1]

    def confirm_leave(self) -> bool:
        """True if the editor may show something else: nothing unsaved, or the person saved or discarded it."""
        if not self.unsaved() or self._loaded is None:
            return True
        bidder_id, question_id, _stage = self._loaded[0]
        bidder = next((b.name for b in self.document.evaluation.bidders if b.id == bidder_id), bidder_id)
        choice = unsaved.ask(self, f"The consensus you typed for {bidder} on {question_id}")
        if choice is unsaved.Choice.SAVE:
            return self._save_loaded()
        if choice is unsaved.Choice.DISCARD:
            self._loaded = None
            self._show_answer()
            return True
        self.consensus.setFocus()
        return False

    def _row_changed(self, _current: QModelIndex, previous: QModelIndex) -> None:
        if self._reverting:
            return
        same = self._loaded is not None and self._current() == self._loaded[0]  # (the list redrawn, not left)
        if not same and not self.confirm_leave():
            self._reverting = True
            try:
                self.table.setCurrentIndex(previous)
            finally:
                self._reverting = False
            return
        self._show_answer()

    def select(self, row: int) -> None:
        """Make an answer (a row of the list) the one shown for moderation."""
        self.table.setCurrentIndex(self.model.index(row, 0))

    def _current(self) -> CellKey | None:
        row = self.table.currentIndex().row()
        return self.model.keys[row] if 0 <= row < self.model.rowCount() else None

    def _show_answer(self) -> None:
        row = self.table.currentIndex().row()
        has = 0 <= row < self.model.rowCount()
        answer = self.model.answer(row) if has else None
        editable = has and self.document.is_lead and answer is not None and answer.status is not AnswerStatus.WAITING
        for widget in (self.consensus, self.rationale, self.feedback, self.without, self.save_button):
            widget.setEnabled(editable)
        if answer is None:
            self.reasons.setHtml("<p>Nothing to moderate with this filter.</p>")
            for box in (self.consensus, self.rationale, self.feedback, self.without):
                box.clear()
            self.clear_button.setEnabled(False)
            self._loaded = None
            return
        e = self.document.evaluation
        question = e.question(answer.question_id)
        parts = [
            f"<h3>{escape(answer.bidder)}</h3><p><b>{escape(question.id)}: {escape(question.title)}</b> "
            f"({escape(answer.stage.lower())})</p><ul>"
        ]
        for evaluator, score in zip(self.model.evaluators, answer.scores, strict=True):
            parts.append(
                f"<li><b>{escape(evaluator.name)}: {plain(score.value) if score else 'not scored'}</b>"
                + (f"<br>{escape(score.reason)}" if score else "")
                + "</li>"
            )
        parts.append("</ul>")
        notes = {
            AnswerStatus.WAITING: "Moderation opens when every evaluator assigned to this answer has submitted "
            "the stage.",
            AnswerStatus.TO_REVIEW: "An evaluator's score changed after the panel agreed: review the "
            "consensus and save it again.",
        }
        if answer.status in notes:
            parts.append(f"<p><b>{escape(notes[answer.status])}</b></p>")
        self.reasons.setHtml("".join(parts))
        m = answer.moderation
        saved = (plain(m.value), m.rationale.strip(), m.feedback.strip(), m.without.strip()) if m else ("",) * 4
        # (a colleague's change or a redraw never overwrites what is being typed for this answer)
        if not (self.unsaved() and self._loaded is not None and self._loaded[0] == answer.key):
            self.consensus.setText(saved[0])
            self.rationale.setPlainText(m.rationale if m else "")
            self.feedback.setPlainText(m.feedback if m else "")
            self.without.setText(m.without if m else "")
        self._loaded = (answer.key, saved)
        self.clear_button.setEnabled(editable and answer.moderation is not None)

    def save(self) -> bool:
        """Save the consensus being typed and move on to the next answer."""
        current = self._loaded[0] if self._loaded is not None else None
        saved = self._save_loaded()
        row = self.model.row_of(current) if current is not None else None
        if saved and row is not None and row + 1 < self.model.rowCount():
            self.select(row + 1)  # Ctrl+Enter saves and moves on to the next answer
            self.consensus.setFocus()
        return saved

    def _save_loaded(self) -> bool:
        """Save what is typed as the consensus on the answer the editor shows."""
        if self._loaded is None:
            return False
        key = self._loaded[0]
        value = parse_amount(self.consensus.text())
        if value is None:
            self.document.problem.emit("Enter the consensus score the panel agreed, on the scale.")
            self.consensus.setFocus()
            return False
        before, self._loaded = self._loaded, (key, self._typed())  # (saved, as the redraws it causes will see it)
        saved = self.document.moderate(
            Moderation(
                *key,
                value,
                self.rationale.toPlainText().strip(),
                self.feedback.toPlainText().strip(),
                without=self.without.text(),
            )
        )
        if not saved:
            self._loaded = before
        return saved

    def accept_agreed(self) -> int:
        """Settle every open answer where the evaluators all agree; returns how many."""
        opened = self.document.opened
        count = len(agreed_answers(opened))
        if count and self.document.act(lambda: accept_agreed(opened)):
            self.summary.setText(
                self.summary.text() + f" Accepted {count} agreed score(s): edit any rationale "
                "the panel wants to word differently."
            )
            return count
        if not count:
            self.document.problem.emit(
                "There are no answers open for moderation on which every evaluator gave the same score."
            )
        return 0

    def withdraw(self) -> None:
        current = self._current()
        if current is not None:
            self.document.clear_moderation(*current)
