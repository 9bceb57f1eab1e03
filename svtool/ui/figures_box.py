"""The Setup page's committed figures: questions scored on the figure a bidder commits to a framework measure, with
how each is scored and its target, a measure to add as such a question, and the full-time week FTE is pro-rated
against (docs/scoring-method.md, "Committed figures")."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svtool.domain.evaluation import (
    MEASURE_UNITS,
    LivingWageMethod,
    LocalSpendMethod,
    MeasureMethod,
    PercentBasis,
    Question,
)
from svtool.domain.framework import Framework, MeasureKind
from svtool.services.errors import UserError
from svtool.services.frameworks import load_framework
from svtool.services.measures import measures_used, use_measure
from svtool.ui.document import EvaluationDocument
from svtool.ui.widgets import cell, fill_table, parse_amount, plain, quiet, table

BASES = {
    PercentBasis.LINEAR_TO_TARGET: "In proportion, full marks at the target",
    PercentBasis.RELATIVE_TO_BEST: "Relative to the best commitment",
    PercentBasis.PASS_FAIL: "Pass or fail at the target",
}
TARGET = 4


def _figure_method(question: Question) -> LocalSpendMethod | LivingWageMethod | MeasureMethod | None:
    method = question.method
    return method if isinstance(method, LocalSpendMethod | LivingWageMethod | MeasureMethod) else None


class CommittedFiguresBox(QGroupBox):
    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__("Committed figures (scored on what each bidder commits)", parent)
        self.document = document
        self.table = table(
            ["Id", "Measure", "Unit", "How it is scored", "Target"],
            "Committed figures",
            stretch=1,
            description="Questions scored on a bidder's committed figure: choose how each is scored, type its target",
        )
        self.table.itemChanged.connect(self._target_edited)
        self.measure = QComboBox()
        self.measure.setAccessibleName("A framework measure to score on the committed figure")
        self.measure.setAccessibleDescription("Choose a measure, then Score the committed figure adds it")
        self.add = QPushButton("Score the committed &figure")
        self.add.setAccessibleDescription("Adds a question scored on the figure each bidder commits to the measure")
        self.add.clicked.connect(self.add_measure)
        self.hours = QLineEdit()
        self.hours.setAccessibleName("Full-time hours a week")
        self.hours.setAccessibleDescription("Hours in a full-time week, such as 37.5, for counting jobs as FTE")
        self.weeks = QLineEdit()
        self.weeks.setAccessibleName("Full-time weeks a year")
        self.weeks.setAccessibleDescription("Weeks worked in a full-time year, such as 52, for counting FTE")
        self.hours.editingFinished.connect(self._full_time)
        self.weeks.editingFinished.connect(self._full_time)
        adding = QHBoxLayout()
        adding.addWidget(self.measure, 1)
        adding.addWidget(self.add)
        week = QHBoxLayout()
        week.addWidget(QLabel("Full-time week for FTE:"))
        week.addWidget(self.hours)
        week.addWidget(QLabel("hours ×"))
        week.addWidget(self.weeks)
        week.addWidget(QLabel("weeks"))
        week.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(adding)
        layout.addLayout(week)
        self._framework_id: str | None = None
        self._framework: Framework | None = None

    def framework(self) -> Framework | None:
        e = self.document.evaluation
        if e.framework_id != self._framework_id:
            self._framework_id, self._framework = e.framework_id, None
            if e.framework_id:
                try:
                    self._framework = load_framework(e.framework_id)
                except UserError:
                    self._framework = None
        return self._framework

    def rows(self) -> list[Question]:
        return [q for q in self.document.evaluation.questions if _figure_method(q) is not None]

    def refresh(self) -> None:
        e = self.document.evaluation
        rows = self.rows()
        with quiet(self.table, self.hours, self.weeks, self.measure):
            fill_table(
                self.table,
                [
                    [
                        cell(q.id, editable=False),
                        cell(method.measure_id, editable=False),
                        cell(method.unit if isinstance(method, MeasureMethod) else "%", editable=False),
                        cell("", editable=False),
                        cell(
                            self._target_text(method),
                            right=True,
                            tip="The figure that earns full marks, or passes, in the unit",
                        ),
                    ]
                    for q in rows
                    if (method := _figure_method(q)) is not None
                ],
            )
            for row, question in enumerate(rows):
                method = _figure_method(question)
                assert method is not None
                combo = QComboBox()
                combo.setAccessibleName(f"How {question.id} is scored")
                combo.setAccessibleDescription("How the committed figure earns marks against the target")
                for basis, words in BASES.items():
                    combo.addItem(words, basis)
                combo.setCurrentIndex(combo.findData(method.basis))
                combo.currentIndexChanged.connect(
                    lambda _i, q=question.id, c=combo: self._basis_chosen(q, PercentBasis(c.currentData()))
                )
                self.table.setCellWidget(row, 3, combo)
            self.table.setMinimumHeight(min(60 + 30 * len(rows), 300))
            self.hours.setText(plain(e.full_time_hours))
            self.weeks.setText(plain(e.full_time_weeks))
            self.measure.clear()
            framework = self.framework()
            used = set(measures_used(e))
            if framework is not None:
                for m in framework.measures:
                    if (
                        m.kind is MeasureKind.QUANTITATIVE
                        and m.unit in MEASURE_UNITS
                        and m.proxy is None
                        and m.id not in used
                    ):
                        self.measure.addItem(f"{m.id} {m.title} ({m.unit})", m.id)
        self.add.setEnabled(self.measure.count() > 0)

    @staticmethod
    def _target_text(method: LocalSpendMethod | LivingWageMethod | MeasureMethod) -> str:
        if isinstance(method, MeasureMethod):
            return plain(method.target)
        return plain(method.target_percent)

    def _change(
        self, question: Question, method: LocalSpendMethod | LivingWageMethod | MeasureMethod, summary: str
    ) -> None:
        e = self.document.evaluation
        changed = dataclasses.replace(question, method=method)
        self.document.change_setup(
            dataclasses.replace(e, questions=tuple(changed if q.id == question.id else q for q in e.questions)), summary
        )

    def _basis_chosen(self, question_id: str, basis: PercentBasis) -> None:
        question = self.document.evaluation.question(question_id)
        method = _figure_method(question)
        if method is None or method.basis is basis:
            return
        self._change(question, dataclasses.replace(method, basis=basis), f"score {question_id} {BASES[basis].lower()}")

    def _target_edited(self, item: QTableWidgetItem) -> None:
        if item.column() != TARGET:
            return
        question = self.rows()[item.row()]
        method = _figure_method(question)
        assert method is not None
        text = item.text().strip()
        value = parse_amount(text)
        unit = method.unit if isinstance(method, MeasureMethod) else "%"
        if (value is None and (text or not isinstance(method, MeasureMethod))) or (value is not None and value <= 0):
            self.document.problem.emit(
                f"The target for {question.id} must be a number above 0 in {unit}. '{text}' is not."
            )
            return self.refresh()
        if isinstance(method, MeasureMethod):
            changed: LocalSpendMethod | LivingWageMethod | MeasureMethod = dataclasses.replace(method, target=value)
        else:
            assert value is not None
            changed = dataclasses.replace(method, target_percent=value)
        self._change(question, changed, f"set the target for {question.id} to {plain(value) or 'none'} {unit}")
        return None

    def add_measure(self) -> None:
        framework = self.framework()
        measure_id = self.measure.currentData()
        if framework is None or measure_id is None:
            return
        try:
            changed = use_measure(self.document.evaluation, framework.measure(measure_id))
        except UserError as error:
            self.document.problem.emit(str(error))
            return
        self.document.change_setup(changed, f"score the committed figure for {measure_id}")

    def _full_time(self) -> None:
        e = self.document.evaluation
        hours, weeks = parse_amount(self.hours.text().strip()), parse_amount(self.weeks.text().strip())
        if hours is None or weeks is None or hours <= 0 or weeks <= 0 or hours > 168 or weeks > 53:
            self.document.problem.emit(
                "The full-time week must be hours a week (above 0, at most 168) and weeks "
                "a year (above 0, at most 53), such as 37.5 and 52."
            )
            return self.refresh()
        if (hours, weeks) != (e.full_time_hours, e.full_time_weeks):
            self.document.change_setup(
                dataclasses.replace(e, full_time_hours=hours, full_time_weeks=weeks),
                f"set the full-time week to {plain(hours)} hours x {plain(weeks)} weeks",
            )
        return None
