"""What one assessment summary says (Procurement Act 2023 s.50, Procurement Regulations 2024 r.31; docs/reports.md).

For the supplier it is sent to: its details, the award criteria as published, its score on each criterion and in
each stage with the panel's feedback, its subtotals and total; for an unsuccessful supplier the same for the
successful tender; for an excluded supplier the reason in place of scores; and the standstill period.

It discloses nothing else. Never an evaluator's reasons, the panel's internal rationale or any evaluator's name:
only the feedback the panel wrote for the bidder (Moderation.feedback). Never another unsuccessful bidder's name,
price or scores, and no figure a relative formula compares against (the lowest price, the best offer): only the
share of marks earned, which the published formula and the supplier's own figure already imply.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from svtool.domain.numbers import money, percent, show
from svtool.domain.results import BidderResult, QuestionResult
from svtool.export.pdf_method import criteria
from svtool.export.pdf_procedure import standstill_words
from svtool.export.pdf_style import CONTENT_WIDTH, para, row, styles, table, text
from svtool.export.report_data import ReportData

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

WIDTHS = [62 * mm, 16 * mm, CONTENT_WIDTH - 98 * mm, 20 * mm]


def _value(value: Any) -> str:
    shown = show(value)
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def _stage_scores(data: ReportData, result: QuestionResult) -> str:
    """Each stage's score on the scale with its label, and the combined score: no evaluator's own score."""
    e, names = data.evaluation, data.stage_names()
    question = e.question(result.question_id)
    scale = e.scale(question.method.scale_id)  # type: ignore[union-attr]  # a scale question
    parts = []
    for stage in result.stages:
        name = names.get(stage.stage_id, stage.stage_id)
        if stage.value is None:
            parts.append(f"{name}: not scored")
            continue
        point = scale.descriptor_for(stage.value)  # type: ignore[arg-type]  # Fraction compares with Decimal
        label = f" ({point.label})" if point else ""
        provisional = "" if stage.moderation is not None else ", provisional"
        parts.append(f"{name}: {_value(stage.value)}{label}{provisional}")
    combined = "" if result.raw is None else f"; combined {_value(result.raw)} of {_value(scale.maximum)}"
    return "; ".join(parts) + combined


def _formula(result: QuestionResult, own: bool) -> str:
    """A formula-scored criterion: the share of marks earned and, for the supplier's own tender only, its own
    figure. Never the reference the formula compares against: that would disclose another tender."""
    if result.contribution is None or result.share is None:
        return "Not scored: the tender was excluded."
    words = FORMULA_WORDS.get(result.formula, result.formula)
    out = f"{words[0].upper()}{words[1:]}: {percent(result.share * 100)} of the marks."
    if own and result.raw is not None and result.formula != "accredited":
        money_like = "price" in result.formula or "value" in result.formula
        out += f" Your tender: {money(result.raw) if money_like else percent(result.raw)}."
    return out


def _feedback(data: ReportData, result: QuestionResult) -> list[str]:
    """The panel's feedback for the bidder, stage by stage: never its rationale or an evaluator's reason."""
    names = data.stage_names()
    several = len(result.stages) > 1
    out = []
    for stage in result.stages:
        label = names.get(stage.stage_id, stage.stage_id)
        name = f"{label}: " if several else ""
        feedback = "" if stage.moderation is None else stage.moderation.feedback.strip()
        if feedback.casefold().startswith(f"{label}:".casefold()):  # the panel wrote the stage in: say it once
            feedback = feedback[len(label) + 1 :].strip()
        if stage.moderation is None:
            out.append(f"{name}Provisional: the panel has not yet agreed this score or its feedback.")
        elif feedback:
            out.append(f"{name}{feedback}")
        else:
            out.append(f"{name}The panel recorded no feedback for this answer.")
    return out


def scores(data: ReportData, bidder: BidderResult, own: bool) -> list[Any]:
    """One tender's score on every criterion, with feedback below each, envelope subtotals and the total."""
    st, e = styles(), data.evaluation
    out: list[Any] = [table([["Criterion", "Weight", "Score", "Points"]], WIDTHS, numeric_from=3)]
    for envelope in e.envelopes:
        for question in (q for q in e.questions if q.envelope_id == envelope.id):
            result = bidder.questions[question.id]
            working = _stage_scores(data, result) if result.formula.startswith("scale") else _formula(result, own)
            points = "–" if result.contribution is None else show(result.contribution)
            out.append(
                row([f"{question.id} {question.title}", show(question.weight), working, points], WIDTHS, numeric_from=3)
            )
            if result.formula.startswith("scale"):
                out += [text(line, st["note"]) for line in _feedback(data, result)]
        out.append(
            row(
                [
                    f"{envelope.name} subtotal",
                    show(envelope.weight),
                    "",
                    show(bidder.envelope_totals.get(envelope.id, 0)),
                ],
                WIDTHS,
                numeric_from=3,
                bold=True,
            )
        )
    out.append(row(["Total", show(data.total_weight), "", show(bidder.total)], WIDTHS, numeric_from=3, bold=True))
    return out


