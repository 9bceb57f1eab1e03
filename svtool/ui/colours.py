"""Every colour the app draws with, in one place, chosen for WCAG 2.2 AA (docs/screens.md): text at least 4.5:1
against what it sits on, and cell markings, focus rings and chart series at least 3:1 against their neighbours.
tests/ui/test_accessibility.py computes each ratio from these constants and resources/style.qss."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

WHITE, TEXT = "#ffffff", "#1a1a1a"
#: Every other row of a grid; the markings below keep 3:1 against it as well as against white.
ALTERNATE = "#f5f5f5"
#: Selected rows and cells, with white text (Fusion's #308cc6 gave 3.5:1).
SELECTION, SELECTED_TEXT = "#0b5cad", "#ffffff"
#: Answers not yet scored (Scoring) and evaluators far apart (Moderation): dark text on a mid tone, so the cell
#: stands out from white and grey rows by 3:1 and its text still reads at 4.5:1. A tooltip says what each means.
UNSCORED, DIVERGENT = "#b4820a", "#cf6b63"
#: The focus ring drawn round grids and text boxes.
FOCUS = "#0b5cad"
#: Chart series in envelope order: each 4.5:1 against white (so white separators and labels read on them), and
#: told apart by a fill pattern as well as by colour (envelope_chart.PATTERNS).
SERIES = ("#0b5cad", "#a34700", "#1e7b34", "#7a3e9d", "#b0245a", "#4d5b6b")


def luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour written #rrggbb."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG 2.2 contrast ratio, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def apply_palette(app: QApplication) -> None:
    """The grid colours every style uses: selection and alternate rows (the stylesheet cannot set the palette)."""
    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(SELECTION))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor(SELECTED_TEXT))
        palette.setColor(group, QPalette.ColorRole.AlternateBase, QColor(ALTERNATE))
        palette.setColor(group, QPalette.ColorRole.Base, QColor(WHITE))
    app.setPalette(palette)
