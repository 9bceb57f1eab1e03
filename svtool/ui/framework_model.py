"""A read-only Qt tree model over a Framework: themes, their outcomes, their measures."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from svtool.domain.framework import Framework, Measure, MeasureKind, Outcome, Theme

Index = QModelIndex | QPersistentModelIndex
Node = Theme | Outcome | Measure

#: The node behind an index, for views that show details of the selection.
NODE_ROLE = Qt.ItemDataRole.UserRole + 1
#: Words a search should match: the id, title, description and tags.
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMN_TITLE, COLUMN_ID, COLUMN_UNIT = range(3)
HEADERS = ("Theme / outcome / measure", "ID", "Unit")


class FrameworkTreeModel(QAbstractItemModel):
    """Each index's internal id is a row in a flat table of nodes, so parent() is a dictionary lookup."""

    def __init__(self, framework: Framework | None = None) -> None:
        super().__init__()
        self._nodes: list[Node] = []
        self._parent: list[int] = []  # -1 for a theme
        self._children: dict[int, list[int]] = {}
        self._top_word = "theme"  # the framework's own word for its top level, for the first column's heading
        self.set_framework(framework)

    def set_framework(self, framework: Framework | None) -> None:
        self.beginResetModel()
        self._nodes, self._parent, self._children = [], [], {-1: []}
        self._top_word = framework.theme_words[0] if framework is not None else "theme"
        if framework is not None:
            for theme in framework.themes:
                t = self._add(theme, -1)
                for outcome in framework.outcomes_of(theme.id):
                    o = self._add(outcome, t)
                    for measure in framework.measures_of(outcome.id):
                        self._add(measure, o)
        self.endResetModel()

    def _add(self, node: Node, parent: int) -> int:
        self._nodes.append(node)
        self._parent.append(parent)
        number = len(self._nodes) - 1
        self._children.setdefault(parent, []).append(number)
        self._children[number] = []
        return number

    # Qt's model interface -------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        key = parent.internalId() if parent.isValid() else -1
        children = self._children.get(key, [])
        if 0 <= row < len(children) and 0 <= column < len(HEADERS):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        up = self._parent[child.internalId()]
        if up == -1:
            return QModelIndex()
        row = self._children[self._parent[up]].index(up)
        return self.createIndex(row, 0, up)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(parent.internalId() if parent.isValid() else -1, []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return f"{self._top_word.capitalize()} / outcome / measure" if section == COLUMN_TITLE else HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._nodes[index.internalId()]
        if role == NODE_ROLE:
            return node
        if role == SEARCH_ROLE:
            extra = " ".join(node.tags) if isinstance(node, Measure) else ""
            return f"{node.id} {node.title} {node.description} {extra}".lower()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == COLUMN_TITLE:
                title = node.label if isinstance(node, Measure) else node.title
                return f"{title} (unconfirmed)" if node.unconfirmed else title
            if index.column() == COLUMN_ID:
                return node.id
            if index.column() == COLUMN_UNIT and isinstance(node, Measure):
                return "scale" if node.kind is MeasureKind.QUALITATIVE else node.unit
        return None
