"""The message bar: a problem with the last edit, shown above the page it belongs to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget


class MessageBar(QWidget):
    """A problem with the last edit, shown above the page until dismissed: it never blocks the next keystroke."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("messageBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Problem")
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName("Dismiss the message")
        close.setAccessibleDescription("Hides this message; nothing else changes")
        close.setToolTip("Dismiss the message")  # (the ✕ alone does not say it to a sighted user)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()
