"""Small dialogs of the Delivery page (docs/delivery.md): the shared frame (a located refusal shown in the dialog,
which stays open with everything typed kept), following up a shortfall, and the s.71 assessment notice ready to
copy. Every write calls services/delivery.py, the same call as `svtool delivery ...`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from svtool.domain.delivery import Delivery, Shortfall
from svtool.errorlog import unexpected_message
from svtool.services import delivery as service
from svtool.services.errors import UserError
from svtool.services.session import OpenEvaluation
from svtool.ui.widgets import describe_buttons


def shown_attempt(work: Callable[[], object], message: QLabel) -> bool:
    """Run a delivery write; a refusal, or anything unexpected, is shown in `message` (never as a traceback), and
    a success clears it. Whether it was saved."""
    try:
        work()
    except UserError as error:
        message.setText(str(error))
        return False
    except Exception as error:  # the last guard: a person never sees a traceback
        message.setText(unexpected_message(error))
        return False
    message.setText("")
    return True


class DeliveryDialog(QDialog):
    """A form with a message line and Save/Cancel: Save runs the service call; a refusal is shown here and the
    dialog stays open, so nothing typed is lost; success closes it."""

    def __init__(self, opened: OpenEvaluation, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opened = opened
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.message.setStyleSheet("color: #9C0006")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        describe_buttons(self.buttons, "Saves what is typed here; a problem is shown above and nothing is lost")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)

    def delivery(self) -> Delivery:
        return service.awarded(service.load(self.opened))

    def attempt(self, work: Callable[[], object]) -> bool:
        if not shown_attempt(work, self.message):
            return False
        self.accept()
        return True

    def save(self) -> bool:
        raise NotImplementedError


class FollowUpDialog(DeliveryDialog):
    """What became of a shortfall's action (services/delivery.py follow_up): the note and whether it is put right."""

    def __init__(self, opened: OpenEvaluation, parent: QWidget | None = None) -> None:
        super().__init__(opened, "Follow up a shortfall", parent)
        self.shortfalls: list[Shortfall] = list(self.delivery().shortfalls)
        self.which = QComboBox()
        self.which.setAccessibleName("Shortfall")
        self.which.setAccessibleDescription("The shortfall to follow up: its KPI and period")
        for s in self.shortfalls:
            self.which.addItem(f"{s.kpi_id} in {s.period}" + (" (closed)" if s.closed else ""))
        self.action = QLabel()
        self.action.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Follow-up note")
        self.note.setAccessibleDescription("What the supplier has done about the agreed action so far; Tab moves on")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumSize(420, 90)
        self.closed = QCheckBox("Put right: close the shortfall")
        self.closed.setAccessibleDescription("Tick when the action is done, to close the shortfall")
        self.form.addRow("Shortfall", self.which)
        self.form.addRow("Action agreed", self.action)
        self.form.addRow("Follow-up", self.note)
        self.form.addRow("", self.closed)
        if not self.shortfalls:
            self.message.setText("No shortfall is recorded yet: record one on the Delivery page first.")
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.which.currentIndexChanged.connect(self._show)
        self._show()
        self.finish_layout()

    def _show(self) -> None:
        if not self.shortfalls:
            return
        s = self.shortfalls[max(self.which.currentIndex(), 0)]
        self.action.setText(f"{s.action}\n(Explanation: {s.explanation})")
        self.note.setPlainText(s.follow_up)
        self.closed.setChecked(s.closed)

    def save(self) -> bool:
        if not self.shortfalls:
            return False
        s = self.shortfalls[self.which.currentIndex()]
        return self.attempt(
            lambda: service.follow_up(self.opened, s.kpi_id, s.period, self.note.toPlainText(), self.closed.isChecked())
        )


class NoticeDialog(QDialog):
    """The s.71 assessment for a contract year as `svtool delivery notice` prints it: read-only, with Copy."""

    def __init__(self, opened: OpenEvaluation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opened = opened
        self.setWindowTitle("Contract performance assessment (s.71)")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.year = QComboBox()
        self.year.setAccessibleName("Year to")
        self.year.setAccessibleDescription("The contract year whose assessment to show, by the period it ends")
        self.year.addItems(list(service.awarded(service.load(opened)).contract.assessments))
        form.addRow("Year to", self.year)
        layout.addLayout(form)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Assessment notice text")
        self.text.setAccessibleDescription("Read-only: the notice as it will be published")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setMinimumSize(760, 420)
        layout.addWidget(self.text)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the whole notice, to paste where the authority publishes it")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        describe_buttons(buttons, "")
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy)
        layout.addWidget(buttons)
        self.year.currentTextChanged.connect(self._show)
        self._show()

    def _show(self) -> None:
        try:
            self.text.setPlainText(service.notice(self.opened, self.year.currentText()))
            self.message.setText("")
        except UserError as error:
            self.text.setPlainText("")
            self.message.setText(str(error))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.message.setText("Copied: paste it where the authority publishes its notices.")
