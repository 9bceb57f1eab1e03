"""Setup > Living wage rates...: the Real Living Wage table (shipped rates and those added here), a form to add
the Foundation's new rate each autumn without a new release, and the tender date and region that choose the rate
in force for this evaluation (services/rates.py; docs/community-wealth.md)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from svtool.domain.community_wealth import living_wage_citation
from svtool.domain.living_wage import LivingWageRate, Region
from svtool.services.errors import UserError
from svtool.services.rates import add_rate, all_rates, apply_rate_in_force, user_rates_path
from svtool.ui.document import EvaluationDocument
from svtool.ui.widgets import cell, describe_buttons, parse_amount, quiet, table

HEADERS = ["Label", "Announced", "Pay by", "UK (£/hour)", "London (£/hour)", "Source"]


def _date_edit(name: str, value: date, description: str) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMMM yyyy")
    edit.setAccessibleName(name)
    edit.setAccessibleDescription(description + "; arrow keys change the day, month or year")
    return edit


def _day(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


class LivingWageDialog(QDialog):
    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("Real Living Wage rates")
        self.rates = table(
            HEADERS, "Real Living Wage rates", 5, "Every published rate, in pounds an hour, with when it must be paid"
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        today = date.today()
        self.label = QLineEdit()
        self.label.setAccessibleName("Rates label, such as 2026/27")
        self.label.setAccessibleDescription("The name the Foundation gives the new rates")
        self.announced = _date_edit("Announced on", today, "The day the Foundation announced the rates")
        self.implement_by = _date_edit(
            "Employers pay it by", date(today.year + 1, 5, 1), "The day by which employers must pay the new rates"
        )
        self.uk = QLineEdit()
        self.uk.setAccessibleName("UK rate (£ an hour)")
        self.uk.setAccessibleDescription("Pounds an hour outside London, such as 12.60")
        self.london = QLineEdit()
        self.london.setAccessibleName("London rate (£ an hour)")
        self.london.setAccessibleDescription("Pounds an hour in London, such as 13.85")
        self.source = QLineEdit()
        self.source.setAccessibleName("Where it was published")
        self.source.setAccessibleDescription("The web address or document the rates come from")
        self.add_button = QPushButton("&Add rate")
        self.add_button.setAccessibleDescription("Saves the new rates for every evaluation on this computer")
        adding = QGroupBox("Add the Foundation's new rate")
        form = QFormLayout(adding)
        for label, widget in (
            ("Label", self.label),
            ("Announced", self.announced),
            ("Employers pay it by", self.implement_by),
            ("UK (£/hour)", self.uk),
            ("London (£/hour)", self.london),
            ("Source", self.source),
        ):
            form.addRow(label, widget)
        form.addRow("", self.add_button)
        form.addRow(QLabel(f"Added rates are kept in {user_rates_path()} and used by every evaluation."))

        e = document.evaluation
        self.tender_date = _date_edit("Tender date", e.tender_date or today, "The day that picks the rate in force")
        self.region = QComboBox()
        self.region.setAccessibleName("Region")
        self.region.setAccessibleDescription("Whether the contract pays the UK or the London rate")
        self.region.addItem("UK (outside London)", Region.UK.value)
        self.region.addItem("London", Region.LONDON.value)
        self.region.setCurrentIndex(self.region.findData(e.living_wage_region.value))
        self.apply_button = QPushButton("A&pply the rate in force")
        self.apply_button.setAccessibleDescription("Sets this evaluation's rate to the one in force on the tender date")
        self.applied = QLabel()
        self.applied.setWordWrap(True)
        evaluation = QGroupBox("This evaluation")
        own = QFormLayout(evaluation)
        own.addRow("Tender date", self.tender_date)
        own.addRow("Region", self.region)
        own.addRow("", self.apply_button)
        own.addRow(self.applied)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        describe_buttons(buttons, "")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for part in (self.rates, adding, evaluation, self.message, buttons):
            layout.addWidget(part)
        self.add_button.clicked.connect(self.add)
        self.apply_button.clicked.connect(self.apply)
        self.apply_button.setEnabled(not document.read_only)
        self.resize(820, 640)
        self.refresh()

    def refresh(self) -> None:
        try:
            rates = all_rates()
        except UserError as error:
            self.message.setText(str(error))
            rates = []
        with quiet(self.rates):
            self.rates.setRowCount(len(rates))
            for row, rate in enumerate(reversed(rates)):
                for col, text in enumerate(
                    (
                        rate.label,
                        rate.announced.isoformat(),
                        rate.implement_by.isoformat(),
                        f"{rate.uk:.2f}",
                        f"{rate.london:.2f}",
                        rate.source,
                    )
                ):
                    self.rates.setItem(row, col, cell(text, editable=False, right=col in (3, 4)))
        self.applied.setText(living_wage_citation(self.document.evaluation) or "No rate is applied yet.")

    def add(self) -> None:
        amounts = [parse_amount(line.text()) for line in (self.uk, self.london)]
        if any(a is None for a in amounts):
            self.message.setText("Give the UK and London rates in pounds an hour, such as 13.45.")
            return
        uk, london = (Decimal(a) for a in amounts if a is not None)
        rate = LivingWageRate(
            self.label.text().strip(),
            _day(self.announced),
            _day(self.implement_by),
            uk,
            london,
            self.source.text().strip(),
        )
        try:
            add_rate(rate)
        except UserError as error:
            self.message.setText(str(error))
            return
        self.message.setText(
            f"Added the {rate.label} rates. An evaluation takes them from their announcement "
            "date: apply the rate in force to use them here."
        )
        self.refresh()

    def apply(self) -> None:
        e = self.document.evaluation
        chosen = dataclasses.replace(
            e, tender_date=_day(self.tender_date), living_wage_region=Region(self.region.currentData())
        )
        try:
            changed = apply_rate_in_force(chosen, all_rates())
        except UserError as error:
            self.message.setText(str(error))
            return
        if self.document.change_setup(changed, f"apply the Real Living Wage in force on {chosen.tender_date}"):
            self.message.setText("Applied.")
        self.refresh()
