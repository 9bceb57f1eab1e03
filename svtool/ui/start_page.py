"""What the window shows with no evaluation open: start here, or reopen a recent evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from svtool.services.shared import is_database_url

if TYPE_CHECKING:
    from svtool.ui.main_window import MainWindow


class StartPage(QWidget):
    """What the window shows with no evaluation open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        title = QLabel(
            "<h1>svtool</h1><p>Score tenders on price, quality and social value, and produce the "
            "evaluation that goes to cabinet.</p>"
        )
        title.setWordWrap(True)
        new = QPushButton("&New evaluation…")
        open_ = QPushButton("&Open an evaluation…")
        shared = QPushButton("Open a &shared evaluation…")
        demo = QPushButton("Open the &demonstration")
        new.clicked.connect(window.new_evaluation)
        open_.clicked.connect(window.open_dialog)
        shared.clicked.connect(lambda _c=False: window.open_shared_dialog())
        demo.clicked.connect(window.open_demo)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent evaluations")
        self.recent.itemActivated.connect(lambda item: window.open_path(item.data(Qt.ItemDataRole.UserRole)))
        column = QVBoxLayout(self)
        column.addWidget(title)
        for button in (new, open_, shared, demo):
            button.setMinimumWidth(260)
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(QLabel("<b>Recent</b>"))
        column.addWidget(self.recent, 1)

    def show_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(path if is_database_url(path) else f"{Path(path).name}   ({Path(path).parent})")
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.recent.addItem(item)
