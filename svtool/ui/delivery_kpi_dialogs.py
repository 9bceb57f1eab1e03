"""The lead's KPI dialogs on the Delivery page (docs/delivery.md, From award to contract): a KPI's title, owner and
profile per period; a KPI not tied to social value (service quality, say); the contract's red/amber/green
thresholds. Each saves through services/delivery.py (set_kpi, add_kpi, set_thresholds), the same calls as
`svtool delivery profile|add-kpi|thresholds`, as one audited write or not at all."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from svtool.domain.delivery import Delivery, Kpi, Role
from svtool.services import delivery as service
from svtool.services.session import OpenEvaluation
from svtool.ui.delivery_dialogs import DeliveryDialog
from svtool.ui.widgets import cell, note, parse_amount, plain, table

UNITS = ("%", "people", "GBP", "hours", "yes/no", "number")
ROLE_NAMES = {
    Role.SERVICE: "none (service quality, or anything else)",
    Role.LOCAL_SPEND: "local spend",
    Role.LIVING_WAGE: "Real Living Wage",
    Role.LOCAL_JOBS: "local jobs",
    Role.APPRENTICESHIPS: "apprenticeships",
}


def _line(name: str, description: str, text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setAccessibleDescription(description)
    return edit


TITLE = "The KPI's name as the supplier and the council report it"
OWNER = "Who at the council is responsible for the KPI, such as a contracts officer"


def _number(subject: str, text: str) -> tuple[Decimal | None, str | None]:
    """A typed number, or why it is not one (located by `subject`)."""
    value = parse_amount(text)
    if value is None:
        return None, f"{subject}: '{text.strip()}' is not a number." if text.strip() else f"{subject} is empty."
    return value, None


class KpiDialog(DeliveryDialog):
    """A KPI's title, owner and profile (one figure a period), saved together by set_kpi."""

    def __init__(self, opened: OpenEvaluation, lead_id: str, kpi_id: str = "", parent: QWidget | None = None) -> None:
        super().__init__(opened, "Edit a KPI", parent)
        self.lead_id = lead_id
        self.d: Delivery = self.delivery()
        self.which = QComboBox()
        self.which.setAccessibleName("KPI")
        self.which.setAccessibleDescription("The KPI to edit")
        self.which.addItems([f"{k.id} {k.title}" for k in self.d.kpis])
        ids = [k.id for k in self.d.kpis]
        if kpi_id in ids:
            self.which.setCurrentIndex(ids.index(kpi_id))
        self.title_edit, self.owner = _line("KPI title", TITLE), _line("KPI owner", OWNER)
        self.committed = QLineEdit()
        self.committed.setReadOnly(True)
        self.committed.setAccessibleName("Target (fixed at award)")
        self.committed.setAccessibleDescription("Read-only: what the supplier committed to, in its unit")
        self.form.addRow("KPI", self.which)
        self.form.addRow("Title", self.title_edit)
        self.form.addRow("Owner", self.owner)
        self.form.addRow("Target", self.committed)
        self.profile = table(
            ("Period", "Profile"), "Profile per period", 1, "The figure expected each period, in the KPI's unit"
        )
        self.profile.setMinimumSize(360, 40 + 31 * min(len(self.d.contract.labels), 12))  # a year or more in view
        self.layout_.addWidget(self.profile)
        self.which.currentIndexChanged.connect(self._fill)
        self._fill()
        self.finish_layout()

    def kpi(self) -> Kpi:
        return self.d.kpis[max(self.which.currentIndex(), 0)]

    def _fill(self) -> None:
        kpi = self.kpi()
        self.title_edit.setText(kpi.title)
        self.owner.setText(kpi.owner)
        self.committed.setText(
            f"{plain(kpi.committed)} {kpi.unit} " + ("held every period" if kpi.level else "over the term")
        )
        self.profile.setRowCount(len(kpi.profile))
        for row, (period, value) in enumerate(zip(self.d.contract.labels, kpi.profile, strict=True)):
            self.profile.setItem(row, 0, cell(period, editable=False))
            self.profile.setItem(row, 1, cell(plain(value), right=True))

    def save(self) -> bool:
        figures, problems = [], []
        for row in range(self.profile.rowCount()):
            period, typed = self.profile.item(row, 0), self.profile.item(row, 1)
            value, problem = _number(
                f"Profile for {period.text() if period else row + 1}", typed.text() if typed else ""
            )
            if problem:
                problems.append(problem)
            elif value is not None:
                figures.append(value)
        if problems:
            self.message.setText("Nothing was saved:\n- " + "\n- ".join(problems))
            return False
        kpi = self.kpi()
        profile = tuple(figures)
        return self.attempt(
            lambda: service.set_kpi(
                self.opened,
                self.lead_id,
                kpi.id,
                profile if profile != kpi.profile else None,
                self.owner.text(),
                self.title_edit.text(),
            )
        )


