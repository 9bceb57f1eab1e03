"""Assessment summaries (Procurement Act 2023 s.50): one PDF per bidder, with its own scores and the reasons
for them beside the winning bid's, and nothing about any other bidder."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from svtool.domain.numbers import money, percent, show
from svtool.domain.results import BidderResult
from svtool.export.pdf import CONTENT_WIDTH
from svtool.export.pdf_style import MARGIN, PAGE_WIDTH, Cancelled, numbered_canvas, para, styles, table
from svtool.export.report_data import ExportCancelled, ReportData


def summary_file_name(bidder: BidderResult) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", bidder.name).strip("-") or bidder.bidder_id
    return f"assessment-summary-{slug}.pdf"


def write_summaries(data: ReportData, folder: Path, cancelled: Cancelled = lambda: False) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for bidder in data.results.bidders:
        if cancelled():
            raise ExportCancelled
        path = folder / summary_file_name(bidder)
        write_summary(data, bidder, path)
        written.append(path)
    return written


FORMULA_WORDS = {
    "lowest price": "scored against the lowest price tendered",
    "mean price": "scored against the mean of the prices tendered",
    "range price": "scored against the range of prices tendered",
    "social value relative to best": "scored against the best social value offer",
    "social value against contract value": "scored as a share of the contract value against the target",
    "percentage to target": "scored against the target",
    "percentage relative to best": "scored against the best commitment",
    "pass or fail": "scored pass or fail against the target",
    "accredited": "full marks for accreditation as a Living Wage Employer",
}


def _working(result: Any, names: dict[str, str], own: bool) -> str:
    """The reasons for a score, without any other tender's figures (s.50: no one else's confidential detail).

    Scale questions show the panel's scores and reasons. Relative formulas show only the share earned: the
    reference they compare against (the lowest price, the best offer) would disclose another tender.
    """
    if result.formula.startswith("scale"):
        return f"{result.explain(names)}\n{_reasons(result, names)}"
    if result.contribution is None:
        return "Not scored: the tender was excluded."
    text = (f"{FORMULA_WORDS.get(result.formula, result.formula).capitalize()}: {show(result.share * 100)}% of "
            f"{show(result.weight)} = {show(result.contribution)} points.")
    if own and result.raw is not None:
        figure = money(result.raw) if "price" in result.formula or "value" in result.formula else percent(result.raw)
        text += f" Your tender: {figure}."
    return text


def _reasons(result: Any, names: dict[str, str]) -> str:
    lines = []
    for stage in result.stages:
        if stage.moderation is not None:
            lines.append(f"{names.get(stage.stage_id, stage.stage_id)}: {stage.moderation.rationale}")
        elif stage.scores:
            lines.append(f"{names.get(stage.stage_id, stage.stage_id)}: "
                         + " | ".join(s.reason for s in stage.scores))
    return "\n".join(lines)


def write_summary(data: ReportData, bidder: BidderResult, path: Path) -> None:
    st, e = styles(), data.evaluation
    names = data.stage_names()
    winner = data.results.winner
    is_winner = winner is not None and winner.bidder_id == bidder.bidder_id
    story: list[Any] = [para(f"Assessment summary: {bidder.name}", st["h1"]),
                        para(f"{e.title}" + (f" ({e.reference})" if e.reference else ""), st["h2"])]
    if is_winner:
        story.append(para(f"Your tender scored {show(bidder.total)} points out of 100 and was the most advantageous "
                          "tender. The contracting authority intends to award the contract to you.", st["body"]))
    elif bidder.excluded:
        story.append(para("Your tender did not meet a minimum standard and was not evaluated further: "
                          + " ".join(bidder.exclusion_reasons), st["body"]))
    else:
        story.append(para(f"Your tender scored {show(bidder.total)} points out of 100. The most advantageous tender, "
                          f"from {winner.name if winner else 'another bidder'}, scored "
                          f"{show(winner.total) if winner else '–'}.", st["body"]))
    story.append(para("The table shows, for each question, your score and the reasons for it"
                      + ("" if is_winner or winner is None else ", beside the winning tender's points and the reasons "
                         "for them")
                      + ". It contains no information about any other tender.", st["body"]))
    headers = ["Question", "Weight", "Your points", "Your score and the reasons for it"]
    if winner is not None and not is_winner:
        headers += ["Winner's points", "The winning score and the reasons for it"]
    rows: list[list[Any]] = [headers]
    for question in e.questions:
        mine = bidder.questions[question.id]
        row = [f"{question.id} {question.title}", show(question.weight),
               "–" if mine.contribution is None else show(mine.contribution), _working(mine, names, own=True)]
        if winner is not None and not is_winner:
            theirs = winner.questions[question.id]
            row += ["–" if theirs.contribution is None else show(theirs.contribution),
                    _working(theirs, names, own=False)]
        rows.append(row)
    total_row = ["Total", "100.00", show(bidder.total), ""]
    if winner is not None and not is_winner:
        total_row += [show(winner.total), ""]
        widths = [27 * mm, 16 * mm, 16 * mm, (CONTENT_WIDTH - 79 * mm) / 2, 20 * mm, (CONTENT_WIDTH - 79 * mm) / 2]
    else:
        widths = [40 * mm, 15 * mm, 18 * mm, CONTENT_WIDTH - 73 * mm]
    rows.append(total_row)
    story += [table(rows, widths, bold_rows=(len(rows) - 1,)), Spacer(1, 5 * mm),
              para("Scores are rounded to 2 decimal places. The standstill period and how to raise questions about "
                   "this decision are set out in the covering letter.", st["small"])]
    footer = f"Assessment summary for {bidder.name}. {data.generated}."
    document = SimpleDocTemplate(str(path), pagesize=(PAGE_WIDTH, 297 * mm), leftMargin=MARGIN, rightMargin=MARGIN,
                                 topMargin=18 * mm, bottomMargin=18 * mm, title=f"Assessment summary: {bidder.name}",
                                 author="svtool")
    document.build(story, canvasmaker=numbered_canvas(data.marking, footer))
