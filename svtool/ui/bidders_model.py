"""The Bidders grid as a Qt model over the open evaluation's state: a thin adapter that reads the document and
hands edits to the page, and on a change redraws only the bidders' rows that changed (a price edit: one row)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from svtool.domain.evaluation import Attribute, Bid, Bidder
from svtool.domain.postcodes import attributes_of, local_status
from svtool.services.changes import Changes
from svtool.ui.document import EvaluationDocument
from svtool.ui.widgets import money, plain

Index = QModelIndex | QPersistentModelIndex

ATTRIBUTES = (
    (Attribute.SME, "SME"),
    (Attribute.VCSE, "VCSE"),
    (Attribute.CO_OPERATIVE, "Co-operative"),
    (Attribute.LOCAL, "Local"),
    (Attribute.SOCIAL_ENTERPRISE, "Social enterprise"),
)
NAME_COLUMN = 0
FIRST_ATTRIBUTE = 1
PRICE_COLUMN = FIRST_ATTRIBUTE + len(ATTRIBUTES)
EXCLUDED_COLUMN = PRICE_COLUMN + 1
ADDRESS_COLUMN, POSTCODE_COLUMN, IDENTIFIER_COLUMN = EXCLUDED_COLUMN + 1, EXCLUDED_COLUMN + 2, EXCLUDED_COLUMN + 3
#: A reserved contract's eligibility (docs/community-wealth.md), shown only while the contract is reserved.
ELIGIBLE_COLUMN, ELIGIBLE_REASON_COLUMN = IDENTIFIER_COLUMN + 1, IDENTIFIER_COLUMN + 2
ELIGIBILITY = {None: "not recorded", True: "yes", False: "no"}
#: The bidder's own details (schema 9), by column.
DETAILS = {ADDRESS_COLUMN: "address", POSTCODE_COLUMN: "postcode", IDENTIFIER_COLUMN: "identifier"}
HEADERS = (
    "Bidder",
    *[name for _a, name in ATTRIBUTES],
    "Price (£)",
    "Excluded because",
    "Address",
    "Postcode",
    "Identifier (Companies House or CDP)",
    "Eligible (reserved)",
    "Eligibility evidence or reason",
)
#: "Local" is computed from the postcode district and the boundary (domain/postcodes.py), never ticked.
LOCAL_COLUMN = FIRST_ATTRIBUTE + [a for a, _n in ATTRIBUTES].index(Attribute.LOCAL)

#: What the page does with an edit: (bidder row, column, typed text or ticked) -> whether it was saved.
Editor = Callable[[int, int, "str | bool"], bool]


class BiddersModel(QAbstractTableModel):
    def __init__(self, document: EvaluationDocument, edit: Editor) -> None:
        super().__init__()
        self.document = document
        self._edit = edit
        self._rows = self._read()
        document.changes.connect(self.apply)

    def _read(self) -> list[tuple[Bidder, Bid | None]]:
        e = self.document.evaluation
        bids = {b.bidder_id: b for b in e.bids}
        return [(b, bids.get(b.id)) for b in e.bidders]

    def apply(self, changes: Changes) -> None:
        """Redraw what changed: every row if bidders came or went, else only the rows of bidders that changed."""
        if changes.structure:
            self.beginResetModel()
            self._rows = self._read()
            self.endResetModel()
            return
        if not changes.bidders:
            if changes.setup and self._rows:  # the boundary may have moved: Local is computed from it
                self.dataChanged.emit(self.index(0, LOCAL_COLUMN), self.index(len(self._rows) - 1, LOCAL_COLUMN))
            return
        self._rows = self._read()
        for row, (bidder, _bid) in enumerate(self._rows):
            if bidder.id in changes.bidders:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def bidder(self, row: int) -> Bidder:
        return self._rows[row][0]

    # Qt's model interface ---------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        bidder, bid = self._rows[index.row()]
        column = index.column()
        if FIRST_ATTRIBUTE <= column < PRICE_COLUMN:
            attribute, name = ATTRIBUTES[column - FIRST_ATTRIBUTE]
            boundary = self.document.evaluation.local_boundary
            ticked = attribute in (attributes_of(bidder, boundary) if column == LOCAL_COLUMN else bidder.attributes)
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{bidder.name} {name}: {'yes' if ticked else 'no'}"
            if role == Qt.ItemDataRole.ToolTipRole and column == LOCAL_COLUMN:
                return f"Computed: {local_status(bidder, boundary).why}."
            return None
        if column in (ELIGIBLE_COLUMN, ELIGIBLE_REASON_COLUMN):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                eligible = ELIGIBILITY[bidder.reserved_eligible]
                return eligible if column == ELIGIBLE_COLUMN else bidder.reserved_reason
            if role == Qt.ItemDataRole.ToolTipRole:
                return (
                    "Yes, no or not recorded: a bidder recorded as not eligible is excluded from this reserved "
                    "contract, with the reason"
                    if column == ELIGIBLE_COLUMN
                    else "The evidence of eligibility, or why the bidder is not eligible (required for no)"
                )
            return None
        if column in DETAILS:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return str(getattr(bidder, DETAILS[column]))
            return None
        price = bid.price if bid else None
        if role == Qt.ItemDataRole.DisplayRole:
            return {NAME_COLUMN: bidder.name, PRICE_COLUMN: money(price)}.get(column, bidder.excluded_reason or "")
        if role == Qt.ItemDataRole.EditRole:
            return {NAME_COLUMN: bidder.name, PRICE_COLUMN: plain(price)}.get(column, bidder.excluded_reason or "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PRICE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.document.read_only:
            return base
        if index.column() == LOCAL_COLUMN:
            return base  # computed from the postcode
        if index.column() in (ELIGIBLE_COLUMN, ELIGIBLE_REASON_COLUMN) and self.document.evaluation.reservation is None:
            return base  # recorded only for a reserved contract
        if FIRST_ATTRIBUTE <= index.column() < PRICE_COLUMN:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        if role == Qt.ItemDataRole.CheckStateRole:
            ticked = Qt.CheckState(value) == Qt.CheckState.Checked
            return self._edit(index.row(), index.column(), ticked)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit(index.row(), index.column(), str(value))
        return False
