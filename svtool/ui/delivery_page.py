"""Delivery: after award (docs/delivery.md). The lead awards a final evaluation to its recommended bidder; the page
then shows each KPI delivered against promised (RAG), the community wealth building figures and what the record
still needs, and takes returns (a workbook), shortfalls with their actions, and the lead's annual ratings.
Every act calls services/delivery.py; a refusal is shown on the page, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from svtool.domain.delivery import Delivery, Rag, Rating, standing, wealth
from svtool.domain.delivery_notice import figure
from svtool.domain.numbers import show
from svtool.services import delivery as service
from svtool.services.errors import UserError
from svtool.ui.delivery_dialogs import DeliveryDialog, FollowUpDialog, NoticeDialog, shown_attempt
from svtool.ui.delivery_kpi_dialogs import AddKpiDialog, KpiDialog, ThresholdsDialog
from svtool.ui.delivery_return_dialog import ReturnDialog
from svtool.ui.document import EvaluationDocument
from svtool.ui.widgets import RefreshWhenShown, cell, fill_table, heading, note, table

HEADERS = ("KPI", "Owner", "Target", "Delivered to date", "Profile to date", "% of profile", "RAG")
RAG_FILL = {Rag.GREEN: "#C6EFCE", Rag.AMBER: "#FFEB9C", Rag.RED: "#FFC7CE"}


class DeliveryPage(RefreshWhenShown):
    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.delivery: Delivery | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Delivery"))
        self.summary = note("")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Delivery message")
        self.message.setStyleSheet("color: #9C0006")
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        self.award_box = self._award_box()
        layout.addWidget(self.award_box)
        self.kpis = table(
            HEADERS,
            "KPIs delivered against promised",
            stretch=0,
            description="One row per KPI: the figure promised, delivered so far, and its red, amber or green rating",
        )
        layout.addWidget(self.kpis, 1)
        self.kpi_tools = QWidget()
        tools = QHBoxLayout(self.kpi_tools)
        tools.setContentsMargins(0, 0, 0, 0)
        self.edit_kpi_button = QPushButton("Edit KPI…")
        self.add_kpi_button = QPushButton("Add KPI…")
        self.thresholds_button = QPushButton("RAG thresholds…")
        self.edit_kpi_button.setToolTip("Title, owner and profile per period of the KPI selected")
        self.add_kpi_button.setAccessibleDescription("Opens a form to add a KPI the supplier reports on")
        self.thresholds_button.setAccessibleDescription("Opens the percentages of profile that rate green and amber")
        for button, make, done in (
            (self.edit_kpi_button, self.kpi_dialog, "KPI saved."),
            (self.add_kpi_button, self.add_kpi_dialog, "KPI added."),
            (self.thresholds_button, self.thresholds_dialog, "Thresholds saved."),
        ):
            button.clicked.connect(lambda _=False, make=make, done=done: self.run_dialog(make(), done))
            tools.addWidget(button)
        tools.addStretch(1)
        layout.addWidget(self.kpi_tools)
        self.wealth = note("")
        self.needs = note("")
        layout.addWidget(self.wealth)
        layout.addWidget(self.needs)
        self.acts = QWidget()
        row = QHBoxLayout(self.acts)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._returns_box())
        row.addWidget(self._shortfall_box())
        row.addWidget(self._rating_box())
        layout.addWidget(self.acts)
        document.changed.connect(self._changed)
        document.setup_changed.connect(self._changed)
        self.refresh()

    # Building ---------------------------------------------------------------------------------------------------

    def _award_box(self) -> QGroupBox:
        box = QGroupBox("Award the contract")
        form = QFormLayout(box)
        self.start = QLineEdit("2027-Q1")
        self.start.setAccessibleName("First reporting period")
        self.start.setAccessibleDescription("A quarter such as 2027-Q1, or a year such as 2027")
        self.frequency = QComboBox()
        self.frequency.addItems(["quarter", "year"])
        self.frequency.setAccessibleName("Reporting by")
        self.frequency.setAccessibleDescription("Whether the supplier reports every quarter or every year")
        self.periods = QSpinBox()
        self.periods.setRange(1, 200)
        self.periods.setValue(8)
        self.periods.setAccessibleName("Reporting periods")
        self.periods.setAccessibleDescription("How many reporting periods the contract term has, 1 to 200")
        inner = self.periods.findChild(QLineEdit)
        if inner is not None:  # the spin box's own editor, which a screen reader lands on
            inner.setAccessibleName("Reporting periods")
        self.award_button = QPushButton("Award to the recommended bidder")
        self.award_button.setAccessibleDescription("Records the award and starts tracking its KPIs from these periods")
        self.award_button.clicked.connect(self.award)
        form.addRow("First period (2027-Q1, or 2027)", self.start)
        form.addRow("Reporting by", self.frequency)
        form.addRow("Periods in the term", self.periods)
        form.addRow(self.award_button)
        return box

    def _returns_box(self) -> QGroupBox:
        box = QGroupBox("Returns")
        form = QFormLayout(box)
        self.period = QComboBox()
        self.period.setAccessibleName("Return period")
        self.period.setAccessibleDescription("The reporting period the return below is for")
        self.template_button = QPushButton("Write return template…")
        self.template_button.setAccessibleDescription("Saves a spreadsheet for the supplier to fill in")
        self.template_button.clicked.connect(lambda: self.write_template(self._save_name()))
        self.import_button = QPushButton("Import filled return…")
        self.import_button.setAccessibleDescription("Reads the supplier's filled-in return spreadsheet")
        self.import_button.clicked.connect(lambda: self.import_return(self._open_name()))
        self.type_button = QPushButton("Type in a return…")
        self.type_button.setAccessibleDescription("Opens a form to type the period's delivered figures")
        self.type_button.clicked.connect(lambda: self.run_dialog(self.return_dialog(), "Return saved."))
        form.addRow("Period", self.period)
        form.addRow(self.template_button)
        form.addRow(self.import_button)
        form.addRow(self.type_button)
        return box

    def _shortfall_box(self) -> QGroupBox:
        box = QGroupBox("Shortfall and action")
        form = QFormLayout(box)
        self.shortfall_kpi, self.shortfall_period = QComboBox(), QComboBox()
        self.explanation, self.action = QLineEdit(), QLineEdit()
        button = QPushButton("Record shortfall")
        for widget, name, description in (
            (self.shortfall_kpi, "Shortfall KPI", "The KPI that fell short"),
            (self.shortfall_period, "Shortfall period", "The period in which it fell short"),
            (self.explanation, "Supplier's explanation", "Why the supplier says it fell short, in their words"),
            (self.action, "Agreed action", "What the supplier will do to put it right, and by when"),
            (button, "Record shortfall", "Saves the shortfall with the explanation and the agreed action"),
        ):
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)
        button.clicked.connect(self.record_shortfall)
        form.addRow("KPI", self.shortfall_kpi)
        form.addRow("Period", self.shortfall_period)
        form.addRow("Explanation", self.explanation)
        form.addRow("Agreed action", self.action)
        form.addRow(button)
        follow = QPushButton("Follow up a shortfall…")
        follow.setAccessibleDescription("Opens a form to note progress on a shortfall, or close it")
        follow.clicked.connect(lambda: self.run_dialog(self.follow_up_dialog(), "Follow-up recorded."))
        form.addRow(follow)
        return box

    def _rating_box(self) -> QGroupBox:
        box = QGroupBox("Annual rating (s.71)")
        form = QFormLayout(box)
        self.rating_kpi, self.rating_year, self.rating = QComboBox(), QComboBox(), QComboBox()
        self.rating.addItems([r.value for r in Rating])
        self.reason = QLineEdit()
        self.rate_button = QPushButton("Rate")
        for widget, name, description in (
            (self.rating_kpi, "Rated KPI", "The KPI to rate for the year"),
            (self.rating_year, "Year to", "The period that ends the year being rated"),
            (self.rating, "Rating", "How the supplier performed on the KPI over the year"),
            (self.reason, "Reasons for the rating", "Required: why this rating, for the published assessment"),
            (self.rate_button, "Rate", "Saves the year's rating of the KPI with its reasons"),
        ):
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)
        self.rate_button.clicked.connect(self.rate)
        form.addRow("KPI", self.rating_kpi)
        form.addRow("Year to", self.rating_year)
        form.addRow("Rating", self.rating)
        form.addRow("Reasons", self.reason)
        form.addRow(self.rate_button)
        notice = QPushButton("Assessment notice…")
        notice.setToolTip("The year's s.71 assessment as text, ready to copy")
        notice.clicked.connect(lambda: NoticeDialog(self.document.opened, self).exec())
        form.addRow(notice)
        return box

    # Showing ----------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            self.delivery = service.delivery_of(self.document.opened)
        except UserError as error:
            self.message.setText(str(error))
            return
        d = self.delivery
        e = self.document.opened.evaluation
        lead = self.document.is_lead
        self.award_box.setVisible(d is None)
        self.award_button.setEnabled(lead and e.finalised is not None)
        self.acts.setVisible(d is not None)
        self.kpi_tools.setVisible(d is not None)
        for button in (self.rate_button, self.edit_kpi_button, self.add_kpi_button, self.thresholds_button):
            button.setEnabled(lead)
        if d is None:
            winner = self.document.results.winner
            self.summary.setText(
                "Not awarded. "
                + (
                    f"Once the evaluation is final the lead awards it to {winner.name}, whose commitments become the "
                    "contract's KPIs."
                    if winner
                    else "The evaluation recommends no bidder yet."
                )
            )
            fill_table(self.kpis, [])
            self.wealth.setText("")
            self.needs.setText("")
            return
        c = d.contract
        reported = d.reported()
        upto = reported[-1] if reported else None
        self.summary.setText(
            f"Awarded to {c.supplier} on {c.awarded_at[:10]}; reporting by {c.frequency.value}, "
            f"{c.labels[0]} to {c.labels[-1]}. Returns: {len(reported)} of {c.periods}."
        )
        rows = []
        for kpi in d.kpis:
            now = standing(d, kpi, upto)
            rag_cell = cell(now.rag.value.upper() if now.rag is not Rag.NONE else now.rag.value, editable=False)
            if now.rag in RAG_FILL:
                rag_cell.setBackground(QColor(RAG_FILL[now.rag]))
            rows.append(
                [
                    cell(f"{kpi.id} {kpi.title}", editable=False),
                    cell(kpi.owner, editable=False),
                    cell(figure(kpi.committed, kpi.unit), editable=False, right=True),
                    cell(figure(now.delivered, kpi.unit), editable=False, right=True),
                    cell(figure(now.profile, kpi.unit), editable=False, right=True),
                    cell(figure(now.of_profile, "%"), editable=False, right=True),
                    rag_cell,
                ]
            )
        fill_table(self.kpis, rows)
        w = wealth(d, e.lm3_respend_percent, upto)
        self.wealth.setText(
            f"Community wealth building to date: local spend {figure(w.local_pounds, 'GBP')} "
            f"({figure(w.local_percent, '%')} of {figure(w.spend, 'GBP')}); LM3 "
            f"{'-' if w.lm3 is None else show(w.lm3)}; Real Living Wage coverage "
            f"{figure(w.living_wage_percent, '%')}; local jobs {figure(w.local_jobs, 'people')}; "
            f"apprenticeships {figure(w.apprenticeships, 'people')}."
        )
        needs = service.needs(d)
        self.needs.setText("Still to do:\n- " + "\n- ".join(needs) if needs else "Nothing outstanding.")
        for combo, items in (
            (self.period, c.labels),
            (self.shortfall_period, c.labels),
            (self.shortfall_kpi, [k.id for k in d.kpis]),
            (self.rating_kpi, [k.id for k in d.kpis]),
            (self.rating_year, c.assessments),
        ):
            kept = combo.currentText()
            combo.clear()
            combo.addItems(list(items))
            if kept in items:
                combo.setCurrentText(kept)
        if upto and self.period.currentText() in reported:
            following = c.labels.index(upto) + 1
            self.period.setCurrentText(c.labels[min(following, len(c.labels) - 1)])

    # Acts -------------------------------------------------------------------------------------------------------

    def _act(self, work: Callable[[], object], done: str) -> bool:
        if not shown_attempt(work, self.message):
            return False
        self.refresh()
        self.summary.setText(f"{done} {self.summary.text()}")
        return True

    def _lead_id(self) -> str:
        member = self.document.member or self.document.opened.evaluation.lead
        return member.id if member else ""

    def kpi_dialog(self) -> KpiDialog:
        row = self.kpis.currentRow()
        kpis = self.delivery.kpis if self.delivery else ()
        return KpiDialog(self.document.opened, self._lead_id(), kpis[row].id if 0 <= row < len(kpis) else "", self)

    def add_kpi_dialog(self) -> AddKpiDialog:
        return AddKpiDialog(self.document.opened, self._lead_id(), self)

    def thresholds_dialog(self) -> ThresholdsDialog:
        return ThresholdsDialog(self.document.opened, self._lead_id(), self)

    def return_dialog(self) -> ReturnDialog:
        return ReturnDialog(self.document.opened, self.period.currentText(), self)

    def follow_up_dialog(self) -> FollowUpDialog:
        return FollowUpDialog(self.document.opened, self)

    def run_dialog(self, dialog: DeliveryDialog, done: str) -> bool:
        """Show a dialog; once it has saved, show the page afresh with what was done."""
        saved = bool(dialog.exec())
        if saved:
            self.message.setText("")
            self.refresh()
            self.summary.setText(f"{done} {self.summary.text()}")
        return saved

    def award(self) -> bool:
        return self._act(
            lambda: service.award(
                self.document.opened,
                self._lead_id(),
                self.start.text().strip(),
                self.frequency.currentText(),
                self.periods.value(),
            ),
            "Awarded.",
        )

    def write_template(self, path: Path | None) -> bool:
        if path is None:
            return False
        from svtool.services import delivery_files as files  # (openpyxl and reportlab: not at start-up)

        return self._act(
            lambda: files.write_template(self.document.opened, self.period.currentText(), path),
            f"Wrote the template to {path.name}.",
        )

    def import_return(self, path: Path | None) -> bool:
        if path is None:
            return False
        from svtool.services import delivery_files as files  # (openpyxl and reportlab: not at start-up)

        return self._act(lambda: files.import_return(self.document.opened, path), f"Imported {path.name}.")

    def record_shortfall(self) -> bool:
        return self._act(
            lambda: service.record_shortfall(
                self.document.opened,
                self.shortfall_kpi.currentText(),
                self.shortfall_period.currentText(),
                self.explanation.text(),
                self.action.text(),
            ),
            "Shortfall recorded.",
        )

    def rate(self) -> bool:
        return self._act(
            lambda: service.rate(
                self.document.opened,
                self._lead_id(),
                self.rating_kpi.currentText(),
                self.rating_year.currentText(),
                self.rating.currentText(),
                self.reason.text(),
            ),
            "Rated.",
        )

    def _save_name(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Write return template", f"return {self.period.currentText()}.xlsx", "Excel workbook (*.xlsx)"
        )
        return Path(name) if name else None

    def _open_name(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self, "Import a filled return", "", "Excel workbook (*.xlsx)")
        return Path(name) if name else None
