"""File > Export reports: background export with progress, and Cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from svtool.services.demo import create_demo
from svtool.ui.export_details import DocumentDetails
from svtool.ui.export_dialog import ExportDialog
from svtool.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_export_runs_in_the_background_and_offers_the_folder(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def question(*args: object, **_: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    opened = create_demo(tmp_path / "demo.svt")
    dialog = ExportDialog(opened)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.start()
    assert dialog.task is not None
    qtbot.waitUntil(lambda: bool(dialog.written), timeout=60_000)  # set on the GUI thread when it succeeds
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "assessment summaries" in names and any(n.endswith(".xlsx") for n in names)
    assert len(dialog.written) == 8 and "8 file(s) written" in asked[0]
    opened.close()


def test_cancel_stops_the_export(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **_: told.append(args[2]))
    opened = create_demo(tmp_path / "demo.svt")
    dialog = ExportDialog(opened)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.start()
    assert dialog.task is not None
    dialog.task.cancel()  # as the Cancel button does
    qtbot.waitUntil(lambda: bool(told), timeout=60_000)
    assert "cancelled" in told[0]
    assert not list((tmp_path / "out").glob("*.pdf")) and not list((tmp_path / "out").glob("*.part"))
    opened.close()


def test_the_council_name_and_logo_are_remembered_and_exported(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QSettings

    from tests.export.helpers import pdf_text

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_: QMessageBox.StandardButton.No)
    QSettings().remove("export")
    opened = create_demo(tmp_path / "demo.svt")
    dialog = ExportDialog(opened)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.workbook.setChecked(False)
    dialog.summaries.setChecked(False)
    dialog.council.setText("Wigan Council")
    dialog.start()
    qtbot.waitUntil(lambda: bool(dialog.written), timeout=60_000)
    assert pdf_text(dialog.written[0]).startswith("Wigan Council")
    again = ExportDialog(opened)  # the next export starts with what was typed last time
    qtbot.addWidget(again)
    assert again.council.text() == "Wigan Council" and again.logo.text() == ""
    assert again.request().settings.council_name == "Wigan Council"
    opened.close()


def test_export_pressed_twice_then_closed_mid_export_does_not_crash(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two quick presses once started two threads, and the first QThread was destroyed while it ran, which ended the
    app without a word; closing mid-export must cancel the export and wait for it."""
    from PySide6.QtCore import Qt

    from svtool.ui import tasks

    monkeypatch.setattr(QMessageBox, "information", lambda *args, **_: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_: QMessageBox.StandardButton.No)
    opened = create_demo(tmp_path / "demo.svt")
    dialog = ExportDialog(opened)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.show()
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)  # what qtbot.mouseClick calls, typed
    first = dialog.task
    assert first is not None and first.isRunning()
    assert not dialog.export_button.isEnabled()  # the second press cannot start another
    dialog.start()  # and a press that gets through anyway (a queued click) is ignored
    assert dialog.task is first and len(tasks.running()) == 1
    dialog.close()  # mid-export
    assert not first.isRunning() and not tasks.running()
    assert not list((tmp_path / "out").glob("*.pdf")) and not list((tmp_path / "out").glob("*.part"))
    opened.close()


def test_closing_the_window_mid_export_waits_for_the_export(
    qtbot: QtBot,
    demo_window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from svtool.ui import tasks

    monkeypatch.setattr(QMessageBox, "information", lambda *args, **_: None)
    assert demo_window.opened is not None
    dialog = ExportDialog(demo_window.opened, demo_window)
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.start()
    dialog.start()
    assert dialog.task is not None and len(tasks.running()) == 1
    demo_window.close()
    assert not tasks.running()


def test_the_tenders_details_are_remembered_per_evaluation_and_printed(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import datetime as dt

    from PySide6.QtCore import QDate, QSettings

    from svtool.services.reporting import Standstill
    from tests.export.helpers import pdf_text

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_: QMessageBox.StandardButton.No)
    QSettings().remove("export")
    opened = create_demo(tmp_path / "demo.svt")
    dialog = ExportDialog(opened)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.workbook.setChecked(False)
    details = dialog.details
    details.procedure.setText("Competitive flexible procedure")
    details.term.setText("3 years plus 2")
    details.published.setText("Find a Tender notice 2026/S 000-012345")
    details.standstill.setCurrentIndex(details.standstill.findData(Standstill.MANDATORY.value))
    details.notice_known.setChecked(True)
    details.notice.setDate(QDate(2026, 12, 18))
    dialog.start()
    qtbot.waitUntil(lambda: bool(dialog.written), timeout=60_000)
    report = " ".join(pdf_text(dialog.written[0]).split())
    assert "Procedure: Competitive flexible procedure." in report and "Contract term: 3 years plus 2." in report
    # Christmas, and Boxing Day's substitute on Monday 28 December 2026, are not working days.
    assert "it ends at the end of 31 December 2026" in report
    summary = " ".join(pdf_text(next((tmp_path / "out" / "assessment summaries").glob("*.pdf"))).split())
    assert "Find a Tender notice 2026/S 000-012345" in summary
    again = ExportDialog(opened)  # the same tender's next export starts with its details
    qtbot.addWidget(again)
    settings = again.request().settings
    assert (settings.procedure, settings.contract_term, settings.notice_date) == (
        "Competitive flexible procedure",
        "3 years plus 2",
        dt.date(2026, 12, 18),
    )
    other = DocumentDetails("ANOTHER-REF")  # another tender's are its own
    qtbot.addWidget(other)
    assert other.procedure.text() == "" and other.notice_date() is None
    opened.close()
