"""Fonts, paragraph styles and page furniture shared by the report and the assessment summaries."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from html import escape
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from svtool.paths import resource

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
NAVY = colors.HexColor("#1F4E79")
LIGHT = colors.HexColor("#DEEBF7")
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm


def register_fonts() -> None:
    """Embed DejaVu Sans (shipped in resources/fonts) so £, accents and any bidder's name render."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts/DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(BOLD, str(resource("fonts/DejaVuSans-Bold.ttf"))))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, alignment=TA_LEFT, spaceAfter=4)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10.5),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0),
        "cellbold": ParagraphStyle("cellbold", parent=body, fontName=BOLD, fontSize=8, leading=10, spaceAfter=0),
        "number": ParagraphStyle("number", parent=body, fontSize=8, leading=10, spaceAfter=0, alignment=TA_RIGHT),
        "numberbold": ParagraphStyle("numberbold", parent=body, fontName=BOLD, fontSize=8, leading=10, spaceAfter=0,
                                     alignment=TA_RIGHT),
        "h1": ParagraphStyle("h1", parent=body, fontName=BOLD, fontSize=16, leading=20, spaceBefore=6,
                             spaceAfter=8, textColor=NAVY),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=12, leading=15, spaceBefore=8,
                             spaceAfter=5, textColor=NAVY),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=24, leading=30, textColor=NAVY),
        "marking": ParagraphStyle("marking", parent=body, fontName=BOLD, fontSize=11, textColor=colors.red),
        "recommend": ParagraphStyle("recommend", parent=body, fontName=BOLD, fontSize=11, leading=15,
                                    backColor=LIGHT, borderPadding=6, spaceBefore=6, spaceAfter=10),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: a bidder called 'A & B <Ltd>' prints as written)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


@lru_cache(maxsize=50_000)
def _lines(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    out: list[str] = []
    for paragraph in text.split("\n"):
        out += simpleSplit(paragraph, font, size, width) or [""]
    return tuple(out)


class TextBlock(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Plain text in a table cell, wrapped to the cell's width.

    Paragraph handles markup and every typographic nicety, and re-breaks its lines each time a table measures
    it. A report on hundreds of bidders has tens of thousands of cells, many alike (the same question titles for
    every bidder): breaking each distinct text once, and reusing the lines, keeps the export to seconds.
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style
        self._split: tuple[str, ...] = ()

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self._split = _lines(self.text, self.style.fontName, self.style.fontSize, available_width)
        self.width, self.height = available_width, len(self._split) * self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.style.fontName, self.style.fontSize)
        y = self.height - self.style.fontSize
        for line in self._split:
            canvas.drawString(0, y, line)
            y -= self.style.leading


def table(rows: list[list[Any]], widths: list[float], header_rows: int = 1, numeric_from: int | None = None,
          bold_rows: tuple[int, ...] = ()) -> Table:
    st = styles()

    def style(r: int, c: int) -> ParagraphStyle:
        bold = r < header_rows or r in bold_rows
        if numeric_from is not None and c >= numeric_from:
            return st["numberbold"] if bold else st["number"]
        return st["cellbold"] if bold else st["cell"]

    def cell(r: int, n: int, value: Any) -> Any:
        # A short figure is drawn as a plain string, styled by the table: measured once, never wrapped. Laying
        # out hundreds of bidders, a Paragraph in every cell costs seconds of repeated line breaking.
        if not isinstance(value, str):
            return value
        if r >= header_rows and numeric_from is not None and n >= numeric_from and len(value) <= 16:
            return value
        chosen = style(r, n)
        return TextBlock(value, chosen) if chosen.alignment == TA_LEFT else para(value, chosen)

    cells = [[cell(r, n, c) for n, c in enumerate(row)] for r, row in enumerate(rows)]
    result = Table(cells, colWidths=widths, repeatRows=header_rows)
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("FONTNAME", (0, header_rows), (-1, -1), FONT), ("FONTSIZE", (0, header_rows), (-1, -1), 8),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), LIGHT))
    for row in bold_rows:
        commands.append(("FONTNAME", (0, row), (-1, row), BOLD))
    if numeric_from is not None:
        commands.append(("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"))
    result.setStyle(TableStyle(commands))
    return result


def numbered_canvas(header: str, footer: str) -> type[Canvas]:
    """A canvas that draws the header, the footer and 'Page n of m' once the page count is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            register_fonts()
            self.setFont(BOLD, 8)
            self.setFillColor(colors.red)
            self.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 10 * mm, header)
            self.setFillColor(colors.black)
            self.setFont(FONT, 7.5)
            self.drawString(MARGIN, 10 * mm, footer)
            self.drawRightString(PAGE_WIDTH - MARGIN, 10 * mm, f"Page {self._pageNumber} of {total}")

    return NumberedCanvas


Cancelled = Callable[[], bool]
