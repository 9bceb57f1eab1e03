"""Setup: the evaluation's details, envelopes and weights, stage split, scale, questions and rules.

Every field saves when the officer leaves it (Enter or Tab), through the document, so it can be undone; the
checks on the right are the domain's validation, updated after every change, and the counts of weak reasons,
worked out in the background (ui/reason_checker.py).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from svtool.domain.evaluation import (
    AbnormallyLowReference,
    CeilingAction,
    CeilingReference,
    Evaluation,
    PriceFormula,
    QualityBasis,
    UnmoderatedRule,
)
from svtool.domain.reasons import MOST_WORDS
from svtool.services.errors import UserError
from svtool.services.rates import all_rates
from svtool.ui.community_box import CommunityWealthBox
from svtool.ui.document import EvaluationDocument
from svtool.ui.figures_box import CommittedFiguresBox
from svtool.ui.living_wage_dialog import LivingWageDialog
from svtool.ui.setup_checks import ERROR_COLOUR, SetupChecks
from svtool.ui.setup_questions import edited_question, new_question, question_rows
from svtool.ui.widgets import (
    cell,
    check_cell,
    described,
    fill_table,
    heading,
    line_edit,
    money,
    parse_amount,
    plain,
    quiet,
    table,
)

FORMULAS = {
    PriceFormula.LOWEST: "Lowest price ÷ bid price",
    PriceFormula.MEAN: "Against the mean price",
    PriceFormula.RANGE: "Place in the price range",
    PriceFormula.PRICE_PER_QUALITY_POINT: "Price per quality point (no price weight)",
}
NO_CEILING = "none"


class SetupPage(QWidget):
    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.title = self._line("Title", "The contract's name, as in the cabinet paper; saved when you leave the box")
        self.reference = self._line("Reference", "The procurement reference, as on the tender notice")
        self.contract_value = self._line(
            "Contract value (£)", "The whole-life contract value in pounds, such as 4,800,000"
        )
        self.boundary = self._line(
            "Local boundary (postcode districts)",
            "Where spend counts as local: postcode districts such as WN1, separated by commas",
        )
        self.boundary.setPlaceholderText("for example WN1, WN2, M46")
        self.formula = QComboBox()
        self.formula.setAccessibleName("Price formula")
        self.formula.setAccessibleDescription("How each bid price is turned into price points")
        for formula, words in FORMULAS.items():
            self.formula.addItem(words, formula)
        self.abnormally_low = self._line(
            "Abnormally low below (%)", "Per cent: flag a price this far below the estimate or the others' mean"
        )
        self.estimate = self._line("Pre-tender estimate (£)", "Optional, in pounds: judge low prices against it")
        self.ceiling = QComboBox()
        self.ceiling.setAccessibleName("Affordability ceiling")
        self.ceiling.setAccessibleDescription("The most the council can pay: none, the budget or the estimate")
        for words, ceiling in (
            ("None", NO_CEILING),
            ("The budget", CeilingReference.BUDGET.value),
            ("The pre-tender estimate", CeilingReference.PRE_TENDER_ESTIMATE.value),
        ):
            self.ceiling.addItem(words, ceiling)
        self.ceiling_action = QComboBox()
        self.ceiling_action.setAccessibleName("A bid priced above the ceiling is")
        self.ceiling_action.setAccessibleDescription("What happens to a bid priced above the affordability ceiling")
        self.ceiling_action.addItem("Excluded, with the reason recorded", CeilingAction.EXCLUDE.value)
        self.ceiling_action.addItem("Flagged for the panel to decide", CeilingAction.FLAG.value)
        self.budget = self._line("Budget (£)", "Optional, in pounds: the budget, for a ceiling at the budget")
        self.living_wage = self._line(
            "Real Living Wage rate (£/hour)", "Pounds an hour, such as 12.60: the rate in force for this contract"
        )
        self.rate_table = QToolButton()
        self.rate_table.setText("From the &table")
        self.rate_table.setAccessibleName("Choose the Real Living Wage rate from the Living Wage Foundation's table")
        self.rate_table.setAccessibleDescription("Opens a menu of the published UK and London rates, newest first")
        self.rate_table.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.rate_table.setMenu(self._rate_menu())
        wage_row = QHBoxLayout()
        wage_row.addWidget(self.living_wage, 1)
        wage_row.addWidget(self.rate_table)
        self.rates_button = QPushButton("Living wage &rates…")
        self.rates_button.setAccessibleDescription("Opens the table of Real Living Wage rates to add or apply one")
        self.rates_button.clicked.connect(lambda: LivingWageDialog(self.document, self).exec())
        wage_row.addWidget(self.rates_button)
        self.respend = self._line(
            "Local re-spend for LM3 (%)", "Optional, per cent: the share of local spend re-spent locally"
        )
        self.divergence = self._line(
            "Divergence at (scale points)", "Scale points: flag evaluators' scores this far apart"
        )
        self.min_words = self._line(
            "Reasons shorter than (words)", "A whole number: count shorter reasons as weak in the Checks"
        )
        self.unmoderated = QComboBox()
        self.unmoderated.setAccessibleName("Until moderated, use")
        self.unmoderated.setAccessibleDescription("Which score counts for an answer before the panel agrees one")
        self.unmoderated.addItem("The mean of the evaluators' scores", UnmoderatedRule.MEAN)
        self.unmoderated.addItem("The median of the evaluators' scores", UnmoderatedRule.MEDIAN)

        details = QFormLayout()
        for label, widget in (
            ("&Title", self.title),
            ("&Reference", self.reference),
            ("Contract &value (£)", self.contract_value),
            ("Local &boundary (postcode districts)", self.boundary),
        ):
            details.addRow(label, widget)
        rules = QFormLayout()
        rule: QWidget | QHBoxLayout
        for label, rule in (
            ("Price &formula", self.formula),
            ("Abnormally &low below (%)", self.abnormally_low),
            ("Pre-tender &estimate (£)", self.estimate),
            ("Affordability &ceiling", self.ceiling),
            ("A bid priced above it is", self.ceiling_action),
            ("&Budget (£)", self.budget),
            ("Real Living &Wage (£ per hour)", wage_row),
            ("Local re-spend for LM&3 (%)", self.respend),
            ("&Divergence at (points apart)", self.divergence),
            ("Reasons shorter than (wor&ds)", self.min_words),
            ("Until &moderated, use", self.unmoderated),
        ):
            rules.addRow(label, rule)

        self.envelopes = table(
            ["Envelope", "Weight", "Minimum %", "Relative to the best"],
            "Envelopes and weights",
            stretch=0,
            description="One row per envelope: type its weight in points (all total 100) and any minimum per cent",
        )
        self.weights_total = QLabel()
        self.weights_total.setAccessibleName("Total of the envelope weights")
        self.split = table(
            ["Stage", "Share %"], "Stage split", 0, "Each stage's share of a question's marks, per cent, totalling 100"
        )
        self.scale = table(
            ["Point", "Label", "Descriptor"], "Scale and descriptors", 2, "Type each point's label and descriptor"
        )
        self.scale.setWordWrap(True)
        self.questions = table(
            [
                "Id",
                "Envelope",
                "Question",
                "Weight",
                "Threshold",
                "Own split",
                "Relative to the best",
                "How it is scored",
            ],
            "Questions",
            stretch=2,
            description="One row per question: type its title, weight in points and any threshold; F2 edits a cell",
        )
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(heading("Setup"))
        column.addWidget(_group("Details", details))
        weights = QVBoxLayout()
        weights.addWidget(self.envelopes)
        weights.addWidget(self.weights_total)
        row = QHBoxLayout()
        row.addWidget(_group("Envelopes and weights", weights), 3)
        split_box = QVBoxLayout()
        split_box.addWidget(self.split)
        row.addWidget(_group("Written and interview split", split_box), 2)
        column.addLayout(row)
        question_box = QVBoxLayout()
        question_box.addWidget(self.questions)
        self.add_question_button = described(
            QPushButton("Add a &question scored by the panel"), "Adds a question on the scale, then types its title"
        )
        self.remove_question_button = described(
            QPushButton("Re&move the selected question…"), "Asks first; its scores go with it; Ctrl+Z undoes"
        )
        question_buttons = QHBoxLayout()
        question_buttons.addWidget(self.add_question_button)
        question_buttons.addWidget(self.remove_question_button)
        question_buttons.addStretch()
        question_box.addLayout(question_buttons)
        column.addWidget(_group("Questions", question_box))
        self.figures = CommittedFiguresBox(document)
        column.addWidget(self.figures)
        scale_box = QVBoxLayout()
        scale_box.addWidget(self.scale)
        column.addWidget(_group("Scale and descriptors", scale_box))
        column.addWidget(_group("Price, panel and living wage rules", rules))
        self.community = CommunityWealthBox(document)  # refreshes itself on setup_changed
        column.addWidget(self.community)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        checks = SetupChecks(document)
        self.checks, self.check_details, self.reasons = checks.checks, checks.check_details, checks.reasons
        self._fill_checks = checks.fill
        self.splitter = QSplitter()
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(checks)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._connect()
        self.refresh()
        document.setup_changed.connect(self.refresh)

    def _rate_menu(self) -> QMenu:
        """The Foundation's rates, newest first, UK and London: choosing one sets the rate."""
        menu = QMenu(self)
        try:
            rates = all_rates()
        except UserError as error:
            menu.addAction(str(error)).setEnabled(False)
            return menu
        for rate in reversed(rates):
            for region, value in (("UK", rate.uk), ("London", rate.london)):
                due = f"{rate.implement_by.day} {rate.implement_by:%B %Y}"
                action = menu.addAction(f"{rate.label} {region}: £{value} an hour (to be paid by {due})")
                action.triggered.connect(lambda _c=False, v=value: self._set_rate(v))
        return menu

    def _set_rate(self, value: Decimal) -> None:
        self.living_wage.setText(plain(value))
        self._rules()

    def _line(self, name: str, tip: str) -> QLineEdit:
        return described(line_edit(name, tip), tip, tip=True)

    def _connect(self) -> None:
        self.title.editingFinished.connect(lambda: self._text_field("title", self.title, "title"))
        self.reference.editingFinished.connect(lambda: self._text_field("reference", self.reference, "reference"))
        self.contract_value.editingFinished.connect(self._contract_value)
        self.boundary.editingFinished.connect(self._boundary)
        self.formula.currentIndexChanged.connect(self._rules)
        self.ceiling.currentIndexChanged.connect(self._rules)
        self.ceiling_action.currentIndexChanged.connect(self._rules)
        self.unmoderated.currentIndexChanged.connect(self._rules)
        for line in (
            self.abnormally_low,
            self.estimate,
            self.budget,
            self.living_wage,
            self.respend,
            self.divergence,
            self.min_words,
        ):
            line.editingFinished.connect(self._rules)
        self.envelopes.itemChanged.connect(self._envelope_edited)
        self.split.itemChanged.connect(self._split_edited)
        self.scale.itemChanged.connect(self._scale_edited)
        self.questions.itemChanged.connect(self._question_edited)
        self.add_question_button.clicked.connect(self.add_question)
        self.remove_question_button.clicked.connect(self.remove_question)

    # Filling from the document ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        e = self.document.evaluation
        editors = (
            self.title,
            self.reference,
            self.contract_value,
            self.boundary,
            self.formula,
            self.unmoderated,
            self.ceiling,
            self.ceiling_action,
            self.budget,
            self.abnormally_low,
            self.estimate,
            self.living_wage,
            self.respend,
            self.divergence,
            self.min_words,
            self.envelopes,
            self.split,
            self.scale,
            self.questions,
        )
        with quiet(*editors):
            self.title.setText(e.title)
            self.reference.setText(e.reference)
            self.contract_value.setText(money(e.contract_value))
            self.boundary.setText(", ".join(e.local_boundary))
            self.formula.setCurrentIndex(self.formula.findData(e.price.formula))
            self.unmoderated.setCurrentIndex(self.unmoderated.findData(e.panel.unmoderated_rule))
            self.abnormally_low.setText(plain(e.price.abnormally_low_percent))
            self.estimate.setText(money(e.price.pre_tender_estimate))
            self.ceiling.setCurrentIndex(
                self.ceiling.findData(e.price.ceiling.value if e.price.ceiling else NO_CEILING)
            )
            self.ceiling_action.setCurrentIndex(self.ceiling_action.findData(e.price.ceiling_action.value))
            self.budget.setText(money(e.price.budget))
            self.living_wage.setText(plain(e.living_wage_rate))
            self.respend.setText(plain(e.lm3_respend_percent))
            self.divergence.setText(plain(e.panel.divergence_points))
            self.min_words.setText(str(e.panel.reason_min_words))
            self._fill(
                self.envelopes,
                [
                    [
                        cell(v.name),
                        cell(plain(v.weight), right=True),
                        cell(plain(v.min_percent), right=True),
                        check_cell(v.quality_basis is QualityBasis.RELATIVE_TO_BEST, f"{v.name} relative to the best"),
                    ]
                    for v in e.envelopes
                ],
            )
            self._fill(
                self.split, [[cell(s.name), cell(plain(e.split.get(s.id, Decimal(0))), right=True)] for s in e.stages]
            )
            points = e.scales[0].points if e.scales else ()
            self._fill(
                self.scale,
                [[cell(plain(p.value), editable=False, right=True), cell(p.label), cell(p.descriptor)] for p in points],
            )
            self._fill(self.questions, question_rows(e))
        total = sum((v.weight for v in e.envelopes), Decimal(0))
        ok = total == 100
        self.weights_total.setText(
            f"Weights total <b>{plain(total)}</b>" + (" of 100 ✓" if ok else " – they must total 100")
        )
        self.weights_total.setStyleSheet("" if ok else f"color: {ERROR_COLOUR.name()};")
        self.figures.refresh()
        self._fill_checks()
        self.setEnabled(not self.document.read_only)

    def _fill(self, widget: QTableWidget, rows: list[list[QTableWidgetItem]]) -> None:
        fill_table(widget, rows)
        widget.setMinimumHeight(min(60 + 30 * len(rows), 420))

    # Saving edits --------------------------------------------------------------------------------------------

    def _save(self, changed: Evaluation, summary: str) -> None:
        self.document.change_setup(changed, summary)

    def _refuse(self, message: str) -> None:
        self.document.problem.emit(message)
        self.refresh()

    def _number(self, text: str, what: str, then: Callable[[Decimal | None], None], optional: bool = False) -> None:
        value = parse_amount(text)
        if value is None and not (optional and not text.strip()):
            self._refuse(f"{what} must be a number, such as 40 or 4,800,000. '{text}' is not.")
            return
        then(value)

    def _text_field(self, name: str, line: QLineEdit, words: str) -> None:
        e = self.document.evaluation
        text = line.text().strip()
        if name == "title" and not text:
            self._refuse("The evaluation needs a title.")
        elif text != getattr(e, name):
            changed = dataclasses.replace(e, title=text) if name == "title" else dataclasses.replace(e, reference=text)
            self._save(changed, f"change the {words}")

    def _contract_value(self) -> None:
        e = self.document.evaluation

        def then(value: Decimal | None) -> None:
            if value is not None and value != e.contract_value:
                self._save(dataclasses.replace(e, contract_value=value), f"change the contract value to {money(value)}")

        self._number(self.contract_value.text(), "The contract value", then)

    def _boundary(self) -> None:
        e = self.document.evaluation
        districts = tuple(dict.fromkeys(d.upper() for d in re.split(r"[\s,;]+", self.boundary.text()) if d))
        if districts != e.local_boundary:
            self._save(
                dataclasses.replace(e, local_boundary=districts),
                f"set the local boundary to {', '.join(districts) or 'none'}",
            )

    def _rules(self) -> None:
        e = self.document.evaluation
        values: dict[str, Decimal | None] = {}
        for key, line, what, optional in (
            ("low", self.abnormally_low, "The abnormally low threshold", False),
            ("estimate", self.estimate, "The pre-tender estimate", True),
            ("budget", self.budget, "The budget", True),
            ("wage", self.living_wage, "The Real Living Wage rate", True),
            ("respend", self.respend, "The local re-spend share", True),
            ("divergence", self.divergence, "The divergence gap", False),
        ):
            value = parse_amount(line.text())
            if value is None and not (optional and not line.text().strip()):
                self._refuse(f"{what} must be a number. '{line.text()}' is not.")
                return
            values[key] = value
        low, divergence = values["low"], values["divergence"]
        assert low is not None and divergence is not None  # required above
        words = self.min_words.text().strip()
        if not words.isdigit() or not 1 <= int(words) <= MOST_WORDS:
            self._refuse(
                f"The fewest words for a reason must be a whole number from 1 to {MOST_WORDS}. '{words}' is not."
            )
            return
        price = dataclasses.replace(
            e.price,
            formula=PriceFormula(self.formula.currentData()),
            abnormally_low_percent=low,
            pre_tender_estimate=values["estimate"],
            abnormally_low_reference=(
                AbnormallyLowReference.PRE_TENDER_ESTIMATE
                if values["estimate"] is not None
                else AbnormallyLowReference.MEAN_OF_OTHERS
            ),
            ceiling=None if self.ceiling.currentData() == NO_CEILING else CeilingReference(self.ceiling.currentData()),
            ceiling_action=CeilingAction(self.ceiling_action.currentData()),
            budget=values["budget"],
        )
        panel = dataclasses.replace(
            e.panel,
            unmoderated_rule=UnmoderatedRule(self.unmoderated.currentData()),
            divergence_points=divergence,
            reason_min_words=int(words),
        )
        self._save(
            dataclasses.replace(
                e, price=price, panel=panel, living_wage_rate=values["wage"], lm3_respend_percent=values["respend"]
            ),
            "change the price and panel rules",
        )

    def _envelope_edited(self, item: QTableWidgetItem) -> None:
        e = self.document.evaluation
        envelope = e.envelopes[item.row()]
        if item.column() == 3:
            relative = item.checkState() == Qt.CheckState.Checked
            changed = dataclasses.replace(
                envelope, quality_basis=QualityBasis.RELATIVE_TO_BEST if relative else QualityBasis.ABSOLUTE
            )
            summary = f"score {envelope.name} {'relative to the best' if relative else 'on the scale (absolute)'}"
        elif item.column() == 0:
            if item.text().strip():
                changed = dataclasses.replace(envelope, name=item.text().strip())
                summary = f"rename envelope {envelope.name} to {changed.name}"
            else:
                return self._refuse("An envelope needs a name.")
        else:
            value = parse_amount(item.text())
            if item.column() == 1:
                if value is None:
                    return self._refuse(f"The weight of {envelope.name} must be a number of points, such as 40.")
                changed = dataclasses.replace(envelope, weight=value)
                summary = f"change the {envelope.name} weight to {plain(value)}"
            else:
                if value is None and item.text().strip():
                    return self._refuse(f"The minimum for {envelope.name} must be a percentage, or blank for none.")
                changed = dataclasses.replace(envelope, min_percent=value)
                summary = f"change the {envelope.name} minimum to {plain(value) or 'none'}"
        envelopes = tuple(changed if v.id == envelope.id else v for v in e.envelopes)
        self._save(dataclasses.replace(e, envelopes=envelopes), summary)

    def _split_edited(self, item: QTableWidgetItem) -> None:
        e = self.document.evaluation
        stage = e.stages[item.row()]
        if item.column() == 0:
            if not item.text().strip():
                return self._refuse("A stage needs a name.")
            stages = tuple(
                dataclasses.replace(s, name=item.text().strip()) if s.id == stage.id else s for s in e.stages
            )
            return self._save(dataclasses.replace(e, stages=stages), f"rename stage {stage.name}")
        value = parse_amount(item.text())
        if value is None:
            return self._refuse(f"The {stage.name} share must be a percentage, such as 50.")
        split = dict(e.split)
        split[stage.id] = value
        self._save(dataclasses.replace(e, split=split), f"give the {stage.name} stage {plain(value)}%")

    def _scale_edited(self, item: QTableWidgetItem) -> None:
        e = self.document.evaluation
        scale = e.scales[0]
        point = scale.points[item.row()]
        text = item.text().strip()
        changed = (
            dataclasses.replace(point, label=text)
            if item.column() == 1
            else dataclasses.replace(point, descriptor=text)
        )
        points = tuple(changed if p is point else p for p in scale.points)
        scales = (dataclasses.replace(scale, points=points), *e.scales[1:])
        self._save(dataclasses.replace(e, scales=scales), f"change the descriptor for {plain(point.value)}")

    def add_question(self) -> None:
        """A new question on the scale, in the selected question's envelope (quality if none is selected)."""
        e = self.document.evaluation
        if not e.scales:
            return self._refuse("Add a scoring scale first.")
        question = new_question(e, self.questions.currentRow())
        if self.document.change_setup(
            dataclasses.replace(e, questions=(*e.questions, question)), f"add question {question.id}"
        ):
            self.questions.setCurrentCell(len(e.questions), 2)
            item = self.questions.item(len(e.questions), 2)
            if item is not None:
                self.questions.editItem(item)  # straight into typing its title
        return None

    def remove_question(self) -> None:
        e = self.document.evaluation
        row = self.questions.currentRow()
        if not 0 <= row < len(e.questions):
            return self._refuse("Choose the question to remove in the table first.")
        question = e.questions[row]
        scored = sum(1 for key in self.document.opened.scores if key[2] == question.id)
        text = f"Remove question {question.id} ('{question.title}')?"
        if scored:
            text += f" Its {scored} score(s) go with it. Edit ▸ Undo brings everything back."
        if QMessageBox.question(self, "Remove question", text) != QMessageBox.StandardButton.Yes:
            return None
        self.document.change_setup(
            dataclasses.replace(e, questions=tuple(q for q in e.questions if q.id != question.id)),
            f"remove question {question.id}",
        )
        return None

    def _question_edited(self, item: QTableWidgetItem) -> None:
        e = self.document.evaluation
        question = e.questions[item.row()]
        checked = item.checkState() == Qt.CheckState.Checked
        try:
            edit = edited_question(e, question, item.column(), item.text().strip(), checked)
        except UserError as error:
            return self._refuse(str(error))
        if edit is None:
            return self.refresh()  # the same split, perhaps typed differently: shown as it is kept
        changed, summary = edit
        questions = tuple(changed if q.id == question.id else q for q in e.questions)
        self._save(dataclasses.replace(e, questions=questions), summary)


def _group(title: str, layout: QFormLayout | QVBoxLayout) -> QGroupBox:
    box = QGroupBox(title)
    box.setLayout(layout)
    return box
