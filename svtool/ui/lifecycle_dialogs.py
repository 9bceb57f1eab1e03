"""The lifecycle's questions to the person (docs/lifecycle.md): the statement a member signs, the lead's
confirmation before finalising (with what final still needs), and the reason for reopening a final evaluation."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from svtool.domain.evaluation import Evaluator
from svtool.services.lifecycle import Standing
from svtool.ui.widgets import describe_buttons, described


def _buttons(dialog: QDialog, ok_text: str, does: str, ok_enabled: bool = True) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    describe_buttons(buttons, does)
    ok.setEnabled(ok_enabled)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _needs_text(standing: Standing) -> str:
    if not standing.needs:
        return "Nothing is missing: every answer is agreed, every interest assessed, and every member has signed."
    return "<b>Still needed:</b><ul>" + "".join(f"<li>{escape(n)}</li>" for n in standing.needs) + "</ul>"


class SignOffDialog(QDialog):
    """A member's sign-off: the statement they sign (editable), and where the evaluation stands."""

    def __init__(self, member: Evaluator, statement: str, standing: Standing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign off the evaluation")
        self.resize(620, 360)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>{escape(member.name)}</b>: you sign off the evaluation as it stands now. If anything "
            "changes afterwards, your sign-off no longer counts and you sign again."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.statement = QPlainTextEdit(statement)
        self.statement.setAccessibleName("The statement you sign")
        described(self.statement, "The words recorded with your sign-off; you may edit them. Tab moves on")
        self.statement.setTabChangesFocus(True)
        layout.addWidget(self.statement)
        where = QLabel(f"{standing.unmoderated} answer(s) still to agree; {len(standing.current)} current sign-off(s).")
        where.setWordWrap(True)
        layout.addWidget(where)
        layout.addWidget(
            _buttons(
                self, "&Sign off", "Signs off the evaluation as it stands now, in your name, with the date and time"
            )
        )


class FinaliseDialog(QDialog):
    """The lead's approval: what final means, and what it still needs (the button waits until nothing)."""

    def __init__(self, standing: Standing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Finalise the evaluation")
        self.resize(620, 320)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Finalising approves the evaluation as the panel's decision. It is then locked: no score, "
            "consensus or setting can change unless you reopen it, with a reason, which voids every "
            "sign-off. The reports stop saying DRAFT."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        needs = QLabel(_needs_text(standing))
        needs.setWordWrap(True)
        layout.addWidget(needs)
        layout.addStretch(1)
        layout.addWidget(
            _buttons(
                self,
                "&Approve and finalise",
                "Approves the evaluation as the panel's decision and locks it; available once nothing is needed",
                not standing.needs,
            )
        )


class ReopenDialog(QDialog):
    """The lead's reason for reopening a final evaluation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reopen the final evaluation")
        self.resize(560, 160)
        layout = QVBoxLayout(self)
        intro = QLabel("Reopening unlocks the evaluation and voids every sign-off; the record keeps your reason.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Why the evaluation is reopened")
        described(self.reason, "Required: a sentence on why, kept in the audit trail with your name and the date")
        self.reason.setPlaceholderText("why it is reopened (required)")
        layout.addWidget(self.reason)
        layout.addWidget(
            _buttons(self, "&Reopen", "Unlocks the evaluation and voids every sign-off; records your reason")
        )
