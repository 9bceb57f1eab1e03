"""The Scoring grid as a Qt model: one evaluator's scores in one stage, bidders down, questions across. It reads
the document's state and, on a change, redraws only the cells of scores that changed (a typed score: one cell)."""

from __future__ import annotations

import textwrap
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from svtool.domain.evaluation import Bidder, Question, ScaleMethod, Score
from svtool.services.changes import Changes
from svtool.ui import colours
from svtool.ui.document import EvaluationDocument
from svtool.ui.widgets import plain

Index = QModelIndex | QPersistentModelIndex
UNSCORED = QColor(colours.UNSCORED)


HEADER_LINE = 16  # characters a header line holds: a question's column is sized to fit its longest line
HEADER_LINES = 4


def header_lines(title: str) -> list[str]:
    """A question title wrapped at word boundaries into at most four short lines, so its column can be made wide
    enough for every line (no glyph is cut at either end). A longer title ends its last line with "…" after a
    whole word; the tooltip and the cell's accessible text carry it in full."""
    lines = textwrap.wrap(title, HEADER_LINE, break_on_hyphens=False) or [""]
    if len(lines) <= HEADER_LINES:
        return lines
    last = textwrap.shorten(" ".join(lines[HEADER_LINES - 1 :]), HEADER_LINE, placeholder=" …")
    return [*lines[: HEADER_LINES - 1], last]


class ScoringModel(QAbstractTableModel):
    def __init__(self, document: EvaluationDocument) -> None:
        super().__init__()
        self.document = document
        self.evaluator: str | None = None
        self.stage: str | None = None
        self.bidders: list[Bidder] = []
        self.questions: list[Question] = []
        self._unscored = QBrush(UNSCORED)
        document.changes.connect(self.apply)

    def show(self, evaluator: str | None, stage: str | None) -> None:
        """Whose scores, in which stage: every cell again."""
        self.beginResetModel()
        self.evaluator, self.stage = evaluator, stage
        e = self.document.evaluation
        self.bidders = list(e.bidders)
        self.questions = [q for q in e.questions if isinstance(q.method, ScaleMethod) and stage in e.stages_of(q)]
        self.endResetModel()

    def apply(self, changes: Changes) -> None:
        e = self.document.evaluation
        if changes.structure or changes.setup or changes.bidders:
            questions = [q for q in e.questions if isinstance(q.method, ScaleMethod) and self.stage in e.stages_of(q)]
            if [b.id for b in e.bidders] != [b.id for b in self.bidders] or [q.id for q in questions] != [
                q.id for q in self.questions
            ]:
                self.show(self.evaluator, self.stage)  # rows or columns came or went: every cell again
                return
            self._headers(list(e.bidders), questions)
        rows = {b.id: r for r, b in enumerate(self.bidders)}
        columns = {q.id: c for c, q in enumerate(self.questions)}
        for evaluator, bidder, question, stage in changes.scores:
            if evaluator == self.evaluator and stage == self.stage and bidder in rows and question in columns:
                index = self.index(rows[bidder], columns[question])
                self.dataChanged.emit(index, index)

    def _headers(self, bidders: list[Bidder], questions: list[Question]) -> None:
        """Names and titles redrawn where they changed; a new weight or price changes no cell of this grid."""
        if [b.name for b in bidders] != [b.name for b in self.bidders]:
            self.bidders = bidders
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(bidders) - 1)
        self.bidders = bidders
        if [q.title for q in questions] != [q.title for q in self.questions]:
            self.questions = questions
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(questions) - 1)
        self.questions = questions

    def score(self, row: int, column: int) -> Score | None:
        if self.evaluator is None or self.stage is None:
            return None
        return self.document.score(self.evaluator, self.bidders[row].id, self.questions[column].id, self.stage)

    def scored(self) -> int:
        return sum(self.score(r, c) is not None for r in range(len(self.bidders)) for c in range(len(self.questions)))

    # Qt's model interface ---------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.bidders)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.questions)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            question = self.questions[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return "\n".join([question.id, *header_lines(question.title)])
            if role == Qt.ItemDataRole.ToolTipRole:
                return question.title
        elif role == Qt.ItemDataRole.DisplayRole:
            return self.bidders[section].name
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        score = self.score(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return plain(score.value) if score else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return score.reason if score else "Not scored yet"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            question = self.questions[index.column()]
            return (
                f"{self.bidders[index.row()].name}, {question.id} {question.title}: "
                f"{plain(score.value) if score else 'not scored'}"
            )
        if role == Qt.ItemDataRole.BackgroundRole and score is None:
            return self._unscored
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
