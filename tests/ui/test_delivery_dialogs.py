"""The Delivery page's dialogs on real widgets (docs/delivery.md): each one changes the stored record (the file is
reopened and read back), a refusal is shown in the dialog with what was typed kept and nothing saved, the notice
is exactly what `svtool delivery notice` prints, and `svtool verify` passes after every write."""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from svtool.cli import main
from svtool.domain.delivery import Delivery
from svtool.services import delivery
from svtool.services.demo_delivery import _final
from svtool.services.evaluations import open_evaluation
from svtool.services.session import OpenEvaluation
from svtool.ui.delivery_dialogs import FollowUpDialog, NoticeDialog
from svtool.ui.delivery_kpi_dialogs import AddKpiDialog, KpiDialog, ThresholdsDialog
from svtool.ui.delivery_page import DeliveryPage
from svtool.ui.delivery_return_dialog import DELIVERED, EVIDENCE, ReturnDialog
from svtool.ui.main_window import MainWindow


@pytest.fixture
def awarded(demo_file: Path) -> Path:
    opened = open_evaluation(demo_file)
    _final(opened)
    delivery.award(opened, "E1", "2027-Q1")
    opened.close()
    return demo_file


@pytest.fixture
def opened(awarded: Path) -> Iterator[OpenEvaluation]:
    document = open_evaluation(awarded)
    yield document
    document.close()


def at(table: QTableWidget, row: int, col: int) -> QTableWidgetItem:
    found = table.item(row, col)
    assert found is not None
    return found


def stored(path: Path) -> Delivery:
    """The record as a fresh open of the file reads it."""
    again = open_evaluation(path)
    try:
        return delivery.awarded(delivery.load(again))
    finally:
        again.close()


