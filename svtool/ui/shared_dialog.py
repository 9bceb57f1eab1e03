"""File > Open shared evaluation: the address of the PostgreSQL database a panel shares, tried before the
dialog closes, so that a mistyped address is explained and can be corrected in place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from svtool.services.errors import UserError
from svtool.services.evaluations import OpenEvaluation
from svtool.services.shared import EXAMPLE, open_shared, url_from_parts
from svtool.store.errors import DocumentError
from svtool.ui.widgets import describe_buttons


class OpenSharedDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, address: str = "", problem: str = "") -> None:
        """address pre-fills the full address (a recent one, never with a password); problem says why it failed."""
        super().__init__(parent)
        self.setWindowTitle("Open shared evaluation")
        self.opened: OpenEvaluation | None = None
        self.host = self._field(
            "Host",
            "the PostgreSQL server, such as db.council.gov.uk",
            "The name of the server that holds the evaluation",
        )
        self.port = self._field("Port", "5432", "The server's port number; blank for the usual 5432")
        self.database = self._field(
            "Database", "the database that holds the evaluation", "The database's name, as given by whoever set it up"
        )
        self.user = self._field("User name", "your user name on the server", "The name you sign in to the server with")
        self.password = self._field("Password", "", "Your password on the server; it is never shown or kept")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.address = self._field(
            "Or the full address", EXAMPLE, f"Instead of the boxes above, the whole address, such as {EXAMPLE}"
        )
        self.address.textChanged.connect(self._address_typed)
        self.error = QLabel(problem)
        self.error.setWordWrap(True)
        self.error.setObjectName("error")
        form = QFormLayout()
        for label, field in (
            ("&Host", self.host),
            ("P&ort", self.port),
            ("&Database", self.database),
            ("&User name", self.user),
            ("&Password", self.password),
            ("Or the full &address", self.address),
        ):
            form.addRow(label, field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        describe_buttons(buttons, "Connects to the server and opens the shared evaluation")
        buttons.accepted.connect(self.try_open)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Where the panel's evaluation is kept. Ask whoever set up the database."))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.address.setText(address)
        (self.password if address else self.host).setFocus()
        self.resize(560, self.sizeHint().height())

    def _field(self, name: str, placeholder: str, description: str) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(name)
        field.setPlaceholderText(placeholder)
        field.setAccessibleDescription(description)
        return field

    def _address_typed(self, text: str) -> None:
        """A full address replaces the separate fields (but not the password, which it need not hold)."""
        for field in (self.host, self.port, self.database, self.user):
            field.setEnabled(not text.strip())

    def url(self) -> str:
        """The address typed, with its password: never shown, only connected with."""
        if self.address.text().strip():
            return self.address.text()
        return url_from_parts(self.host.text(), self.port.text(), self.database.text(), self.user.text())

    def try_open(self) -> None:
        """Open the evaluation and close the dialog; or say why not and stay open for a correction."""
        self.error.clear()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # reaching a server can take seconds
        try:
            self.opened = open_shared(self.url(), self.password.text())
        except (UserError, DocumentError) as error:
            self.error.setText(str(error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
