"""The report's community wealth building part (docs/community-wealth.md): the local boundary with each bidder's
postcode district and committed local spend, the shares going to SMEs, VCSEs, co-operatives, social enterprises and
local organisations against the targets, the Real Living Wage rate applied, and any reservation. Reported, not
scored: the scoring is in the results above it."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from svtool.domain import reserved
from svtool.domain.community_wealth import living_wage_citation, recommended_value, shares
from svtool.domain.numbers import money, percent, show
from svtool.domain.postcodes import PostcodeError, local_status, parse_postcode
from svtool.export.pdf_style import CONTENT_WIDTH, Cancelled, para, styles, table
from svtool.export.report_data import ReportData

#: Bidders listed with their districts in the body; with more, the first (ranked) ones and a count.
LISTED = 12


def _district(postcode: str) -> str:
    try:
        return parse_postcode(postcode).outward
    except PostcodeError:
        return "–"


def community_wealth(data: ReportData, _: Cancelled) -> list[Any]:
    st, e, results = styles(), data.evaluation, data.results
    out: list[Any] = [para("Community wealth building (reported, not scored)", st["h2"])]
    boundary = ", ".join(e.local_boundary) if e.local_boundary else "none set"
    out.append(
        para(
            f"Local boundary (postcode districts): {boundary}. A bidder is local when its postcode's "
            "district is inside the boundary.",
            st["body"],
        )
    )
    bidders = {b.id: b for b in e.bidders}
    rows: list[list[str]] = [["Bidder", "Postcode", "District", "Local", "Local spend committed", "LM3"]]
    for result in results.bidders[:LISTED]:
        bidder = bidders[result.bidder_id]
        status = local_status(bidder, e.local_boundary)
        rows.append(
            [
                result.name,
                bidder.postcode or "not recorded",
                _district(bidder.postcode) if bidder.postcode else "–",
                "yes" if status.local else "no",
                percent(result.local_spend_percent) if result.local_spend_percent is not None else "–",
                show(result.lm3) if result.lm3 is not None else "–",
            ]
        )
    out += (
        table(rows, [55 * mm, 25 * mm, 20 * mm, 15 * mm, 32 * mm, CONTENT_WIDTH - 147 * mm], numeric_from=4),
        Spacer(1, 3 * mm),
    )
    if len(results.bidders) > LISTED:
        out.append(
            para(
                f"The first {LISTED} of {len(results.bidders)} bidders are listed; the workbook lists every one.",
                st["small"],
            )
        )
    value = recommended_value(e, results)
    lead = (
        f"Shares of the {len(e.bidders)} bidders, and of the contract value going to the bidder ranked first "
        f"({money(value)}, its price), by kind of organisation, against the targets set for this evaluation."
        if value is not None
        else f"Shares of the {len(e.bidders)} bidders by kind of organisation; no bidder is recommended yet, so no "
        "share of the contract value can be given."
    )
    out.append(para(lead, st["body"]))
    rows = [["Organisation", "Bidders", "Share of bidders", "Share of recommended value", "Target", "Met"]]
    for share in shares(e, results):
        rows.append(
            [
                share.label,
                f"{share.bidders} of {share.of_bidders}",
                percent(share.bidder_percent),
                percent(share.value_percent) if share.value_percent is not None else "–",
                f"{show(share.target)}%" if share.target is not None else "none set",
                {True: "yes", False: "no", None: "–"}[share.met],
            ]
        )
    out += (
        table(rows, [40 * mm, 22 * mm, 28 * mm, 42 * mm, 22 * mm, CONTENT_WIDTH - 154 * mm], numeric_from=1),
        Spacer(1, 3 * mm),
    )
    citation = living_wage_citation(e)
    out.append(para(citation or "No Real Living Wage rate is set for this evaluation.", st["body"]))
    rule = reserved.rule(e.reservation)
    if rule:
        out.append(para(rule, st["body"]))
    return out
