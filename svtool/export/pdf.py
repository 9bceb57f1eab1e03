"""The evaluation report: an A4 PDF to append to a cabinet paper, readable by a non-specialist."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, SimpleDocTemplate, Spacer

from svtool.domain.evaluation import Evaluation, Mitigation, ScaleMethod
from svtool.domain.numbers import money, percent, show
from svtool.domain.panel import undeclared
from svtool.domain.results import BidderResult, Flag, FlagKind
from svtool.export.pdf_charts import envelope_charts, social_value_charts
from svtool.export.pdf_style import MARGIN, PAGE_WIDTH, numbered_canvas, para, styles, table
from svtool.export.report_data import ExportCancelled, ReportData

Cancelled = Callable[[], bool]
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN


def write_report(data: ReportData, path: Path, cancelled: Cancelled = lambda: False) -> None:
    """Build the report. `cancelled` is asked between sections and bidders; if it says yes, nothing is saved."""
    story: list[Any] = []
    for section in (_cover, _summary, _method, _results, _bidders, _commitments, _flags, _sensitivity, _panel):
        if cancelled():
            raise ExportCancelled
        story += section(data, cancelled)
    e = data.evaluation
    document = SimpleDocTemplate(str(path), pagesize=(PAGE_WIDTH, 297 * mm), leftMargin=MARGIN,
                                 rightMargin=MARGIN, topMargin=18 * mm, bottomMargin=18 * mm, title=e.title,
                                 author="svtool", subject=f"Tender evaluation report {e.reference}")
    footer = f"{e.title}" + (f", {e.reference}" if e.reference else "") + f". Report generated {data.generated}."
    document.build(story, canvasmaker=numbered_canvas(data.marking, footer))


def _cover(data: ReportData, _: Cancelled) -> list[Any]:
    st, e = styles(), data.evaluation
    winner = data.results.winner
    rows = [["Reference", e.reference or "–"], ["Contract value", money(e.contract_value)],
            ["Bidders evaluated", str(len(e.bidders))], ["Evaluation panel", str(len(e.evaluators))],
            ["Social value framework", data.framework_name or "–"], ["Date of this report", data.generated]]
    return [Spacer(1, 40 * mm), para(data.marking, st["marking"]), Spacer(1, 6 * mm), para(e.title, st["title"]),
            Spacer(1, 4 * mm), para("Tender evaluation report: appendix to the cabinet report", st["h2"]),
            Spacer(1, 10 * mm), table(rows, [60 * mm, CONTENT_WIDTH - 60 * mm], header_rows=0),
            Spacer(1, 12 * mm),
            para(f"Recommendation: award the contract to {winner.name}." if winner
                 else "There is no single recommended bidder: two or more are level after the tie-break rule.",
                 st["recommend"]), PageBreak()]


def _summary(data: ReportData, _: Cancelled) -> list[Any]:
    st, e, results = styles(), data.evaluation, data.results
    winner = results.winner
    out: list[Any] = [para("1. Executive summary", st["h1"])]
    if winner is not None:
        runner = results.ranked[1] if len(results.ranked) > 1 else None
        text = (f"{winner.name} submitted the most advantageous tender, with {show(winner.total)} points out of 100"
                + (f", {show(winner.total - runner.total)} points ahead of {runner.name} ({show(runner.total)})."
                   if runner else ".")
                + f" It is recommended that the contract is awarded to {winner.name}.")
        out.append(para(text, st["recommend"]))
    weights = ", ".join(f"{v.name.lower()} {show(v.weight, 0)}%" for v in e.envelopes)
    split = " and ".join(f"{s.name.lower()} {show(e.split.get(s.id, 0), 0)}%" for s in e.stages)
    out.append(para(f"{len(e.bidders)} tenders were evaluated on {weights}. Answers were scored in the {split} "
                     f"stages by a panel of {len(e.evaluators)}, who scored independently and then agreed a moderated "
                     "score for each answer, with reasons.", st["body"]))
    excluded = [b for b in results.bidders if b.excluded]
    if excluded:
        out.append(para(f"{len(excluded)} bidder(s) did not meet a minimum standard and were excluded: "
                        + "; ".join(f"{b.name} ({' '.join(b.exclusion_reasons)})" for b in excluded), st["body"]))
    if data.split is not None:
        out.append(para(data.split.statement, st["body"]))
    low = [f for f in results.flags if f.kind is FlagKind.ABNORMALLY_LOW]
    for flag in low:
        out.append(para(flag.message, st["body"]))
    return out


def _method(data: ReportData, _: Cancelled) -> list[Any]:
    st, e = styles(), data.evaluation
    out: list[Any] = [para("2. How the tenders were evaluated", st["h1"])]
    rows = [["Envelope", "Weight", "Minimum"]] + [
        [v.name, show(v.weight), percent(v.min_percent) if v.min_percent is not None else "–"] for v in e.envelopes]
    out += [para("Envelopes and weights", st["h2"]), table(rows, [80 * mm, 30 * mm, 40 * mm], numeric_from=1)]
    rows = [["Question", "Envelope", "Weight", "How it is scored"]]
    for q in e.questions:
        envelope = e.envelope(q.envelope_id).name
        if isinstance(q.method, ScaleMethod):
            stages = ", ".join(s.name for s in e.stages if s.id in e.stages_of(q))
            how = f"Panel score on the {e.scale(q.method.scale_id).name} scale ({stages})"
            if q.method.min_score is not None:
                how += f"; minimum {show(q.method.min_score)}"
        else:
            how = q.method.__class__.__name__.removesuffix("Method").replace("Commitment", "Commitment ") \
                .replace("LocalSpend", "Local spend").replace("LivingWage", "Real Living Wage")
        rows.append([f"{q.id} {q.title}", envelope, show(q.weight), how])
    out += [para("Questions", st["h2"]), table(rows, [70 * mm, 28 * mm, 16 * mm, CONTENT_WIDTH - 114 * mm])]
    for scale in e.scales:
        rows = [["Score", "Meaning"]] + [[f"{show(p.value, 0)} {p.label}", p.descriptor] for p in scale.points]
        out += [para(f"The {scale.name} scale", st["h2"]), table(rows, [40 * mm, CONTENT_WIDTH - 40 * mm])]
    out += [para("Rules applied", st["h2"])] + [para(f"• {rule}", st["small"]) for rule in data.results.rules]
    return out


def _results(data: ReportData, _: Cancelled) -> list[Any]:
    st, e, results = styles(), data.evaluation, data.results
    envelopes = list(e.envelopes)
    rows = [["Rank", "Bidder", *[f"{v.name} ({show(v.weight, 0)})" for v in envelopes], "Total"]]
    for b in results.bidders:
        rows.append([str(b.rank) if b.rank else "excluded", b.name, *[show(b.envelope_totals[v.id]) for v in envelopes],
                     show(b.total)])
    name_width = CONTENT_WIDTH - 14 * mm - 22 * mm * (len(envelopes) + 1)
    out: list[Any] = [PageBreak(), para("3. Results", st["h1"]),
                      table(rows, [14 * mm, name_width, *[22 * mm] * (len(envelopes) + 1)], numeric_from=2,
                            bold_rows=(1,) if results.winner else ()),
                      para("Points are rounded to 2 decimal places for display; totals are calculated exactly and "
                           "then rounded, so a total may differ from the sum of its rounded parts by 0.01.",
                           st["small"]),
                      para("Scores by envelope", st["h2"]), *envelope_charts(data, CONTENT_WIDTH)]
    charts = social_value_charts(data, CONTENT_WIDTH)
    if charts:
        out += [para("Social value offered", st["h2"]), *charts]
    return out


def bidder_table(data: ReportData, bidder: BidderResult) -> list[Any]:
    """One bidder's scores question by question, with the panel's reasons (used by the summaries too)."""
    st, e = styles(), data.evaluation
    names = data.stage_names()
    rows: list[list[Any]] = [["Question", "Weight", "Score and reasons", "Points"]]
    for question in e.questions:
        result = bidder.questions[question.id]
        lines = [result.explain(names)]
        for stage in result.stages:
            if stage.moderation is not None:
                lines.append(f"{names.get(stage.stage_id, stage.stage_id)}: {stage.moderation.rationale}")
            elif stage.scores:
                given = ", ".join(show(s.value, 0) if s.value == s.value.to_integral_value() else show(s.value)
                                  for s in stage.scores)
                lines.append(f"{names.get(stage.stage_id, stage.stage_id)}: not yet moderated; the evaluators scored "
                             f"{given} (their reasons are in the workbook's Scores by evaluator sheet).")
        rows.append([f"{question.id} {question.title}", show(question.weight), "\n".join(lines),
                     "–" if result.contribution is None else show(result.contribution)])
    rows.append(["Total", "100.00", "", show(bidder.total)])
    widths = [44 * mm, 16 * mm, CONTENT_WIDTH - 80 * mm, 20 * mm]
    # One small table per row, all the same widths, so it reads as one table: a long table that splits across
    # pages is measured again and again, which with hundreds of bidders costs many seconds.
    parts: list[Any] = [table(rows[:1], widths, numeric_from=3)]
    parts += [table([row], widths, header_rows=0, numeric_from=3) for row in rows[1:-1]]
    parts.append(table(rows[-1:], widths, header_rows=0, numeric_from=3, bold_rows=(0,)))
    return [*parts, Spacer(1, 3 * mm)] + [para(text, st["small"]) for text in bidder.exclusion_reasons]


def _bidders(data: ReportData, cancelled: Cancelled) -> list[Any]:
    st = styles()
    out: list[Any] = [PageBreak(), para("4. Each bidder's evaluation", st["h1"])]
    for bidder in data.results.bidders:
        if cancelled():
            raise ExportCancelled
        heading = f"{bidder.name}: " + (f"rank {bidder.rank}, {show(bidder.total)} points" if bidder.rank
                                        else "excluded")
        out += [CondPageBreak(60 * mm), para(heading, st["h2"]), *bidder_table(data, bidder)]
    return out


def _commitments(data: ReportData, _: Cancelled) -> list[Any]:
    st, e = styles(), data.evaluation
    measures = sorted({m for b in e.bids for m in b.commitments})
    if not measures:
        return []
    bids = {b.bidder_id: b for b in e.bids}
    rows = [["Bidder", *measures, "Local spend LM3"]]
    for result in data.results.bidders:
        bid = bids.get(result.bidder_id)
        rows.append([result.name, *[show(bid.commitments[m]) if bid and m in bid.commitments else "–"
                                    for m in measures], show(result.lm3) if result.lm3 is not None else "–"])
    width = (CONTENT_WIDTH - 55 * mm) / (len(measures) + 1)
    return [CondPageBreak(50 * mm), para("5. Social value commitments", st["h1"]),
            para("Each bidder's commitments against the framework's measures, in each measure's unit. They become "
                 "key performance indicators in the contract. LM3 estimates how much each pound of the contract "
                 "would be worth to the local economy; it is reported, not scored.", st["body"]),
            table(rows, [55 * mm, *[width] * (len(measures) + 1)], numeric_from=1)]


def _flags(data: ReportData, _: Cancelled) -> list[Any]:
    st = styles()
    flags = [f for f in data.results.flags if f.kind is not FlagKind.DIVERGENCE]
    divergent = [f for f in data.results.flags if f.kind is FlagKind.DIVERGENCE]
    out: list[Any] = [CondPageBreak(40 * mm), para("6. Matters for the decision-maker's attention", st["h1"])]
    if not flags and not divergent and not data.reason_checks:
        return [*out, para("None.", st["body"])]
    out += [para(f"• {f.message}", st["body"]) for f in flags]
    if divergent:
        out.append(para(f"• {_far_apart(data, divergent)}", st["body"]))
    if data.reason_checks:
        # A reason that is brief, repeated for another bidder or only restates the criteria defends a score weakly.
        out.append(para("• The recorded reasons were checked; these may not defend their scores well if challenged: "
                        + " ".join(check.text for check in data.reason_checks), st["body"]))
    return out


def _far_apart(data: ReportData, divergent: list[Flag]) -> str:
    """The answers whose evaluators are far apart: flagged only until the panel agrees (domain/engine.py), so
    each is still to be moderated, and the report must not claim a discussion that has not happened."""
    return (f"On {len(divergent)} answer(s) the evaluators' scores are far apart and the panel has not yet agreed "
            "a score: each is to be discussed at moderation.")


def _sensitivity(data: ReportData, _: Cancelled) -> list[Any]:
    st = styles()
    out: list[Any] = [CondPageBreak(40 * mm), para("7. How robust is the recommendation?", st["h1"])]
    if data.split is not None:
        out.append(para(data.split.statement, st["body"]))
    out += [para(w.statement, st["body"]) for w in data.weights]
    return out


MITIGATIONS = {Mitigation.CARRY_ON: "carries on", Mitigation.OFF_BIDDER: "takes no part in this bidder",
               Mitigation.STAND_DOWN: "stood down from the panel"}


def _bidder_name(e: Evaluation, bidder_id: str) -> str:
    return next((b.name for b in e.bidders if b.id == bidder_id), bidder_id)


def _panel(data: ReportData, _: Cancelled) -> list[Any]:
    st, e = styles(), data.evaluation
    rows = [["Panel member", "Conflicts of interest declared (Procurement Act 2023 ss.81-83)", "Declared"]]
    for member in e.evaluators:
        mine = [d for d in e.declarations if d.evaluator_id == member.id]
        missing = len(undeclared(e, member.id))
        interests = [d for d in mine if d.conflict]
        words = [f"{_bidder_name(e, d.bidder_id)}: {d.statement} Mitigation: "
                 + (f"{MITIGATIONS[d.mitigation]}. {d.mitigation_reason}" if d.mitigation else "not yet decided.")
                 for d in interests]
        if mine and not interests:
            words.append("No interest in any bidder." if not missing else "No interest in the bidders declared about.")
        if missing:
            words.append(f"No declaration yet about {missing} bidder(s).")
        role = member.role.value.replace("_", " ") + (f"; stood down: {member.stood_down}" if member.stood_down else "")
        rows.append([f"{member.name} ({role})", " ".join(words),
                     max((d.declared_on for d in mine), default="–")])
    sign = [["Role", "Name", "Signature", "Date"],
            ["Lead procurement officer", "", "", ""], ["Head of service", "", "", ""],
            ["Legal services", "", "", ""]]
    return [KeepTogether([para("8. Panel and sign-off", st["h1"]),
                          table(rows, [55 * mm, CONTENT_WIDTH - 85 * mm, 30 * mm]), Spacer(1, 6 * mm),
                          table(sign, [50 * mm, 45 * mm, 50 * mm, CONTENT_WIDTH - 145 * mm])]),
            para("The audit trail of every score and change is held in the evaluation file and in the Excel "
                 f"workbook. This report was taken from the evaluation as stored at audit entry {data.head_seq}, "
                 f"whose hash is {data.head_hash or 'none'}; 'svtool verify' checks the trail's hash chain.",
                 st["small"])]
