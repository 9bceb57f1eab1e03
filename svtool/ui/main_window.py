"""The document window: an evaluation's workflow as pages in a side navigation, with the File and Edit menus.

With no evaluation open it shows a start page and the framework library.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSettings, QStandardPaths
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from svtool import __version__
from svtool.domain.lifecycle import Phase
from svtool.errorlog import unexpected_message
from svtool.services import frameworks as service
from svtool.services import lifecycle
from svtool.services.errors import UserError
from svtool.services.evaluations import SUFFIX, OpenEvaluation
from svtool.services.shared import is_database_url, open_location, without_password
from svtool.store.errors import DocumentError
from svtool.ui import layout_memory, tasks
from svtool.ui.audit_page import AuditPage
from svtool.ui.background import LatestOnly
from svtool.ui.bidders_page import BiddersPage
from svtool.ui.delivery_page import DeliveryPage
from svtool.ui.document import EvaluationDocument
from svtool.ui.framework_actions import FrameworkActions
from svtool.ui.framework_browser import FrameworkBrowser
from svtool.ui.framework_page import FrameworkPage
from svtool.ui.help_actions import log_folder_action
from svtool.ui.keyboard import EditActions, focus_into
from svtool.ui.message_bar import MessageBar
from svtool.ui.moderation_page import ModerationPage
from svtool.ui.new_dialog import NewEvaluationDialog
from svtool.ui.panel_actions import PAGES as PAGES  # the pages, in order (re-exported)
from svtool.ui.panel_actions import pages_for
from svtool.ui.panel_dialogs import describe
from svtool.ui.results_page import ResultsPage
from svtool.ui.scoring_page import ScoringPage
from svtool.ui.setup_page import SetupPage
from svtool.ui.shared_dialog import OpenSharedDialog
from svtool.ui.start_page import StartPage
from svtool.ui.widgets import buddy_labels, quiet

MAX_PROBLEMS_SHOWN = 12
MAX_RECENT = 8


def _read_and_score(path: str) -> tuple[str, OpenEvaluation | str]:
    """Open an evaluation and work out its results (on a worker thread); a reason it cannot be opened is
    returned as text, for the GUI thread to show."""
    try:
        opened = open_location(path)
        opened.results()  # the first ranking of a large evaluation is the slow part of opening it
    except (UserError, DocumentError) as error:
        return path, str(error)
    except Exception as error:  # logged and explained: a failed open must not leave the window waiting
        return path, unexpected_message(error)
    return path, opened


class MainWindow(FrameworkActions):
    def __init__(self, opened: OpenEvaluation | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: EvaluationDocument | None = None
        self.pages: dict[str, QWidget] = {}
        self._makers: dict[str, Callable[[], QWidget]] = {}  # pages not built until first shown
        self._unrestored: set[str] = set()
        self._opening = LatestOnly(self._opened, self)
        self._open_outcome: bool | None = None
        self.nav = QListWidget()
        self.nav.setAccessibleName("Pages")
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.stack = QStackedWidget()
        self.message = MessageBar()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.message)
        # A page larger than a small screen (1366x768 at 150% is 911x512) scrolls, rather than pushing the window,
        # and its status bar, off the screen.
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.stack)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        right_layout.addWidget(self.scroller, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(right, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_row)
        self._build_menus()
        layout_memory.restore_window(self, "main_window/geometry")
        self.show_document(opened)

    # Pages --------------------------------------------------------------------------------------------------

    @property
    def opened(self) -> OpenEvaluation | None:
        return self.document.opened if self.document else None

    @property
    def results_page(self) -> ResultsPage | None:
        page = self.page("Results") if "Results" in self.pages else None
        return page if isinstance(page, ResultsPage) else None

    def page(self, name: str) -> QWidget:
        """A page, built now if it has not been shown yet."""
        maker = self._makers.pop(name, None)
        if maker is not None:
            index = list(self.pages).index(name)
            placeholder, built = self.pages[name], maker()
            self.stack.insertWidget(index, built)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages[name] = built
            buddy_labels(built)  # (a form row of several widgets: its label's "&" would show as it is)
            self._unrestored.add(name)  # its remembered layout is put back once it is on screen at its size
        return self.pages[name]

    def may_leave(self) -> bool:
        """The page on screen has nothing typed and unsaved, or the person saved or discarded it."""
        page = self.stack.currentWidget()
        confirm = getattr(page, "confirm_leave", None)
        return confirm() if callable(confirm) else True

    def _show_row(self, row: int) -> None:
        if row != self.stack.currentIndex() and not self.may_leave():
            with quiet(self.nav):
                self.nav.setCurrentRow(self.stack.currentIndex())
            return
        if 0 <= row < len(self.pages):
            self.page(list(self.pages)[row])
        self.stack.setCurrentIndex(row)
        self.message.hide()  # a problem belongs to the page it happened on
        # Only the page on screen sets how small the window may be: a wide page must not make the others scroll.
        expanding, ignored = QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored
        for n in range(self.stack.count()):
            policy = expanding if n == row else ignored
            page = self.stack.widget(n)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self._restore_shown()

    def _restore_shown(self) -> None:
        """Put back the remembered splitters and columns of the page on screen, once, at its real size (a splitter
        restored at another size shares out the difference by its stretch factors)."""
        name = list(self.pages)[self.nav.currentRow()] if 0 <= self.nav.currentRow() < len(self.pages) else ""
        if name in self._unrestored and self.isVisible():
            self._unrestored.discard(name)
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # (the scroll area sizes the page)
            layout_memory.restore_page(self.pages[name], name)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._restore_shown()

    def go_to(self, name: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(name))

    def show_document(self, opened: OpenEvaluation | None) -> None:
        """Show an evaluation (or, with None, the start page), replacing whatever was open."""
        self._clear_pages()
        if self.document is not None:
            self.document.opened.close()
            self.document.deleteLater()
        if opened is not None and not self._join_panel(opened):
            opened.close()
            opened = None
        self.document = EvaluationDocument(opened, self) if opened is not None else None
        if self.document is None:
            self.start = StartPage(self)
            self.start.show_recent(self._recent())
            self._add_page("Start", self.start)
            self.browser = FrameworkBrowser(service.library())
            self._add_page("Frameworks", self.browser)
            self.setWindowTitle("svtool")
            self.setWindowFilePath("")
            self.statusBar().showMessage(f"{self.browser.chooser.count()} frameworks loaded")
        else:
            d = self.document
            # Each page is built when first shown: opening a large evaluation draws one page, not seven.
            makers: tuple[tuple[str, Callable[[EvaluationDocument], QWidget]], ...] = (
                ("Setup", SetupPage),
                ("Framework", FrameworkPage),
                ("Bidders", BiddersPage),
                ("Scoring", ScoringPage),
                ("Moderation", ModerationPage),
                ("Results", ResultsPage),
                ("Audit", AuditPage),
                ("Delivery", DeliveryPage),
            )
            shown = pages_for(d.member)
            for name, make in makers:
                if name in shown:
                    self._add_page(name, QWidget(), maker=functools.partial(make, d))
            d.problem.connect(self.message.show_message)
            d.changed.connect(self.message.hide)
            d.setup_changed.connect(self.message.hide)
            d.undo_stack.indexChanged.connect(self._status_undo)
            path = d.opened.document.path
            # A shared evaluation is named and remembered by its address, never with its password.
            name = path.name if path else without_password(d.opened.location)
            final = d.opened.evaluation.finalised is not None
            self.setWindowTitle(f"{name} – svtool" + (" (final)" if final else " (read-only)" if d.read_only else ""))
            self.setWindowFilePath(str(path) if path else "")
            self._remember(str(path.resolve()) if path else name)
        self._update_actions()
        wanted = QSettings().value("main_window/page", "Results") if self.document else "Start"
        self.go_to(wanted if wanted in self.pages else next(iter(self.pages)))
        self.message.hide()
        if self.document is not None:
            r, member = self.document.results, self.document.member
            working = f"Working as {describe(member)}. " if member else ""
            now = lifecycle.phase_now(self.document.opened)
            lead = "recommended" if now is Phase.FINAL else "leading, provisional"
            outcome = (
                "; " + (f"{lead}: {r.winner.name}" if r.winner else "no recommendation yet")
                if "Results" in self.pages
                else ""
            )
            where = "final" if now is Phase.FINAL else f"draft, {now.value} phase"
            self.statusBar().showMessage(f"{working}{len(self.document.evaluation.bidders)} bidders ({where}){outcome}")

    def _add_page(self, name: str, page: QWidget, maker: Callable[[], QWidget] | None = None) -> None:
        """Add a page to the list; with maker, page is a placeholder until the page is first shown."""
        number = len(self.pages) + 1
        self.pages[name] = page
        if maker is not None:
            self._makers[name] = maker
        self.stack.addWidget(page)
        item = QListWidgetItem(name)
        item.setToolTip(f"{name} (Ctrl+{number})")
        self.nav.addItem(item)

    def _clear_pages(self) -> None:
        self._save_layout()
        self.nav.clear()
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages, self._makers = {}, {}

    # Menus --------------------------------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_action = self._action("&New evaluation…", self.new_evaluation, QKeySequence.StandardKey.New)
        self.open_action = self._action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.open_shared_action = self._action("Open &shared evaluation…", lambda _c=False: self.open_shared_dialog())
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.copy_action = self._action("Save a &Copy…", self.save_copy, "Ctrl+Shift+S")
        self.close_action = self._action("&Close", self.close_document, QKeySequence.StandardKey.Close)
        self.import_action = self._action("&Import framework from Excel…", self.import_workbook, "Ctrl+I")
        self.export_action = self._action("Export &framework to Excel…", self.export_workbook)
        self.export_reports_action = self._action(
            "&Export reports (Excel, PDF, summaries)…", self.export_reports, "Ctrl+E"
        )
        quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        file_menu.insertAction(self.recent_menu.menuAction(), self.new_action)
        file_menu.insertAction(self.recent_menu.menuAction(), self.open_action)
        file_menu.insertAction(self.recent_menu.menuAction(), self.open_shared_action)
        for action in (
            None,
            self.copy_action,
            self.close_action,
            None,
            self.export_reports_action,
            None,
            self.import_action,
            self.export_action,
            None,
            quit_action,
        ):
            if action is None:
                file_menu.addSeparator()
            else:
                file_menu.addAction(action)
        self.panel_menu = self.menuBar().addMenu("&Panel")
        self.work_as_action = self._action("&Work as another member…", self.work_as_another)
        self.export_pack_action = self._action("&Export an evaluator's pack…", self.export_pack)
        self.import_pack_action = self._action("&Import an evaluator's pack…", self.import_pack)
        self.decide_action = self._action("&Decide on declared interests…", self.decide_interests)
        self.members_action = self._action("Panel &members…", self.show_panel)
        self.sign_action = self._action("&Sign off the evaluation…", self.sign_off)
        self.finalise_action = self._action("&Finalise the evaluation…", self.finalise)
        self.reopen_final_action = self._action("&Reopen the final evaluation…", self.reopen_final)
        for action in (
            self.work_as_action,
            self.members_action,
            self.decide_action,
            self.export_pack_action,
            self.import_pack_action,
            None,
            self.sign_action,
            self.finalise_action,
            self.reopen_final_action,
        ):
            if action is None:
                self.panel_menu.addSeparator()
            else:
                self.panel_menu.addAction(action)
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.edit_menu.aboutToShow.connect(lambda: self.edit_actions.update() if self.edit_actions else None)
        self.edit_actions: EditActions | None = None
        self.go_menu = self.menuBar().addMenu("&Go")
        for number, name in enumerate(PAGES, start=1):
            self.go_menu.addAction(
                self._action(f"&{number} {name}", lambda _c=False, n=name: self._go_named(n), f"Ctrl+{number}")
            )
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&About svtool", self.show_about))
        help_menu.addAction(log_folder_action(self))

    def _go_named(self, name: str) -> None:
        if name in self.pages:
            self.go_to(name)
            focus_into(self.page(name))

    def _update_actions(self) -> None:
        has = self.document is not None
        for action in (self.copy_action, self.close_action, self.export_reports_action):
            action.setEnabled(has)
        panel_kept_here = (
            has
            and self.document is not None
            and self.document.evaluation.lead is not None
            and self.document.opened.pack is None
        )
        self.work_as_action.setEnabled(panel_kept_here)
        self.members_action.setEnabled(panel_kept_here)
        self._enable_lifecycle(panel_kept_here)
        for action in (self.export_pack_action, self.import_pack_action, self.decide_action):
            action.setEnabled(panel_kept_here and self.document is not None and self.document.is_lead)
        if "Results" not in self.pages:
            self.export_reports_action.setEnabled(False)  # the reports show prices and every score
        self.edit_menu.clear()
        if self.document is not None:
            self.edit_actions = EditActions(self.document.undo_stack)  # (the last went with its document)
            self.undo_action, self.redo_action = self.edit_actions.undo, self.edit_actions.redo
            self.edit_menu.addAction(self.undo_action)
            self.edit_menu.addAction(self.redo_action)
        else:
            self.edit_actions = None
        self.edit_menu.setEnabled(has)

    def _status_undo(self, _index: int = 0) -> None:
        if self.document is not None:
            self.statusBar().showMessage(
                "Saved. "
                + (f"Undo: {self.document.undo_stack.undoText()}" if self.document.undo_stack.canUndo() else ""),
                8000,
            )

    # Opening and closing --------------------------------------------------------------------------------------

    def new_evaluation(self) -> None:
        dialog = NewEvaluationDialog(self)
        if dialog.exec() and dialog.created is not None:
            self.show_document(dialog.created)
            self.go_to("Setup")

    def open_dialog(self) -> None:
        files = [p for p in self._recent() if not is_database_url(p)]
        folder = (
            str(Path(files[0]).parent)
            if files
            else QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        name, _ = QFileDialog.getOpenFileName(
            self, "Open an evaluation", folder, f"svtool evaluations and packs (*{SUFFIX} *.svpack);;All files (*)"
        )
        if name:
            self.open_path(name)

    def open_demo(self) -> None:
        from svtool.services.demo import demo_path

        try:
            self.open_path(str(demo_path()))
        except OSError as error:
            QMessageBox.warning(self, "The demonstration could not be opened", str(error))

    def open_path(self, path: str) -> bool:
        """Open an evaluation file or a shared evaluation's address. It is read and scored off the GUI thread
        (a large evaluation takes a moment) and shown when ready; any reason it cannot be opened is explained in a
        dialog (for an address, the Open shared evaluation dialog, where a password can be added). Returns False
        if it is known at once that it could not be opened (always known at once when work runs inline)."""
        if not self.may_leave():
            return False
        self._open_outcome = None
        self.statusBar().showMessage(f"Opening {without_password(path) if is_database_url(path) else path}…")
        self.nav.setEnabled(False)
        self._opening.start(lambda: _read_and_score(path))
        return self._open_outcome is not False

    @property
    def opening(self) -> bool:
        """An evaluation is being read in the background."""
        return self._opening.running

    def _opened(self, outcome: tuple[str, OpenEvaluation | str]) -> None:
        path, result = outcome
        self.nav.setEnabled(True)
        self.statusBar().clearMessage()
        if isinstance(result, str):
            if is_database_url(path):
                self._open_outcome = self.open_shared_dialog(path, result)
            else:
                QMessageBox.warning(self, "svtool: cannot open the evaluation", result)
                self._open_outcome = False
            return
        self._open_outcome = True
        self.show_document(result)

    def open_shared_dialog(self, address: str = "", problem: str = "") -> bool:
        """Ask for a shared evaluation's address and open it; cancelled or failed, the current one stays open."""
        dialog = OpenSharedDialog(self, address, problem)
        if dialog.exec() and dialog.opened is not None:
            self.show_document(dialog.opened)
            return True
        return False

    def close_document(self) -> None:
        if self.document is not None and self.may_leave():
            self._save_page()
            self.show_document(None)

    def save_copy(self) -> None:
        opened = self.opened
        if opened is None:
            return
        start = (
            opened.document.path.with_name(opened.document.path.stem + " (copy)" + SUFFIX)
            if opened.document.path
            else Path(f"evaluation{SUFFIX}")
        )
        name, _ = QFileDialog.getSaveFileName(
            self, "Save a copy of the evaluation", str(start), f"svtool evaluations (*{SUFFIX})"
        )
        if name:
            self.save_copy_to(Path(name if name.endswith(SUFFIX) else name + SUFFIX))

    def save_copy_to(self, destination: Path) -> bool:
        opened = self.opened
        if opened is None:
            return False
        try:
            opened.save_copy(destination)
        except (UserError, DocumentError, OSError) as error:
            QMessageBox.warning(self, "The copy was not saved", str(error))
            return False
        self.statusBar().showMessage(f"Saved a copy as {destination}", 8000)
        return True

    def _recent(self) -> list[str]:
        value: Any = QSettings().value("recent_files", [])
        paths = [value] if isinstance(value, str) else [str(p) for p in value or []]
        return [p for p in paths if is_database_url(p) or Path(p).exists()][:MAX_RECENT]

    def _remember(self, entry: str) -> None:
        """Put a file's path or a shared evaluation's address (without its password) first in the recent list."""
        QSettings().setValue("recent_files", [entry, *[p for p in self._recent() if p != entry]][:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self._recent()
        for n, path in enumerate(recent, start=1):
            label = (path if is_database_url(path) else Path(path).name).replace("&", "&&")  # & is not a mnemonic
            self.recent_menu.addAction(self._action(f"&{n} {label}", lambda _c=False, p=path: self.open_path(p)))
        if not recent:
            none = self.recent_menu.addAction("No recent evaluations")
            none.setEnabled(False)

    def export_reports(self) -> None:
        if self.opened is not None:
            from svtool.ui.export_dialog import ExportDialog  # reportlab and openpyxl load when first needed

            ExportDialog(self.opened, self).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About svtool",
            f"<h3>svtool {__version__}</h3><p>Score tenders on price, quality and social value, "
            "and produce the evaluation that goes to cabinet.</p>"
            "<p>Shipped frameworks cite their sources and licences. The UK Government Social "
            "Value Models are Crown copyright under the Open Government Licence v3.0.</p>",
        )

    # Remembering the layout -----------------------------------------------------------------------------------

    def _save_layout(self) -> None:
        """Remember the splitters and column widths of every page built (pages not yet shown keep theirs)."""
        for name, page in self.pages.items():
            if name not in self._makers:
                layout_memory.save_page(page, name)

    def _save_page(self) -> None:
        if self.document is not None and 0 <= self.nav.currentRow() < len(self.pages):
            QSettings().setValue("main_window/page", list(self.pages)[self.nav.currentRow()])

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_leave():
            event.ignore()
            return
        tasks.finish_all()  # an export or import still running is cancelled and waited for, never cut off
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        self._save_page()
        self._save_layout()
        if self.document is not None:
            self.document.opened.close()
        super().closeEvent(event)
