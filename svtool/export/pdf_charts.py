"""Charts for the report, drawn with reportlab's own graphics (vector, in the PDF)."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from svtool.domain.results import BidderResult
from svtool.export.pdf_fonts import FONT, chart_label, register_fonts
from svtool.export.report_data import ReportData

#: Series colours, each 4.5:1 against white so that the white separators and the white labels in each segment read
#: (WCAG 2.2 AA; the app's svtool/ui/colours.py SERIES are the same, checked by tests/ui/test_accessibility.py).
SERIES = ("#0b5cad", "#a34700", "#1e7b34", "#7a3e9d", "#b0245a", "#4d5b6b")
PALETTE = [colors.HexColor(c) for c in SERIES]
#: A segment narrower than this many points is not labelled (its label would not fit).
LABEL_FROM = 6


def _short(name: str, limit: int = 30) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _label(chart: HorizontalBarChart, bidders: list[BidderResult]) -> None:
    """Each bar's bidder, in a font that draws the name. A chart label is one string in one font that reportlab
    cannot shape, so a name in a right-to-left script, or mixing Chinese, Japanese or Korean with other letters,
    is labelled by its bidder id (the tables beside give it in full)."""
    names = []
    for index, bidder in enumerate(bidders):
        font, name = chart_label(_short(bidder.name)) or (FONT, f"Bidder {bidder.bidder_id}")
        chart.categoryAxis.labels[index].fontName = font
        names.append(name)
    chart.categoryAxis.categoryNames = names


#: Bidders per chart: a chart for more would not fit on a page, so long lists are charted in parts.
PER_CHART = 30


def envelope_charts(data: ReportData, width: float) -> list[Drawing]:
    """Each bidder's points, stacked by envelope, best first, in parts of PER_CHART bidders."""
    bidders = list(data.results.bidders)
    return [
        envelope_chart(data, bidders[start : start + PER_CHART], width) for start in range(0, len(bidders), PER_CHART)
    ]


def envelope_chart(data: ReportData, shown: list[BidderResult], width: float) -> Drawing:
    register_fonts()
    bidders = list(reversed(shown))  # the chart draws from the bottom up
    envelopes = list(data.evaluation.envelopes)
    height = 40 + 18 * len(bidders)
    drawing = Drawing(width, height + 48)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 30
    chart.width, chart.height = width - 170, height - 10
    chart.data = [[float(b.envelope_totals[e.id]) for b in bidders] for e in envelopes]
    chart.categoryAxis.labels.fontName = FONT
    _label(chart, bidders)
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontSize = 7
    top = max(100, int(data.total_weight))  # an invalid setup's weights may add up to more than 100
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, 10
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.barWidth = 10
    for index in range(len(envelopes)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = colors.white  # a white line between segments: told apart by more than colour
        chart.bars[index].strokeWidth = 1
    # Each segment wide enough carries its envelope's initial, so the series are named where they are drawn.
    chart.barLabelArray = [
        [e.name[:1] if v >= LABEL_FROM else "" for v in values] for e, values in zip(envelopes, chart.data, strict=True)
    ]
    chart.barLabelFormat = "values"
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, 6
    chart.barLabels.fillColor = colors.white
    chart.barLabels.boxAnchor = "c"
    chart.barLabels.boxTarget = "mid"  # (in the middle of its segment, not at its end)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 150, height + 42
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName, legend.fontSize = FONT, 7
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)], f"{e.name[:1]}: {e.name} ({e.weight})") for i, e in enumerate(envelopes)
    ]
    legend.deltax = 110
    drawing.add(legend)
    return drawing


def social_value_charts(data: ReportData, width: float) -> list[Drawing]:
    bidders = list(data.results.bidders)
    charts = [
        social_value_chart(bidders[start : start + PER_CHART], width) for start in range(0, len(bidders), PER_CHART)
    ]
    return [chart for chart in charts if chart is not None]


def social_value_chart(shown: list[BidderResult], width: float) -> Drawing | None:
    """Social value offered: pounds if the evaluation counts commitments in pounds, else the committed local
    spend percentage. None if there is nothing to chart."""
    register_fonts()
    bidders = list(reversed(shown))
    if any(b.social_value_offered for b in bidders):
        values, label = [float(b.social_value_offered) for b in bidders], "Social value offered (£)"
    elif any(b.local_spend_percent is not None for b in bidders):
        values, label = [float(b.local_spend_percent or 0) for b in bidders], "Contract spend committed locally (%)"
    else:
        return None
    height = 30 + 16 * len(bidders)
    drawing = Drawing(width, height + 24)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 20
    chart.width, chart.height = width - 170, height - 10
    chart.data = [values]
    chart.categoryAxis.labels.fontName = FONT
    _label(chart, bidders)
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = PALETTE[1]
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    drawing.add(String(150, height + 14, label, fontName=FONT, fontSize=8))
    return drawing
