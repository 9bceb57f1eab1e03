"""The app opens an evaluation and shows its ranking, recommendation, sensitivity and flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from svtool.services.demo import create_demo, demo_path
from svtool.services.evaluations import open_evaluation
from svtool.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_the_demo_opens_on_the_results_page(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(open_evaluation(demo_path()))
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "demo.svt – svtool"
    page = window.results_page
    assert page is not None and window.stack.currentWidget() is page
    model = page.table.model()
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows[0] == ["1", "Wigan Borough Care CIC", "28.51", "31.67", "20.00", "80.18", "Recommended"]
    assert [r[1] for r in rows] == ["Wigan Borough Care CIC", "Ashton Care Co-operative",
                                    "National Homecare Group plc", "Pennine Support Services Ltd",
                                    "Careline UK Ltd", "Leigh Homecare Ltd"]
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Price"
    qtbot.waitUntil(lambda: "Working out" not in page.details.toPlainText())  # sensitivity follows the ranking
    text = page.details.toPlainText()
    assert "Recommended: Wigan Borough Care CIC" in text
    assert "holds for written/interview splits from 36.69/63.31 to 70.62/29.38" in text
    assert "Careline UK Ltd's price £3,250,000.00 is 26.50% below" in text


def test_a_read_only_file_says_so_in_the_title(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "filed.svt"
    create_demo(path).close()
    path.chmod(0o444)
    try:
        window = MainWindow(open_evaluation(path))
        qtbot.addWidget(window)
        assert window.windowTitle() == "filed.svt – svtool (read-only)"
        window.close()
    finally:
        path.chmod(0o644)
