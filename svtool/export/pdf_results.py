"""The report's results: the ranking (the leading bidders in the body, every bidder in an appendix once there are
many), each bidder's working, commitments, the matters flagged and how robust the result is (docs/reports.md)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from svtool.domain.numbers import show
from svtool.domain.results import BidderResult, Flag, FlagKind
from svtool.export.pdf_charts import envelope_charts, social_value_charts
from svtool.export.pdf_style import CONTENT_WIDTH, Cancelled, para, row, styles, table, text
from svtool.export.report_data import ExportCancelled, ReportData

#: Bidders the body's results table shows; with more, the body shows the leaders and an appendix every bidder.
BODY_ROWS = 12
#: Matters listed one by one in the body; with more, the body counts them by kind and an appendix lists them.
BODY_FLAGS = 20


def many_bidders(data: ReportData) -> bool:
    return len(data.results.bidders) > BODY_ROWS


def _listed(data: ReportData) -> list[Flag]:
    return [f for f in data.results.flags if f.kind is not FlagKind.DIVERGENCE]


def many_flags(data: ReportData) -> bool:
    return len(_listed(data)) > BODY_FLAGS


def ranking(data: ReportData, bidders: list[BidderResult]) -> list[Any]:
    envelopes = list(data.evaluation.envelopes)
    rows = [["Rank", "Bidder", *[f"{v.name} ({show(v.weight, 0)})" for v in envelopes], "Total"]]
    for b in bidders:
        rows.append(
            [
                str(b.rank) if b.rank else "excluded",
                b.name,
                *[show(b.envelope_totals[v.id]) for v in envelopes],
                show(b.total),
            ]
        )
    name_width = CONTENT_WIDTH - 16 * mm - 22 * mm * (len(envelopes) + 1)
    winner = data.results.winner
    return [
        table(
            rows,
            [16 * mm, name_width, *[22 * mm] * (len(envelopes) + 1)],
            numeric_from=2,
            bold_rows=(1,) if winner is not None and bidders and bidders[0] is winner else (),
        ),
        para(
            "Points are rounded to 2 decimal places for display; totals are calculated exactly and then "
            "rounded, so a total may differ from the sum of its rounded parts by 0.01.",
            styles()["small"],
        ),
    ]


def results(data: ReportData, _: Cancelled) -> list[Any]:
    st = styles()
    out: list[Any] = [CondPageBreak(80 * mm), para("4. Results", st["h1"])]
    bidders = list(data.results.bidders)
    if many_bidders(data):
        excluded = sum(1 for b in bidders if b.excluded)
        out += [
            para(
                f"The {BODY_ROWS} highest-ranked of the {len(bidders)} bidders; {excluded} bidder(s) were "
                "excluded. Appendix A ranks every bidder and charts the scores.",
                st["body"],
            ),
            *ranking(data, [b for b in bidders if not b.excluded][:BODY_ROWS]),
        ]
        return out
    return out + ranking(data, bidders) + _charts(data)


def _charts(data: ReportData) -> list[Any]:
    """The charts, each heading kept on the page with its chart."""
    st = styles()
    out: list[Any] = []
    for heading, charts in (
        ("Scores by envelope", envelope_charts(data, CONTENT_WIDTH)),
        ("Social value offered", social_value_charts(data, CONTENT_WIDTH)),
    ):
        for number, chart in enumerate(charts):
            out.append(CondPageBreak(chart.height + 12 * mm))
            if number == 0:
                out.append(para(heading, st["h2"]))
            out.append(chart)
    return out


def full_ranking(data: ReportData, _: Cancelled) -> list[Any]:
    """Appendix A, for a report on many bidders: every bidder ranked, and the charts."""
    if not many_bidders(data):
        return []
    st = styles()
    return [
        para("Appendix A. Every bidder ranked", st["h1"]),
        *ranking(data, list(data.results.bidders)),
        *_charts(data),
    ]


def _stage_notes(data: ReportData, bidder: BidderResult, question_id: str) -> list[str]:
    names = data.stage_names()
    notes = []
    for stage in bidder.questions[question_id].stages:
        name = names.get(stage.stage_id, stage.stage_id)
        if stage.moderation is not None:
            notes.append(f"{name}, agreed by the panel: {stage.moderation.rationale}")
        elif stage.scores:
            given = ", ".join(
                show(s.value, 0) if s.value == s.value.to_integral_value() else show(s.value) for s in stage.scores
            )
            notes.append(
                f"{name}: provisional, not yet moderated; the evaluators scored {given} (their reasons "
                "are in the workbook's Scores by evaluator sheet)."
            )
    return notes


def bidder_working(data: ReportData, bidder: BidderResult) -> list[Any]:
    """One bidder's scores question by question, each followed by the panel's reasons, which may be of any
    length: they run on below the row, across pages if they must, never inside a cell a page cannot hold."""
    st, e = styles(), data.evaluation
    names = data.stage_names()
    widths = [44 * mm, 16 * mm, CONTENT_WIDTH - 80 * mm, 20 * mm]
    # One small table per row, all the same widths, so it reads as one table: a long table that splits across
    # pages is measured again and again, which with hundreds of bidders costs many seconds.
    parts: list[Any] = [
        table([["Question", "Weight", "Score and how it was worked out", "Points"]], widths, numeric_from=3)
    ]
    for question in e.questions:
        result = bidder.questions[question.id]
        parts.append(
            row(
                [
                    f"{question.id} {question.title}",
                    show(question.weight),
                    result.explain(names),
                    "–" if result.contribution is None else show(result.contribution),
                ],
                widths,
                numeric_from=3,
            )
        )
        parts += [text(note, st["note"]) for note in _stage_notes(data, bidder, question.id)]
    parts.append(row(["Total", show(data.total_weight), "", show(bidder.total)], widths, numeric_from=3, bold=True))
    return [*parts, Spacer(1, 3 * mm)] + [text(reason, st["small"]) for reason in bidder.exclusion_reasons]


def bidders(data: ReportData, cancelled: Cancelled) -> list[Any]:
    """Appendix B: the working for every bidder."""
    st = styles()
    out: list[Any] = [
        *([PageBreak()] if many_bidders(data) else []),  # after Appendix A's charts
        para("Appendix B. Each bidder's evaluation", st["h1"]),
        para(
            "Each answer's score, how its points were worked out, and the panel's reasons. Scores "
            "marked provisional stand at the evaluators' "
            + data.evaluation.panel.unmoderated_rule
            + " until the panel agrees them.",
            st["body"],
        ),
    ]
    for bidder in data.results.bidders:
        if cancelled():
            raise ExportCancelled
        heading = f"{bidder.name}: " + (
            f"rank {bidder.rank}, {show(bidder.total)} points" if bidder.rank else "excluded"
        )
        out += [CondPageBreak(50 * mm), para(heading, st["h2"]), *bidder_working(data, bidder)]
    return out


def commitments(data: ReportData, _: Cancelled) -> list[Any]:
    """Appendix C: each bidder's social value commitments, which become contract KPIs."""
    st, e = styles(), data.evaluation
    measures = sorted({m for b in e.bids for m in b.commitments})
    if not measures:
        return []
    bids = {b.bidder_id: b for b in e.bids}
    rows = [["Bidder", *measures, "Local spend LM3"]]
    for result in data.results.bidders:
        bid = bids.get(result.bidder_id)
        rows.append(
            [
                result.name,
                *[show(bid.commitments[m]) if bid and m in bid.commitments else "–" for m in measures],
                show(result.lm3) if result.lm3 is not None else "–",
            ]
        )
    width = (CONTENT_WIDTH - 55 * mm) / (len(measures) + 1)
    return [
        CondPageBreak(50 * mm),
        para("Appendix C. Social value commitments", st["h1"]),
        para(
            "Each bidder's commitments against the framework's measures, in each measure's unit. They become "
            "key performance indicators in the contract. LM3 estimates how much each pound of the contract "
            "would be worth to the local economy; it is reported, not scored.",
            st["body"],
        ),
        table(rows, [55 * mm, *[width] * (len(measures) + 1)], numeric_from=1),
    ]


