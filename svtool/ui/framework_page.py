"""Framework: browse and search the evaluation's framework, and choose the measures this evaluation uses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QSplitter, QVBoxLayout, QWidget

from svtool.services import frameworks as library
from svtool.services.errors import UserError
from svtool.services.measures import measures_used, stop_using, use_measure
from svtool.ui.document import EvaluationDocument
from svtool.ui.framework_browser import FrameworkBrowser
from svtool.ui.widgets import note


class FrameworkPage(QWidget):
    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.browser = FrameworkBrowser(library.library())
        if document.evaluation.framework_id:
            self.browser.select_framework(document.evaluation.framework_id)
        self.used = QListWidget()
        self.used.setAccessibleName("Measures this evaluation uses")
        self.used.setAccessibleDescription("The framework measures bidders report against; choose one to stop using it")
        self.used.setWordWrap(True)
        self.used.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.use_button = QPushButton("&Use the selected measure")
        self.use_button.setAccessibleName("Use the measure selected in the framework")
        self.use_button.setAccessibleDescription("Adds the measure chosen in the tree to this evaluation's list")
        self.stop_button = QPushButton("S&top using")
        self.stop_button.setAccessibleName("Stop using the measure selected in this list")
        self.stop_button.setAccessibleDescription("Takes the chosen measure off this evaluation's list")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(QLabel("<b>This evaluation uses</b>"))
        side_layout.addWidget(
            note(
                "A measure with a proxy value joins the social value offered question; others "
                "get a question of their own. Set the weights on the Setup page after."
            )
        )
        side_layout.addWidget(self.used, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.stop_button)
        side_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.browser)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.use_button.clicked.connect(self.use_selected)
        self.stop_button.clicked.connect(self.stop_selected)
        document.setup_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        framework = self.browser.framework
        self.used.clear()
        for measure_id in measures_used(self.document.evaluation):
            title = ""
            if framework is not None and framework.id == self.document.evaluation.framework_id:
                try:
                    title = framework.measure(measure_id).title
                except KeyError:
                    title = "(not in this framework)"
            self.used.addItem(f"{measure_id}  {title}".strip())
        self.use_button.setEnabled(not self.document.read_only)
        self.stop_button.setEnabled(not self.document.read_only and self.used.count() > 0)

    def use_selected(self) -> None:
        measure = self.browser.selected_measure
        if measure is None:
            self.document.problem.emit("Choose a measure in the framework tree first (open a theme and an outcome).")
            return
        try:
            changed = use_measure(self.document.evaluation, measure)
        except UserError as error:
            self.document.problem.emit(str(error))
            return
        self.document.change_setup(changed, f"use measure {measure.id}")

    def stop_selected(self) -> None:
        row = self.used.currentRow()
        used = measures_used(self.document.evaluation)
        if not 0 <= row < len(used):
            self.document.problem.emit("Choose a measure in the list of those this evaluation uses first.")
            return
        self.document.change_setup(stop_using(self.document.evaluation, used[row]), f"stop using measure {used[row]}")
