"""Browse and search the frameworks svtool knows: a tree on the left, details of the selection on the right."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from svtool.domain.framework import Framework, Measure
from svtool.services.frameworks import LibraryEntry
from svtool.ui.framework_details import framework_html, node_html
from svtool.ui.framework_model import (
    COLUMN_ID,
    COLUMN_TITLE,
    COLUMN_UNIT,
    NODE_ROLE,
    SEARCH_ROLE,
    FrameworkTreeModel,
)


class FrameworkBrowser(QWidget):
    def __init__(self, entries: list[LibraryEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._frameworks: list[Framework] = [e.framework for e in entries if e.framework is not None]

        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Framework")
        self.chooser.setAccessibleDescription("Which social value framework's themes and measures to browse")
        # A long framework name must not make the page wider than a small screen: the list itself shows it whole.
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(24)
        for framework in self._frameworks:
            self.chooser.addItem(f"{framework.info.name}  ({framework.info.version})", framework.id)
        chooser_label = QLabel("&Framework:")
        chooser_label.setBuddy(self.chooser)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search ids, titles, descriptions and tags")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the framework")
        self.search.setAccessibleDescription("Type words to show only the matching themes, outcomes and measures")
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)

        self.model = FrameworkTreeModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setAutoAcceptChildRows(True)

        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setAccessibleName("Themes, outcomes and measures")
        self.tree.setAccessibleDescription("The framework as a tree: arrow keys open a branch; details show beside it")
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_ID, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMN_UNIT, QHeaderView.ResizeMode.ResizeToContents)

        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(False)
        self.details.setAccessibleName("Details of the selected item")
        self.details.setAccessibleDescription(
            "Read-only: the chosen item's description, unit, proxy value and evidence"
        )

        top = QHBoxLayout()
        top.addWidget(chooser_label)
        top.addWidget(self.chooser, 2)
        top.addSpacing(12)
        top.addWidget(search_label)
        top.addWidget(self.search, 3)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.chooser.currentIndexChanged.connect(self._show_framework)
        self.search.textChanged.connect(self._filter)
        self.tree.selectionModel().currentChanged.connect(self._show_details)
        if self._frameworks:
            self._show_framework(0)

    @property
    def framework(self) -> Framework | None:
        row = self.chooser.currentIndex()
        return self._frameworks[row] if 0 <= row < len(self._frameworks) else None

    @property
    def selected_measure(self) -> Measure | None:
        index = self.tree.currentIndex()
        node = index.data(NODE_ROLE) if index.isValid() else None
        return node if isinstance(node, Measure) else None

    def select_framework(self, framework_id: str) -> None:
        row = self.chooser.findData(framework_id)
        if row >= 0:
            self.chooser.setCurrentIndex(row)

    def _show_framework(self, row: int) -> None:
        framework = self.framework
        self.model.set_framework(framework)
        self.tree.expandToDepth(0)
        self.details.setHtml(framework_html(framework) if framework else "")

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text.strip():
            self.tree.expandAll()
        else:
            self.tree.collapseAll()
            self.tree.expandToDepth(0)

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        framework = self.framework
        node = current.data(NODE_ROLE) if current.isValid() else None
        if framework is not None:
            self.details.setHtml(node_html(framework, node) if node is not None else framework_html(framework))
