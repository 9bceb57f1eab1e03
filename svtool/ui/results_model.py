"""A read-only Qt table over the ranked bidders: a thin adapter, no arithmetic."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from svtool.domain.evaluation import Envelope, Evaluation
from svtool.domain.numbers import show
from svtool.domain.results import BidderResult, Results
from svtool.ui.widgets import plain

Index = QModelIndex | QPersistentModelIndex


class RankingModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._envelopes: list[Envelope] = []
        self._rows: list[BidderResult] = []
        self._winner: str | None = None
        self._headers: list[str] = []
        self._final = True
        self._bold = QFont()
        self._bold.setBold(True)

    def show_results(self, evaluation: Evaluation, results: Results, final: bool = True) -> None:
        """final: the evaluation is finalised, so the leading bidder is recommended; until then it is only
        leading, on provisional scores (svtool/services/lifecycle.py)."""
        self.beginResetModel()
        self._final = final
        self._envelopes = list(evaluation.envelopes)
        self._rows = list(results.bidders)
        self._winner = results.winner.bidder_id if results.winner else None
        self._headers = ["Rank", "Bidder", *[e.name for e in self._envelopes], "Total", "Status"]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        bidder = self._rows[index.row()]
        column = index.column()
        last = len(self._headers) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(bidder.rank) if bidder.rank else "–"
            if column == 1:
                return bidder.name
            if column == last:
                if bidder.excluded:
                    return "Excluded"
                if bidder.bidder_id != self._winner:
                    return ""
                return "Recommended" if self._final else "Leading (provisional)"
            if column == last - 1:
                return show(bidder.total)
            envelope = self._envelopes[column - 2]
            return f"{show(bidder.envelope_totals[envelope.id])} / {plain(envelope.weight)}"  # against its maximum
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (1, last):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if bidder.excluded:
                return "\n".join(bidder.exclusion_reasons)
            return "Enter or double-click: the working, question by question"
        if role == Qt.ItemDataRole.FontRole and bidder.bidder_id == self._winner:
            return self._bold
        return None
