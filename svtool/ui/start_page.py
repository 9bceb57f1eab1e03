"""What the window shows with no evaluation open: start here, or reopen a recent evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from svtool.services.shared import is_database_url
from svtool.ui.widgets import described

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
        described(new, "Starts an evaluation from a template and a framework, saved to a file you name (Ctrl+N)")
        described(open_, "Opens an evaluation file (.svt) or an evaluator's pack (.svpack) (Ctrl+O)")
        described(shared, "Opens an evaluation kept on a PostgreSQL server, by its address, with your sign-in")
        described(demo, "Opens a worked example to practise on; your own evaluations are not touched")
        new.clicked.connect(window.new_evaluation)
        open_.clicked.connect(window.open_dialog)
        shared.clicked.connect(lambda _c=False: window.open_shared_dialog())
        demo.clicked.connect(window.open_demo)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent evaluations")
        described(self.recent, "Evaluations opened lately on this computer, newest first; Enter opens the one chosen")
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
