"""The report's procedure, timetable and budget: what the evaluation file records about them, and plainly what it
does not (docs/reports.md)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak

from svtool.domain.numbers import money, percent
from svtool.domain.results import BidderResult
from svtool.domain.standstill import OutsideCalendar, standstill_end
from svtool.export.pdf_panel import moderation_entries
from svtool.export.pdf_style import CONTENT_WIDTH, Cancelled, para, styles, table
from svtool.export.report_data import ReportData, Standstill


def long_date(day: Any) -> str:
    return f"{day.day} {day:%B %Y}"


def _span(dates: list[str]) -> str:
    """'3 September 2026' or '3 to 18 September 2026', from ISO dates or timestamps."""
    days = sorted({d[:10] for d in dates if d})
    if not days:
        return ""
    return days[0] if len(days) == 1 else f"{days[0]} to {days[-1]}"


def standstill_words(data: ReportData) -> str:
    """The standstill period as the report and the summaries state it."""
    rule = data.settings.standstill
    if rule is Standstill.NONE:
        return (
            "This is a light touch contract: the mandatory standstill period (Procurement Act 2023 s.51) does "
            "not apply, and no voluntary standstill period has been set."
        )
    notice = data.notice_date
    when = (
        "the day this document was produced"
        if data.settings.notice_date is None
        else "the day the contract award notice is to be published"
    )
    try:
        end = f"it ends at the end of {long_date(standstill_end(notice))}"
    except OutsideCalendar:
        end = "its end date will be confirmed separately (svtool's bank holiday table does not cover that year)"
    period = (
        "eight working days beginning with the day the contract award notice is published, not counting "
        "weekends or bank holidays in England and Wales"
    )
    if rule is Standstill.VOLUNTARY:
        return (
            f"This is a light touch contract, to which the mandatory standstill period (Procurement Act 2023 "
            f"s.51) does not apply; the contracting authority will nonetheless observe a voluntary standstill "
            f"period of {period}. For a notice published on {long_date(notice)} ({when}), {end}."
        )
    return (
        f"The contract will not be entered into before the end of the standstill period (Procurement Act 2023 "
        f"s.51): {period}. For a notice published on {long_date(notice)} ({when}), {end}."
    )


def _timetable(data: ReportData) -> list[list[str]]:
    e = data.evaluation
    rows = [["Step", "When", "Recorded in"]]
    if data.audit:
        rows.append(["Evaluation file created", _span([data.audit[0].at]), f"audit entry {data.audit[0].seq}"])
    declared = _span([d.declared_on for d in e.declarations])
    if declared:
        rows.append(["Conflict of interest declarations", declared, "panel declarations"])
    for stage in e.stages:
        submitted = _span([s.submitted_at for s in e.submissions if s.stage_id == stage.id])
        if submitted:
            rows.append([f"{stage.name} scores submitted", submitted, "panel submissions"])
    entries = moderation_entries(data)
    if entries:
        rows.append(["Moderation", _span([entries[0].line.at, entries[-1].line.at]), "audit trail"])
    rows.append(["This report", data.generated_on.isoformat(), f"audit entry {data.head_seq}"])
    if data.settings.standstill is not Standstill.NONE:
        try:
            end = standstill_end(data.notice_date).isoformat()
        except OutsideCalendar:
            end = "outside svtool's bank holiday table"
        rows.append(
            [
                "Contract award notice, then standstill ends",
                f"{data.notice_date.isoformat()}, {end}",
                "as entered at export" if data.settings.notice_date else "assumed: the day of this report",
            ]
        )
    return rows


def _against(price: Fraction, reference: Fraction) -> str:
    difference = (price - reference) * 100 / reference
    return f"{percent(abs(difference))} {'above' if difference > 0 else 'below'}" if difference else "equal to it"


def _budget(data: ReportData) -> list[Any]:
    st, e = styles(), data.evaluation
    contract = Fraction(e.contract_value)
    estimate = None if e.price.pre_tender_estimate is None else Fraction(e.price.pre_tender_estimate)
    priced: list[BidderResult] = [b for b in data.results.ranked if b.price is not None]
    rows = [["", "Price", "Against the contract value", "Against the pre-tender estimate"]]

    def row(label: str, price: Fraction) -> list[str]:
        return [label, money(price), _against(price, contract), _against(price, estimate) if estimate else "–"]

    leader = data.results.ranked[0] if data.results.ranked else None
    if leader is not None and leader.price is not None:
        rows.append(row(f"Ranked first: {leader.name}", leader.price))
    if priced:
        prices = [b.price for b in priced if b.price is not None]
        rows.append(row(f"Lowest of {len(prices)} compliant prices", min(prices)))
        rows.append(row("Mean of the compliant prices", sum(prices, Fraction(0)) / len(prices)))
        rows.append(row("Highest compliant price", max(prices)))
    out: list[Any] = [
        para("Budget and prices", st["h2"]),
        para(
            f"Contract value (the budget the evaluation was set up with): {money(contract)}. "
            + (
                f"Pre-tender estimate: {money(estimate)}."
                if estimate is not None
                else "No pre-tender estimate is recorded in the evaluation."
            ),
            st["body"],
        ),
    ]
    if len(rows) > 1:
        out.append(table(rows, [62 * mm, 32 * mm, 40 * mm, CONTENT_WIDTH - 134 * mm], numeric_from=1))
    return out


def procedure(data: ReportData, _: Cancelled) -> list[Any]:
    st, e, settings = styles(), data.evaluation, data.settings
    light = settings.standstill is not Standstill.MANDATORY
    lines = [
        f"Reference: {e.reference or 'not recorded'}.",
        "Procedure: "
        + ("a light touch contract (as stated at export). " if light else "")
        + (
            settings.procedure.rstrip(".") + "."
            if settings.procedure
            else "The evaluation file does not record the procurement procedure; the cabinet paper should state it."
        ),
        "Contract term: "
        + (settings.contract_term or "not recorded in the evaluation; state it in the cabinet paper")
        + ".",
    ]
    out: list[Any] = [
        CondPageBreak(60 * mm),
        para("2. Procedure, timetable and budget", st["h1"]),
        *[para(line, st["body"]) for line in lines],
        para("Timetable", st["h2"]),
        para(
            "The evaluation file holds no tender dates (publication, clarification questions, the "
            "deadline for tenders); the timetable below is what its own records show.",
            st["small"],
        ),
        table(_timetable(data), [70 * mm, 50 * mm, CONTENT_WIDTH - 120 * mm]),
        para(standstill_words(data), st["small"]),
    ]
    return out + _budget(data)
