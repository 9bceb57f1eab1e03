"""Moderation: the evaluators' scores side by side, the far-apart ones highlighted, and the panel's consensus.

The individual scores are never changed here: the consensus is recorded beside them, with its rationale.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from svtool.domain.evaluation import Moderation, ScaleMethod, Score
from svtool.ui.document import EvaluationDocument
from svtool.ui.widgets import (
    RefreshWhenShown,
    cell,
    fill_with_split,
    heading,
    parse_amount,
    plain,
    quiet,
    save_on_ctrl_enter,
    table,
)

DIVERGENT = QColor("#fde2e1")
SHOW_ALL, SHOW_DIVERGENT, SHOW_UNMODERATED = range(3)


@dataclass(frozen=True)
class Answer:
    """One bidder's answer to one question in one stage: what the panel moderates."""

    bidder_id: str
    bidder: str
    question_id: str
    stage_id: str
    stage: str
    scores: tuple[Score | None, ...]
    moderation: Moderation | None

    @property
    def spread(self) -> Decimal | None:
        given = [s.value for s in self.scores if s is not None]
        return max(given) - min(given) if len(given) > 1 else None


class ModerationPage(RefreshWhenShown):
    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.show_filter = QComboBox()
        self.show_filter.setAccessibleName("Show")
        self.show_filter.addItems(["Every answer", "Only where evaluators are far apart", "Only not yet moderated"])
        self.summary = QLabel()
        self.table = table([], "Answers to moderate")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.reasons = QTextBrowser()
        self.reasons.setAccessibleName("The evaluators' scores and reasons")
        self.consensus = QLineEdit()
        self.consensus.setAccessibleName("Consensus score")
        self.rationale = QPlainTextEdit()
        self.rationale.setAccessibleName("Rationale for the consensus")
        self.rationale.setPlaceholderText("Why the panel agreed this score (required)")
        self.rationale.setTabChangesFocus(True)
        self.save_button = QPushButton("Save &consensus  (Ctrl+Enter)")
        self.clear_button = QPushButton("&Withdraw consensus")
        self.save_button.setAccessibleName("Save consensus")
        self.clear_button.setAccessibleName("Withdraw consensus")

        top = QHBoxLayout()
        top.addWidget(heading("Moderation"))
        top.addStretch()
        filter_form = QFormLayout()
        filter_form.addRow("S&how", self.show_filter)
        top.addLayout(filter_form)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(top)
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
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        right_layout.addLayout(buttons)
        self.splitter = fill_with_split(self, left, right)
        save_on_ctrl_enter(self, self.save)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.withdraw)
        self.show_filter.currentIndexChanged.connect(self.refresh)
        self.table.currentCellChanged.connect(lambda *_: self._show_answer())
        document.changed.connect(self._changed)
        document.setup_changed.connect(self._changed)
        self._answers: list[Answer] = []
        self.refresh()

    def answers(self) -> list[Answer]:
        e, d = self.document.evaluation, self.document
        stage_names = {s.id: s.name for s in e.stages}
        found = []
        for question in e.questions:
            if not isinstance(question.method, ScaleMethod):
                continue
            for stage in e.stages_of(question):
                for bidder in e.bidders:
                    found.append(Answer(bidder.id, bidder.name, question.id, stage, stage_names.get(stage, stage),
                                        tuple(d.score(v.id, bidder.id, question.id, stage) for v in e.evaluators),
                                        d.moderation(bidder.id, question.id, stage)))
        return found

    def _divergent(self, answer: Answer) -> bool:
        spread = answer.spread
        return spread is not None and spread >= self.document.evaluation.panel.divergence_points

    def refresh(self) -> None:
        e = self.document.evaluation
        every = self.answers()
        choice = self.show_filter.currentIndex()
        shown = [a for a in every if choice == SHOW_ALL or (choice == SHOW_DIVERGENT and self._divergent(a))
                 or (choice == SHOW_UNMODERATED and a.moderation is None)]
        previous = self._current()
        headers = ["Bidder", "Question", "Stage", *[v.name.split(",")[0] for v in e.evaluators], "Spread",
                   "Consensus"]
        with quiet(self.table):
            self.table.clear()
            self.table.setColumnCount(len(headers))
            self.table.setHorizontalHeaderLabels(headers)
            self.table.setRowCount(len(shown))
            for r, answer in enumerate(shown):
                row = [cell(answer.bidder, editable=False), cell(answer.question_id, editable=False),
                       cell(answer.stage, editable=False),
                       *[cell(plain(s.value) if s else "–", editable=False, right=True) for s in answer.scores],
                       cell(plain(answer.spread) if answer.spread is not None else "", editable=False, right=True),
                       cell(plain(answer.moderation.value) if answer.moderation else "", editable=False,
                            right=True)]
                divergent = self._divergent(answer)
                for c, item in enumerate(row):
                    if divergent:
                        item.setBackground(QBrush(DIVERGENT))
                        item.setToolTip("The evaluators' scores are far apart: discuss before agreeing a score.")
                    self.table.setItem(r, c, item)
        self._answers = shown
        moderated = sum(a.moderation is not None for a in every)
        far_apart = sum(self._divergent(a) for a in every)
        self.summary.setText(f"{moderated} of {len(every)} answers moderated; {far_apart} with evaluators "
                             f"{plain(e.panel.divergence_points)} or more points apart (highlighted).")
        if shown:
            keys = [(a.bidder_id, a.question_id, a.stage_id) for a in shown]
            self.table.setCurrentCell(keys.index(previous) if previous in keys else 0, 0)
        self._show_answer()
        self.setEnabled(not self.document.read_only)

    def _current(self) -> tuple[str, str, str] | None:
        row = self.table.currentRow()
        if 0 <= row < len(self._answers):
            a = self._answers[row]
            return a.bidder_id, a.question_id, a.stage_id
        return None

    def _show_answer(self) -> None:
        row = self.table.currentRow()
        has = 0 <= row < len(self._answers)
        for widget in (self.consensus, self.rationale, self.save_button):
            widget.setEnabled(has)
        if not has:
            self.reasons.setHtml("<p>Nothing to moderate with this filter.</p>")
            self.consensus.clear()
            self.rationale.clear()
            self.clear_button.setEnabled(False)
            return
        answer = self._answers[row]
        e = self.document.evaluation
        question = e.question(answer.question_id)
        parts = [f"<h3>{escape(answer.bidder)}</h3><p><b>{escape(question.id)}: {escape(question.title)}</b> "
                 f"({escape(answer.stage.lower())})</p><ul>"]
        for evaluator, score in zip(e.evaluators, answer.scores, strict=True):
            parts.append(f"<li><b>{escape(evaluator.name)}: {plain(score.value) if score else 'not scored'}</b>"
                         + (f"<br>{escape(score.reason)}" if score else "") + "</li>")
        parts.append("</ul>")
        self.reasons.setHtml("".join(parts))
        self.consensus.setText(plain(answer.moderation.value) if answer.moderation else "")
        self.rationale.setPlainText(answer.moderation.rationale if answer.moderation else "")
        self.clear_button.setEnabled(answer.moderation is not None)

    def save(self) -> bool:
        current = self._current()
        if current is None:
            return False
        value = parse_amount(self.consensus.text())
        if value is None:
            self.document.problem.emit("Enter the consensus score the panel agreed, on the scale.")
            self.consensus.setFocus()
            return False
        return self.document.moderate(Moderation(*current, value, self.rationale.toPlainText().strip()))

    def withdraw(self) -> None:
        current = self._current()
        if current is not None:
            self.document.clear_moderation(*current)
