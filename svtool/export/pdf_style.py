"""Paragraph styles, text that may run to any length, tables, and the page furniture shared by the report and the
assessment summaries (docs/reports.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from svtool.export.pdf_fonts import BOLD, FONT, draw_text, is_plain, paragraph, register_fonts
from svtool.paths import resource

NAVY = colors.HexColor("#1F4E79")
LIGHT = colors.HexColor("#DEEBF7")
RED = colors.HexColor("#C00000")
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN

Cancelled = Callable[[], bool]


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """The styles, made once (a 300-bidder report asks for them thousands of times). Do not change them."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, alignment=TA_LEFT, spaceAfter=4)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10.5),
        "note": ParagraphStyle("note", parent=body, fontSize=8, leading=10.5, leftIndent=6 * mm, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0),
        "cellbold": ParagraphStyle("cellbold", parent=body, fontName=BOLD, fontSize=8, leading=10, spaceAfter=0),
        "number": ParagraphStyle("number", parent=body, fontSize=8, leading=10, spaceAfter=0, alignment=TA_RIGHT),
        "numberbold": ParagraphStyle(
            "numberbold", parent=body, fontName=BOLD, fontSize=8, leading=10, spaceAfter=0, alignment=TA_RIGHT
        ),
        "h1": ParagraphStyle(
            "h1", parent=body, fontName=BOLD, fontSize=16, leading=20, spaceBefore=6, spaceAfter=8, textColor=NAVY
        ),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=BOLD, fontSize=12, leading=15, spaceBefore=8, spaceAfter=5, textColor=NAVY
        ),
        "h3": ParagraphStyle("h3", parent=body, fontName=BOLD, fontSize=9.5, leading=13, spaceBefore=5, spaceAfter=3),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=24, leading=30, textColor=NAVY),
        "council": ParagraphStyle("council", parent=body, fontName=BOLD, fontSize=14, leading=18, textColor=NAVY),
        "marking": ParagraphStyle("marking", parent=body, fontName=BOLD, fontSize=11, textColor=RED),
        "status": ParagraphStyle(
            "status",
            parent=body,
            fontName=BOLD,
            fontSize=11,
            leading=15,
            textColor=RED,
            borderColor=RED,
            borderWidth=1,
            borderPadding=6,
            spaceBefore=6,
            spaceAfter=12,
        ),
        "recommend": ParagraphStyle(
            "recommend",
            parent=body,
            fontName=BOLD,
            fontSize=11,
            leading=15,
            backColor=LIGHT,
            borderPadding=6,
            spaceBefore=6,
            spaceAfter=10,
        ),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: escaped, in the fonts its characters need, shaped if right to left."""
    return paragraph(text, style)


@lru_cache(maxsize=50_000)
def _lines(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    out: list[str] = []
    for part in text.split("\n"):
        out += simpleSplit(part, font, size, width) or [""]
    return tuple(out)


class TextBlock(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Plain text wrapped to the width it is given, which splits across pages at any line.

    Paragraph handles markup and every typographic nicety, and re-breaks its lines each time a table measures
    it. A report on hundreds of bidders has tens of thousands of cells, many alike (the same question titles for
    every bidder): breaking each distinct text once, and reusing the lines, keeps the export to seconds. Because
    it splits, a 5,000-word reason inside a table cell runs on over pages instead of stopping the document.
    """

    def __init__(self, text: str, style: ParagraphStyle, lines: tuple[str, ...] | None = None) -> None:
        super().__init__()
        self.text, self.style, self._given = text, style, lines
        self._split: tuple[str, ...] = lines or ()
        self.spaceAfter = style.spaceAfter
        self.leftIndent = style.leftIndent

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        if self._given is None:
            self._split = _lines(self.text, self.style.fontName, self.style.fontSize, available_width - self.leftIndent)
        self.width, self.height = available_width, len(self._split) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        # A table splitting a row passes its column's full width, having just wrapped this to the width inside
        # the padding: keep those lines, or the first part would be drawn wider than its cell.
        if not self._split:
            self.wrap(available_width, available_height)
        fit = int(available_height // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(self._split):
            return [self]
        head = TextBlock(self.text, self.style, self._split[:fit])
        head.spaceAfter = 0
        return [head, TextBlock(self.text, self.style, self._split[fit:])]

    def draw(self) -> None:
        lines = self.canv.beginText(self.leftIndent, self.height - self.style.fontSize)
        lines.setFont(self.style.fontName, self.style.fontSize, self.style.leading)
        for line in self._split:
            lines.textLine(line)
        self.canv.drawText(lines)


#: Cell padding of the report's tables, in points.
PAD_X, PAD_Y = 6, 2


class GridRow(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """One bordered table row of plain text, drawn directly.

    A bidder's working is one row per question, each its own small table so that long lists never re-measure
    (pdf_results.py); at 300 bidders that is 6,000 reportlab Tables, whose set-up costs more than their text.
    This draws the same row, the same size and lines, at a fraction of the cost. Only for text that is plain and
    short: row() falls back to a Table, which can split a tall row across pages.
    """

    def __init__(self, values: Sequence[str], widths: list[float], numeric_from: int | None, bold: bool) -> None:
        super().__init__()
        self.values, self.widths, self.numeric_from = values, widths, numeric_from
        self.font = BOLD if bold else FONT
        self.hAlign = "CENTER"  # as a Table is placed, so that rows and tables line up
        self._cells: list[tuple[str, ...]] = []

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        self._cells = [
            (value,) if self._numeric(n) else _lines(value, self.font, 8, width - 2 * PAD_X)
            for n, (value, width) in enumerate(zip(self.values, self.widths, strict=True))
        ]
        self.width = sum(self.widths)
        self.height = max(len(cell) for cell in self._cells) * 10 + 2 * PAD_Y + 1
        return self.width, self.height

    def _numeric(self, column: int) -> bool:
        return self.numeric_from is not None and column >= self.numeric_from

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.25)
        canvas.rect(0, 0, self.width, self.height)
        x = 0.0
        for n, (cell, width) in enumerate(zip(self._cells, self.widths, strict=True)):
            if n:
                canvas.line(x, 0, x, self.height)
            if self._numeric(n):
                canvas.setFont(self.font, 8)
                canvas.drawRightString(x + width - PAD_X, self.height - PAD_Y - 8, cell[0])
            else:
                lines = canvas.beginText(x + PAD_X, self.height - PAD_Y - 8)
                lines.setFont(self.font, 8, 10)
                for line in cell:
                    lines.textLine(line)
                canvas.drawText(lines)
            x += width


def row(values: Sequence[str], widths: list[float], numeric_from: int | None = None, bold: bool = False) -> Flowable:
    """One table row without a header: a GridRow where its text is plain and short, else a Table."""
    if all(is_plain(v) and _height(v, w) <= TALL_ROW for v, w in zip(values, widths, strict=True)):
        return GridRow(values, widths, numeric_from, bold)
    return table([list(values)], widths, header_rows=0, numeric_from=numeric_from, bold_rows=(0,) if bold else ())


def text(value: str, style: ParagraphStyle) -> Flowable:
    """Text of any length in a left-aligned style: the fast TextBlock where plain strings will do, else a
    Paragraph with the fonts and shaping it needs (both split across pages)."""
    if style.alignment == TA_LEFT and is_plain(value, style.fontName):
        return TextBlock(value, style)
    return para(value, style)


#: A row estimated taller than this (points) may be split inside the row; an A4 frame is about 730 points tall.
TALL_ROW = 300


def _height(value: Any, width: float) -> float:
    """A cheap estimate of a text cell's height (the cell styles' font size and leading, padding aside)."""
    if not isinstance(value, str) or len(value) < 400:
        return 0
    return len(_lines(value, FONT, 8, max(width - 4, 10))) * 10


def table(
    rows: Sequence[Sequence[Any]],
    widths: list[float],
    header_rows: int = 1,
    numeric_from: int | None = None,
    bold_rows: tuple[int, ...] = (),
    row_height: float | None = None,
) -> Table:
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
        if r >= header_rows and numeric_from is not None and n >= numeric_from and len(value) <= 16 and is_plain(value):
            return value
        return text(value, style(r, n))

    cells = [[cell(r, n, c) for n, c in enumerate(row)] for r, row in enumerate(rows)]
    heights = None if row_height is None else [None] * header_rows + [row_height] * (len(rows) - header_rows)
    # A row taller than a page (a long reason, a long declaration) is split inside the row rather than stopping
    # the build; other tables split between rows only, so a short row is never cut in two at a page's foot.
    tall = any(_height(value, width) > TALL_ROW for row in rows for value, width in zip(row, widths, strict=False))
    result = Table(
        cells,
        colWidths=widths,
        rowHeights=heights,
        repeatRows=header_rows,
        splitInRow=int(tall),
        splitByRow=int(not tall),
    )  # a tall table splits inside a row first: no header repeated mid-page
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("FONTNAME", (0, header_rows), (-1, -1), FONT),
        ("FONTSIZE", (0, header_rows), (-1, -1), 8),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), LIGHT))
    for row in bold_rows:
        commands.append(("FONTNAME", (0, row), (-1, row), BOLD))
    if numeric_from is not None:
        commands.append(("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"))
    result.setStyle(TableStyle(commands))
    return result


