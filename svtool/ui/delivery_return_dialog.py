"""Typing a return in by hand (docs/delivery.md, Returns): for a chosen period, the contract spend and, per KPI, the
delivered figure and the evidence. Saved whole through services/delivery.py record_return, the same call as
`svtool delivery import`, or refused with every problem located (row, KPI) and nothing saved; the dialog stays
open with everything typed kept. A period already returned opens with its figures, so a save corrects it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QHeaderView, QLineEdit, QTableWidgetItem, QWidget

from svtool.domain.delivery import Delivery
from svtool.services import delivery as service
from svtool.services.session import OpenEvaluation
from svtool.ui.delivery_dialogs import DeliveryDialog
from svtool.ui.widgets import cell, parse_amount, plain, table

HEADERS = ("KPI", "Unit", "Profile this period", "Delivered", "Evidence")
DELIVERED, EVIDENCE = 3, 4


class ReturnDialog(DeliveryDialog):
    def __init__(self, opened: OpenEvaluation, period: str = "", parent: QWidget | None = None) -> None:
        super().__init__(opened, "Type in a return", parent)
        self.d: Delivery = self.delivery()
        self.period = QComboBox()
        self.period.setAccessibleName("Return period")
        self.period.setAccessibleDescription("The reporting period the return is for; a saved return can be corrected")
        self.period.addItems(list(self.d.contract.labels))
        if period in self.d.contract.labels:
            self.period.setCurrentText(period)
        self.spend = QLineEdit()
        self.spend.setAccessibleName("Contract spend this period (£)")
        self.spend.setAccessibleDescription("Optional, in pounds: the period's spend, which weights the level KPIs")
        self.spend.setPlaceholderText("optional: weights the level KPIs by spend")
        self.form.addRow("Period", self.period)
        self.form.addRow("Contract spend this period (£)", self.spend)
        self.figures = table(
            HEADERS,
            "Delivered figures and evidence",
            stretch=EVIDENCE,
            description="One row per KPI: type the figure delivered in its unit and the evidence for it",
        )
        # a long KPI title must not squeeze the evidence, which is what the supplier writes most of
        self.figures.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.figures.setColumnWidth(0, 330)
        self.figures.setMinimumSize(1040, 40 + 32 * min(len(self.d.kpis), 12))
        self.layout_.addWidget(self.figures)
        self.period.currentTextChanged.connect(self._fill)
        self._fill()
        self.finish_layout()

    def _fill(self) -> None:
        """The KPIs with their profile for the period, and what a return for it already gave (to correct)."""
        period = self.period.currentText()
        index = self.d.contract.labels.index(period)
        spend = self.d.spend(period)
        self.spend.setText(plain(spend))
        self.figures.setRowCount(len(self.d.kpis))
        for row, kpi in enumerate(self.d.kpis):
            found = self.d.figure(kpi.id, period)
            items: list[QTableWidgetItem] = [
                cell(f"{kpi.id} {kpi.title}", editable=False),
                cell(kpi.unit, editable=False),
                cell(plain(kpi.profile[index]), editable=False, right=True),
                cell(plain(found.delivered) if found else "", right=True),
                cell(found.evidence if found else ""),
            ]
            for col, item in enumerate(items):
                self.figures.setItem(row, col, item)

    def typed(self) -> tuple[Decimal | None, dict[str, tuple[Decimal, str]], list[str]]:
        """The spend and figures as typed, and every entry that is not a number, located."""
        problems = []
        text = self.spend.text().strip()
        spend = parse_amount(text) if text else None
        if text and spend is None:
            problems.append(f"Contract spend: '{text}' is not a number.")
        figures: dict[str, tuple[Decimal, str]] = {}
        for row, kpi in enumerate(self.d.kpis):
            delivered_item, evidence_item = self.figures.item(row, DELIVERED), self.figures.item(row, EVIDENCE)
            delivered = delivered_item.text().strip() if delivered_item else ""
            evidence = evidence_item.text() if evidence_item else ""
            value = parse_amount(delivered)
            if not delivered:
                problems.append(f"Row {row + 1}, KPI {kpi.id} ({kpi.title}): the delivered figure is empty.")
            elif value is None:
                problems.append(f"Row {row + 1}, KPI {kpi.id} ({kpi.title}): '{delivered}' is not a number.")
            else:
                figures[kpi.id] = (value, evidence)
        return spend, figures, problems

    def save(self) -> bool:
        spend, figures, problems = self.typed()
        if problems:
            self.message.setText("The return was not saved:\n- " + "\n- ".join(problems))
            return False
        return self.attempt(
            lambda: service.record_return(self.opened, self.period.currentText(), spend, figures, "typed in")
        )
