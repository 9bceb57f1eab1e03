"""The app opens an evaluation and shows its ranking, recommendation, sensitivity and flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from svtool.services.demo import create_demo, demo_path
from svtool.services.evaluations import open_evaluation
from svtool.ui.main_window import MainWindow
from svtool.ui.results_working import WorkingDialog

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
    assert rows[0] == [
        "1",
        "Wigan Borough Care CIC",
        "28.51 / 40",
        "31.67 / 40",
        "20.00 / 20",
        "80.18",
        "Leading (provisional)",
    ]  # each subtotal against its maximum; nothing final yet
    assert [r[1] for r in rows] == [
        "Wigan Borough Care CIC",
        "Ashton Care Co-operative",
        "National Homecare Group plc",
        "Pennine Support Services Ltd",
        "Careline UK Ltd",
        "Leigh Homecare Ltd",
    ]
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Price"
    qtbot.waitUntil(lambda: "Working out" not in page.details.toPlainText())  # sensitivity follows the ranking
    text = page.details.toPlainText()
    assert "Leading, provisional: Wigan Borough Care CIC (9 answer(s) still to moderate" in text
    assert "Recommended" not in text
    assert text.index("Flags") < text.index("Sensitivity")  # the flags are seen without scrolling
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


def test_a_bidder_s_row_opens_its_working(demo_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    demo_window.go_to("Results")
    page = demo_window.results_page
    assert page is not None
    page.table.setFocus()
    page.table.setCurrentIndex(page.table.model().index(0, 1))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter on a row, as a double-click does
    dialogs = [d for d in page.findChildren(WorkingDialog) if d.isVisible()]
    assert len(dialogs) == 1
    text = dialogs[0].text.toPlainText()
    assert text.startswith("Wigan Borough Care CIC") and "Total 80.18 points; rank 1." in text
    assert "Price: 28.51 / 40" in text and "Quality: 31.67 / 40" in text
    assert "Q1: " in text and "of 15.00 points" in text
    first = demo_window.opened.results().bidders[0].questions["Q1"]  # type: ignore[union-attr]
    stage_names = {s.id: s.name for s in demo_window.opened.evaluation.stages}  # type: ignore[union-attr]
    assert first.explain(stage_names) in text  # the engine's own words: stage scores, moderated score, formula


def test_question_headers_are_cut_only_at_their_end(demo_window: MainWindow) -> None:
    from svtool.ui.scoring_page import ScoringPage

    page = demo_window.page("Scoring")
    assert isinstance(page, ScoringPage)
    header = page.grid.horizontalHeader()
    assert header.defaultAlignment() & Qt.AlignmentFlag.AlignLeft  # cut, if at all, at the end
    label = page.model.headerData(0, Qt.Orientation.Horizontal)
    assert label.startswith("Q1\n") and len(label.split("\n")[1]) <= 18
    assert (
        page.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        == page.model.questions[0].title
    )
