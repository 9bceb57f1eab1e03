"""The delivery report as a workbook (docs/delivery.md), written with XlsxWriter through export/xlsx_cells.py: text
only as text, and each worked-out figure a live formula stored with svtool's value, so that a viewer that does not
calculate shows the same numbers."""

from __future__ import annotations

from pathlib import Path

from svtool.export.delivery_data import RAG_WORDS, DeliveryReport
from svtool.export.xlsx_cells import GBP, Book, cell

KPI_HEADERS = [
    "KPI id",
    "KPI",
    "Unit",
    "Owner",
    "Commitment",
    "Delivered to date",
    "Profile to date",
    "% of profile",
    "% of commitment",
    "RAG",
]


def write_delivery_xlsx(report: DeliveryReport, path: Path) -> None:
    book = Book(path)
    d = report.delivery
    kpis = book.sheet("KPIs")
    kpis.table(KPI_HEADERS, [8, 48, 8, 20, 14, 16, 16, 12, 14, 12], f"KPIs: {report.title}")
    for row, view in enumerate(report.kpis(), start=1):
        k, now = view.kpi, view.now
        pounds = {"num_format": GBP} if k.unit == "GBP" else {}  # the one money format (export/xlsx_cells.py)
        kpis.text(row, 0, k.id)
        kpis.text(row, 1, k.title)
        kpis.text(row, 2, k.unit)
        kpis.text(row, 3, k.owner)
        kpis.number(row, 4, k.committed, **pounds)
        kpis.number(row, 5, now.delivered, **pounds)
        kpis.number(row, 6, now.profile, **pounds)
        if now.delivered is not None and now.profile:
            kpis.formula(row, 7, f"=100*{cell(row, 5)}/{cell(row, 6)}", now.of_profile, num_format="0.0")
        if now.delivered is not None and k.committed:
            kpis.formula(row, 8, f"=100*{cell(row, 5)}/{cell(row, 4)}", now.of_commitment, num_format="0.0")
        kpis.text(row, 9, RAG_WORDS[now.rag])
    returns = book.sheet("Returns")
    returns.table(
        ["Period", "KPI id", "Profile", "Delivered", "Evidence", "Contract spend (£)"],
        [10, 8, 12, 12, 60, 16],
        "Returns",
    )
    row = 1
    labels = d.contract.labels
    for period in d.reported():
        for k in d.kpis:
            found = d.figure(k.id, period)
            returns.text(row, 0, period)
            returns.text(row, 1, k.id)
            pounds = {"num_format": GBP} if k.unit == "GBP" else {}
            returns.number(row, 2, k.profile[labels.index(period)], **pounds)
            returns.number(row, 3, found.delivered if found else None, **pounds)
            returns.text(row, 4, found.evidence if found else "")
            returns.number(row, 5, d.spend(period), num_format=GBP)
            row += 1
    ratings = book.sheet("Ratings")
    ratings.table(
        ["Year to", "KPI id", "Rating", "Reasons", "Rated by", "Rated at"], [10, 8, 22, 70, 10, 22], "Ratings"
    )
    for row, r in enumerate(d.ratings, start=1):
        for col, value in enumerate((r.assessment, r.kpi_id, r.rating.value, r.reason, r.rated_by, r.rated_at)):
            ratings.text(row, col, value)
    shortfalls = book.sheet("Shortfalls")
    shortfalls.table(
        ["Period", "KPI id", "Explanation", "Agreed action", "Follow-up", "State"],
        [10, 8, 50, 50, 50, 10],
        "Shortfalls",
    )
    for row, s in enumerate(d.shortfalls, start=1):
        for col, value in enumerate(
            (s.period, s.kpi_id, s.explanation, s.action, s.follow_up, "closed" if s.closed else "open")
        ):
            shortfalls.text(row, col, value)
    book.close()
