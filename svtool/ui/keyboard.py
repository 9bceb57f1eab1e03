"""Keyboard plumbing for the main window: Edit > Undo that means what the person is doing, and moving the focus into
a page (Ctrl+1..7). docs/screens.md describes both."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

TextBox = QLineEdit | QPlainTextEdit | QTextEdit


def _text_box() -> TextBox | None:
    """The text box with the keyboard focus, if it has typing to undo or redo."""
    focus = QApplication.focusWidget()
    if isinstance(focus, QLineEdit) and not focus.isReadOnly():
        return focus
    if isinstance(focus, (QPlainTextEdit, QTextEdit)) and not focus.isReadOnly():
        return focus
    return None


def _can(box: TextBox, redo: bool) -> bool:
    if isinstance(box, QLineEdit):
        return box.isRedoAvailable() if redo else box.isUndoAvailable()
    document = box.document()
    return document.isRedoAvailable() if redo else document.isUndoAvailable()


class EditActions(QObject):
    """Edit > Undo and Redo (Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y): in a text box with typing to undo, they undo the typing
    ("Undo typing"); anywhere else they undo the last saved change, named in the menu ("Undo score Q1 for ...").
    A window-wide Ctrl+Z once took the key from the Reason and Rationale boxes, so typing could not be undone."""

    def __init__(self, stack: QUndoStack) -> None:
        super().__init__(stack)  # (gone with the document's undo stack, its actions and shortcuts with it)
        self.stack = stack
        self.undo = QAction("&Undo", self)  # (owned here: replaced with the document, shortcuts and all)
        self.undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo = QAction("&Redo", self)
        self.redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.undo.triggered.connect(lambda _c=False: self._act(redo=False))
        self.redo.triggered.connect(lambda _c=False: self._act(redo=True))
        for action in (self.undo, self.redo):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.update)
        stack.indexChanged.connect(self.update)
        stack.cleanChanged.connect(self.update)
        self.update()

    def _act(self, redo: bool) -> None:
        box = _text_box()
        if box is not None and _can(box, redo):
            box.redo() if redo else box.undo()
        elif redo:
            self.stack.redo()
        else:
            self.stack.undo()
        self.update()

    def update(self, *_args: object) -> None:
        """Name what Undo and Redo will do now (the menu is read before it is used)."""
        if not shiboken6.isValid(self.stack):
            return
        box = _text_box()
        for action, redo, word in ((self.undo, False, "Undo"), (self.redo, True, "Redo")):
            if box is not None and _can(box, redo):
                action.setText(f"&{word} typing")
                action.setEnabled(True)
                continue
            can = self.stack.canRedo() if redo else self.stack.canUndo()
            what = self.stack.redoText() if redo else self.stack.undoText()
            action.setText(f"&{word} {what}" if can and what else f"&{word}")
            action.setEnabled(can)


def focus_into(page: QWidget) -> QWidget | None:
    """Put the keyboard focus in a page: its first grid or list if it has one, else its first control that takes
    Tab (Ctrl+1..7 only changed the page, leaving the focus in the navigation)."""
    chain: list[QWidget] = []
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page and len(chain) < 2000:
        if (
            page.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    target = next((w for w in chain if isinstance(w, QAbstractItemView)), chain[0] if chain else None)
    if target is not None:
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
    return target