@dataclass(frozen=True)
class Furniture:
    """What every page carries besides its content."""

    marking: str  # the protective marking, such as OFFICIAL-SENSITIVE: COMMERCIAL
    status: str  # the DRAFT or INVALID line; empty once final
    watermark: str  # DRAFT or INVALID across the page; empty once final
    footer: tuple[str, ...]  # lines at the foot, the first beside the page number


@lru_cache(maxsize=4)
def watermark_image(word: str) -> ImageReader:
    """The word across an A4 page, pale and diagonal, as a picture: drawn as text it would be read back by every
    text extractor and screen reader in the middle of the page's sentences. Made once, embedded once."""
    from PIL import Image, ImageDraw, ImageFont  # Pillow comes with reportlab

    scale = 100 / 72  # 100 dots per inch is plenty for letters this size
    width, height = int(PAGE_WIDTH * scale), int(PAGE_HEIGHT * scale)
    font = ImageFont.truetype(str(resource("fonts/DejaVuSans-Bold.ttf")), int(110 * scale))
    left, top, right, bottom = font.getbbox(word)
    layer = Image.new("RGBA", (int(right - left) + 20, int(bottom - top) + 20), (0, 0, 0, 0))
    ImageDraw.Draw(layer).text((10 - left, 10 - top), word, font=font, fill=(192, 0, 0, 26))
    layer = layer.rotate(50, expand=True, resample=Image.Resampling.BICUBIC)
    page = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    page.alpha_composite(layer, ((width - layer.width) // 2, (height - layer.height) // 2))
    return ImageReader(page)


def numbered_canvas(furniture: Furniture) -> type[Canvas]:
    """A canvas that draws the furniture and 'Page n of m' once the page count is known."""

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
            if furniture.watermark:
                # One form holds the picture, drawn on every page: embedding it page by page hashes megabytes
                # of pixels each time, seconds for a long report.
                if not getattr(self, "_watermark_form", False):
                    self.beginForm("watermark")
                    self.drawImage(watermark_image(furniture.watermark), 0, 0, PAGE_WIDTH, PAGE_HEIGHT, mask="auto")
                    self.endForm()
                    self._watermark_form = True
                self.doForm("watermark")
            self.setFillColor(RED)
            draw_text(self, PAGE_WIDTH / 2, PAGE_HEIGHT - 9 * mm, furniture.marking, BOLD, 8, "centre")
            if furniture.status:
                draw_text(self, PAGE_WIDTH / 2, PAGE_HEIGHT - 13.5 * mm, furniture.status, BOLD, 8.5, "centre")
            self.setFillColor(colors.black)
            y = 12 * mm
            for number, line in enumerate(furniture.footer):
                draw_text(self, MARGIN, y, line, FONT, 7 if number == 0 else 6.5)
                y -= 3.5 * mm
            self.setFont(FONT, 7)
            self.drawRightString(PAGE_WIDTH - MARGIN, 12 * mm, f"Page {self._pageNumber} of {total}")

    return NumberedCanvas


def document(path: str, title: str, subject: str) -> SimpleDocTemplate:
    """An A4 document with room above and below for the furniture."""
    return SimpleDocTemplate(
        path,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="svtool",
        subject=subject,
    )
