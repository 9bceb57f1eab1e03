"""Scoring: one evaluator's independent scores, bidders down, questions across, one stage at a time.

Made for the keyboard: arrows move round the grid, a digit starts a score there, Tab moves to the reason, and
Ctrl+Enter saves and moves to the next bidder. The scale's descriptors sit beside the grid, and a score is not
saved without its reason.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svtool.domain.evaluation import Question, Scale, ScaleMethod, Score
from svtool.domain.panel import submitted
from svtool.services import panel
from svtool.services.changes import Changes
from svtool.ui import unsaved
from svtool.ui.document import EvaluationDocument
from svtool.ui.scoring_model import ScoringModel
from svtool.ui.widgets import fill_with_split, heading, parse_amount, plain, quiet, save_on_ctrl_enter, table_view


class ScoringPage(QWidget):
    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.evaluator = QComboBox()
        self.evaluator.setAccessibleName("Scoring as")
        self.evaluator.setAccessibleDescription("The panel member whose scores the grid shows and saves")
        self.stage = QComboBox()
        self.stage.setAccessibleName("Stage")
        self.stage.setAccessibleDescription("Which stage's answers to score, such as the written bid or the interview")
        self.progress = QLabel()
        self.progress.setWordWrap(True)
        self.progress.setAccessibleName("Scoring progress")
        chooser = QFormLayout()
        chooser.addRow("Scoring &as", self.evaluator)
        chooser.addRow("&Stage", self.stage)

        self.model = ScoringModel(document)
        self.grid = table_view(self.model, "Scores: bidders down, questions across")
        self.grid.verticalHeader().setVisible(True)
        self.grid.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.grid.installEventFilter(self)
        # The grid's top-left corner selects all, which means nothing when one answer is chosen at a time: it is
        # switched off, and says so to a screen reader (which still reads it).
        self.grid.setCornerButtonEnabled(False)
        corner = self.grid.findChild(QAbstractButton)
        if corner is not None:
            corner.setAccessibleName("Corner of the scores grid")
        self.grid.setAccessibleDescription(
            "Arrow keys move between answers; type a digit to start a score there, "
            "Enter to go to the score box. An empty, shaded cell is not scored yet."
        )
        # The model wraps each title into short lines; every column is kept at least as wide as the longest line in
        # any header (bold, as the current one is drawn), so no title is cut at either end at any scaling.
        columns = self.grid.horizontalHeader()
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.model.modelReset.connect(self.fit_headers)
        self.model.headerDataChanged.connect(self.fit_headers)

        self.cell_title = QLabel()
        self.cell_title.setWordWrap(True)
        self.cell_title.setAccessibleName("The answer being scored")
        self.descriptors = QListWidget()
        self.descriptors.setAccessibleName("The scale's descriptors: choose one to score at that point")
        self.descriptors.setAccessibleDescription(
            "What each point on the scale means; choosing one fills the score box"
        )
        self.descriptors.setWordWrap(True)
        self.value = QLineEdit()
        self.value.setAccessibleName("Score")
        self.value.setAccessibleDescription("A point on the scale for the chosen answer, such as 3")
        self.value.setPlaceholderText("a point on the scale")
        self.value_meaning = QLabel()
        self.value_meaning.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason for the score")
        self.reason.setAccessibleDescription("Required: what in the answer earned the score; Tab moves on")
        self.reason.setPlaceholderText("What in the answer earned this score, in your own words (required)")
        self.reason.setTabChangesFocus(True)
        self.save_button = QPushButton("Sa&ve score  (Ctrl+Enter)")
        self.save_button.setAccessibleName("Save score")
        self.save_button.setAccessibleDescription("Saves the score and reason for the chosen answer (Ctrl+Enter)")
        if corner is not None:
            corner.setAccessibleDescription("Not in use: answers are chosen one at a time, with the arrow keys")
        self.save_button.setDefault(True)

        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.cell_title)
        editor_layout.addWidget(QLabel("<b>Scale</b>"))
        editor_layout.addWidget(self.descriptors, 2)
        form = QFormLayout()
        form.addRow("Sc&ore", self.value)
        form.addRow("", self.value_meaning)
        editor_layout.addLayout(form)
        reason_label = QLabel("&Reason")
        reason_label.setBuddy(self.reason)
        editor_layout.addWidget(reason_label)
        editor_layout.addWidget(self.reason, 1)
        editor_layout.addWidget(self.save_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        header = QHBoxLayout()
        header.addWidget(heading("Scoring"))
        header.addStretch()
        header.addLayout(chooser)
        left_layout.addLayout(header)
        left_layout.addWidget(self.grid, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.progress, 1)
        self.submit_button = QPushButton("Su&bmit my scores for this stage")
        self.submit_button.setAccessibleName("Submit my scores for this stage")
        self.submit_button.setAccessibleDescription("Locks your scores for the stage so the panel can moderate them")
        self.submit_button.setToolTip("Every answer assigned to you scored: lock them and let the panel moderate")
        footer.addWidget(self.submit_button)
        left_layout.addLayout(footer)
        self.splitter = fill_with_split(self, left, editor)
        save_on_ctrl_enter(self, self.save)
        self.save_button.clicked.connect(self.save)
        self.submit_button.clicked.connect(self.submit)
        # What the editor shows, as saved: (cell, score, reason). Typing that differs is unsaved (svtool/ui/unsaved.py).
        self._loaded: tuple[tuple[str, str, str, str], str, str] | None = None
        self._reverting = False
        self._chosen: tuple[object, object] = (None, None)
        self.evaluator.currentIndexChanged.connect(self._chooser_changed)
        self.stage.currentIndexChanged.connect(self._chooser_changed)
        self.grid.selectionModel().currentChanged.connect(self._cell_changed)
        self.descriptors.itemActivated.connect(self._descriptor_chosen)
        self.descriptors.itemClicked.connect(self._descriptor_chosen)
        self.value.textChanged.connect(self._show_meaning)
        document.changes.connect(self._changed)
        self.refresh()

    # What is shown --------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        e = self.document.evaluation
        with quiet(self.evaluator, self.stage):
            evaluator, stage = self.evaluator.currentData(), self.stage.currentData()
            self.evaluator.clear()
            member = self.document.member
            # Working as a named member: only their own scores (blind scoring, docs/panel.md).
            for person in [member] if member is not None else e.evaluators:
                self.evaluator.addItem(person.name, person.id)
            self.evaluator.setEnabled(member is None)
            self.stage.clear()
            for s in e.stages:
                self.stage.addItem(s.name, s.id)
            self.evaluator.setCurrentIndex(max(self.evaluator.findData(evaluator), 0))
            self.stage.setCurrentIndex(max(self.stage.findData(stage), 0))
            self._chosen = (self.evaluator.currentData(), self.stage.currentData())
        if (self.model.evaluator, self.model.stage) != (self.evaluator.currentData(), self.stage.currentData()):
            self.refresh_grid()
        else:  # the model has redrawn itself for the change already
            self._show_progress()
            self._show_cell()
        self._show_submission()
        self.setEnabled(not self.document.read_only)

    def _show_submission(self) -> None:
        member, stage = self.document.member, self.stage.currentData()
        done = member is not None and submitted(self.document.evaluation, member.id, stage)
        self.submit_button.setVisible(member is not None)
        self.submit_button.setEnabled(member is not None and not done)
        self.submit_button.setText("Submitted: locked" if done else "Su&bmit my scores for this stage")
        for widget in (self.value, self.reason, self.save_button):  # locked: the lead can reopen them
            widget.setEnabled(not done)

    def submit(self) -> bool:
        """Submit the member's scores for the stage shown: locked, and open to moderation."""
        member, stage = self.document.member, self.stage.currentData()
        if member is None or stage is None:
            return False
        opened = self.document.opened
        return self.document.act(lambda: panel.submit(opened, member.id, stage))

    @property
    def _questions(self) -> list[Question]:
        return self.model.questions

    def current_cell(self) -> tuple[int, int]:
        index = self.grid.currentIndex()
        return index.row(), index.column()

    def select(self, row: int, column: int) -> None:
        self.grid.setCurrentIndex(self.model.index(row, column))

    # Unsaved typing ---------------------------------------------------------------------------------------------

    def unsaved(self) -> bool:
        """A score or reason typed in the editor and not saved."""
        if self._loaded is None or not self.value.isEnabled():
            return False
        _key, value, reason = self._loaded
        return self.value.text().strip() != value or self.reason.toPlainText().strip() != reason

    def confirm_leave(self) -> bool:
        """True if the editor may show something else: nothing unsaved, or the person saved or discarded it."""
        if not self.unsaved() or self._loaded is None:
            return True
        (_e, bidder_id, question_id, _s), _v, _r = self._loaded
        bidder = next((b.name for b in self.document.evaluation.bidders if b.id == bidder_id), bidder_id)
        choice = unsaved.ask(self, f"The score you typed for {bidder} on {question_id}")
        if choice is unsaved.Choice.SAVE:
            return self._save_loaded()
        if choice is unsaved.Choice.DISCARD:
            self._loaded = None
            self._show_cell()
            return True
        self.value.setFocus()
        return False

    def _cell_changed(self, _current: QModelIndex, previous: QModelIndex) -> None:
        if self._reverting:
            return
        same = self._loaded is not None and self._current_key() == self._loaded[0]  # (redrawn, not left)
        if not same and not self.confirm_leave():  # back to the cell being typed in
            self._reverting = True
            try:
                self.grid.setCurrentIndex(previous)
            finally:
                self._reverting = False
            return
        self._show_cell()

    def _chooser_changed(self) -> None:
        if not self.confirm_leave():
            with quiet(self.evaluator, self.stage):
                self.evaluator.setCurrentIndex(max(self.evaluator.findData(self._chosen[0]), 0))
                self.stage.setCurrentIndex(max(self.stage.findData(self._chosen[1]), 0))
            return
        self._chosen = (self.evaluator.currentData(), self.stage.currentData())
        self.refresh_grid()

    def refresh_grid(self) -> None:
        row, column = (max(n, 0) for n in self.current_cell())
        self.model.show(self.evaluator.currentData(), self.stage.currentData())
        rows, columns = self.model.rowCount(), self.model.columnCount()
        if rows and columns:
            self.select(min(row, rows - 1), min(column, columns - 1))
        self._show_progress()
        self._show_cell()
        self._show_submission()

    def _changed(self, changes: Changes) -> None:
        if changes.structure or changes.setup:
            self.refresh()  # (the model has already redrawn itself)
        elif changes.scores:
            self._show_progress()
            if changes.foreign and self._current_key() in changes.scores:
                self._show_cell()  # someone else changed the score being looked at

    def _current_key(self) -> tuple[str, str, str, str] | None:
        current = self._current()
        if current is None:
            return None
        return (self.evaluator.currentData(), current[0], current[1].id, self.stage.currentData())

    def _show_progress(self) -> None:
        total = self.model.rowCount() * self.model.columnCount()
        self.progress.setText(
            f"{self.model.scored()} of {total} answers scored by {self.evaluator.currentText()} "
            f"in the {self.stage.currentText().lower()} stage."
            if total
            else "Nothing to score in this stage yet."
        )

    def _current(self) -> tuple[str, Question] | None:
        row, column = self.current_cell()
        if 0 <= row < self.model.rowCount() and 0 <= column < self.model.columnCount():
            return self.model.bidders[row].id, self.model.questions[column]
        return None

    def _scale(self, question: Question) -> Scale:
        assert isinstance(question.method, ScaleMethod)
        return self.document.evaluation.scale(question.method.scale_id)

    def _show_cell(self) -> None:
        current = self._current()
        self.descriptors.clear()
        for widget in (self.value, self.reason, self.save_button, self.descriptors):
            widget.setEnabled(current is not None)
        if current is None:
            self.cell_title.setText("Choose an answer in the grid to score it.")
            self._loaded = None
            return
        bidder_id, question = current
        key = (self.evaluator.currentData(), bidder_id, question.id, self.stage.currentData())
        keep_typing = self.unsaved() and self._loaded is not None and self._loaded[0] == key
        bidder = next(b for b in self.document.evaluation.bidders if b.id == bidder_id)
        self.cell_title.setText(
            f"<b>{escape(bidder.name)}</b><br>{escape(question.id)}: {escape(question.title)} "
            f"({escape(self.stage.currentText().lower())})"
        )
        for point in self._scale(question).points:
            self.descriptors.addItem(f"{plain(point.value)} – {point.label}: {point.descriptor}")
        score = self.document.score(self.evaluator.currentData(), bidder_id, question.id, self.stage.currentData())
        saved = (key, plain(score.value) if score else "", score.reason.strip() if score else "")
        if not keep_typing:  # (a colleague's change or a redraw never overwrites what is being typed)
            self.value.setText(saved[1])
            self.reason.setPlainText(score.reason if score else "")
        self._loaded = saved
        self._show_meaning()

    def _show_meaning(self) -> None:
        current = self._current()
        value = parse_amount(self.value.text())
        if current is None or value is None:
            self.value_meaning.setText("")
            return
        scale = self._scale(current[1])
        point = scale.descriptor_for(value)
        self.value_meaning.setText(point.label if point else "")
        with quiet(self.descriptors):  # show where the score sits on the scale
            self.descriptors.setCurrentRow(scale.points.index(point) if point else -1)

    def _descriptor_chosen(self) -> None:
        current = self._current()
        row = self.descriptors.currentRow()
        if current is None or row < 0:
            return
        self.value.setText(plain(self._scale(current[1]).points[row].value))
        self.reason.setFocus()

    # Saving ---------------------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the score being typed and move on to the next answer."""
        if not self._save_loaded():
            return False
        self._advance()
        return True

    def _save_loaded(self) -> bool:
        """Save what is typed as the score of the answer the editor shows."""
        if self._loaded is None:
            return False
        key = self._loaded[0]
        evaluator_id, bidder_id, question_id, stage_id = key
        text = self.value.text().strip()
        value = parse_amount(text)
        if value is None:
            self.document.problem.emit(f"Enter a score on the scale{f'; {text!r} is not a number' if text else ''}.")
            self.value.setFocus()
            return False
        score = Score(evaluator_id, bidder_id, question_id, stage_id, Decimal(value), self.reason.toPlainText().strip())
        before, self._loaded = self._loaded, (key, plain(score.value), score.reason)  # (as the redraws will see it)
        self.value.setText(plain(score.value))
        if not self.document.record_score(score):
            self._loaded = before
            (self.reason if not score.reason else self.value).setFocus()
            return False
        return True

    def fit_headers(self) -> None:
        """Keep every question's column wide enough for the longest line of any question header."""
        columns = self.grid.horizontalHeader()
        bold = QFont(columns.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        labels = (str(self.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(self.model.columnCount()))
        widest = max((metrics.horizontalAdvance(line) for label in labels for line in label.split("\n")), default=0)
        margin = 2 * columns.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, columns)
        columns.setMinimumSectionSize(widest + margin + metrics.averageCharWidth())

    def _advance(self) -> None:
        """On to the next bidder for the same question, then the next question: how panels work through."""
        row, column = self.current_cell()
        if row + 1 < self.model.rowCount():
            self.select(row + 1, column)
        elif column + 1 < self.model.columnCount():
            self.select(0, column + 1)
        self.grid.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the grid, a digit starts a score and Enter goes to the score box."""
        if watched is self.grid and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            if text and (text.isdigit() or text == "."):
                self.value.setText(text)
                self.value.setFocus()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.value.setFocus()
                self.value.selectAll()
                return True
        return super().eventFilter(watched, event)
