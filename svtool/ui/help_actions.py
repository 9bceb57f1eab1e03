"""Help menu actions beyond About: Show log folder, for a person asked by support to send svtool's log."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from svtool.logs import configure_logging, log_dir


def show_log_folder(parent: QWidget) -> None:
    """Open the log folder (svtool/logs.py) in the file manager, making it first so there is one to open."""
    folder = log_dir()
    configure_logging()  # creates the folder and the log, if it can
    if not folder.is_dir() or not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        QMessageBox.information(parent, "svtool: log folder", f"svtool's log folder is:\n{folder}")


def log_folder_action(parent: QWidget) -> QAction:
    action = QAction("Show &log folder", parent)
    action.setObjectName("show_log_folder")
    action.setStatusTip("Open the folder holding svtool.log, to send it to your svtool support contact")
    action.triggered.connect(lambda _checked=False: show_log_folder(parent))
    return action
