"""Who is working, and their declarations (docs/panel.md): asked when an evaluation with a panel opens.

Every session works as a named panel member, remembered per machine; and before seeing any bid or score, a
member declares, for each bidder, no interest or the interest they have (Procurement Act 2023 ss.81-83).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svtool.domain.evaluation import Bidder, Declaration, Evaluator, Mitigation
from svtool.ui.widgets import describe_buttons, described

ROLE_NAMES = {"lead": "lead", "evaluator": "evaluator", "price_assessor": "price assessor", "observer": "observer"}


def remembered_member(key: str) -> str | None:
    """The member last chosen on this machine for this evaluation."""
    value = QSettings().value(f"working_as/{key}")
    return str(value) if value else None


def remember_member(key: str, member_id: str) -> None:
    QSettings().setValue(f"working_as/{key}", member_id)


def describe(member: Evaluator) -> str:
    return f"{member.name} ({ROLE_NAMES.get(member.role.value, member.role.value)})"


class WorkingAsDialog(QDialog):
    """Choose the panel member to work as."""

    def __init__(self, members: list[Evaluator], chosen: str | None, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is working?")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>{escape(title)}</b><br>Choose who you are on the panel. What you enter is recorded in your "
            "name, and you see what your role may see."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.members = QListWidget()
        self.members.setAccessibleName("Panel members")
        described(self.members, "Choose yourself: your name and role on the panel. Enter works as the one chosen")
        for member in members:
            item = QListWidgetItem(describe(member))
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            self.members.addItem(item)
            if member.id == chosen:
                self.members.setCurrentItem(item)
        if self.members.currentRow() < 0 and self.members.count():
            self.members.setCurrentRow(0)
        layout.addWidget(self.members)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Work as this member")
        describe_buttons(buttons, "Opens the evaluation as the member chosen; this computer remembers the choice")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.members.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(buttons)

    def chosen(self) -> str | None:
        item = self.members.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


class DeclarationDialog(QDialog):
    """A member's declaration about each bidder: leave the interest empty for none."""

    def __init__(self, member: Evaluator, bidders: list[Bidder], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Declare any conflict of interest")
        self.resize(640, 360)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>{escape(member.name)}</b>: before you see any bid or score, declare for each bidder any "
            "interest you have in it (who, what and when: past work, family, shares, gifts). Leave it "
            "empty for none. The lead decides how any interest is handled, and your declarations are "
            "kept with the evaluation and printed in its reports."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(bidders), 2)
        self.table.setAccessibleName("Declarations: one row per bidder")
        described(
            self.table,
            "One row per bidder. Type any interest you have in the second column (start typing or press F2); "
            "leave it empty for none. Arrow keys move between rows",
        )
        self.table.setHorizontalHeaderLabels(["Bidder", "Interest (empty for none)"])
        self.table.verticalHeader().hide()  # (row numbers add nothing; hidden, the corner button goes too)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, bidder in enumerate(bidders):
            name = QTableWidgetItem(bidder.name)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            name.setData(Qt.ItemDataRole.UserRole, bidder.id)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(""))
        self.table.resizeColumnToContents(0)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Record my declarations")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Close the evaluation")
        describe_buttons(buttons, "Records what you typed for each bidder in your name, dated today; empty means none")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleDescription(
            "Records nothing and closes the evaluation: no bid or score shows until you declare (Esc)"
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _rows(self) -> list[tuple[str, QTableWidgetItem]]:
        rows = []
        for row in range(self.table.rowCount()):
            name, interest = self.table.item(row, 0), self.table.item(row, 1)
            if name is not None and interest is not None:
                rows.append((str(name.data(Qt.ItemDataRole.UserRole)), interest))
        return rows

    def set_interest(self, bidder_id: str, text: str) -> None:
        for found, interest in self._rows():
            if found == bidder_id:
                interest.setText(text)

    def declared(self) -> dict[str, str | None]:
        """Bidder id -> the interest described, or None for no interest."""
        return {bidder_id: interest.text().strip() or None for bidder_id, interest in self._rows()}


class MitigationDialog(QDialog):
    """The lead's decision on one declared interest, with the reason it is thought enough."""

    ACTIONS = (
        (Mitigation.CARRY_ON, "Carry on: the member scores this bidder"),
        (Mitigation.OFF_BIDDER, "Take the member off this bidder"),
        (Mitigation.STAND_DOWN, "Stand the member down from the panel"),
    )

    def __init__(
        self, member: Evaluator, bidder: Bidder, declaration: Declaration, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Decide on a declared interest")
        layout = QVBoxLayout(self)
        said = QLabel(
            f"<b>{escape(member.name)}</b> declared an interest in <b>{escape(bidder.name)}</b> on "
            f"{escape(declaration.declared_on)}:<br><i>{escape(declaration.statement)}</i>"
        )
        said.setWordWrap(True)
        layout.addWidget(said)
        self.action = QComboBox()
        self.action.setAccessibleName("Decision")
        described(self.action, "What the member may do now: carry on scoring, come off this bidder, or stand down")
        for action, text in self.ACTIONS:
            self.action.addItem(text, action.value)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the decision")
        described(self.reason, "Required: a sentence on why this keeps the evaluation fair; kept with the decision")
        self.reason.setPlaceholderText("why this is enough to keep the evaluation fair (required)")
        form = QFormLayout()
        form.addRow("&Decision", self.action)
        form.addRow("&Reason", self.reason)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        describe_buttons(buttons, "Records the decision and its reason for this interest, in your name")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def decision(self) -> tuple[Mitigation, str]:
        return Mitigation(self.action.currentData()), self.reason.text().strip()