def test_kpi_dialog_saves_title_owner_and_profile(qtbot, opened: OpenEvaluation, awarded: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = KpiDialog(opened, "E1", "K1")
    qtbot.addWidget(dialog)
    assert dialog.title_edit.text() == "Contract spend with suppliers based in the borough"
    assert dialog.profile.rowCount() == 8 and at(dialog.profile, 0, 1).text() == "80"
    dialog.title_edit.setText("Local spend")
    dialog.owner.setText("Contracts officer")
    at(dialog.profile, 2, 1).setText("about 75")
    assert not dialog.save()
    assert "Profile for 2027-Q3: 'about 75' is not a number." in dialog.message.text()
    at(dialog.profile, 2, 1).setText("120")
    assert not dialog.save()
    assert "period 3 is a percentage above 100" in dialog.message.text()
    assert dialog.title_edit.text() == "Local spend"  # nothing typed is lost
    before = stored(awarded).kpis[0]
    assert (before.title, before.owner, before.profile) == (
        "Contract spend with suppliers based in the borough",
        "",
        (Decimal(80),) * 8,
    )
    for row, value in enumerate(("70", "70", "75", "75", "80", "80", "85", "85")):
        at(dialog.profile, row, 1).setText(value)
    assert dialog.save() and dialog.result() == KpiDialog.DialogCode.Accepted
    after = stored(awarded).kpis[0]
    assert (after.title, after.owner) == ("Local spend", "Contracts officer")
    assert after.profile == tuple(Decimal(v) for v in (70, 70, 75, 75, 80, 80, 85, 85))
    assert main(["verify", str(awarded)]) == 0


def test_add_kpi_and_thresholds(qtbot, opened: OpenEvaluation, awarded: Path) -> None:  # type: ignore[no-untyped-def]
    add = AddKpiDialog(opened, "E1")
    qtbot.addWidget(add)
    add.title_edit.setText("Visits on time")
    add.unit.setCurrentText("%")
    add.target.setText("lots")
    assert not add.save() and "Target: 'lots' is not a number." in add.message.text()
    add.target.setText("150")
    assert not add.save() and "The target 150 is a percentage above 100" in add.message.text()
    assert len(stored(awarded).kpis) == 2
    add.target.setText("95")
    add.owner.setText("Service manager")
    assert add.save() and add.added == "K3"
    k3 = stored(awarded).kpi("K3")
    assert k3 is not None and (k3.title, k3.unit, k3.committed, k3.owner) == (
        "Visits on time",
        "%",
        Decimal(95),
        "Service manager",
    )
    assert k3.profile == (Decimal(95),) * 8 and k3.measure_id is None

    rag = ThresholdsDialog(opened, "E1")
    qtbot.addWidget(rag)
    assert (rag.green.text(), rag.amber.text()) == ("95", "80")
    rag.green.setText("90")
    rag.amber.setText("99")
    assert not rag.save() and "0 < amber <= green <= 200" in rag.message.text()
    rag.amber.setText("")
    assert not rag.save() and "Amber is empty." in rag.message.text()
    c = stored(awarded).contract
    assert (c.green_at, c.amber_at) == (Decimal(95), Decimal(80))
    rag.amber.setText("70")
    assert rag.save()
    c = stored(awarded).contract
    assert (c.green_at, c.amber_at) == (Decimal(90), Decimal(70))
    assert main(["verify", str(awarded)]) == 0


def _type(dialog: ReturnDialog, spend: str, k1: str, k2: str) -> None:
    dialog.spend.setText(spend)
    for row, value in enumerate((k1, k2)):
        at(dialog.figures, row, DELIVERED).setText(value)
        at(dialog.figures, row, EVIDENCE).setText(f"Evidence {row + 1}")


@pytest.mark.parametrize(
    ("spend", "k1", "k2", "reason"),
    [
        (
            "400000",
            "-5",
            "100",
            "KPI K1 (Contract spend with suppliers based in the borough): the delivered figure is negative",
        ),
        ("400000", "70", "101", "the delivered figure is a percentage above 100"),
        ("400000", "70", "1e30", "is a percentage above 100"),
        ("999999999999", "70", "100", "The contract spend is more than ten times the whole contract's value"),
        (
            "400000",
            "70%",
            "",
            "Row 2, KPI K2 (Care workers on the contract paid at least the Real Living Wage): the delivered figure "
            "is empty.",
        ),
        ("four hundred", "70", "100", "Contract spend: 'four hundred' is not a number."),
        ("400000", "seventy", "100", "Row 1, KPI K1"),
    ],
)
def test_return_dialog_refuses_and_saves_nothing(  # type: ignore[no-untyped-def]
    qtbot, opened: OpenEvaluation, awarded: Path, spend: str, k1: str, k2: str, reason: str
) -> None:
    dialog = ReturnDialog(opened, "2027-Q2")
    qtbot.addWidget(dialog)
    _type(dialog, spend, k1, k2)
    assert not dialog.save()
    assert dialog.message.text().startswith("The return was not saved:") and reason in dialog.message.text()
    assert dialog.spend.text() == spend and at(dialog.figures, 0, DELIVERED).text() == k1  # kept as typed
    assert not stored(awarded).returns


def test_return_dialog_saves_whole_and_corrects(qtbot, opened: OpenEvaluation, awarded: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ReturnDialog(opened, "2027-Q2")
    qtbot.addWidget(dialog)
    assert dialog.figures.rowCount() == 2 and at(dialog.figures, 0, 2).text() == "80"  # the profile shown
    _type(dialog, "£400,000", "70", "100")
    assert dialog.save()
    d = stored(awarded)
    assert [(r.period, r.spend, r.source) for r in d.returns] == [("2027-Q2", Decimal(400000), "typed in")]
    assert [(f.kpi_id, f.delivered, f.evidence) for f in d.figures] == [
        ("K1", Decimal(70), "Evidence 1"),
        ("K2", Decimal(100), "Evidence 2"),
    ]
    again = ReturnDialog(opened, "2027-Q2")  # a period returned opens with its figures, to correct
    qtbot.addWidget(again)
    assert again.spend.text() == "400000" and at(again.figures, 0, DELIVERED).text() == "70"
    at(again.figures, 0, DELIVERED).setText("72.5")
    assert again.save()
    assert stored(awarded).figure("K1", "2027-Q2").delivered == Decimal("72.5")  # type: ignore[union-attr]
    assert main(["verify", str(awarded)]) == 0


def test_follow_up_and_notice(qtbot, opened: OpenEvaluation, awarded: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    empty = FollowUpDialog(opened)
    qtbot.addWidget(empty)
    assert not empty.save() and "No shortfall is recorded yet" in empty.message.text()
    delivery.record_return(opened, "2027-Q1", Decimal(400000), {"K1": (Decimal(60), ""), "K2": (Decimal(100), "")}, "t")
    delivery.record_shortfall(opened, "K1", "2027-Q1", "Few local suppliers.", "A meet-the-buyer event.")
    dialog = FollowUpDialog(opened)
    qtbot.addWidget(dialog)
    assert "A meet-the-buyer event." in dialog.action.text()
    assert not dialog.save() and "The follow-up is empty" in dialog.message.text()
    assert stored(awarded).shortfalls[0].follow_up == ""
    dialog.note.setPlainText("Held in May; two suppliers signed up.")
    dialog.closed.setChecked(True)
    assert dialog.save()
    s = stored(awarded).shortfalls[0]
    assert (s.follow_up, s.closed) == ("Held in May; two suppliers signed up.", True)
    assert main(["verify", str(awarded)]) == 0

    notice = NoticeDialog(opened)
    qtbot.addWidget(notice)
    assert notice.text.isReadOnly() and notice.year.currentText() == "2027-Q4"
    capsys.readouterr()
    assert main(["delivery", "notice", str(awarded), "--year-to", "2028-Q4"]) == 0
    printed = capsys.readouterr().out
    notice.year.setCurrentText("2028-Q4")
    assert notice.text.toPlainText() + "\n" == printed
    assert "Period assessed: 2028-Q1 to 2028-Q4" in printed and "NOT YET RATED" in printed
    notice.copy()
    assert QGuiApplication.clipboard().text() + "\n" == printed


def test_page_buttons_run_the_dialogs(qtbot, awarded: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(open_evaluation(awarded))
    qtbot.addWidget(window)
    window.show()
    window.go_to("Delivery")
    page = window.page("Delivery")
    assert isinstance(page, DeliveryPage)
    assert page.kpi_tools.isVisible() and page.edit_kpi_button.isEnabled()
    page.kpis.selectRow(1)
    dialog = page.kpi_dialog()
    assert dialog.kpi().id == "K2"
    dialog.owner.setText("HR lead")
    QTimer.singleShot(0, dialog.save)
    assert page.run_dialog(dialog, "KPI saved.")
    assert at(page.kpis, 1, 1).text() == "HR lead" and page.summary.text().startswith("KPI saved.")
    typed = page.return_dialog()
    _type(typed, "400000", "80", "100")
    QTimer.singleShot(0, typed.save)
    assert page.run_dialog(typed, "Return saved.")
    assert at(page.kpis, 0, 6).text() == "GREEN" and page.period.currentText() == "2027-Q2"
    assert stored(awarded).kpi("K2").owner == "HR lead"  # type: ignore[union-attr]


def test_return_dialog_fuzz(qtbot, opened: OpenEvaluation, awarded: Path) -> None:  # type: ignore[no-untyped-def]
    """Seeded, bounded: whatever is typed, Save either saves the whole return or refuses with a message, and a
    refusal leaves the record as it was."""
    rng = random.Random(14)
    pieces = ["", " ", "70", "-1", "1e999", "NaN", "Infinity", "£", "1,000", "100.0001", "0", "%", "\u202e", "9" * 40]
    dialog = ReturnDialog(opened, "2027-Q3")
    qtbot.addWidget(dialog)
    for _ in range(60):
        typed = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 3))) for _ in range(3)]
        _type(dialog, *typed)
        before = len(delivery.awarded(delivery.load(opened)).figures)
        if dialog.save():
            assert len(delivery.awarded(delivery.load(opened)).figures) in (before, before + 2)
            dialog.setResult(0)
        else:
            assert dialog.message.text().startswith("The return was not saved:")
            assert len(delivery.awarded(delivery.load(opened)).figures) == before
    assert main(["verify", str(awarded)]) == 0
