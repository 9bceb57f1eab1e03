"""Help > Show log folder opens the folder svtool writes its log to."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMenu

from svtool.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_help_menu_opens_the_log_folder(qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SVTOOL_LOG_DIR", str(tmp_path / "logs"))
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    window = MainWindow()
    qtbot.addWidget(window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert isinstance(help_menu, QMenu)
    action = next(a for a in help_menu.actions() if a.text() == "Show &log folder")
    assert isinstance(action, QAction)
    action.trigger()
    assert [url.toLocalFile() for url in opened] == [str(tmp_path / "logs")]
    assert (tmp_path / "logs").is_dir()
