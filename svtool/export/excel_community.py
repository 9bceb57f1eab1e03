"""The workbook's Community wealth sheet (docs/community-wealth.md): a row per bidder with its postcode, district,
whether it is local, its kinds of organisation, committed local spend and the recommended value it takes; then
the shares against the targets, as COUNTIF/SUMIF formulas over those rows, each stored with the engine's figure;
then the Real Living Wage rate applied, with its date, region and source, and any reservation."""

from __future__ import annotations

from svtool.domain import reserved
from svtool.domain.community_wealth import LABELS, living_wage_citation, recommended_value, shares
from svtool.domain.postcodes import PostcodeError, attributes_of, local_status, parse_postcode
from svtool.export.report_data import ReportData
from svtool.export.xlsx_cells import GBP, PERCENT_NUMBER, Sheet, cell, column

HEADERS = [
    "Bidder",
    "Postcode",
    "District",
    "Why local or not",
    *[label for _a, label in LABELS],
    "Local spend committed (%)",
    "Recommended",
    "Recommended value (£)",
]
FIRST_KIND = 4  # the column of the first kind of organisation


def _district(postcode: str) -> str:
    try:
        return parse_postcode(postcode).outward
    except PostcodeError:
        return ""


def community_sheet(sheet: Sheet, data: ReportData) -> None:
    e, results = data.evaluation, data.results
    sheet.table(HEADERS, [30, 11, 9, 36, 8, 8, 12, 12, 8, 14, 12, 16], f"{e.title}: community wealth building")
    bidders = {b.id: b for b in e.bidders}
    winner = results.winner
    value = recommended_value(e, results)
    value_col, recommended_col = len(HEADERS) - 1, len(HEADERS) - 2
    row = 0
    for result in results.bidders:
        row += 1
        bidder = bidders[result.bidder_id]
        found = attributes_of(bidder, e.local_boundary)
        sheet.text(row, 0, result.name)
        sheet.text(row, 1, bidder.postcode)
        sheet.text(row, 2, _district(bidder.postcode))
        sheet.text(row, 3, local_status(bidder, e.local_boundary).why)
        for offset, (attribute, _label) in enumerate(LABELS):
            sheet.text(row, FIRST_KIND + offset, "yes" if attribute in found else "no")
        sheet.number(row, FIRST_KIND + len(LABELS), result.local_spend_percent, num_format=PERCENT_NUMBER)
        chosen = winner is not None and winner.bidder_id == result.bidder_id
        sheet.text(row, recommended_col, "yes" if chosen else "no")
        sheet.number(row, value_col, value if chosen else 0, num_format=GBP)
    last = row + 1  # the last bidder row, as the sheet numbers it
    row += 2
    sheet.text(row, 0, "Shares against the targets", bold=True, font_size=12)
    row += 1
    for col, header in enumerate(
        [
            "Organisation",
            "Bidders",
            "Share of bidders (%)",
            "Recommended value (£)",
            "Share of recommended value (%)",
            "Target (%)",
            "Met",
        ]
    ):
        sheet.text(row, col, header, bold=True)
    values = f"${column(value_col)}$2:${column(value_col)}${last}"
    for offset, share in enumerate(shares(e, results)):
        row += 1
        kinds = f"${column(FIRST_KIND + offset)}$2:${column(FIRST_KIND + offset)}${last}"
        sheet.text(row, 0, share.label)
        sheet.formula(row, 1, f'=COUNTIF({kinds},"yes")', share.bidders)
        sheet.formula(
            row,
            2,
            f"=IF(COUNTA($A$2:$A${last})=0,0,{cell(row, 1)}*100/COUNTA($A$2:$A${last}))",
            share.bidder_percent,
            num_format=PERCENT_NUMBER,
        )
        sheet.formula(row, 3, f'=SUMIF({kinds},"yes",{values})', share.value, num_format=GBP)
        if value:
            sheet.formula(row, 4, f"={cell(row, 3)}*100/SUM({values})", share.value_percent, num_format=PERCENT_NUMBER)
        else:
            sheet.text(row, 4, "no recommendation")
        sheet.number(row, 5, share.target, num_format=PERCENT_NUMBER)
        sheet.text(row, 6, {True: "yes", False: "no", None: ""}[share.met])
    row += 2
    for label, text in (
        ("Local boundary", ", ".join(e.local_boundary) or "none set"),
        ("Real Living Wage applied", living_wage_citation(e) or "none set"),
        ("Reserved contract", reserved.rule(e.reservation) or "not reserved"),
    ):
        sheet.text(row, 0, label, bold=True)
        sheet.text(row, 1, text)
        row += 1
