"""The Delivery page (docs/delivery.md) on a real window: the lead awards a final evaluation, a return template is
written and a filled return imported, a bad return is refused on the page with its location and nothing saved, a
shortfall and a rating are recorded, and the delivery demonstration shows its KPIs in red, amber and green."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from svtool.services import delivery
from svtool.services.demo_delivery import _final, create_delivery_demo
from svtool.services.evaluations import open_evaluation
from svtool.ui.delivery_page import DeliveryPage
from svtool.ui.main_window import MainWindow
from tests.ui.conftest import cell


def _window(qtbot, path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(open_evaluation(path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _page(window: MainWindow) -> DeliveryPage:
    window.go_to("Delivery")
    page = window.page("Delivery")
    assert isinstance(page, DeliveryPage)
    return page


def test_award_import_refuse_and_rate_on_the_page(qtbot, demo_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_file)
    page = _page(window)
    assert not page.award_button.isEnabled() and "Not awarded" in page.summary.text()  # not final yet
    window.close()
    opened = open_evaluation(demo_file)
    _final(opened)
    opened.close()
    window = _window(qtbot, demo_file)
    page = _page(window)
    assert page.award_button.isEnabled()
    qtbot.mouseClick(page.award_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "" and page.kpis.rowCount() == 2 and not page.award_box.isVisible()
    assert cell(page.kpis, 0, 0).text() == "K1 Contract spend with suppliers based in the borough"
    assert cell(page.kpis, 0, 6).text() == "no return yet"

    template = tmp_path / "q1.xlsx"
    page.period.setCurrentText("2027-Q1")
    assert page.write_template(template)
    book = load_workbook(template)
    book["Return"]["B7"], book["Return"]["E10"], book["Return"]["E11"] = 400000, "about 70", 100
    book.save(tmp_path / "bad.xlsx")
    assert not page.import_return(tmp_path / "bad.xlsx")
    assert window.opened is not None
    assert (
        "Sheet 'Return', row 10, column E (Delivered, KPI K1): the value holds text ('about 70')" in page.message.text()
    )
    assert not delivery.awarded(delivery.load(window.opened)).returns  # nothing saved
    book["Return"]["E10"] = 70
    book.save(tmp_path / "good.xlsx")
    assert page.import_return(tmp_path / "good.xlsx")
    assert cell(page.kpis, 0, 3).text() == "70%" and cell(page.kpis, 0, 6).text() == "AMBER"
    assert (
        "K1 (Contract spend with suppliers based in the borough) is behind its profile after 2027-Q1"
        in page.needs.text()
    )
    assert page.period.currentText() == "2027-Q2"  # the next return due

    page.shortfall_kpi.setCurrentText("K1")
    page.shortfall_period.setCurrentText("2027-Q1")
    page.explanation.setText("Two local suppliers could not take on the work.")
    assert not page.record_shortfall()
    assert "The agreed action is empty" in page.message.text()
    page.action.setText("A meet-the-buyer event with local suppliers.")
    assert page.record_shortfall() and page.needs.text() == "Nothing outstanding."
    page.rating_kpi.setCurrentText("K1")
    page.rating.setCurrentText("Approaching target")
    page.reason.setText("Behind the 80% committed, with an action agreed.")
    assert page.rate()
    rated = delivery.awarded(delivery.load(window.opened)).ratings
    assert [(r.kpi_id, r.assessment, r.rating.value) for r in rated] == [("K1", "2027-Q4", "Approaching target")]


def test_the_delivery_demonstration_on_the_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "demo.svt"
    create_delivery_demo(path).close()
    page = _page(_window(qtbot, path))
    assert page.kpis.rowCount() == 5
    assert [cell(page.kpis, r, 6).text() for r in range(5)] == ["GREEN", "GREEN", "GREEN", "RED", "GREEN"]
    assert "LM3 2.14" in page.wealth.text() and page.needs.text() == "Nothing outstanding."
