"""The framework browser in a real (offscreen) Qt window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from svtool.services import frameworks as service
from svtool.ui.framework_model import NODE_ROLE
from svtool.ui.main_window import MainWindow
from tests.frameworks.test_workbook import _sample_workbook

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def visible_measure_ids(window: MainWindow) -> list[str]:
    tree = window.browser.tree
    model = tree.model()
    found = []

    def walk(parent) -> None:  # type: ignore[no-untyped-def]
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if model.rowCount(index) == 0:
                found.append(index.data(NODE_ROLE).id)
            walk(index)

    walk(tree.rootIndex())
    return found


def test_lists_the_shipped_frameworks(window: MainWindow) -> None:
    chooser = window.browser.chooser
    names = [chooser.itemText(i) for i in range(chooser.count())]
    assert chooser.count() == 4
    assert any("PPN 002" in n for n in names) and any("PPN 06/20" in n for n in names)
    assert window.statusBar().currentMessage() == "4 frameworks loaded"


def test_tree_shows_themes_outcomes_and_measures(window: MainWindow) -> None:
    window.browser.select_framework("ppn-06-20")
    model = window.browser.tree.model()
    themes = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert themes == [
        "COVID-19 recovery",
        "Tackling economic inequality",
        "Fighting climate change",
        "Equal opportunity",
        "Wellbeing",
    ]
    assert len(visible_measure_ids(window)) == 10  # MAC 1.1 to 8.1, with 2.2 and 5.2


def test_search_narrows_the_tree(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.browser.select_framework("cwb-local")
    qtbot.keyClicks(window.browser.search, "living wage")
    assert visible_measure_ids(window) == ["CWB-W1", "CWB-W2"]
    window.browser.search.clear()
    assert len(visible_measure_ids(window)) == 20


def test_selecting_a_measure_shows_its_details(window: MainWindow) -> None:
    window.browser.select_framework("cwb-local")
    tree = window.browser.tree
    model = tree.model()
    carbon_theme = next(
        model.index(r, 0) for r in range(model.rowCount()) if model.index(r, 0).data() == "Green and sustainable"
    )
    measure = model.index(0, 0, model.index(0, 0, carbon_theme))
    tree.setCurrentIndex(measure)
    html = window.browser.details.toPlainText()
    assert "Reduction in greenhouse gas emissions" in html
    assert "£245.00 of social value per unit (2020 prices)" in html


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    browser = window.browser
    for widget in (browser.chooser, browser.search, browser.tree, browser.details):
        assert widget.accessibleName()


def test_import_a_workbook_from_the_window(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    task = window.import_from(_sample_workbook(tmp_path))
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: "Imported" in window.statusBar().currentMessage())
    assert window.browser.framework is not None and window.browser.framework.id == "demo"
    assert (service.user_frameworks_dir() / "council.toml").exists()
    assert "Imported Demo framework" in window.statusBar().currentMessage()


def test_import_problems_are_shown_not_raised(
    window: MainWindow,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box))
    task = window.import_from(_sample_workbook(tmp_path, {(3, "Unit"): "pounds"}))
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert task.wait(5000)
    (box,) = shown
    assert "council.xlsx could not be imported" in box.text()
    assert "row 3, column K (Unit)" in box.detailedText()
    assert not any(service.user_frameworks_dir().glob("*.toml"))


def test_keyboard_reaches_the_search_box(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.go_to("Frameworks")
    window.browser.chooser.setFocus()
    qtbot.keyClick(window.browser.chooser, Qt.Key.Key_Tab)
    assert window.browser.search.hasFocus()


def test_an_import_can_be_cancelled_and_leaves_nothing(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    task = window.import_from(_sample_workbook(tmp_path))
    task.cancel()  # as the progress dialog's Cancel button does
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=20000)
    assert not (service.user_frameworks_dir() / "council.toml").exists()
    assert "demo" not in [window.browser.chooser.itemData(i) for i in range(window.browser.chooser.count())]
