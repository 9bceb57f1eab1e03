"""Small pieces the pages share: reading numbers as people type them, and tables filled without side effects."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLayoutItem,
    QLineEdit,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svtool.domain import numbers

W = TypeVar("W", bound=QWidget)


def parse_amount(text: str) -> Decimal | None:
    """A number as typed: "£4,800,000", "40", "40%", " 13.45 ". None if it is not a number."""
    cleaned = text.strip().replace(",", "").replace("£", "").replace("%", "").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def plain(value: Decimal | None) -> str:
    """A Decimal as an officer would type it: no exponent, no trailing zeros after the point."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def money(value: Decimal | None) -> str:
    """Pounds as every report shows them: domain/numbers.py's one rule, half up to the penny (£2.125 is £2.13);
    nothing for no amount."""
    return "" if value is None else numbers.money(value)


@contextmanager
def quiet(*objects: QObject) -> Iterator[None]:
    """Fill widgets from the document without their change signals writing it straight back."""
    previous = [o.blockSignals(True) for o in objects]
    try:
        yield
    finally:
        for o, was in zip(objects, previous, strict=True):
            o.blockSignals(was)


def table(headers: Sequence[str], name: str, stretch: int | None = None, description: str = "") -> QTableWidget:
    """A table of rows, named for assistive technology and described (what a row is, what may be typed where)."""
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(list(headers))
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)
    widget.verticalHeader().setVisible(False)
    widget.setAlternatingRowColors(True)
    widget.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    header = widget.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return widget


#: How many rows a grid measures to size its columns (Qt's default, 1,000, made opening a large evaluation slow).
SIZING_ROWS = 60


def table_view(model: QAbstractItemModel, name: str, stretch: int | None = None, description: str = "") -> QTableView:
    """A grid over a Qt model, laid out, navigated and described like table() (Tab leaves it; arrows move within)."""
    widget = QTableView()
    widget.setModel(model)
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)
    widget.verticalHeader().setVisible(False)
    widget.setAlternatingRowColors(True)
    widget.setTabKeyNavigation(False)
    widget.setEditTriggers(QTableView.EditTrigger.AllEditTriggers & ~QTableView.EditTrigger.CurrentChanged)
    # Sized to the contents once (and again when rows come or go), not on every change: measuring every row of a
    # large grid after each edit is what made a price edit slow.
    header = widget.horizontalHeader()
    header.setResizeContentsPrecision(SIZING_ROWS)  # the first rows, as a sample: a 12,000-row list opens at once
    widget.resizeColumnsToContents()
    model.modelReset.connect(widget.resizeColumnsToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return widget


def cell(text: str, editable: bool = True, right: bool = False, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tip:
        item.setToolTip(tip)
    return item


def fill_table(widget: QTableWidget, rows: list[list[QTableWidgetItem]]) -> None:
    """Put each item in place, skipping those already shown as they are: a table lays itself out again for every
    item set, so a full refill after each edit would stall the window."""
    if widget.rowCount() != len(rows):
        widget.setRowCount(len(rows))
    for r, items in enumerate(rows):
        for c, item in enumerate(items):
            if not _shown_as(widget.item(r, c), item):
                widget.setItem(r, c, item)


def _shown_as(old: QTableWidgetItem | None, new: QTableWidgetItem) -> bool:
    return old is not None and old.flags() == new.flags() and all(old.data(r) == new.data(r) for r in _ROLES)


_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.UserRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
)


def check_cell(checked: bool, name: str) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}: {'yes' if checked else 'no'}")
    return item


def fill_with_split(page: QWidget, left: QWidget, right: QWidget, stretch: tuple[int, int] = (3, 2)) -> QSplitter:
    """Lay a page out as two panes side by side, edge to edge; the splitter is returned so it can be sized."""
    splitter = QSplitter()
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(splitter)
    return splitter


def save_on_ctrl_enter(page: QWidget, save: Callable[[], object]) -> None:
    """Ctrl+Enter (either Enter key) anywhere on the page saves what is being typed."""
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QShortcut(QKeySequence(keys), page)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(save)


class RefreshWhenShown(QWidget):
    """A page that redraws for a change at once while on screen, and otherwise only when next shown, so that
    a score typed on one page is not slowed by pages nobody is looking at."""

    _stale = False

    def refresh(self) -> None:
        raise NotImplementedError

    def _changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)


def line_edit(name: str, description: str, text: str = "") -> QLineEdit:
    """A text box named for assistive technology and described: what to enter, in what form and unit."""
    line = QLineEdit(text)
    line.setAccessibleName(name)
    line.setAccessibleDescription(description)
    return line


def described(widget: W, description: str, tip: bool = False) -> W:
    """The widget, with what it does (or what to enter) for a screen reader; as its tool tip too when a sighted
    user gains from it."""
    widget.setAccessibleDescription(description)
    if tip:
        widget.setToolTip(description)
    return widget


def describe_buttons(buttons: QDialogButtonBox, accept: str) -> None:
    """A dialog's buttons described: the one that accepts says what it does; Cancel and Close say they change
    nothing, and that Esc does the same."""
    for button in buttons.buttons():
        role = buttons.buttonRole(button)
        if role == QDialogButtonBox.ButtonRole.AcceptRole:
            button.setAccessibleDescription(accept)
        elif role == QDialogButtonBox.ButtonRole.RejectRole:
            closes = buttons.standardButton(button) == QDialogButtonBox.StandardButton.Close
            button.setAccessibleDescription(
                "Closes this window (Esc)" if closes else "Closes this window without saving anything (Esc)"
            )


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(f"<h2>{text}</h2>", parent)
    label.setAccessibleName(text)
    return label


def note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("note")
    return label


def buddy_labels(root: QWidget) -> None:
    """Give every form label with a shortcut (Alt+letter) a buddy: a QFormLayout row whose field is a layout (a box
    and its Browse button) makes a label without one, which shows its "&" as a literal character."""
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item is not None else None
            if (
                isinstance(label, QLabel)
                and label.buddy() is None
                and field_item is not None
                and "&" in label.text().replace("&&", "")
            ):
                target = _first_focusable(field_item)
                if target is not None:
                    label.setBuddy(target)


def _first_focusable(item: QLayoutItem | None) -> QWidget | None:
    if item is None:
        return None
    widget = item.widget()
    if widget is not None:
        return widget if widget.focusPolicy() & Qt.FocusPolicy.TabFocus else None
    layout = item.layout()
    for n in range(layout.count() if layout is not None else 0):
        found = _first_focusable(layout.itemAt(n)) if layout is not None else None
        if found is not None:
            return found
    return None