def _exclusion(data: ReportData, bidder: BidderResult) -> list[str]:
    """Why the tender was excluded, in the bidder's terms: the officer's reason as written, and each minimum
    standard missed (which names only the bidder's own score)."""
    officer = next((b.excluded_reason for b in data.evaluation.bidders if b.id == bidder.bidder_id), None)
    reasons = [r for r in bidder.exclusion_reasons if not r.startswith("Excluded by the officer: ")]
    return ([officer] if officer else []) + reasons


def story(data: ReportData, bidder: BidderResult) -> list[Any]:
    st, e, settings = styles(), data.evaluation, data.settings
    winner = data.results.winner if not data.invalid else None
    is_winner = winner is not None and winner.bidder_id == bidder.bidder_id
    out: list[Any] = []
    if settings.council_name:
        out.append(para(settings.council_name, st["council"]))
    out += [
        para(f"Assessment summary: {bidder.name}", st["h1"]),
        para(f"{e.title}" + (f" ({e.reference})" if e.reference else ""), st["h2"]),
    ]
    if data.status_line:
        out.append(
            para(data.status_line + " This summary is not to be sent until the evaluation is final.", st["status"])
        )
    # The bidder's own details (schema 9); the evaluation holds no email for a bidder (docs/reports.md).
    details = next((b for b in e.bidders if b.id == bidder.bidder_id), None)
    address = ", ".join(part for part in (details.address, details.postcode) if part) if details else ""
    identifier = details.identifier if details else ""
    out += [
        para("The supplier", st["h2"]),
        *[
            para(line, st["body"])
            for line in (
                f"Name: {bidder.name}",
                f"Address: {address or 'not recorded'}",
                "Email: not recorded",
                f"Unique identifier: {identifier or 'not recorded'}",
                f"Reference in this evaluation: {bidder.bidder_id}",
            )
        ],
        para("The outcome", st["h2"]),
    ]
    if data.invalid:
        out.append(para("The evaluation is being corrected; no outcome can be given yet.", st["body"]))
    elif bidder.excluded:
        out.append(para("Your tender was excluded from the evaluation, so it has no scores. The reason:", st["body"]))
        out += [text(reason, st["body"]) for reason in _exclusion(data, bidder)]
    elif is_winner:
        out.append(
            para(
                f"Your tender scored {show(bidder.total)} points out of {show(data.total_weight, 0)} and "
                "was the most advantageous "
                "tender. The contracting authority intends to award the contract to you.",
                st["body"],
            )
        )
    else:
        out.append(
            para(
                f"Your tender scored {show(bidder.total)} points out of {show(data.total_weight, 0)}. "
                + (
                    f"The most advantageous tender, from {winner.name}, scored {show(winner.total)}. The "
                    "contract is not being awarded to you because your tender was not the most advantageous "
                    "under the published award criteria."
                    if winner
                    else "No single most advantageous tender has been decided yet."
                ),
                st["body"],
            )
        )
    out += [
        CondPageBreak(40 * mm),
        para("The award criteria", st["h2"]),
        para(
            f"The award criteria and how they were assessed are set out in full in {settings.criteria_published}"
            "; they are summarised here.",
            st["body"],
        ),
        *criteria(e),
    ]
    if not bidder.excluded and not data.invalid:
        out += [
            CondPageBreak(50 * mm),
            para("How your tender was assessed", st["h2"]),
            para("Your score on each criterion, in each stage, with the panel's feedback.", st["small"]),
            *scores(data, bidder, own=True),
        ]
    if winner is not None and not is_winner:
        out += [
            CondPageBreak(50 * mm),
            para(f"How the successful tender was assessed: {winner.name}", st["h2"]),
            para(
                "The successful tender's score on each criterion with the panel's feedback. Formula-scored "
                "criteria show the share of the marks earned only.",
                st["small"],
            ),
            *scores(data, winner, own=False),
        ]
    out += [
        Spacer(1, 2 * mm),
        para(
            "Points are rounded to 2 decimal places; totals are calculated exactly and then rounded. This "
            "summary contains no information about any other tender.",
            st["small"],
        ),
        KeepTogether([para("Standstill period", st["h2"]), para(standstill_words(data), st["body"])]),
    ]
    return out
