"""Committed figures on the Setup page (docs/scoring-method.md, "Committed figures"): a framework measure added as
a question scored on the figure, with the framework's unit and target; its basis and target changed; the
full-time week set; bad targets refused in words with nothing lost."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QComboBox

from svtool.domain.evaluation import MeasureMethod, PercentBasis
from svtool.ui.figures_box import BASES, TARGET
from svtool.ui.main_window import MainWindow
from svtool.ui.setup_page import SetupPage
from tests.ui.conftest import cell

pytestmark = pytest.mark.gui


def test_the_lead_sets_up_a_measure_question(demo_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = demo_window.page("Setup")
    assert isinstance(page, SetupPage)
    demo_window.go_to("Setup")
    box = page.figures
    assert box.measure.count() > 0, "the demo's framework has quantitative measures not yet used"
    measure_id = box.measure.currentData()
    framework = box.framework()
    assert framework is not None
    measure = framework.measure(measure_id)
    before = len(box.rows())
    box.add.click()
    assert demo_window.opened is not None
    question = demo_window.opened.stored_evaluation().questions[-1]
    assert question.measure_id == measure_id
    # The framework's unit and target come with it (a % measure of local spend or living wage keeps its own method).
    method = question.method
    target = getattr(method, "target", None) if isinstance(method, MeasureMethod) else method.target_percent  # type: ignore[union-attr]
    assert target == measure.target
    assert len(box.rows()) == before + 1 and cell(box.table, before, 1).text() == measure_id
    # Scored pass or fail, then at a new target.
    combo = box.table.cellWidget(before, 3)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(PercentBasis.PASS_FAIL))
    assert demo_window.opened.stored_evaluation().question(question.id).method.basis is PercentBasis.PASS_FAIL  # type: ignore[union-attr]
    shown = box.table.cellWidget(before, 3)
    assert isinstance(shown, QComboBox) and shown.currentText() == BASES[PercentBasis.PASS_FAIL]
    cell(box.table, before, TARGET).setText("45")
    stored = demo_window.opened.stored_evaluation().question(question.id).method
    assert getattr(stored, "target", None) == Decimal(45) or getattr(stored, "target_percent", None) == Decimal(45)
    assert demo_window.opened.audit_trail()[
        -1
    ].key == f"set the target for {question.id} to 45 %" or demo_window.opened.audit_trail()[-1].key.startswith(
        f"set the target for {question.id} to 45"
    )
    # A target that is not one is refused in words, and the one kept is shown again.
    assert demo_window.document is not None
    with qtbot.waitSignal(demo_window.document.problem) as said:
        cell(box.table, before, TARGET).setText("-3")
    assert "must be a number above 0" in said.args[0]
    assert cell(box.table, before, TARGET).text() == "45"
    # The full-time week.
    box.hours.setText("35")
    box.hours.editingFinished.emit()
    assert demo_window.opened.stored_evaluation().full_time_hours == Decimal(35)
    with qtbot.waitSignal(demo_window.document.problem):
        box.weeks.setText("0")
        box.weeks.editingFinished.emit()
    assert demo_window.opened.stored_evaluation().full_time_weeks == Decimal(52) and box.weeks.text() == "52"
    demo_window.undo_action.trigger()
    assert demo_window.opened.stored_evaluation().full_time_hours == Decimal("37.5")
