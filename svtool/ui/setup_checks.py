"""The Setup page's Checks pane: the domain's validation of the setup, updated after every change, and the counts
of weak reasons given for scores, worked out in the background (ui/reason_checker.py)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from svtool.domain.validation import Severity
from svtool.ui.document import EvaluationDocument
from svtool.ui.reason_checker import ReasonChecker

ERROR_COLOUR = QColor("#b00020")


class SetupChecks(QWidget):
    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.checks = QListWidget()
        self.checks.setAccessibleName("Checks on the setup")
        self.checks.setAccessibleDescription(
            "Errors and warnings about the setup, refreshed after every change: errors must be put right before "
            "scoring. Choose one to read where it applies below."
        )
        self.checks.setWordWrap(True)
        # Where the selected check's cases are named: a tooltip alone is out of reach of the keyboard.
        self.check_details = QLabel()
        self.check_details.setAccessibleName("Where the selected check applies")
        self.check_details.setWordWrap(True)
        self.check_details.setTextFormat(Qt.TextFormat.PlainText)
        self.check_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.check_details.hide()
        self.checks.currentItemChanged.connect(self._show_details)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Checks</b>"))
        layout.addWidget(self.checks, 3)
        layout.addWidget(self.check_details, 1)
        self.reasons = ReasonChecker(document, self)
        self.reasons.ready.connect(self.fill)

    def fill(self) -> None:
        selected = self.checks.currentRow()  # kept across a refresh, so the details stay in view
        self.checks.clear()
        issues = self.document.issues()
        reasons = self.reasons.checks
        if not issues and reasons == ():
            self.checks.addItem("The setup passes every check.")
        for issue in issues:
            item = QListWidgetItem(("Error: " if issue.severity is Severity.ERROR else "Warning: ") + str(issue))
            if issue.severity is Severity.ERROR:
                item.setForeground(QBrush(ERROR_COLOUR))
            self.checks.addItem(item)
        if reasons is None:
            self.checks.addItem("Checking the reasons given for scores…")
        for check in reasons or ():
            item = QListWidgetItem(f"Warning: {check.text}")
            item.setData(Qt.ItemDataRole.UserRole, check.details)
            item.setToolTip("<br>".join(escape(line) for line in check.details.splitlines()))  # names stay text
            self.checks.addItem(item)
        if 0 <= selected < self.checks.count():
            self.checks.setCurrentRow(selected)

    def _show_details(self, item: QListWidgetItem | None) -> None:
        details = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.check_details.setText(details or "")
        self.check_details.setVisible(bool(details))
