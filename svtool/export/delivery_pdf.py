"""The delivery report for a scrutiny committee (docs/delivery.md): the contract's KPIs delivered against what was
promised, with a chart of each over time, the community wealth building figures, the annual ratings (s.71) and
every shortfall with its agreed action and follow-up. Built from the report's own blocks (export/pdf_style.py)."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.platypus import KeepTogether, PageBreak, Spacer

from svtool.domain.delivery_notice import figure
from svtool.domain.numbers import show
from svtool.export.delivery_data import RAG_WORDS, DeliveryReport, KpiView, percent_text
from svtool.export.pdf_charts import PALETTE
from svtool.export.pdf_fonts import BOLD, FONT, register_fonts
from svtool.export.pdf_style import CONTENT_WIDTH, Furniture, document, numbered_canvas, styles, table, text

RAG_COLOURS = {
    "GREEN": colors.HexColor("#2E7D32"),
    "AMBER": colors.HexColor("#B26A00"),
    "RED": colors.HexColor("#C00000"),
}


def kpi_chart(view: KpiView, width: float = CONTENT_WIDTH, height: float = 150) -> Drawing:
    """Delivered to date against profile to date, period by period (a level KPI: its level against the target)."""
    register_fonts()
    drawing = Drawing(width, height + 30)
    periods = [p.period for p in view.points]
    chart = LinePlot()
    chart.x, chart.y, chart.width, chart.height = 45, 30, width - 60, height - 20
    profile = [(n, float(p.profile)) for n, p in enumerate(view.points)]
    delivered = [(n, float(p.delivered)) for n, p in enumerate(view.points) if p.delivered is not None]
    chart.data = [profile, delivered or [(0, 0.0)]]
    chart.lines[0].strokeColor, chart.lines[0].strokeDashArray = PALETTE[3], (3, 2)
    chart.lines[1].strokeColor, chart.lines[1].strokeWidth = PALETTE[0], 2
    chart.lines[1].symbol = makeMarker("FilledCircle", size=3)
    if not delivered:
        chart.lines[1].strokeColor = colors.white
    top = max([v for _, v in profile + delivered] + [1.0])
    chart.yValueAxis.valueMin, chart.yValueAxis.valueMax = 0, top * 1.1
    chart.xValueAxis.valueMin, chart.xValueAxis.valueMax = -0.3, max(len(periods) - 1, 1) + 0.3
    chart.xValueAxis.valueSteps = list(range(len(periods)))
    chart.xValueAxis.labelTextFormat = lambda n: periods[int(n)] if 0 <= int(n) < len(periods) else ""
    for axis in (chart.xValueAxis, chart.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize = FONT, 7
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y, legend.alignment, legend.columnMaximum = 45, height + 22, "right", 1
    legend.fontName, legend.fontSize, legend.deltax = FONT, 7, 150
    what = "level" if view.kpi.level else "to date"
    legend.colorNamePairs = [(PALETTE[3], f"Profile {what}"), (PALETTE[0], f"Delivered {what}")]
    drawing.add(legend)
    drawing.add(
        String(
            width - 5,
            height + 22,
            f"{view.kpi.id}: {RAG_WORDS[view.now.rag]}",
            fontName=BOLD,
            fontSize=8,
            textAnchor="end",
            fillColor=RAG_COLOURS.get(RAG_WORDS[view.now.rag], colors.black),
        )
    )
    return drawing


def _kpi_table(report: DeliveryReport, views: tuple[KpiView, ...]) -> Any:
    rows: list[list[str]] = [
        ["KPI", "Owner", "Target", "Delivered to date", "Profile to date", "% of profile", "% of target", "RAG"]
    ]
    for v in views:
        k = v.kpi
        rows.append(
            [
                f"{k.id} {k.title}",
                k.owner or "-",
                figure(k.committed, k.unit) + ("" if k.level else " in total"),
                figure(v.now.delivered, k.unit) if v.now.delivered is not None else "no return yet",
                figure(v.now.profile, k.unit),
                percent_text(v.now.of_profile),
                percent_text(v.now.of_commitment),
                RAG_WORDS[v.now.rag],
            ]
        )
    return table(rows, [118, 62, 58, 58, 58, 48, 48, 42], numeric_from=2)


def _wealth(report: DeliveryReport) -> Any:
    w = report.wealth()
    rows = [
        ["Figure", "To date"],
        ["Contract spend reported", figure(w.spend, "GBP")],
        ["Local spend (£)", figure(w.local_pounds, "GBP")],
        ["Local spend (% of contract spend)", percent_text(w.local_percent)],
        ["LM3 on the delivered spend", "-" if w.lm3 is None else show(w.lm3)],
        ["Real Living Wage coverage (% of workers)", percent_text(w.living_wage_percent)],
        ["Local jobs", figure(w.local_jobs, "people") if w.local_jobs is not None else "no KPI"],
        ["Apprenticeships", figure(w.apprenticeships, "people") if w.apprenticeships is not None else "no KPI"],
    ]
    return table(rows, [250, 150], numeric_from=1)


def _periods(report: DeliveryReport, view: KpiView) -> Any:
    d = report.delivery
    rows: list[list[str]] = [["Period", "Evidence", "Profile", "Delivered", "To date"]]
    for n, point in enumerate(view.points):
        found = d.figure(view.kpi.id, point.period)
        planned = view.kpi.profile[n] if n < len(view.kpi.profile) else None
        rows.append(
            [
                point.period,
                found.evidence if found else "",
                figure(planned, view.kpi.unit),
                figure(found.delivered, view.kpi.unit) if found else "no return",
                figure(point.delivered, view.kpi.unit) if point.delivered is not None else "-",
            ]
        )
    return table(rows, [45, 268, 60, 60, 60], numeric_from=2)


def build_delivery_pdf(report: DeliveryReport, path: str) -> None:
    st = styles()
    d, c = report.delivery, report.delivery.contract
    views = report.kpis()
    story: list[Any] = [
        text("Social value delivery report", st["title"]),
        Spacer(1, 6),
        text(f"{report.title}" + (f" ({report.reference})" if report.reference else ""), st["council"]),
        text(
            f"Supplier: {c.supplier}. Contract value {figure(c.value, 'GBP')}. Awarded {c.awarded_at[:10]}; "
            f"reporting by {c.frequency.value}, {c.labels[0]} to {c.labels[-1]}. Returns received: "
            f"{len(d.reported())} of {c.periods}" + (f", the latest for {report.upto}." if report.upto else "."),
            st["body"],
        ),
        text(
            f"RAG: green when delivery to date is at least {c.green_at}% of its profile, amber from {c.amber_at}%, "
            "red below. A percentage KPI is judged on its level to date, weighted by the contract spend in each "
            "period.",
            st["small"],
        ),
        text("Key performance indicators", st["h2"]),
        _kpi_table(report, views),
        text("Community wealth building", st["h2"]),
        _wealth(report),
    ]
    if report.needs:
        story += [text("Still to do", st["h2"])] + [text(f"- {n}", st["body"]) for n in report.needs]
    story.append(PageBreak())
    story.append(text("Each KPI over time", st["h2"]))
    for view in views:
        story.append(KeepTogether([text(f"{view.kpi.id} {view.kpi.title}", st["h3"]), kpi_chart(view)]))
        story.append(_periods(report, view))
    story.append(text("Annual assessments (Procurement Act 2023 s.71)", st["h2"]))
    if d.ratings:
        rows = [["Year to", "KPI", "Rating", "Reasons", "Rated"]]
        order = {k.id: n for n, k in enumerate(d.kpis)}
        rows += [
            [r.assessment, r.kpi_id, r.rating.value, r.reason, r.rated_at[:10]]
            for r in sorted(d.ratings, key=lambda r: (r.assessment, order.get(r.kpi_id, 0)))
        ]
        story.append(table(rows, [42, 28, 75, 295, 53]))
    else:
        story.append(text("No KPI has been rated yet.", st["body"]))
    story.append(text("Shortfalls and actions", st["h2"]))
    if d.shortfalls:
        rows = [["Period", "KPI", "Supplier's explanation", "Agreed action", "Follow-up", "State"]]
        rows += [
            [
                s.period,
                s.kpi_id,
                s.explanation,
                s.action,
                s.follow_up or "due at the next return",
                "closed" if s.closed else "open",
            ]
            for s in sorted(d.shortfalls, key=lambda s: s.period)
        ]
        story.append(table(rows, [42, 28, 135, 135, 115, 38]))
    else:
        story.append(text("No shortfall has been recorded.", st["body"]))
    for assessment, notice in report.notices:
        story.append(text(f"Ready to publish: the assessment for the year to {assessment}", st["h2"]))
        story += [text(line, st["small"]) if line.strip() else Spacer(1, 4) for line in notice.splitlines()]
    furniture = Furniture(
        "OFFICIAL",
        "",
        "",
        (f"{report.title}: delivery report. Taken at audit entry {report.head_seq}, hash {report.head_hash[:16]}…",),
    )
    document(path, f"Delivery report: {report.title}", "Social value delivery").build(
        story, canvasmaker=numbered_canvas(furniture)
    )
