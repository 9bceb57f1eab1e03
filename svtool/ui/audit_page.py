"""Audit: the change log, newest first, filtered by what was changed and by any words in it."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svtool.errorlog import unexpected_message
from svtool.export.report_data import AuditLine
from svtool.services.errors import UserError
from svtool.services.record import FileCheck, anchor_from, verify_open
from svtool.ui.background import LatestOnly
from svtool.ui.document import EvaluationDocument
from svtool.ui.widgets import RefreshWhenShown, heading

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("#", "When (UTC)", "Who", "What", "Which", "Before", "After", "Reason")
ACTIONS = {
    "create": "Created",
    "score": "Score",
    "clear": "Withdrawn",
    "moderate": "Consensus",
    "setup": "Setup",
    "export": "Exported",
    "import": "Imported",
}


def _short(value: str | None) -> str:
    """A JSON value from the trail, as a short line of text."""
    if value is None:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return value
    text = "; ".join(f"{k}: {v}" for k, v in data.items() if v != "") if isinstance(data, dict) else str(data)
    return text if len(text) <= 160 else text[:157] + "…"


class AuditModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._lines: list[AuditLine] = []
        self._names: dict[str, str] = {}

    def show_lines(self, lines: tuple[AuditLine, ...], names: dict[str, str]) -> None:
        """names: ids of bidders, evaluators and stages with the names people know them by."""
        self.beginResetModel()
        self._lines = list(reversed(lines))
        self._names = names
        self.endResetModel()

    def _which(self, line: AuditLine) -> str:
        if line.entity in ("score", "moderation"):
            return " · ".join(self._names.get(part, part) for part in line.key.split("/"))
        return line.key

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        values = (
            str(line.seq),
            line.at[:19].replace("T", " "),
            line.actor,
            ACTIONS.get(line.action, line.action),
            self._which(line),
            _short(line.old),
            _short(line.new),
            line.reason,
        )
        if role == Qt.ItemDataRole.DisplayRole:
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (5, 6):
            return (line.old if index.column() == 5 else line.new) or ""
        if role == Qt.ItemDataRole.UserRole:
            return line.action
        return None


class _Filter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def set_action(self, action: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self.action = action
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.action = action
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        source = self.sourceModel()
        if self.action and source.index(row, 0, parent).data(Qt.ItemDataRole.UserRole) != self.action:
            return False
        return super().filterAcceptsRow(row, parent)


class AuditPage(RefreshWhenShown):
    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = AuditModel()
        self.proxy = _Filter()
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search the audit trail")
        self.search.setAccessibleDescription("Type words to list only the changes that mention them")
        self.search.setPlaceholderText("Words to find: a bidder, a question, a person…")
        self.search.setClearButtonEnabled(True)
        self.action = QComboBox()
        self.action.setAccessibleName("Kind of change")
        self.action.setAccessibleDescription("List only one kind of change, such as scores or setup")
        self.action.addItem("Every change", "")
        for action, words in ACTIONS.items():
            self.action.addItem(words, action)
        self.verify_button = QPushButton("&Check the record")
        self.verify_button.setAccessibleName("Check the record")
        self.verify_button.setToolTip(
            "Check the hash chain, replay the trail and compare it with the stored data (as 'svtool verify' does)"
        )
        self.anchor = QLineEdit()
        self.anchor.setAccessibleName("Anchor: a head hash recorded earlier")
        self.anchor.setAccessibleDescription(
            "Optional: paste a head hash noted earlier to check the trail still holds it"
        )
        self.anchor.setPlaceholderText("Optional: a head hash recorded earlier, to check the trail still holds it")
        self.anchor.setClearButtonEnabled(True)
        self.verified = QLabel()
        self.verified.setWordWrap(True)
        self.verified.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the head, to copy
        self.checking = LatestOnly(self._checked, self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next panel; arrows move within the table
        self.table.setAccessibleName("Audit trail")
        self.table.setAccessibleDescription(
            "Every change, newest first: when, who, what, and the values before and after"
        )
        self.table.setModel(self.proxy)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (5, 6):  # before and after can be long: a fixed width, the whole value in the tooltip
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 300)
        header.setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        filters = QHBoxLayout()
        form = QFormLayout()
        form.addRow("&Find", self.search)
        filters.addLayout(form, 3)
        kind = QFormLayout()
        kind.addRow("&Kind", self.action)
        filters.addLayout(kind, 1)
        filters.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Audit trail"))
        layout.addLayout(filters)
        anchor = QFormLayout()
        anchor.addRow("&Anchor", self.anchor)
        layout.addLayout(anchor)
        layout.addWidget(self.verified)
        layout.addWidget(self.table)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.action.currentIndexChanged.connect(lambda _n: self.proxy.set_action(self.action.currentData()))
        self.verify_button.clicked.connect(self.verify)
        self._stale = True  # read the trail when first shown
        document.changed.connect(self._changed)
        document.setup_changed.connect(self._changed)

    def refresh(self) -> None:
        e = self.document.evaluation
        names = {
            **{b.id: b.name for b in e.bidders},
            **{v.id: v.name.split(",")[0] for v in e.evaluators},
            **{s.id: s.name for s in e.stages},
        }
        self.model.show_lines(self.document.opened.audit_trail(), names)

    def verify(self) -> None:
        """Prove the record on a worker (a council's trail takes a few seconds), with the anchor if one is given."""
        try:
            anchor = anchor_from(self.anchor.text())
        except UserError as error:
            self.verified.setText(str(error))
            return
        opened = self.document.opened
        self.verify_button.setEnabled(False)
        self.verified.setText("Checking the record…")

        def work() -> FileCheck:
            try:
                return verify_open(opened, anchor)
            except Exception as error:  # shown, never left with the button waiting
                return FileCheck(False, (unexpected_message(error),))

        self.checking.start(work)

    def _checked(self, check: FileCheck) -> None:
        self.verify_button.setEnabled(True)
        self.verified.setText("\n".join(check.lines))
