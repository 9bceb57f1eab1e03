"""The evaluation report: an A4 PDF to append to a cabinet paper, readable by a non-specialist (docs/reports.md).

It tells the truth about the evaluation's state: until the evaluation is final every page says DRAFT and how many
answers are provisional, and it recommends nothing; a setup that breaks the rules exports only as INVALID, its
problems first. The body is short (summary, procedure, method, results, matters, robustness, panel, sign-off);
the working is in appendices, so a report on 300 bidders reads the same way as one on six.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import CondPageBreak, Image, PageBreak, Spacer

from svtool.domain.numbers import money, show
from svtool.domain.results import FlagKind
from svtool.export import pdf_community, pdf_panel, pdf_procedure, pdf_results
from svtool.export.pdf_method import criteria
from svtool.export.pdf_style import (
    CONTENT_WIDTH,
    Cancelled,
    Furniture,
    document,
    numbered_canvas,
    para,
    styles,
    table,
    text,
)
from svtool.export.report_data import ExportCancelled, ReportData, Status

__all__ = ["CONTENT_WIDTH", "furniture", "logo_problem", "write_report"]

Section = Callable[[ReportData, Cancelled], list[Any]]


def write_report(data: ReportData, path: Path, cancelled: Cancelled = lambda: False) -> None:
    """Build the report. `cancelled` is asked between sections and bidders; if it says yes, nothing is saved."""
    sections: list[Section] = [
        _problems,
        _cover,
        _summary,
        pdf_procedure.procedure,
        _method,
        pdf_results.results,
        pdf_community.community_wealth,
        pdf_results.flags,
        pdf_results.sensitivity,
        pdf_panel.conflicts,
        pdf_panel.moderation_summary,
        pdf_panel.sign_off,
        _appendices,
        pdf_results.full_ranking,
        pdf_results.bidders,
        pdf_results.commitments,
        pdf_panel.moderation_record,
        pdf_results.all_flags,
    ]
    story: list[Any] = []
    for section in sections:
        if cancelled():
            raise ExportCancelled
        story += section(data, cancelled)
    e = data.evaluation
    build = document(str(path), e.title, f"Tender evaluation report {e.reference}")
    build.build(story, canvasmaker=numbered_canvas(furniture(data, "Tender evaluation report")))


def logo_problem(path: Path) -> str | None:
    """Why a logo file cannot go on the cover, in plain English, or None if it can."""
    try:
        width, height = ImageReader(str(path)).getSize()
    except Exception as error:  # reportlab and Pillow raise many kinds for a missing or damaged image
        return f"The logo {path} cannot be read as an image ({error}). Choose a PNG or JPEG file."
    return None if width and height else f"The logo {path} is an empty image. Choose a PNG or JPEG file."


def furniture(data: ReportData, what: str) -> Furniture:
    """Every page: the marking, the DRAFT or INVALID line, who and what the document is, and the audit head."""
    e = data.evaluation
    council = f"{data.settings.council_name}. " if data.settings.council_name else ""
    first = f"{council}{what}: {e.title}" + (f", {e.reference}" if e.reference else "")
    first = first if len(first) <= 110 else first[:109] + "…"
    second = (
        f"Taken from audit entry {data.head_seq}, hash {data.head_hash or 'none'}. "
        f"svtool {data.version}. Generated {data.generated}."
    )
    watermark = "" if data.status is Status.FINAL else data.status.value.upper()
    return Furniture(data.marking, data.status_line, watermark, (first, second))


def _problems(data: ReportData, _: Cancelled) -> list[Any]:
    """An invalid setup's problems, before anything else: nothing in the report can be relied on until they are
    put right."""
    if not data.invalid:
        return []
    st = styles()
    return [
        para("INVALID: this evaluation breaks its own rules", st["h1"]),
        para(
            "svtool's checks of the setup found these problems, so the scores and ranking below cannot support "
            "a decision and no recommendation is made. Put them right on the Setup page and export again.",
            st["body"],
        ),
        *[text(f"• {problem}", st["body"]) for problem in data.setup_problems],
        PageBreak(),
    ]


def _recommendation(data: ReportData) -> str:
    """The one sentence the cover and summary lead with: a recommendation only when the evaluation is final and
    valid, otherwise what stops one."""
    winner = data.results.winner
    if data.invalid:
        return "No recommendation: the evaluation's setup breaks its rules (see the problems listed first)."
    if winner is None:
        return "There is no single leading bidder: two or more are level after the tie-break rule."
    if not data.final:
        return (
            f"No recommendation yet: this is a draft. {winner.name} ranks first on the scores so far, with "
            f"{data.provisional} answers still provisional."
        )
    return f"Recommendation: award the contract to {winner.name}."


def _cover(data: ReportData, _: Cancelled) -> list[Any]:
    st, e, settings = styles(), data.evaluation, data.settings
    out: list[Any] = []
    if settings.logo_path is not None:
        reader = ImageReader(str(settings.logo_path))
        width, height = reader.getSize()
        scale = min(25 * mm / height, 70 * mm / width)
        out.append(Image(str(settings.logo_path), width * scale, height * scale, hAlign="LEFT"))
    if settings.council_name:
        out.append(para(settings.council_name, st["council"]))
    out += [Spacer(1, 20 * mm), para(data.marking, st["marking"])]
    if data.status_line:
        out.append(para(data.status_line, st["status"]))
    rows = [
        ["Reference", e.reference or "–"],
        ["Contract value", money(e.contract_value)],
        ["Pre-tender estimate", money(e.price.pre_tender_estimate) if e.price.pre_tender_estimate else "–"],
        ["Contract term", settings.contract_term or "not recorded"],
        ["Bidders evaluated", str(len(e.bidders))],
        ["Evaluation panel", str(len(e.evaluators))],
        ["Social value framework", data.framework_name or "–"],
        ["Date of this report", data.generated],
        ["Produced by", f"svtool {data.version}, from audit entry {data.head_seq}"],
    ]
    out += [
        Spacer(1, 4 * mm),
        para(e.title, st["title"]),
        Spacer(1, 4 * mm),
        para("Tender evaluation report: appendix to the cabinet report", st["h2"]),
        Spacer(1, 8 * mm),
        table(rows, [60 * mm, CONTENT_WIDTH - 60 * mm], header_rows=0),
        Spacer(1, 10 * mm),
        para(_recommendation(data), st["recommend"]),
        PageBreak(),
    ]
    return out


def _summary(data: ReportData, _: Cancelled) -> list[Any]:
    st, e, results = styles(), data.evaluation, data.results
    winner = results.winner
    out: list[Any] = [para("1. Executive summary", st["h1"]), para(_recommendation(data), st["recommend"])]
    if winner is not None and not data.invalid:
        runner = results.ranked[1] if len(results.ranked) > 1 else None
        lead = "submitted the most advantageous tender" if data.final else "ranks first on the scores so far"
        out.append(
            para(
                f"{winner.name} {lead}, with {show(winner.total)} points out of {show(data.total_weight, 0)}"
                + (
                    f", {show(winner.total - runner.total)} points ahead of {runner.name} ({show(runner.total)})."
                    if runner
                    else "."
                ),
                st["body"],
            )
        )
    weights = ", ".join(f"{v.name.lower()} {show(v.weight, 0)}" for v in e.envelopes)
    split = " and ".join(f"{s.name.lower()} {show(e.split.get(s.id, 0), 0)}%" for s in e.stages)
    moderated, total = data.answers
    out.append(
        para(
            f"{len(e.bidders)} tenders were evaluated on {weights} points. Answers were scored in the "
            f"{split} stages by a panel of {len(e.evaluators)}, each member independently. The panel has "
            f"agreed a moderated score for {moderated} of the {total} answers"
            + (
                ", with reasons."
                if moderated == total
                else f"; the other {total - moderated} are provisional, standing at the "
                f"{e.panel.unmoderated_rule.value} of the evaluators' scores until the panel agrees them."
            ),
            st["body"],
        )
    )
    declared = pdf_panel.interests(data)
    missing = pdf_panel.missing_declarations(data)
    out.append(
        para(
            "Conflicts of interest: "
            + (" ".join(declared) if declared else "none declared.")
            + (f" {missing} declaration(s) are still to be made." if missing else ""),
            st["body"],
        )
    )
    out.append(
        para(
            "Sign-offs: "
            + (
                "; ".join(f"{s.name} ({s.role}), {s.date}: {s.statement}" for s in data.sign_offs)
                if data.sign_offs
                else "No sign-offs recorded yet."
            ),
            st["body"],
        )
    )
    excluded = [b for b in results.bidders if b.excluded]
    if excluded:
        out.append(
            text(
                f"{len(excluded)} bidder(s) did not meet a minimum standard and were excluded: "
                + "; ".join(f"{b.name} ({' '.join(b.exclusion_reasons)})" for b in excluded[:10])
                + ("; the rest are listed in the results." if len(excluded) > 10 else "."),
                st["body"],
            )
        )
    if data.split is not None:
        out.append(para(data.split.statement, st["body"]))
    for flag in results.flags:
        if flag.kind is FlagKind.ABNORMALLY_LOW:
            out.append(para(flag.message, st["body"]))
    return out


def _method(data: ReportData, _: Cancelled) -> list[Any]:
    st = styles()
    return [
        CondPageBreak(60 * mm),
        para("3. How the tenders were evaluated", st["h1"]),
        *criteria(data.evaluation),
        para("Rules applied", st["h2"]),
        *[para(f"• {rule}", st["small"]) for rule in data.results.rules],
    ]


def _appendices(data: ReportData, _: Cancelled) -> list[Any]:
    st = styles()
    parts = ["A, every bidder ranked, with the charts"] if pdf_results.many_bidders(data) else []
    parts.append("B, each bidder's evaluation question by question, with the panel's reasons")
    if any(b.commitments for b in data.evaluation.bids):
        parts.append("C, the social value commitments")
    if pdf_panel.moderation_entries(data):
        parts.append("D, the moderation record")
    if pdf_results.many_flags(data):
        parts.append("E, every matter flagged")
    return [
        PageBreak(),
        para("Appendices: the working", st["h1"]),
        para("The appendices hold the detail behind the summary: " + "; ".join(parts) + ".", st["body"]),
    ]
