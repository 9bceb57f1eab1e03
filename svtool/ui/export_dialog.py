"""File > Export: choose what to write and where; the work runs in the background with progress and Cancel.

The council's name and logo go on every document (docs/reports.md); they are remembered between exports. The
tender's own details (procedure, term, where the criteria were published, standstill) are ui/export_details.py's."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from svtool.services.evaluations import OpenEvaluation
from svtool.services.reporting import ExportRequest, ReportSettings, export
from svtool.ui.export_details import DocumentDetails
from svtool.ui.tasks import BackgroundTask
from svtool.ui.widgets import describe_buttons

#: QSettings keys: the council's name and logo are the same for every export, so they are asked for once.
COUNCIL_KEY, LOGO_KEY = "export/council_name", "export/logo_path"


def _label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose shortcut (Alt+letter) moves to the field; a row of several widgets gets none itself."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class ExportDialog(QDialog):
    def __init__(self, opened: OpenEvaluation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opened = opened
        self.setWindowTitle("Export the evaluation")
        stem = re.sub(r"[^A-Za-z0-9]+", "-", opened.evaluation.title).strip("-").lower() or "evaluation"
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        self.folder = QLineEdit(str(Path(documents) / stem))
        self.folder.setAccessibleName("Folder to export to")
        self.folder.setAccessibleDescription("The folder the files are written to; it is made if it is not there")
        browse = QPushButton("&Browse…")
        browse.setAccessibleDescription("Choose the folder to export to from a list")
        browse.clicked.connect(self._browse)
        remembered = QSettings()
        self.council = QLineEdit(str(remembered.value(COUNCIL_KEY, "") or ""))
        self.council.setAccessibleName("Council name")
        self.council.setAccessibleDescription("The council's name as printed on the report and every summary")
        self.council.setPlaceholderText("printed on the report and every assessment summary")
        self.logo = QLineEdit(str(remembered.value(LOGO_KEY, "") or ""))
        self.logo.setAccessibleName("Council logo file")
        self.logo.setAccessibleDescription("Optional: the path of a PNG or JPEG logo for the report's cover")
        self.logo.setPlaceholderText("a PNG or JPEG for the report's cover (optional)")
        choose_logo = QPushButton("C&hoose…")
        choose_logo.setAccessibleDescription("Choose the logo image file from a list")
        choose_logo.clicked.connect(self._choose_logo)
        self.workbook = QCheckBox("Excel &workbook for finance and audit")
        self.report = QCheckBox("PDF &report for the cabinet paper")
        self.summaries = QCheckBox("Assessment &summaries, one PDF per bidder")
        for box, what in (
            (self.workbook, "Writes the scores, working and audit trail as an Excel workbook"),
            (self.report, "Writes the evaluation report, ready to attach to the cabinet paper, as a PDF"),
            (self.summaries, "Writes each bidder's scores against the winner's, one PDF per bidder"),
        ):
            box.setChecked(True)
            box.setAccessibleDescription(what)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(choose_logo)
        form = QFormLayout()
        form.addRow(_label("&Folder:", self.folder), folder_row)
        form.addRow("&Council:", self.council)
        form.addRow(_label("&Logo:", self.logo), logo_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        describe_buttons(buttons, "Writes the ticked files to the folder; the window says when they are done")
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.details = DocumentDetails(opened.evaluation.reference)
        layout.addWidget(self.details)
        for box in (self.workbook, self.report, self.summaries):
            layout.addWidget(box)
        layout.addWidget(buttons)
        self.task: BackgroundTask | None = None
        self.written: list[Path] = []
        self.stem = stem

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Export to which folder?", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _choose_logo(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "The council's logo", self.logo.text(), "Images (*.png *.jpg *.jpeg)"
        )
        if chosen:
            self.logo.setText(chosen)

    def request(self) -> ExportRequest:
        folder = Path(self.folder.text())
        logo = self.logo.text().strip()
        settings = self.details.applied_to(
            ReportSettings(council_name=self.council.text().strip(), logo_path=Path(logo) if logo else None)
        )
        return ExportRequest(
            folder / f"{self.stem}.xlsx" if self.workbook.isChecked() else None,
            folder / f"{self.stem}.pdf" if self.report.isChecked() else None,
            folder / "assessment summaries" if self.summaries.isChecked() else None,
            settings,
        )

    @property
    def exporting(self) -> bool:
        return self.task is not None and self.task.isRunning()

    def start(self) -> None:
        if self.exporting:  # one export at a time: a second press while one runs is ignored
            return
        request = self.request()
        if not (request.xlsx or request.pdf or request.summaries):
            QMessageBox.information(self, "Nothing to export", "Tick at least one thing to export.")
            return
        remembered = QSettings()
        remembered.setValue(COUNCIL_KEY, self.council.text().strip())
        remembered.setValue(LOGO_KEY, self.logo.text().strip())
        self.details.remember()
        folder = Path(self.folder.text())
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            QMessageBox.warning(
                self,
                "Cannot export there",
                f"The folder {folder} cannot be created: {error.strerror}. Choose another folder.",
            )
            return
        self.progress = QProgressDialog("Preparing the export…", "Cancel", 0, 100, self)
        self.progress.setWindowTitle("Exporting")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.task = BackgroundTask(lambda progress, cancelled: export(self.opened, request, progress, cancelled))
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        self.task.cancelled_.connect(self._cancelled)
        self.progress.canceled.connect(self.task.cancel)
        self.task.finished.connect(lambda: self.export_button.setEnabled(True))
        self.export_button.setEnabled(False)
        self.export_button.setToolTip("An export is running: wait for it, or Cancel it")
        self.task.start()

    def done(self, result: int) -> None:
        """Closing the dialog while it exports cancels the export and waits for it, so the thread never outlives
        its owner (which ended the app without a word)."""
        if self.task is not None and self.task.isRunning():
            self.task.cancel_and_wait()
        super().done(result)

    def _progressed(self, percent: int, what: str) -> None:
        self.progress.setValue(percent)
        self.progress.setLabelText(what)

    def _succeeded(self, written: list[Path]) -> None:
        self.written = written
        self.progress.reset()
        answer = QMessageBox.question(
            self, "Export finished", f"{len(written)} file(s) written to {self.folder.text()}. Open the folder?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text()))
        self.accept()

    def _failed(self, message: str) -> None:
        self.progress.reset()
        QMessageBox.warning(self, "Export failed", message)

    def _cancelled(self) -> None:
        self.progress.reset()
        QMessageBox.information(self, "Export cancelled", "The export was cancelled; no unfinished file was left.")
