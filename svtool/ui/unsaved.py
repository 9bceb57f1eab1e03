"""Typing that is not saved yet is never dropped without a word: leaving it (another cell, another page, closing
the window) asks whether to save it, discard it, or go back to it.

Asking, rather than keeping a silent draft, because a score is only on the record once saved with its reason
(docs/panel.md): a draft kept in memory would look saved, and would be lost when the window closed anyway."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    STAY = "stay"


def ask(parent: QWidget, what: str) -> Choice:
    """Ask what to do with unsaved typing; Escape (or closing the box) goes back to it. Tests replace this."""
    box = QMessageBox(QMessageBox.Icon.Question, "Not saved yet", f"{what} is not saved yet.", parent=parent)
    box.setInformativeText("Save it now, discard what was typed, or go back to it?")
    save = box.addButton("&Save", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton("&Go back to it", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(stay)
    box.exec()
    clicked = box.clickedButton()
    return Choice.SAVE if clicked is save else Choice.DISCARD if clicked is discard else Choice.STAY
