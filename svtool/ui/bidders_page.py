"""Bidders: who bid, what kind of organisation each is, their price, and their social value commitments."""

from __future__ import annotations

import dataclasses
from html import escape

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svtool.domain.evaluation import Bid, Bidder, Evaluation
from svtool.domain.framework import Framework
from svtool.domain.postcodes import PostcodeError, normalise_postcode
from svtool.domain.text import refusal
from svtool.services.changes import Changes
from svtool.services.frameworks import library_framework
from svtool.ui.bidders_model import (
    ATTRIBUTES,
    DETAILS,
    ELIGIBILITY,
    ELIGIBLE_COLUMN,
    ELIGIBLE_REASON_COLUMN,
    FIRST_ATTRIBUTE,
    NAME_COLUMN,
    PRICE_COLUMN,
    BiddersModel,
)
from svtool.ui.document import EvaluationDocument
from svtool.ui.fte_working import (
    WorkingError,
    committed_text,
    measure_unit,
    pro_rating,
    read_working,
    working_text,
)
from svtool.ui.widgets import cell, heading, money, note, parse_amount, plain, quiet, table, table_view

__all__ = ["PRICE_COLUMN", "BiddersPage"]

#: The commitments table's columns: the figure, and for an FTE measure the hours a week x weeks and the pro-rating.
COMMITTED, WORKING, PRO_RATED = 3, 4, 5


def ask_reason(parent: QWidget, name: str) -> str | None:
    """Why a bidder is not eligible for the reserved contract; None if the officer cancels. Tests replace this."""
    text, ok = QInputDialog.getText(
        parent, "Not eligible", f"Why is {name} not eligible for this reserved contract? (recorded and reported)"
    )
    return text if ok else None


class EligibilityDelegate(QStyledItemDelegate):
    """Yes, no or not recorded, chosen from a list rather than typed."""

    def createEditor(
        self, parent: QWidget, _option: QStyleOptionViewItem, _index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("Eligible for the reserved contract")
        combo.setAccessibleDescription("Yes, no or not recorded; a bidder marked no is excluded")
        combo.addItems(list(ELIGIBILITY.values()))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        if editor.currentText() != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, editor.currentText())


def evaluation_framework(evaluation: Evaluation) -> Framework | None:
    if not evaluation.framework_id:
        return None
    return library_framework(evaluation.framework_id)


