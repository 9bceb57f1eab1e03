"""A stacked bar per bidder: the points each envelope contributed, drawn with QPainter (no QtCharts needed).

Series are told apart by more than colour (WCAG 2.2 1.4.1): each envelope has its own fill pattern, segments are
separated by a white gap, and the legend shows colour and pattern together (docs/screens.md)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from svtool.domain.evaluation import Evaluation
from svtool.domain.numbers import show
from svtool.domain.results import Results
from svtool.ui import colours

#: In envelope order: each 4.5:1 against white (svtool/ui/colours.py).
PALETTE = colours.SERIES
#: A white pattern over each series' colour, in envelope order: none, stripes, crossed, dots...
PATTERNS = (
    Qt.BrushStyle.NoBrush,
    Qt.BrushStyle.BDiagPattern,
    Qt.BrushStyle.DiagCrossPattern,
    Qt.BrushStyle.Dense6Pattern,
    Qt.BrushStyle.HorPattern,
    Qt.BrushStyle.VerPattern,
)
BAR, GAP, NAME_WIDTH, LEGEND = 22, 8, 230, 28


class EnvelopeChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Chart: each bidder's total, by envelope")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._names: list[str] = []
        self._rows: list[tuple[str, list[float], float, bool]] = []

    def show_results(self, evaluation: Evaluation, results: Results) -> None:
        self._names = [e.name for e in evaluation.envelopes]
        ids = [e.id for e in evaluation.envelopes]
        self._rows = [
            (b.name, [float(b.envelope_totals.get(i, 0)) for i in ids], float(b.total), b.excluded)
            for b in results.bidders
        ]
        self.setAccessibleDescription("; ".join(f"{b.name}: {show(b.total)} points" for b in results.bidders))
        self.setMinimumHeight(self.sizeHint().height())  # every bar drawn; the page scrolls a long chart
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, LEGEND + 10 + len(self._rows) * (BAR + GAP))

    def minimumSizeHint(self) -> QSize:
        # Small, so that a chart of 300 bidders cannot make the window taller than the screen (it once forced a
        # 9,000-pixel window, and every grid then drew all its rows); the page gives it room to scroll.
        return QSize(300, min(self.sizeHint().height(), LEGEND + 10 + 6 * (BAR + GAP)))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().windowText().color()
        x = 0.0
        for n, name in enumerate(self._names):  # the legend
            _fill(painter, QRectF(x, 6, 14, 14), n, excluded=False)
            painter.setPen(text)
            width = painter.fontMetrics().horizontalAdvance(name)
            painter.drawText(QRectF(x + 20, 2, width + 4, 22), Qt.AlignmentFlag.AlignVCenter, name)
            x += 20 + width + 24
        plot = max(self.width() - NAME_WIDTH - 70, 50)
        for r, (name, parts, total, excluded) in enumerate(self._rows):
            y = LEGEND + 6 + r * (BAR + GAP)
            painter.setPen(text)
            label = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, NAME_WIDTH - 10)
            painter.drawText(
                QRectF(0, y, NAME_WIDTH - 10, BAR), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, label
            )
            left = float(NAME_WIDTH)
            for n, points in enumerate(parts):
                span = plot * points / 100
                if span > 0:
                    _fill(painter, QRectF(left, y, max(span - 2, 1), BAR), n, excluded)  # (a white gap between)
                left += span
            painter.setPen(text)
            painter.drawText(
                QRectF(left + 6, y, 70, BAR),
                Qt.AlignmentFlag.AlignVCenter,
                f"{total:.2f}" + (" excl." if excluded else ""),
            )
        painter.end()


def _fill(painter: QPainter, area: QRectF, series: int, excluded: bool) -> None:
    """A series' colour with its white pattern over it; an excluded bidder's bar is paler, and says "excl."."""
    colour = QColor(PALETTE[series % len(PALETTE)])
    if excluded:
        colour.setAlpha(90)
    painter.fillRect(area, colour)
    pattern = PATTERNS[series % len(PATTERNS)]
    if pattern is not Qt.BrushStyle.NoBrush:
        painter.fillRect(area, QBrush(QColor(colours.WHITE), pattern))
