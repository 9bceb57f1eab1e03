"""The main window. Until evaluation documents arrive it hosts the framework browser."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QTabWidget, QWidget

from svtool import __version__
from svtool.frameworks.problems import FrameworkInvalid
from svtool.services import frameworks as service
from svtool.services.errors import UserError
from svtool.services.evaluations import OpenEvaluation
from svtool.ui.export_dialog import ExportDialog
from svtool.ui.framework_browser import FrameworkBrowser
from svtool.ui.results_page import ResultsPage

MAX_PROBLEMS_SHOWN = 12


class MainWindow(QMainWindow):
    def __init__(self, opened: OpenEvaluation | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opened = opened
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Pages")
        self.results_page: ResultsPage | None = None
        if opened is not None:
            self.results_page = ResultsPage(opened)
            self.tabs.addTab(self.results_page, "&Results")
            name = opened.document.path.name if opened.document.path else opened.location
            self.setWindowTitle(f"{name} – svtool" + (" (read-only)" if opened.read_only else ""))
        else:
            self.setWindowTitle("svtool")
        self.browser = FrameworkBrowser(service.library())
        self.tabs.addTab(self.browser, "&Frameworks")
        self.setCentralWidget(self.tabs)
        self._build_menus()
        self.statusBar().showMessage(f"{self.browser.chooser.count()} frameworks loaded")
        self.resize(1200, 760)
        self._restore_layout()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = QAction("&Import framework from Excel…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_workbook)
        file_menu.addAction(self.import_action)
        self.export_action = QAction("&Export framework to Excel…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_workbook)
        file_menu.addAction(self.export_action)
        self.export_reports_action = QAction("Export &reports (Excel, PDF, summaries)…", self)
        self.export_reports_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_reports_action.setEnabled(self.opened is not None)
        self.export_reports_action.triggered.connect(self.export_reports)
        file_menu.addAction(self.export_reports_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About svtool", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def import_workbook(self) -> None:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getOpenFileName(self, "Import a framework workbook", documents,
                                              "Excel workbooks (*.xlsx *.xlsm)")
        if name:
            self.import_from(Path(name))

    def import_from(self, source: Path) -> None:
        """Import a workbook into the user's framework folder and show it."""
        folder = service.user_frameworks_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            framework = service.import_xlsx(source, folder / f"{source.stem}.toml")
        except FrameworkInvalid as error:
            self._show_problems(f"{source.name} could not be imported", error)
            return
        except (UserError, OSError) as error:
            QMessageBox.warning(self, "Import failed", str(error))
            return
        self._reload(select=framework.id)
        self.statusBar().showMessage(f"Imported {framework.info.name} ({len(framework.measures)} measures)")

    def export_workbook(self) -> None:
        framework = self.browser.framework
        if framework is None:
            return
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(self, "Export the framework to Excel",
                                              str(Path(documents) / f"{framework.id}.xlsx"),
                                              "Excel workbooks (*.xlsx)")
        if name:
            try:
                service.export_xlsx(str(framework.id), Path(name))
            except UserError as error:
                QMessageBox.warning(self, "Export failed", str(error))
                return
            self.statusBar().showMessage(f"Exported {framework.info.name} to {name}")

    def export_reports(self) -> None:
        if self.opened is not None:
            ExportDialog(self.opened, self).exec()

    def _reload(self, select: str | None = None) -> None:
        index = self.tabs.indexOf(self.browser)
        self.tabs.removeTab(index)
        self.browser.deleteLater()
        self.browser = FrameworkBrowser(service.library())
        self.tabs.insertTab(index, self.browser, "&Frameworks")
        self.tabs.setCurrentIndex(index)
        if select:
            self.browser.select_framework(select)

    def _show_problems(self, title: str, error: FrameworkInvalid) -> None:
        shown = [str(p) for p in error.problems[:MAX_PROBLEMS_SHOWN]]
        more = len(error.problems) - len(shown)
        box = QMessageBox(QMessageBox.Icon.Warning, "Framework problems", title, parent=self)
        box.setInformativeText(f"{len(error.problems)} problem(s) need fixing in the workbook first."
                               + (f" The first {len(shown)} are listed under Details." if more else ""))
        box.setDetailedText("\n\n".join(shown))
        box.exec()

    def show_about(self) -> None:
        QMessageBox.about(self, "About svtool",
                          f"<h3>svtool {__version__}</h3><p>Score tenders on price, quality and social value, "
                          "and produce the evaluation that goes to cabinet.</p>"
                          "<p>Shipped frameworks cite their sources and licences. The UK Government Social "
                          "Value Models are Crown copyright under the Open Government Licence v3.0.</p>")

    def _restore_layout(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
