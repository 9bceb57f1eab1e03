"""The window's size and the pages' layout: a first window that fits the screen it opens on (council laptops are
often 1366x768 at 125-150% scaling), and the splitters and column widths a person set, remembered in QSettings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSplitter, QTableView, QTreeView, QWidget

#: The size the window would like, in logical pixels: shrunk to the screen when that is smaller.
PREFERRED = QSize(1280, 800)
#: Room left for the window's frame and title bar, which availableGeometry() does not include.
FRAME = QSize(16, 48)


def available(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, preferred: QSize = PREFERRED) -> None:
    """Size the window to what it would like, or to the screen's free area if smaller, and centre it there."""
    area = available(window)
    size = preferred.boundedTo(area.size() - FRAME)
    window.resize(size)
    frame = QRect(area.topLeft(), size)
    frame.moveCenter(area.center())
    window.move(frame.topLeft())


def fits(window: QWidget) -> bool:
    """The whole window is on the screen's free area (the status bar, where "Saved" appears, included)."""
    return available(window).contains(window.frameGeometry())


def restore_window(window: QWidget, key: str) -> None:
    """The size and place remembered, if they still fit this screen (a laptop undocked from a large monitor would
    otherwise open a window larger than its screen); else a window fitted to the screen."""
    fit_to_screen(window)
    geometry = QSettings().value(key)
    if isinstance(geometry, QByteArray) and window.restoreGeometry(geometry):
        area, shown = available(window), window.geometry()
        # (Qt moves a restored window onto the screen, but keeps a size that leaves no room for its frame)
        if (
            not area.contains(shown)
            or shown.width() > area.width() - FRAME.width()
            or shown.height() > area.height() - FRAME.height()
        ):
            fit_to_screen(window)


def _views(page: QWidget) -> list[tuple[str, QHeaderView]]:
    """Each grid's column header on a page, named by the grid's accessible name (stable across runs)."""
    found: list[tuple[str, QHeaderView]] = []
    for view in page.findChildren(QAbstractItemView):
        if isinstance(view, QTableView):
            found.append((view.accessibleName(), view.horizontalHeader()))
        elif isinstance(view, QTreeView):
            found.append((view.accessibleName(), view.header()))
    return [(name, header) for name, header in found if name]


def _label(header: QHeaderView, section: int) -> str:
    model = header.model()
    return str(model.headerData(section, header.orientation())) if model is not None else str(section)


def save_page(page: QWidget, name: str) -> None:
    """Remember the page's splitters and the widths of columns a person can resize (by column title, so a column
    keeps its width when an evaluation has other envelopes or questions)."""
    settings = QSettings()
    for n, splitter in enumerate(page.findChildren(QSplitter)):
        settings.setValue(f"layout/{name}/splitter{n}", splitter.saveState())
    for view, header in _views(page):
        widths = {
            _label(header, s): header.sectionSize(s)
            for s in range(header.count())
            if header.sectionResizeMode(s) is QHeaderView.ResizeMode.Interactive and not header.isSectionHidden(s)
        }
        if widths:
            settings.setValue(f"layout/{name}/columns/{view}", widths)


def restore_page(page: QWidget, name: str) -> None:
    """Put back what save_page remembered; a grid's remembered widths come back after each time it is refilled."""
    settings = QSettings()
    for n, splitter in enumerate(page.findChildren(QSplitter)):
        state = settings.value(f"layout/{name}/splitter{n}")
        if isinstance(state, QByteArray):
            splitter.restoreState(state)
    for view, header in _views(page):
        widths: Any = settings.value(f"layout/{name}/columns/{view}")
        if isinstance(widths, dict) and widths:
            remembered = {str(k): int(v) for k, v in widths.items()}
            _apply(header, remembered)
            model = header.model()
            if model is not None:  # (after the grid sized itself to the new contents)
                model.modelReset.connect(lambda h=header, w=remembered: _apply(h, w))


def _apply(header: QHeaderView, widths: dict[str, int]) -> None:
    for section in range(header.count()):
        width = widths.get(_label(header, section))
        if width and header.sectionResizeMode(section) is QHeaderView.ResizeMode.Interactive:
            header.resizeSection(section, max(width, header.minimumSectionSize()))
