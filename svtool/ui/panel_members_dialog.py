"""Panel > Panel members… (docs/panel.md): the panel as a list, and the lead's ways to keep it.

The lead adds members, assigns evaluators their questions, stands members down with a reason, and reopens a
member's submitted stage with a reason. Every other member sees the list only. Each change is a panel act
(EvaluationDocument.act): saved and audited by services/panel_members.py or services/panel.py, then redrawn.
The questions to the person are methods, so tests answer them as the person would.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svtool.domain.evaluation import Evaluator, Role, ScaleMethod
from svtool.domain.panel import submitted
from svtool.services import panel, panel_members
from svtool.services.changes import Changes
from svtool.ui.document import EvaluationDocument
from svtool.ui.panel_dialogs import ROLE_NAMES
from svtool.ui.widgets import describe_buttons, described

COLUMNS = ("Member", "Id", "Role", "Questions", "Submitted", "Status")
ADDABLE = (Role.EVALUATOR, Role.PRICE_ASSESSOR, Role.OBSERVER)


class PanelMembersDialog(QDialog):
    """The panel's members, with the lead's changes to it."""

    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("Panel members")
        self.resize(860, 360)
        layout = QVBoxLayout(self)
        keeps = document.is_lead and not document.read_only
        intro = QLabel(
            "The lead keeps the panel: a member stood down keeps their scores in the record, but they no "
            "longer count. A submitted stage is reopened only with a reason."
            if keeps
            else "Only the panel's lead can change the panel."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Panel members: one row per member")
        described(
            self.table,
            "Each member's name, id, role, questions, stages submitted and whether still on the panel. "
            "Arrow keys choose the member the buttons below act on",
        )
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = self._button("&Add a member…", self.add_member, row)
        self.assign_button = self._button("Assign &questions…", self.assign_questions, row)
        self.stand_down_button = self._button("&Stand down…", self.stand_down, row)
        self.reopen_button = self._button("&Reopen submitted scores…", self.reopen, row)
        for button, does in (
            (self.add_button, "Adds a person with a role and, for an evaluator, the questions they score"),
            (self.assign_button, "Chooses which questions the selected evaluator scores"),
            (self.stand_down_button, "Takes the selected member off the panel, with a reason; their scores stay"),
            (self.reopen_button, "Unlocks a stage the selected member submitted, with a reason, to correct it"),
        ):
            described(button, f"Lead only. {does}")
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        describe_buttons(buttons, "")  # (Close only: each change above is saved as it is made)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for button in (self.add_button, self.assign_button, self.stand_down_button, self.reopen_button):
            button.setEnabled(keeps)
        self.table.itemSelectionChanged.connect(self._enable)
        self.refresh()

    def _button(self, text: str, slot: object, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # The list --------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        e = self.document.opened.evaluation
        chosen = self.selected()
        self.table.setRowCount(len(e.evaluators))
        for number, member in enumerate(e.evaluators):
            stages = [s.name for s in e.stages if submitted(e, member.id, s.id)]
            scores = member.role in (Role.EVALUATOR, Role.LEAD)
            texts = (
                member.name,
                member.id,
                ROLE_NAMES.get(member.role.value, member.role.value),
                (", ".join(member.questions) or "All") if scores else "None",
                ", ".join(stages) or ("Not yet" if scores else "–"),
                f"Stood down: {member.stood_down}" if member.stood_down else "On the panel",
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, member.id)
                item.setToolTip(text)
                self.table.setItem(number, column, item)
            if member.id == (chosen.id if chosen else None):
                self.table.selectRow(number)
        self.table.resizeColumnsToContents()
        if self.selected() is None and self.table.rowCount():
            self.table.selectRow(0)
        self._enable()

    def selected(self) -> Evaluator | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return self.document.opened.evaluation.member(str(item.data(Qt.ItemDataRole.UserRole))) if item else None

    def select(self, member_id: str) -> None:
        for number in range(self.table.rowCount()):
            item = self.table.item(number, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == member_id:
                self.table.selectRow(number)

    def _enable(self) -> None:
        keeps = self.document.is_lead and not self.document.read_only
        member = self.selected()
        active = member is not None and not member.stood_down
        scores = active and member is not None and member.role in (Role.EVALUATOR, Role.LEAD)
        e = self.document.opened.evaluation
        self.assign_button.setEnabled(keeps and scores)
        self.stand_down_button.setEnabled(keeps and active and member is not None and member.role is not Role.LEAD)
        self.reopen_button.setEnabled(
            keeps and member is not None and any(submitted(e, member.id, s.id) for s in e.stages)
        )

    # The lead's changes ----------------------------------------------------------------------------------------

    def _lead_id(self) -> str:
        lead = self.document.member
        return lead.id if lead is not None else ""

    def add_member(self) -> None:
        answer = self.ask_new_member()
        if answer is None:
            return
        name, role, questions = answer
        added: list[str] = []

        def act() -> Changes:
            changes, ident = panel_members.add_member(self.document.opened, self._lead_id(), name, role, questions)
            added.append(ident)
            return changes

        if self.document.act(act):
            self.refresh()
            self.select(added[0])

    def assign_questions(self) -> None:
        member = self.selected()
        if member is None:
            return
        questions = self.ask_questions(member)
        if questions is not None and self.document.act(
            functools.partial(panel_members.assign, self.document.opened, self._lead_id(), member.id, questions)
        ):
            self.refresh()

    def stand_down(self) -> None:
        member = self.selected()
        if member is None:
            return
        reason = self.ask_reason(
            "Stand a member down",
            f"Why is {member.name} stood down? Their scores stay in the record, and no longer count.",
        )
        if reason is not None and self.document.act(
            functools.partial(panel_members.stand_down, self.document.opened, self._lead_id(), member.id, reason)
        ):
            self.refresh()

    def reopen(self) -> None:
        member = self.selected()
        if member is None:
            return
        answer = self.ask_reopen(member)
        if answer is not None and self.document.act(
            functools.partial(panel.unlock, self.document.opened, self._lead_id(), member.id, *answer)
        ):
            self.refresh()

    # Questions to the person (tests answer them) ---------------------------------------------------------------

    def ask_new_member(self) -> tuple[str, Role, tuple[str, ...]] | None:
        dialog = NewMemberDialog(self._scored_questions(), self)
        return dialog.answer() if dialog.exec() else None

    def ask_questions(self, member: Evaluator) -> tuple[str, ...] | None:
        dialog = QuestionsDialog(member, self._scored_questions(), self)
        return dialog.chosen() if dialog.exec() else None

    def ask_reason(self, title: str, label: str) -> str | None:
        dialog = ReasonDialog(title, label, self)
        return dialog.reason.text() if dialog.exec() else None

    def ask_reopen(self, member: Evaluator) -> tuple[str, str] | None:
        e = self.document.opened.evaluation
        stages = [(s.id, s.name) for s in e.stages if submitted(e, member.id, s.id)]
        dialog = ReasonDialog(
            "Reopen submitted scores",
            f"Why are {member.name}'s submitted scores reopened? "
            "The scores as submitted and any correction both stay in the record.",
            self,
            stages,
        )
        return (str(dialog.stage.currentData()), dialog.reason.text()) if dialog.exec() else None

    def _scored_questions(self) -> list[tuple[str, str]]:
        return [(q.id, q.title) for q in self.document.opened.evaluation.questions if isinstance(q.method, ScaleMethod)]


def _question_list(questions: list[tuple[str, str]], ticked: tuple[str, ...]) -> QListWidget:
    listing = QListWidget()
    listing.setAccessibleName("Questions assigned (none ticked: every question)")
    described(listing, "Space ticks or unticks the question chosen; with none ticked the evaluator scores them all")
    for ident, title in questions:
        item = QListWidgetItem(f"{ident}  {title}")
        item.setData(Qt.ItemDataRole.UserRole, ident)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if ident in ticked else Qt.CheckState.Unchecked)
        listing.addItem(item)
    return listing


def _ticked(listing: QListWidget) -> tuple[str, ...]:
    items = (listing.item(n) for n in range(listing.count()))
    return tuple(
        str(i.data(Qt.ItemDataRole.UserRole))
        for i in items
        if i is not None and i.checkState() == Qt.CheckState.Checked
    )


def _ok_cancel(dialog: QDialog, ok_text: str, does: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    describe_buttons(buttons, does)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class NewMemberDialog(QDialog):
    """A new member's name, role and (for an evaluator) questions; their id is made from their initials."""

    def __init__(self, questions: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a panel member")
        self.resize(620, 320)
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setAccessibleName("Full name")
        described(self.name, "Required: the person's name as the record and reports show it; the id is their initials")
        self.name.setPlaceholderText("as the record is to show it, e.g. Priya Shah, contracts officer")
        self.role = QComboBox()
        self.role.setAccessibleName("Role")
        described(
            self.role, "An evaluator scores answers; a price assessor sees prices and results; an observer only reads"
        )
        for role in ADDABLE:
            self.role.addItem(ROLE_NAMES[role.value].capitalize(), role.value)
        self.questions = _question_list(questions, ())
        form.addRow("Full &name", self.name)
        form.addRow("&Role", self.role)
        form.addRow("&Questions (none ticked: all)", self.questions)
        self.role.currentIndexChanged.connect(
            lambda _i: self.questions.setEnabled(self.role.currentData() == Role.EVALUATOR.value)
        )
        form.addRow(_ok_cancel(self, "&Add to the panel", "Adds the person to the panel, recorded in your name"))

    def answer(self) -> tuple[str, Role, tuple[str, ...]]:
        role = Role(self.role.currentData())
        return self.name.text(), role, _ticked(self.questions) if role is Role.EVALUATOR else ()


class QuestionsDialog(QDialog):
    """The questions an evaluator scores."""

    def __init__(self, member: Evaluator, questions: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Questions for {member.name}")
        self.resize(620, 320)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Tick the questions {member.name} scores; tick none for every question."))
        self.questions = _question_list(questions, member.questions)
        layout.addWidget(self.questions)
        layout.addWidget(_ok_cancel(self, "&Assign", "Saves the ticked questions as the ones this member scores"))

    def chosen(self) -> tuple[str, ...]:
        return _ticked(self.questions)


class ReasonDialog(QDialog):
    """A reason for the record, and where reopening, the stage."""

    def __init__(
        self, title: str, label: str, parent: QWidget | None = None, stages: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        said = QLabel(label)
        said.setWordWrap(True)
        form.addRow(said)
        self.stage = QComboBox()
        self.stage.setAccessibleName("Stage")
        described(self.stage, "Which of the member's submitted stages to reopen")
        for ident, name in stages or []:
            self.stage.addItem(name, ident)
        if stages:
            form.addRow("&Stage", self.stage)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the record")
        described(self.reason, "Required: a sentence on why, kept in the audit trail with your name and the date")
        self.reason.setMinimumWidth(420)
        form.addRow("&Reason", self.reason)
        form.addRow(_ok_cancel(self, "&Record", "Makes the change and records it with your reason"))
