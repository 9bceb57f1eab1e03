"""Small pieces the pages share: reading numbers as people type them, and tables filled without side effects."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QWidget


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
    return "" if value is None else f"£{value:,.2f}"


@contextmanager
def quiet(*objects: QObject) -> Iterator[None]:
    """Fill widgets from the document without their change signals writing it straight back."""
    previous = [o.blockSignals(True) for o in objects]
    try:
        yield
    finally:
        for o, was in zip(objects, previous, strict=True):
            o.blockSignals(was)


def table(headers: Sequence[str], name: str, stretch: int | None = None) -> QTableWidget:
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(list(headers))
    widget.setAccessibleName(name)
    widget.verticalHeader().setVisible(False)
    widget.setAlternatingRowColors(True)
    widget.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    header = widget.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
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


def check_cell(checked: bool, name: str) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}: {'yes' if checked else 'no'}")
    return item


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(f"<h2>{text}</h2>", parent)
    label.setAccessibleName(text)
    return label


def note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("note")
    return label