def _far_apart(divergent: list[Flag]) -> str:
    """The answers whose evaluators are far apart: flagged only until the panel agrees (domain/engine.py), so
    each is still to be moderated, and the report must not claim a discussion that has not happened."""
    return (
        f"On {len(divergent)} answer(s) the evaluators' scores are far apart and the panel has not yet agreed "
        "a score: each is to be discussed at moderation."
    )


KIND_WORDS = {
    FlagKind.EXCLUDED: "exclusions",
    FlagKind.ABNORMALLY_LOW: "abnormally low prices",
    FlagKind.DOUBLE_COUNTING: "commitments that may be counted twice",
    FlagKind.EXCEEDS_CONTRACT_VALUE: "social value offers above the contract value",
    FlagKind.NOT_SCORED: "bidders with answers not yet scored",
    FlagKind.NOT_MODERATED: "bidders with provisional scores",
    FlagKind.MISSING_PRICE: "missing prices",
    FlagKind.BELOW_LIVING_WAGE: "hourly rates below the Real Living Wage",
    FlagKind.TO_REVIEW: "consensus scores to review",
    FlagKind.IMPLAUSIBLE: "committed figures that cannot be right",
    FlagKind.ABOVE_CEILING: "prices above the affordability ceiling",
}


def flags(data: ReportData, _: Cancelled) -> list[Any]:
    st = styles()
    listed = _listed(data)
    divergent = [f for f in data.results.flags if f.kind is FlagKind.DIVERGENCE]
    out: list[Any] = [CondPageBreak(40 * mm), para("5. Matters for the decision-maker's attention", st["h1"])]
    if not listed and not divergent and not data.reason_checks:
        return [*out, para("None.", st["body"])]
    if many_flags(data):
        counts = Counter(f.kind for f in listed)
        out.append(
            para(
                f"{len(listed)} matters, listed in Appendix E: "
                + "; ".join(f"{n} {KIND_WORDS.get(kind, kind.value)}" for kind, n in counts.items())
                + ".",
                st["body"],
            )
        )
        out += [text(f"• {f.message}", st["body"]) for f in listed if f.kind is FlagKind.ABNORMALLY_LOW]
    else:
        out += [text(f"• {f.message}", st["body"]) for f in listed]
    if divergent:
        out.append(para(f"• {_far_apart(divergent)}", st["body"]))
    if data.reason_checks:
        # A reason that is brief, repeated for another bidder or only restates the criteria defends a score weakly.
        out.append(
            para(
                "• The recorded reasons were checked; these may not defend their scores well if challenged: "
                + " ".join(check.text for check in data.reason_checks),
                st["body"],
            )
        )
    return out


def all_flags(data: ReportData, _: Cancelled) -> list[Any]:
    """Appendix E, when there are too many matters to list in the body."""
    if not many_flags(data):
        return []
    st = styles()
    return [
        CondPageBreak(40 * mm),
        para("Appendix E. Every matter flagged", st["h1"]),
        *[text(f"• {f.message}", st["small"]) for f in _listed(data)],
    ]


def sensitivity(data: ReportData, _: Cancelled) -> list[Any]:
    st = styles()
    out: list[Any] = [CondPageBreak(40 * mm), para("6. How robust is the result?", st["h1"])]
    if data.split is not None:
        out.append(para(data.split.statement, st["body"]))
    out += [para(w.statement, st["body"]) for w in data.weights]
    if len(out) == 2:
        out.append(para("No sensitivity was worked out for this evaluation.", st["body"]))
    return out
