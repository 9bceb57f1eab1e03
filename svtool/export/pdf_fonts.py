"""Which bundled font draws each character of a report, and what happens to those none can draw (docs/reports.md).

DejaVu Sans draws Latin, Greek, Cyrillic, Arabic, Hebrew and most symbols; Droid Sans Fallback draws Chinese,
Japanese and Korean. Both ship in resources/fonts, found as every other resource is (svtool/paths.py), so a
checkout, a pip install and a PyInstaller build print the same. A character neither font has (most emoji) prints
as PLACEHOLDER, never as a blank. Arabic and Hebrew are shaped and set right to left by HarfBuzz (uharfbuzz)
through reportlab's Paragraph shaping; text that needs neither a second font nor shaping takes the fast path of
plain strings, which is nearly all of it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from svtool.paths import resource

FONT, BOLD, CJK = "DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"
#: Drawn for a character no bundled font has (U+25A1 WHITE SQUARE, in DejaVu Sans): visibly "something here".
PLACEHOLDER = "\u25a1"
#: Scripts that join or run right to left and so must be shaped: Hebrew, Arabic, Syriac, Thaana, N'Ko and the
#: Arabic and Hebrew presentation forms.
_SHAPED = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def register_fonts() -> None:
    """Embed the bundled fonts once per process (reportlab keeps a global registry)."""
    if CJK in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts/DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resource("fonts/DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    pdfmetrics.registerFont(TTFont(CJK, str(resource("fonts/DroidSansFallback.ttf"))))
    pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)  # it has no bold


@lru_cache(maxsize=8)
def _covers(font: str) -> frozenset[int]:
    """The characters `font` draws, within Unicode's basic plane: reportlab writes the text-extraction map of a
    character beyond it (an emoji) wrongly, so such a character, even one DejaVu has, prints as the placeholder
    rather than as something that copies out as garbage."""
    register_fonts()
    return frozenset(code for code in pdfmetrics.getFont(font).face.charToGlyph if code <= 0xFFFF)


@lru_cache(maxsize=100_000)
def is_plain(text: str, font: str = FONT) -> bool:
    """True if `font` draws every character and nothing needs shaping: a plain string will do."""
    if text.isascii():
        return True
    covered = _covers(font)
    return not _SHAPED.search(text) and all(ord(c) in covered or c == "\n" for c in text)


def needs_shaping(text: str) -> bool:
    return bool(_SHAPED.search(text))


def runs(text: str, font: str = FONT) -> list[tuple[str, str]]:
    """The text as (font, characters) runs: `font` where it has the character, else the CJK font, else the
    placeholder in `font`. Spaces and line breaks stay in the run they are in; variation selectors, which only
    pick an emoji's colour style, are dropped."""
    main, cjk = _covers(font), _covers(CJK)
    out: list[tuple[str, str]] = []
    for char in text:
        code = ord(char)
        if 0xFE00 <= code <= 0xFE0F and code not in main:
            continue
        if out and (char in "\n\t" or (char.isspace() and code in _covers(out[-1][0]))):
            chosen = out[-1][0]
        elif code in main or char in "\n\t":
            chosen = font
        elif code in cjk:
            chosen = CJK
        else:
            chosen, char = font, PLACEHOLDER
        if out and out[-1][0] == chosen:
            out[-1] = (chosen, out[-1][1] + char)
        else:
            out.append((chosen, char))
    return out


@lru_cache(maxsize=20_000)
def markup(text: str, font: str = FONT) -> str:
    """Paragraph markup for plain text: escaped (a bidder called 'A & B <Ltd>' prints as written), with runs the
    main font lacks set in the CJK font, and line breaks kept."""
    if is_plain(text, font):
        return escape(text).replace("\n", "<br/>")
    parts = [
        escape(chars) if chosen == font else f'<font name="{chosen}">{escape(chars)}</font>'
        for chosen, chars in runs(text, font)
    ]
    return "".join(parts).replace("\n", "<br/>")


@lru_cache(maxsize=64)
def shaped(style: ParagraphStyle) -> ParagraphStyle:
    """The same style with HarfBuzz shaping on, for text in a right-to-left script."""
    return ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text in `style`, with the fonts and shaping its characters need."""
    return Paragraph(markup(text, style.fontName), shaped(style) if needs_shaping(text) else style)


def chart_label(text: str, font: str = FONT) -> tuple[str, str] | None:
    """(font, text) for a chart label, which is one string in one font and cannot be shaped: the main font or the
    CJK font if either draws every character that any bundled font has (the rest print as the placeholder), or
    None if the text needs both fonts or shaping (the caller labels it otherwise)."""
    if needs_shaping(text):
        return None
    main, cjk = _covers(font), _covers(CJK)
    drawable = [c for c in text if ord(c) in main or ord(c) in cjk]
    for chosen, covered in ((font, main), (CJK, cjk)):
        if all(ord(c) in covered or c.isspace() for c in drawable):
            return chosen, "".join(c if ord(c) in covered or c.isspace() else PLACEHOLDER for c in text)
    return None


def draw_text(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, align: str = "left") -> None:
    """One line on the page furniture (headers, footers, watermarks): a plain string where it can be, else a
    Paragraph drawn at the same place so that a title in Chinese or Arabic prints as it does in the body."""
    if is_plain(text, font):
        draw = {"left": canvas.drawString, "centre": canvas.drawCentredString, "right": canvas.drawRightString}
        canvas.setFont(font, size)
        draw[align](x, y, text)
        return
    style = ParagraphStyle("furniture", fontName=font, fontSize=size, leading=size * 1.2)
    line = paragraph(text, style)
    line.wrap(10_000, size * 3)
    width = max(line.getActualLineWidths0() or [0])
    left = {"left": x, "centre": x - width / 2, "right": x - width}[align]
    line.drawOn(canvas, left, y - size * 0.25)
