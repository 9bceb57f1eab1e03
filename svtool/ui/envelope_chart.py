"""A stacked bar per bidder: the points each envelope contributed, drawn with QPainter (no QtCharts needed)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from svtool.domain.evaluation import Evaluation
from svtool.domain.numbers import show
from svtool.domain.results import Results

#: Colour-blind-safe (Okabe-Ito), in envelope order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
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
        self._rows = [(b.name, [float(b.envelope_totals.get(i, 0)) for i in ids], float(b.total), b.excluded)
                      for b in results.bidders]
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
            painter.fillRect(QRectF(x, 6, 14, 14), QColor(PALETTE[n % len(PALETTE)]))
            painter.setPen(text)
            width = painter.fontMetrics().horizontalAdvance(name)
            painter.drawText(QRectF(x + 20, 2, width + 4, 22), Qt.AlignmentFlag.AlignVCenter, name)
            x += 20 + width + 24
        plot = max(self.width() - NAME_WIDTH - 70, 50)
        for r, (name, parts, total, excluded) in enumerate(self._rows):
            y = LEGEND + 6 + r * (BAR + GAP)
            painter.setPen(text)
            label = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, NAME_WIDTH - 10)
            painter.drawText(QRectF(0, y, NAME_WIDTH - 10, BAR), Qt.AlignmentFlag.AlignVCenter
                             | Qt.AlignmentFlag.AlignRight, label)
            left = float(NAME_WIDTH)
            for n, points in enumerate(parts):
                span = plot * points / 100
                colour = QColor(PALETTE[n % len(PALETTE)])
                if excluded:
                    colour.setAlpha(90)
                painter.fillRect(QRectF(left, y, span, BAR), colour)
                left += span
            painter.setPen(text)
            painter.drawText(QRectF(left + 6, y, 70, BAR), Qt.AlignmentFlag.AlignVCenter,
                             f"{total:.2f}" + (" excl." if excluded else ""))
        painter.end()
