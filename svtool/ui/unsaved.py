"""Typing that is not saved yet is never dropped without a word: leaving it (another cell, another page, closing
the window) asks whether to save it, discard it, or go back to it.

Asking, rather than keeping a silent draft, because a score is only on the record once saved with its reason
(docs/panel.md): a draft kept in memory would look saved, and would be lost when the window closed anyway."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    STAY = "stay"


def question(parent: QWidget | None, what: str) -> tuple[QMessageBox, dict[QAbstractButton, Choice]]:
    """The box that asks, and the choice each of its buttons makes; each button says what it does to a screen
    reader (docs/screens.md)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Not saved yet", f"{what} is not saved yet.", parent=parent)
    box.setInformativeText("Save it now, discard what was typed, or go back to it?")
    save = box.addButton("&Save", QMessageBox.ButtonRole.AcceptRole)
    save.setAccessibleDescription("Saves what you typed, then goes on where you were going")
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    discard.setAccessibleDescription("Throws away what you typed: what was saved before stays as it was")
    stay = box.addButton("&Go back to it", QMessageBox.ButtonRole.RejectRole)
    stay.setAccessibleDescription("Returns to what you typed, still unsaved, to finish it (Esc)")
    box.setDefaultButton(save)
    box.setEscapeButton(stay)
    return box, {save: Choice.SAVE, discard: Choice.DISCARD, stay: Choice.STAY}


def ask(parent: QWidget, what: str) -> Choice:
    """Ask what to do with unsaved typing; Escape (or closing the box) goes back to it. Tests replace this."""
    box, choices = question(parent, what)
    box.exec()
    clicked = box.clickedButton()
    return choices.get(clicked, Choice.STAY) if clicked is not None else Choice.STAY