class AddKpiDialog(DeliveryDialog):
    """A KPI not tied to a commitment, profiled evenly over the term (the lead can then edit its profile)."""

    def __init__(self, opened: OpenEvaluation, lead_id: str, parent: QWidget | None = None) -> None:
        super().__init__(opened, "Add a KPI", parent)
        self.lead_id = lead_id
        self.added = ""
        self.title_edit, self.owner = _line("KPI title", TITLE), _line("KPI owner", OWNER)
        self.target = _line("Target", "A number in the unit: the whole term's total, or the level to hold")
        self.title_edit.setPlaceholderText("Visits on time")
        self.target.setPlaceholderText("the whole term's total, or the level to hold")
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(UNITS)
        self.unit.setAccessibleName("Unit")
        self.unit.setAccessibleDescription("What the KPI counts in: choose one or type your own")
        self.role = QComboBox()
        self.role.setAccessibleName("Counts for")
        self.role.setAccessibleDescription("Which community wealth figure the KPI feeds, if any")
        for role, name in ROLE_NAMES.items():
            self.role.addItem(name, role.value)
        self.title_edit.setMinimumWidth(360)
        self.form.addRow("Title", self.title_edit)
        self.form.addRow("Unit", self.unit)
        self.form.addRow("Target", self.target)
        self.form.addRow("Owner", self.owner)
        self.form.addRow("Counts for", self.role)
        self.finish_layout()

    def save(self) -> bool:
        target, problem = _number("Target", self.target.text())
        if problem or target is None:
            self.message.setText(f"Nothing was saved: {problem}")
            return False

        def add() -> None:
            self.added = service.add_kpi(
                self.opened,
                self.lead_id,
                self.title_edit.text(),
                self.unit.currentText(),
                target,
                self.owner.text(),
                str(self.role.currentData()),
            )

        return self.attempt(add)


class ThresholdsDialog(DeliveryDialog):
    """The per cent of profile from which a KPI is green, and amber (below amber: red)."""

    def __init__(self, opened: OpenEvaluation, lead_id: str, parent: QWidget | None = None) -> None:
        super().__init__(opened, "RAG thresholds", parent)
        self.lead_id = lead_id
        c = self.delivery().contract
        self.green = _line("Green from (% of profile)", "Per cent: delivering this much of profile is green", "")
        self.amber = _line("Amber from (% of profile)", "Per cent: this much is amber; below it, red", "")
        self.green.setText(plain(c.green_at))
        self.amber.setText(plain(c.amber_at))
        self.form.addRow("Green from (% of profile)", self.green)
        self.form.addRow("Amber from (% of profile)", self.amber)
        self.form.addRow("", note("Below amber a KPI is red."))
        self.finish_layout()

    def save(self) -> bool:
        green, green_problem = _number("Green", self.green.text())
        amber, amber_problem = _number("Amber", self.amber.text())
        problems = [p for p in (green_problem, amber_problem) if p]
        if problems or green is None or amber is None:
            self.message.setText("Nothing was saved:\n- " + "\n- ".join(problems))
            return False
        return self.attempt(lambda: service.set_thresholds(self.opened, self.lead_id, green, amber))
