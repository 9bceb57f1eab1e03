"""The Qt binding itself must be sound: PySide6 6.12.0 under Python 3.11 released a reference to None on every
call to a method returning nothing, so a long scoring session aborted with "deallocating None"."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem

pytestmark = pytest.mark.gui


def test_void_calls_leave_none_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = QTableWidget(10, 10)
    label = QLabel()
    qtbot.addWidget(grid)
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for n in range(2000):
        grid.setItem(n % 10, 0, QTableWidgetItem("x"))
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 100
