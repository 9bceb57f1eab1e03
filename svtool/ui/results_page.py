"""The Results page: ranking with envelope subtotals, the flags, and how sensitive the recommendation is."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QTextBrowser, QVBoxLayout, QWidget

from svtool.domain.results import FlagKind
from svtool.domain.sensitivity import split_sensitivity
from svtool.services.evaluations import OpenEvaluation
from svtool.ui.results_model import RankingModel


class ResultsPage(QWidget):
    def __init__(self, opened: OpenEvaluation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        evaluation = opened.evaluation
        results = opened.results()
        self.heading = QLabel(f"<h2>{escape(evaluation.title)}</h2>"
                              + (f"<p>Reference {escape(evaluation.reference)}</p>" if evaluation.reference else ""))
        self.table = QTableView()
        self.table.setAccessibleName("Ranking of bidders")
        self.table.setModel(RankingModel(evaluation, results))
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        winner = results.winner
        recommendation = (f"<p><b>Recommended: {escape(winner.name)}</b></p>" if winner
                          else "<p><b>There is no single recommended bidder.</b></p>")
        split = split_sensitivity(opened.engine, results)
        items = [f"<li>{escape(f.message)}</li>" for f in results.flags
                 if f.kind not in (FlagKind.DIVERGENCE,)]
        divergent = sum(f.kind is FlagKind.DIVERGENCE for f in results.flags)
        if divergent:
            items.append(f"<li>{divergent} stage score(s) where the evaluators' scores are far apart: see "
                         "moderation.</li>")
        self.details = QTextBrowser()
        self.details.setAccessibleName("Recommendation, sensitivity and flags")
        self.details.setHtml(recommendation + (f"<p>{escape(split.statement)}</p>" if split else "")
                             + ("<h3>Flags</h3><ul>" + "".join(items) + "</ul>" if items else ""))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.details, 2)
