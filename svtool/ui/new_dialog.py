"""File > New evaluation: a title, a framework, a template and the panel, and where to keep the file."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from svtool.services import frameworks as library
from svtool.services.errors import UserError
from svtool.services.evaluations import SUFFIX, OpenEvaluation, create_evaluation
from svtool.services.templates import TEMPLATES, new_evaluation
from svtool.store.errors import DocumentError
from svtool.ui.widgets import buddy_labels, describe_buttons, parse_amount


class NewEvaluationDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New evaluation")
        self.created: OpenEvaluation | None = None
        self._frameworks = [e.framework for e in library.library() if e.framework is not None]
        self.title = QLineEdit()
        self.title.setAccessibleName("Title")
        self.title.setAccessibleDescription("Required: the contract's name, as in the cabinet paper")
        self.title.setPlaceholderText("for example: Care at home, Lot 2: South locality")
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Reference")
        self.reference.setAccessibleDescription("Optional: the procurement reference, as on the tender notice")
        self.contract_value = QLineEdit()
        self.contract_value.setAccessibleName("Contract value in pounds")
        self.contract_value.setAccessibleDescription("The whole-life contract value in pounds, such as 4,800,000")
        self.contract_value.setPlaceholderText("the whole-life value, such as 4,800,000")
        self.framework = QComboBox()
        self.framework.setAccessibleName("Framework")
        self.framework.setAccessibleDescription("The social value framework whose measures bidders report against")
        for framework in self._frameworks:
            self.framework.addItem(framework.info.name, framework.id)
        self.template = QComboBox()
        self.template.setAccessibleName("Template")
        self.template.setAccessibleDescription("The envelopes, weights and questions to start from; all can change")
        for template in TEMPLATES:
            self.template.addItem(template.name, template.id)
        self.template_note = QLabel()
        self.template_note.setWordWrap(True)
        self.panel = QPlainTextEdit()
        self.panel.setAccessibleName("Panel members, one per line")
        self.panel.setAccessibleDescription("Each evaluator on a line of its own: name, comma, role; Tab moves on")
        self.panel.setPlaceholderText("One evaluator per line, with their role:\nSam Patel, commissioning manager")
        self.panel.setTabChangesFocus(True)
        self.panel.setFixedHeight(90)
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        self._folder = Path(documents)
        self.location = QLineEdit(str(self._folder / f"evaluation{SUFFIX}"))
        self.location.setAccessibleName("Save the evaluation as")
        self.location.setAccessibleDescription("The file the new evaluation is kept in, ending .svt")
        browse = QPushButton("&Browse…")
        browse.setAccessibleName("Choose where to save the evaluation")
        browse.setAccessibleDescription("Choose the folder and file name from a list")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(browse)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("error")
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Reference", self.reference)
        form.addRow("Contract &value (£)", self.contract_value)
        form.addRow("&Framework", self.framework)
        form.addRow("Te&mplate", self.template)
        form.addRow("", self.template_note)
        form.addRow("&Panel", self.panel)
        form.addRow("&Save as", where)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Create")
        describe_buttons(self.buttons, "Creates the evaluation file and opens it")
        self.buttons.accepted.connect(self.create_file)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buddy_labels(self)
        layout.addWidget(self.buttons)
        self.template.currentIndexChanged.connect(self._describe)
        self.title.textEdited.connect(self._suggest_name)
        self._describe()
        self.resize(620, self.sizeHint().height())

    def _describe(self) -> None:
        self.template_note.setText(TEMPLATES[self.template.currentIndex()].description)

    def _suggest_name(self, text: str) -> None:
        stem = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "evaluation"
        self.location.setText(str(Path(self.location.text()).parent / f"{stem}{SUFFIX}"))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the evaluation as", self.location.text(), f"svtool evaluations (*{SUFFIX})"
        )
        if name:
            self.location.setText(name if name.endswith(SUFFIX) else name + SUFFIX)

    def create_file(self) -> None:
        value = parse_amount(self.contract_value.text())
        if value is None or value <= 0:
            self.error.setText("Enter the contract value in pounds, such as 4,800,000.")
            self.contract_value.setFocus()
            return
        if not self._frameworks:
            self.error.setText("No framework could be loaded: see the Frameworks page.")
            return
        framework = self._frameworks[self.framework.currentIndex()]
        try:
            evaluation = new_evaluation(
                self.title.text(),
                self.reference.text(),
                value,
                framework,
                str(self.template.currentData()),
                self.panel.toPlainText().splitlines(),
            )
            self.created = create_evaluation(evaluation, Path(self.location.text()))
        except (UserError, DocumentError, OSError) as error:
            self.error.setText(str(error))
            return
        self.error.clear()
        self.accept()
