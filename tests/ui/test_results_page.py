"""The app opens an evaluation and shows its ranking, recommendation, sensitivity and flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from svtool.services.demo import create_demo, demo_path
from svtool.services.evaluations import open_evaluation
from svtool.ui.main_window import MainWindow
from svtool.ui.results_working import WorkingDialog
from svtool.ui.scoring_page import ScoringPage

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


def _cut_headers(page: ScoringPage) -> list[str]:
    """Header lines wider than their column (drawn bold, as the current column's is), as "id: line"."""
    columns = page.grid.horizontalHeader()
    bold = QFont(columns.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    cut = []
    for column in range(page.model.columnCount()):
        label = str(page.model.headerData(column, Qt.Orientation.Horizontal))
        for line in label.split("\n"):
            if metrics.horizontalAdvance(line) + 8 > columns.sectionSize(column):
                cut.append(f"{label.split()[0]}: {line}")
    return cut


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_question_headers_are_not_cut_at_either_end(demo_window: MainWindow, scale: float) -> None:
    page = demo_window.page("Scoring")
    assert isinstance(page, ScoringPage)
    columns = page.grid.horizontalHeader()
    font = QFont(columns.font())
    font.setPointSizeF(font.pointSizeF() * scale)  # what 150% display scaling does to the header's text
    columns.setFont(font)
    page.fit_headers()
    page.grid.resize(300, 400)  # far too narrow for five questions: the grid scrolls rather than cut a title
    demo_window.go_to("Scoring")
    assert page.model.columnCount() == 5  # the questions scored in the written stage
    assert _cut_headers(page) == []
    titles = {q.id: q.title for q in page.model.questions}
    for column in range(page.model.columnCount()):
        qid, *lines = str(page.model.headerData(column, Qt.Orientation.Horizontal)).split("\n")
        assert " ".join(lines) == titles[qid]  # every demo title is shown whole, in words
        assert page.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == titles[qid]
        spoken = page.model.data(page.model.index(0, column), Qt.ItemDataRole.AccessibleTextRole)
        assert f"{qid} {titles[qid]}: " in spoken  # a screen reader hears the whole title with each answer
    assert "\n".join(str(page.model.headerData(1, Qt.Orientation.Horizontal)).split("\n")[1:]) == (
        "Recruiting,\nretaining and\ndeveloping care\nworkers"
    )
