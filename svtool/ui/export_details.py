"""The facts about the procedure that the documents print and the evaluation file does not hold: the procedure,
the contract term, where the award criteria were published, the award notice date and the standstill rule
(docs/reports.md). They are remembered per evaluation (by its reference), since they are the same at every
export of one tender and different for the next."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QWidget

from svtool.services.reporting import ReportSettings, Standstill

STANDSTILL_TEXT = {
    Standstill.MANDATORY: "Mandatory: 8 working days (Procurement Act 2023 s.51)",
    Standstill.VOLUNTARY: "Light touch contract, voluntary standstill of 8 working days",
    Standstill.NONE: "Light touch contract, no standstill",
}


class DocumentDetails(QGroupBox):
    def __init__(self, reference: str, parent: QWidget | None = None) -> None:
        super().__init__("Details for the documents", parent)
        self.key = f"export/tender/{reference or 'unreferenced'}/"
        remembered = QSettings()

        def line(name: str, placeholder: str, accessible: str) -> QLineEdit:
            edit = QLineEdit(str(remembered.value(self.key + name, "") or ""))
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(accessible)
            edit.setAccessibleDescription(f"Printed in the report; {placeholder}")
            return edit

        self.procedure = line(
            "procedure", "such as 'Competitive flexible procedure (Procurement Act 2023 s.20)'", "Procurement procedure"
        )
        self.term = line("term", "such as '3 years plus 2'", "Contract term")
        self.published = line(
            "published", "such as 'Find a Tender notice 2026/S 000-012345'", "Where the award criteria were published"
        )
        self.standstill = QComboBox()
        self.standstill.setAccessibleName("Standstill rule")
        self.standstill.setAccessibleDescription("Which standstill period applies before the contract is signed")
        for rule, text in STANDSTILL_TEXT.items():
            self.standstill.addItem(text, rule.value)
        self.standstill.setCurrentIndex(
            max(0, self.standstill.findData(str(remembered.value(self.key + "standstill", Standstill.MANDATORY.value))))
        )
        self.notice_known = QCheckBox("Award notice published on")
        self.notice_known.setToolTip("Untick to count the standstill from the day of the export")
        self.notice = QDateEdit(QDate.currentDate())
        self.notice.setCalendarPopup(True)
        self.notice.setDisplayFormat("d MMMM yyyy")
        self.notice.setAccessibleName("Award notice date")
        self.notice.setAccessibleDescription("The day the award notice was published; the standstill counts from it")
        saved = QDate.fromString(str(remembered.value(self.key + "notice", "") or ""), "yyyy-MM-dd")
        self.notice_known.setChecked(saved.isValid())
        if saved.isValid():
            self.notice.setDate(saved)
        self.notice.setEnabled(saved.isValid())
        self.notice_known.toggled.connect(self.notice.setEnabled)
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice_known)
        notice_row.addWidget(self.notice, 1)
        form = QFormLayout(self)
        form.addRow("&Procedure:", self.procedure)
        form.addRow("Contract &term:", self.term)
        form.addRow("Criteria p&ublished in:", self.published)
        form.addRow("Standst&ill:", self.standstill)
        form.addRow("", notice_row)

    def notice_date(self) -> dt.date | None:
        return self.notice.date().toPython() if self.notice_known.isChecked() else None  # type: ignore[return-value]

    def applied_to(self, settings: ReportSettings) -> ReportSettings:
        """The settings with these details (empty text: the documents say it is not recorded)."""
        return replace(
            settings,
            procedure=self.procedure.text().strip(),
            contract_term=self.term.text().strip(),
            criteria_published=self.published.text().strip() or "the tender documents",
            notice_date=self.notice_date(),
            standstill=Standstill(self.standstill.currentData()),
        )

    def remember(self) -> None:
        remembered = QSettings()
        for name, edit in (("procedure", self.procedure), ("term", self.term), ("published", self.published)):
            remembered.setValue(self.key + name, edit.text().strip())
        remembered.setValue(self.key + "standstill", self.standstill.currentData())
        notice = self.notice_date()
        remembered.setValue(self.key + "notice", notice.isoformat() if notice else "")
