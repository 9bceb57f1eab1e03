"""The main window's framework library actions: import a framework workbook (in the background) and export one.
Kept apart from the window's pages and files (docs/framework-format.md describes the workbook)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QStackedWidget, QWidget

from svtool.domain.framework import Framework
from svtool.export.report_data import ExportCancelled
from svtool.frameworks.problems import FrameworkInvalid
from svtool.services import frameworks as service
from svtool.services.errors import UserError
from svtool.ui.framework_browser import FrameworkBrowser
from svtool.ui.framework_page import FrameworkPage
from svtool.ui.panel_actions import PanelActions
from svtool.ui.tasks import BackgroundTask

MAX_PROBLEMS_SHOWN = 12


class FrameworkActions(PanelActions):
    """File > Import framework from Excel and Export framework to Excel; MainWindow provides the pages."""

    pages: dict[str, QWidget]
    _makers: dict[str, Callable[[], QWidget]]
    stack: QStackedWidget
    browser: FrameworkBrowser
    import_action: QAction
    _task: BackgroundTask

    def page(self, name: str) -> QWidget:
        raise NotImplementedError

    def go_to(self, name: str) -> None:
        raise NotImplementedError

    def import_workbook(self) -> None:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getOpenFileName(
            self, "Import a framework workbook", documents, "Excel workbooks (*.xlsx *.xlsm)"
        )
        if name:
            self.import_from(Path(name))

    def _browser(self) -> FrameworkBrowser:
        page = self.page("Framework") if "Framework" in self.pages else None
        return page.browser if isinstance(page, FrameworkPage) else self.browser

    def import_from(self, source: Path) -> BackgroundTask:
        """Import a workbook into the user's framework folder, in the background, and show it."""
        destination = service.user_frameworks_dir() / f"{source.stem}.toml"
        existed = destination.exists()

        def work(progress: Callable[[int, str], None], cancelled: Callable[[], bool]) -> object:
            progress(0, f"Reading and checking {source.name}…")
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                framework = service.import_xlsx(source, destination)
            except FrameworkInvalid as error:
                return error  # shown with every problem listed, not as one line
            if cancelled():
                if not existed:
                    destination.unlink(missing_ok=True)
                raise ExportCancelled
            return framework

        progress = QProgressDialog(f"Importing {source.name}…", "Cancel", 0, 0, self)
        progress.setWindowTitle("Importing a framework")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        task = BackgroundTask(work)
        task.progressed.connect(lambda _n, what: progress.setLabelText(what))
        task.succeeded.connect(lambda result: self._imported(source, result))
        task.failed.connect(lambda message: QMessageBox.warning(self, "Import failed", message))
        task.cancelled_.connect(lambda: self.statusBar().showMessage(f"Import of {source.name} cancelled", 8000))
        task.finished.connect(progress.reset)
        progress.canceled.connect(task.cancel)
        task.finished.connect(lambda: self.import_action.setEnabled(True))
        self.import_action.setEnabled(False)  # one import at a time
        self._task = task
        task.start()
        return task

    def _imported(self, source: Path, result: object) -> None:
        if isinstance(result, FrameworkInvalid):
            self._show_problems(f"{source.name} could not be imported", result)
            return
        assert isinstance(result, Framework)
        self._reload_frameworks(result.id)
        self.statusBar().showMessage(f"Imported {result.info.name} ({len(result.measures)} measures)")

    def _reload_frameworks(self, select: str) -> None:
        name = "Framework" if "Framework" in self.pages else "Frameworks"
        index = list(self.pages).index(name)
        old = self.pages[name]
        self._makers.pop(name, None)  # (replaced by a page built now)
        if self.document is not None:
            new: QWidget = FrameworkPage(self.document)
            browser = new.browser  # type: ignore[attr-defined]
        else:
            new = browser = self.browser = FrameworkBrowser(service.library())
        self.stack.insertWidget(index, new)
        self.stack.removeWidget(old)
        old.deleteLater()
        self.pages[name] = new
        self.go_to(name)
        browser.select_framework(select)

    def export_workbook(self) -> None:
        framework = self._browser().framework
        if framework is None:
            return
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Export the framework to Excel",
            str(Path(documents) / f"{framework.id}.xlsx"),
            "Excel workbooks (*.xlsx)",
        )
        if name:
            try:
                service.export_xlsx(str(framework.id), Path(name))
            except UserError as error:
                QMessageBox.warning(self, "Export failed", str(error))
                return
            self.statusBar().showMessage(f"Exported {framework.info.name} to {name}")

    def _show_problems(self, title: str, error: FrameworkInvalid) -> None:
        shown = [str(p) for p in error.problems[:MAX_PROBLEMS_SHOWN]]
        more = len(error.problems) - len(shown)
        box = QMessageBox(QMessageBox.Icon.Warning, "Framework problems", title, parent=self)
        box.setInformativeText(
            f"{len(error.problems)} problem(s) need fixing in the workbook first."
            + (f" The first {len(shown)} are listed under Details." if more else "")
        )
        box.setDetailedText("\n\n".join(shown))
        box.exec()