class BiddersPage(QWidget):
    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = BiddersModel(document, self._edit)
        self.table = table_view(
            self.model,
            "Bidders",
            stretch=0,
            description="One row per bidder: type its name, price in pounds and details; "
            "choose a row to see its commitments below",
        )
        self.table.setColumnWidth(NAME_COLUMN, 240)  # the details columns would otherwise squeeze the names
        self.table.setItemDelegateForColumn(ELIGIBLE_COLUMN, EligibilityDelegate(self.table))
        self.table.setColumnWidth(ELIGIBLE_REASON_COLUMN, 320)  # sized while hidden, it would be a sliver
        self.commitments = table(
            ["Measure", "What is committed", "Unit", "Committed", "Hours a week × weeks (FTE)", "Pro-rated"],
            "Social value commitments of the selected bidder",
            stretch=1,
            description="What the chosen bidder commits to each measure: type the figure in the unit shown",
        )
        self.commitments_label = QLabel()
        self.commitments_label.setWordWrap(True)
        self.add_button = QPushButton("&Add bidder")
        self.remove_button = QPushButton("&Remove bidder…")
        self.add_button.setAccessibleName("Add a bidder")
        self.remove_button.setAccessibleName("Remove the selected bidder")
        self.add_button.setAccessibleDescription("Adds a row for a new bidder, ready to type its name")
        self.remove_button.setAccessibleDescription("Asks first; its scores go with it; Ctrl+Z undoes")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.addWidget(heading("Bidders"))
        top_layout.addWidget(
            note(
                "Tick what kind of organisation each bidder is; enter the price from the pricing "
                "schedule, and the bidder's address, postcode and identifier for its assessment "
                "summary. Local is worked out from the postcode's district and the evaluation's "
                "local boundary (Setup). A bidder excluded for a reason outside the scoring (such "
                "as failing the selection stage) keeps their row, with the reason recorded."
            )
        )
        top_layout.addWidget(self.table)
        top_layout.addLayout(buttons)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.addWidget(self.commitments_label)
        bottom_layout.addWidget(self.commitments)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._framework = evaluation_framework(document.evaluation)

        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self._show_commitments(current.row()))
        self.commitments.itemChanged.connect(self._commitment_edited)
        self.add_button.clicked.connect(self.add_bidder)
        self.remove_button.clicked.connect(self.remove_bidder)
        document.changes.connect(self._changed)
        self.refresh()

    def current_row(self) -> int:
        return self.table.currentIndex().row()

    def select(self, row: int, column: int = 0) -> None:
        self.table.setCurrentIndex(self.model.index(row, column))

    def refresh(self) -> None:
        """Everything again (the grid redraws itself from its model; this is the rest of the page)."""
        e = self.document.evaluation
        if e.bidders and self.current_row() < 0:
            self.select(0)
        self._show_commitments(self.current_row())
        for column in (ELIGIBLE_COLUMN, ELIGIBLE_REASON_COLUMN):  # recorded only for a reserved contract
            self.table.setColumnHidden(column, e.reservation is None)
        self.remove_button.setEnabled(bool(e.bidders))
        self.setEnabled(not self.document.read_only)

    def _changed(self, changes: Changes) -> None:
        row = self.current_row()
        if changes.structure or changes.setup:
            self.refresh()
        elif 0 <= row < self.model.rowCount() and self.model.bidder(row).id in changes.bidders:
            self._show_commitments(row)

    def _show_commitments(self, row: int) -> None:
        e = self.document.evaluation
        measures = e.commitment_measures()
        if not 0 <= row < len(e.bidders):
            self.commitments_label.setText("<b>Commitments</b>: add a bidder first.")
            with quiet(self.commitments):
                self.commitments.setRowCount(0)
            return
        bidder = e.bidders[row]
        bid = next((b for b in e.bids if b.bidder_id == bidder.id), None)
        self.commitments_label.setText(
            f"<b>Social value commitments: {escape(bidder.name)}</b> (the measures this evaluation's questions count)"
        )
        with quiet(self.commitments):
            self.commitments.setRowCount(len(measures))
            for r, measure_id in enumerate(measures):
                measure = self._framework.find_measure(measure_id) if self._framework else None
                fte = measure_unit(e, measure_id, self._framework) == "FTE" or bool(bid and measure_id in bid.working)
                self.commitments.setItem(r, 0, cell(measure_id, editable=False))
                # A measure a later framework version dropped or renamed is named, not a crash.
                missing = "(not in this framework)" if self._framework else ""
                self.commitments.setItem(r, 1, cell(measure.title if measure else missing, editable=False))
                self.commitments.setItem(r, 2, cell(measure_unit(e, measure_id, self._framework), editable=False))
                self.commitments.setItem(r, COMMITTED, cell(committed_text(e, bid, measure_id), right=True))
                working = bid.working.get(measure_id) if bid else None
                self.commitments.setItem(
                    r,
                    WORKING,
                    cell(working_text(working), editable=fte, right=True, tip="Such as 20 × 39" if fte else ""),
                )
                self.commitments.setItem(r, PRO_RATED, cell(pro_rating(e, bid, measure_id), editable=False))

    def _bid(self, e: Evaluation, bidder_id: str) -> Bid:
        return next((b for b in e.bids if b.bidder_id == bidder_id), Bid(bidder_id))

    def _with_bid(self, e: Evaluation, bid: Bid) -> Evaluation:
        others = tuple(b for b in e.bids if b.bidder_id != bid.bidder_id)
        order = [b.id for b in e.bidders]
        bids = tuple(sorted((*others, bid), key=lambda b: order.index(b.bidder_id) if b.bidder_id in order else 0))
        return dataclasses.replace(e, bids=bids)

    def _edit(self, row: int, column: int, value: str | bool) -> bool:
        """An edit typed or ticked in the grid: saved through the document, or explained and not saved."""
        e = self.document.evaluation
        bidder = e.bidders[row]
        if isinstance(value, bool):
            attribute, name = ATTRIBUTES[column - FIRST_ATTRIBUTE]
            attributes = bidder.attributes | {attribute} if value else bidder.attributes - {attribute}
            return self._save_bidder(
                e,
                dataclasses.replace(bidder, attributes=frozenset(attributes)),
                f"{'mark' if value else 'unmark'} {bidder.name} as {name}",
            )
        text = value.strip()
        if column == NAME_COLUMN:
            if not text:
                self.document.problem.emit("A bidder needs a name.")
                return False
            return self._save_bidder(e, dataclasses.replace(bidder, name=text), f"rename {bidder.name} to {text}")
        if column in DETAILS:
            return self._detail(e, bidder, DETAILS[column], text)
        if column in (ELIGIBLE_COLUMN, ELIGIBLE_REASON_COLUMN):
            return self._eligibility(e, bidder, column, text)
        if column == PRICE_COLUMN:
            price = parse_amount(text)
            if price is None and text:
                self.document.problem.emit(
                    f"The price for {bidder.name} must be an amount in pounds, such as 4,650,000. '{text}' is not."
                )
                return False
            if price is not None and price <= 0:
                self.document.problem.emit(
                    f"The price for {bidder.name} must be more than £0; '{text}' is not. "
                    "Leave it blank if there is no price yet."
                )
                return False
            bid = dataclasses.replace(self._bid(e, bidder.id), price=price)
            return self.document.change_setup(self._with_bid(e, bid), f"enter {bidder.name}'s price as {money(price)}")
        reason = text or None
        return self._save_bidder(
            e,
            dataclasses.replace(bidder, excluded_reason=reason),
            f"exclude {bidder.name}" if reason else f"readmit {bidder.name}",
        )

    def _detail(self, e: Evaluation, bidder: Bidder, field: str, text: str) -> bool:
        """The bidder's address, postcode (normalised; it decides whether the bidder is local) or identifier."""
        if field == "postcode":
            try:
                text = normalise_postcode(text)
            except PostcodeError as problem:
                self.document.problem.emit(f"{bidder.name}: {problem}")
                return False
        if (why := refusal(f"The {field}", text)) is not None:
            self.document.problem.emit(why)
            return False
        changed = (
            dataclasses.replace(bidder, address=text)
            if field == "address"
            else dataclasses.replace(bidder, postcode=text)
            if field == "postcode"
            else dataclasses.replace(bidder, identifier=text)
        )
        return self._save_bidder(e, changed, f"record {bidder.name}'s {field} as {text or 'none'}")

    def _eligibility(self, e: Evaluation, bidder: Bidder, column: int, text: str) -> bool:
        """Whether the bidder is eligible for the reserved contract, and the evidence or reason: one recorded as not
        eligible is excluded with the reason (domain/reserved.py), so that needs a reason."""
        if e.reservation is None:
            self.document.problem.emit("Eligibility is recorded only for a reserved contract (Setup).")
            return False
        eligible, reason = bidder.reserved_eligible, bidder.reserved_reason
        if column == ELIGIBLE_COLUMN:
            chosen = {words: value for value, words in ELIGIBILITY.items()}
            if text.lower() not in chosen:
                self.document.problem.emit(f"Eligible must be yes, no or not recorded. '{text}' is not.")
                return False
            eligible = chosen[text.lower()]
            if eligible is False and not reason.strip():
                reason = (ask_reason(self, bidder.name) or "").strip()
        else:
            reason = text
        if (why := refusal("The eligibility reason", reason)) is not None:
            self.document.problem.emit(why)
            return False
        if eligible is False and not reason.strip():
            self.document.problem.emit(
                f"{bidder.name} cannot be recorded as not eligible without the reason: it is excluded with it."
            )
            return False
        words = {None: "not recorded", True: "eligible", False: f"not eligible ({reason})"}[eligible]
        return self._save_bidder(
            e,
            dataclasses.replace(bidder, reserved_eligible=eligible, reserved_reason=reason),
            f"record {bidder.name} as {words} for the reserved contract"
            if column == ELIGIBLE_COLUMN
            else f"record the evidence for {bidder.name}'s eligibility",
        )

    def _save_bidder(self, e: Evaluation, bidder: Bidder, summary: str) -> bool:
        bidders = tuple(bidder if b.id == bidder.id else b for b in e.bidders)
        return self.document.change_setup(dataclasses.replace(e, bidders=bidders), summary)

    def _commitment_edited(self, item: QTableWidgetItem) -> None:
        """A figure entered outright (clearing any hours and weeks), or an FTE given as hours a week x weeks."""
        e = self.document.evaluation
        row = self.current_row()
        bidder = e.bidders[row]
        measure_id = e.commitment_measures()[item.row()]
        text = item.text().strip()
        bid = self._bid(e, bidder.id)
        commitments, working = dict(bid.commitments), dict(bid.working)
        if item.column() == WORKING:
            try:
                hours_weeks = read_working(text, measure_id)
            except WorkingError as problem:
                self.document.problem.emit(str(problem))
                return self._show_commitments(row)
            commitments.pop(measure_id, None)  # the pro-rated figure stands for it
            if hours_weeks is None:
                working.pop(measure_id, None)
                summary = f"clear {bidder.name}'s hours and weeks for {measure_id}"
            else:
                working[measure_id] = hours_weeks
                summary = f"record {bidder.name}'s commitment to {measure_id} as {working_text(hours_weeks)} hours"
        elif item.column() == COMMITTED:
            value = parse_amount(text)
            if (value is None and text) or (value is not None and value < 0):
                self.document.problem.emit(
                    f"The commitment to {measure_id} must be a number of 0 or more. '{text}' is not."
                )
                return self._show_commitments(row)
            working.pop(measure_id, None)  # a figure entered outright replaces the hours and weeks
            if value is None:
                commitments.pop(measure_id, None)
            else:
                commitments[measure_id] = value
            summary = f"record {bidder.name}'s commitment to {measure_id} as {plain(value) or 'none'}"
        else:
            return None
        if not self.document.change_setup(
            self._with_bid(e, dataclasses.replace(bid, commitments=commitments, working=working)), summary
        ):
            self._show_commitments(row)
        return None

    def add_bidder(self) -> None:
        e = self.document.evaluation
        taken = {b.id for b in e.bidders}
        number = len(e.bidders) + 1
        while f"B{number}" in taken:
            number += 1
        bidder = Bidder(f"B{number}", f"New bidder {number}")
        if self.document.change_setup(
            dataclasses.replace(e, bidders=(*e.bidders, bidder), bids=(*e.bids, Bid(bidder.id))), "add a bidder"
        ):
            self.select(len(e.bidders))
            self.table.edit(self.model.index(len(e.bidders), NAME_COLUMN))  # straight into typing the name

    def remove_bidder(self) -> None:
        e = self.document.evaluation
        row = self.current_row()
        if not 0 <= row < len(e.bidders):
            return
        bidder = e.bidders[row]
        scored = sum(1 for key in self.document.opened.scores if key[1] == bidder.id)
        question = f"Remove {bidder.name} from this evaluation?"
        if scored:
            question += f" Their {scored} score(s) go with them. Edit ▸ Undo brings everything back."
        answer = QMessageBox.question(self, "Remove bidder", question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.document.change_setup(
            dataclasses.replace(
                e,
                bidders=tuple(b for b in e.bidders if b.id != bidder.id),
                bids=tuple(b for b in e.bids if b.bidder_id != bidder.id),
            ),
            f"remove {bidder.name}",
        )
