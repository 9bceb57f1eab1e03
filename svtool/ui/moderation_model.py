"""The Moderation list as a Qt model: one row per answer (bidder, question, stage), the evaluators' scores side by
side, their spread and the panel's consensus. Rows are read from the document when drawn, so a large evaluation
(12,000 answers) opens at once, and a change redraws only the rows of the answers it touched."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from svtool.domain.evaluation import Evaluator, Moderation, ScaleMethod, Score
from svtool.domain.moderation import AnswerStatus
from svtool.domain.results import FlagKind
from svtool.services.changes import CellKey, Changes
from svtool.services.moderation import answer_status
from svtool.ui import colours
from svtool.ui.document import EvaluationDocument
from svtool.ui.widgets import plain

Index = QModelIndex | QPersistentModelIndex
DIVERGENT = QColor(colours.DIVERGENT)
SHOW_ALL, SHOW_DIVERGENT, SHOW_UNMODERATED = range(3)
FIXED = ("Bidder", "Question", "Stage")
FAR_APART_TIP = "The evaluators' scores are far apart: discuss before agreeing a score."


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
    status: AnswerStatus = AnswerStatus.OPEN

    @property
    def key(self) -> CellKey:
        return self.bidder_id, self.question_id, self.stage_id

    @property
    def spread(self) -> Decimal | None:
        given = [s.value for s in self.scores if s is not None]
        return max(given) - min(given) if len(given) > 1 else None


class ModerationModel(QAbstractTableModel):
    def __init__(self, document: EvaluationDocument) -> None:
        super().__init__()
        self.document = document
        self.choice = SHOW_ALL
        self.keys: list[CellKey] = []
        self.evaluators: list[Evaluator] = []
        self._rows: dict[CellKey, int] = {}
        self._answers: dict[int, Answer] = {}
        self._divergent: frozenset[CellKey] = frozenset()
        self.total = self.far_apart = 0  # every answer, and those far apart, as of the last refresh
        self._brush = QBrush(DIVERGENT)

    # What is listed -------------------------------------------------------------------------------------------

    def every_key(self) -> list[CellKey]:
        """Every answer the panel moderates, question by question, stage by stage, bidder by bidder."""
        e = self.document.evaluation
        return [
            (b.id, q.id, s)
            for q in e.questions
            if isinstance(q.method, ScaleMethod)
            for s in e.stages_of(q)
            for b in e.bidders
        ]

    def divergent(self) -> frozenset[CellKey]:
        """Answers whose evaluators are the panel's divergence threshold or more apart, as the engine flags them."""
        return frozenset(
            (f.bidder_id, f.question_id, f.stage_id)
            for r in self.document.results.bidders
            for f in r.flags
            if f.kind is FlagKind.DIVERGENCE and f.question_id and f.stage_id
        )

    def refresh(self, changes: Changes | None = None) -> None:
        """Read the list again; redraw everything if rows or columns changed, else only the rows changes touched
        (every row when changes is None)."""
        self._divergent = self.divergent()
        moderated = self.document.opened.moderations
        every = self.every_key()
        self.total, self.far_apart = len(every), len(self._divergent)
        keys = [
            k
            for k in every
            if self.choice == SHOW_ALL
            or (self.choice == SHOW_DIVERGENT and k in self._divergent)
            or (self.choice == SHOW_UNMODERATED and k not in moderated)
        ]
        evaluators = list(self.document.evaluation.evaluators)
        if keys != self.keys or [v.id for v in evaluators] != [v.id for v in self.evaluators]:
            self.beginResetModel()
            self.keys, self.evaluators, self._answers = keys, evaluators, {}
            self._rows = {k: r for r, k in enumerate(keys)}
            self.endResetModel()
            return
        renamed = [v.name for v in evaluators] != [v.name for v in self.evaluators]
        self.evaluators = evaluators
        if renamed:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if changes is None or changes.setup or changes.bidders:
            self._answers = {}
            if keys:
                self.dataChanged.emit(self.index(0, 0), self.index(len(keys) - 1, self.columnCount() - 1))
            return
        touched = {(b, q, s) for _e, b, q, s in changes.scores} | changes.moderations
        for key in touched:
            row = self._rows.get(key)
            if row is not None:
                self._answers.pop(row, None)
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def set_choice(self, choice: int) -> None:
        self.choice = choice
        self.refresh()

    def row_of(self, key: CellKey | None) -> int | None:
        return self._rows.get(key) if key is not None else None

    def answer(self, row: int) -> Answer:
        found = self._answers.get(row)
        if found is None:
            d, (bidder_id, question_id, stage_id) = self.document, self.keys[row]
            e = d.evaluation
            bidder = next((b.name for b in e.bidders if b.id == bidder_id), bidder_id)
            stage = next((s.name for s in e.stages if s.id == stage_id), stage_id)
            found = self._answers[row] = Answer(
                bidder_id,
                bidder,
                question_id,
                stage_id,
                stage,
                tuple(d.score(v.id, bidder_id, question_id, stage_id) for v in self.evaluators),
                d.moderation(bidder_id, question_id, stage_id),
                answer_status(d.opened, self.keys[row]),
            )
        return found

    def is_divergent(self, key: CellKey) -> bool:
        return key in self._divergent

    # Qt's model interface ---------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED) + len(self.evaluators) + 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = [*FIXED, *[v.name.split(",")[0] for v in self.evaluators], "Spread", "Consensus", "Status"]
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.keys):
            return None
        answer, column = self.answer(index.row()), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(answer, column)
        if role == Qt.ItemDataRole.BackgroundRole and self.is_divergent(answer.key):
            return self._brush
        if role == Qt.ItemDataRole.ToolTipRole and self.is_divergent(answer.key):
            return FAR_APART_TIP
        if role == Qt.ItemDataRole.TextAlignmentRole and len(FIXED) <= column < self.columnCount() - 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, answer: Answer, column: int) -> str:
        if column < len(FIXED):
            return (answer.bidder, answer.question_id, answer.stage)[column]
        column -= len(FIXED)
        if column < len(answer.scores):
            score = answer.scores[column]
            return plain(score.value) if score else "–"
        if column == len(answer.scores):
            return plain(answer.spread) if answer.spread is not None else ""
        if column == len(answer.scores) + 1:
            return plain(answer.moderation.value) if answer.moderation else ""
        return answer.status.value
