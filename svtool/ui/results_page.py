"""The Results page: ranking with envelope subtotals, a chart by envelope, the flags, and how sensitive the
recommendation is. The ranking follows every edit; the sensitivity analysis (many what-if runs) is worked out
only when the page is on screen."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from svtool.domain.lifecycle import Phase
from svtool.domain.results import FlagKind
from svtool.domain.validation import Severity
from svtool.services import lifecycle
from svtool.services.analysis import sensitivity_statements
from svtool.ui.background import LatestOnly
from svtool.ui.document import EvaluationDocument
from svtool.ui.envelope_chart import EnvelopeChart
from svtool.ui.results_model import RankingModel
from svtool.ui.results_working import WorkingDialog, to_moderate
from svtool.ui.widgets import SIZING_ROWS, RefreshWhenShown


class ResultsPage(RefreshWhenShown):
    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.final = False
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setObjectName("warning")
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next panel; arrows move within the table
        self.table.setAccessibleName("Ranking of bidders")
        self.table.setAccessibleDescription(
            "Each bidder's points by envelope against the envelope's maximum, and "
            "the total. Enter on a bidder opens its working, question by question."
        )
        self.model = RankingModel()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.activated.connect(lambda index: self.show_working(index.row()))  # Enter or double-click
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(SIZING_ROWS)  # the leading bidders, not all 300, after each change
        self.chart = EnvelopeChart()
        self.details = QTextBrowser()
        self.details.setAccessibleName("Recommendation, sensitivity and flags")
        self.details.setAccessibleDescription(
            "Read-only: the recommended bidder, how far the ranking holds if the split changes, and any flags"
        )
        chart_area = QScrollArea()  # a chart of hundreds of bidders scrolls rather than stretching the window
        chart_area.setWidget(self.chart)
        chart_area.setWidgetResizable(True)
        chart_area.setFrameShape(QScrollArea.Shape.NoFrame)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(chart_area)
        lower.addWidget(self.details)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.warning)
        layout.addWidget(self.table, 2)
        layout.addWidget(lower, 3)
        # Sensitivity means many what-if rankings: worked out just after the ranking is drawn, once however many
        # scores arrive together, so a typed score shows in the ranking at once.
        self._sensitivity_timer = QTimer(self)
        self._sensitivity_timer.setSingleShot(True)
        self._sensitivity_timer.setInterval(0)
        self._sensitivity_timer.timeout.connect(self.fill_sensitivity)
        self.sensitivity = LatestOnly(self._show_details, self)
        document.changed.connect(self._changed)
        document.setup_changed.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        evaluation = self.document.evaluation
        results = self.document.results
        self.heading.setText(
            f"<h2>{escape(evaluation.title)}</h2>"
            + (f"<p>Reference {escape(evaluation.reference)}</p>" if evaluation.reference else "")
        )
        errors = [i for i in self.document.issues() if i.severity is Severity.ERROR]
        self.warning.setVisible(bool(errors))
        self.warning.setText(
            f"<b>Not final:</b> the setup has {len(errors)} problem(s) to put right on the Setup "
            f"page, starting with {escape(str(errors[0]))}"
            if errors
            else ""
        )
        self.final = lifecycle.phase_now(self.document.opened) is Phase.FINAL
        self.model.show_results(evaluation, results, self.final)
        self.chart.show_results(evaluation, results)
        self._show_details(["Working out how sensitive the recommendation is…"] if results.winner else [])
        self._sensitivity_timer.start()

    def fill_sensitivity(self) -> None:
        """Work out the split and weight sensitivity (the slow part of the page) off the GUI thread, on a snapshot
        of the evaluation as it stands; it is shown when it arrives, unless something changed meanwhile."""
        if self.document.results.winner is None:
            self._show_details([])
            return
        snapshot = self.document.opened.current()
        self.sensitivity.start(lambda: sensitivity_statements(snapshot))

    def _show_details(self, sensitivity: list[str]) -> None:
        results = self.document.results
        winner = results.winner
        waiting = to_moderate(results)
        if winner is None:
            recommendation = "<p><b>There is no single recommended bidder.</b></p>"
        elif self.final:
            recommendation = f"<p><b>Recommended: {escape(winner.name)}</b></p>"
        else:  # nothing is recommended before the lead finalises the evaluation (docs/lifecycle.md)
            recommendation = (
                f"<p><b>Leading, provisional: {escape(winner.name)}</b> ({waiting} answer(s) still "
                "to moderate; recommended once the evaluation is final)</p>"
            )
        items = [f"<li>{escape(f.message)}</li>" for f in results.flags if f.kind is not FlagKind.DIVERGENCE]
        divergent = sum(f.kind is FlagKind.DIVERGENCE for f in results.flags)
        if divergent:
            items.append(
                f"<li>{divergent} stage score(s) where the evaluators' scores are far apart: see the "
                "Moderation page.</li>"
            )
        self.details.setHtml(  # flags before sensitivity: seen without scrolling
            recommendation
            + ("<h3>Flags</h3><ul>" + "".join(items) + "</ul>" if items else "")
            + (
                "<h3>Sensitivity</h3><ul>" + "".join(f"<li>{escape(s)}</li>" for s in sensitivity) + "</ul>"
                if sensitivity
                else ""
            )
        )

    def show_working(self, row: int | None = None) -> WorkingDialog | None:
        """Open the working of the bidder on a row (the current row if none is given)."""
        row = self.table.currentIndex().row() if row is None else row
        bidders = self.document.results.bidders
        if not 0 <= row < len(bidders):
            return None
        dialog = WorkingDialog(self.document.evaluation, self.document.results, bidders[row].bidder_id, self)
        dialog.open()
        return dialog
