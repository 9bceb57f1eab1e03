"""The award criteria as published: weights, how each is scored (scales, formulas, targets, minimums) and the
scales' descriptors. The cabinet report's method section and every assessment summary print the same words
(docs/reports.md, docs/scoring-method.md)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from reportlab.lib.units import mm

from svtool.domain.evaluation import (
    CommitmentValueMethod,
    Evaluation,
    LivingWageMethod,
    LocalSpendMethod,
    MeasureMethod,
    PercentBasis,
    PriceFormula,
    PriceMethod,
    Question,
    ScaleMethod,
    ValueBasis,
)
from svtool.domain.formulas import effective_split
from svtool.domain.numbers import money, percent, show
from svtool.domain.results import figure
from svtool.export.pdf_style import CONTENT_WIDTH, para, styles, table

PRICE_RULES = {
    PriceFormula.LOWEST: "the lowest compliant price earns full marks; every other tender earns lowest price ÷ its "
    "price of the marks",
    PriceFormula.MEAN: "a tender at the mean of the compliant prices earns half the marks; each 1% below or above "
    "the mean adds or takes {per} percentage points of the marks, within none and full marks",
    PriceFormula.RANGE: "(highest price − the tender's price) ÷ (highest price − lowest price) of the marks, over "
    "the compliant tenders",
    PriceFormula.PRICE_PER_QUALITY_POINT: "tenders are ranked by price ÷ their quality and social value points, "
    "lowest first; price carries no points of its own",
}


def _points(value: Decimal | Fraction) -> str:
    """A scale point or target as people write it: 3, 2.5, 60 (not 3.00)."""
    shown = show(value)
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def stage_split(e: Evaluation, q: Question) -> dict[str, Fraction]:
    """The stage split a scale question uses, per cent (the engine's rule: formulas.effective_split)."""
    assert isinstance(q.method, ScaleMethod)
    own = None if q.method.split is None else {s: Fraction(v) for s, v in q.method.split.items()}
    return effective_split(e.stages_of(q), {s: Fraction(v) for s, v in e.split.items()}, own)


def _basis(basis: PercentBasis, target: Decimal) -> str:
    return {
        PercentBasis.LINEAR_TO_TARGET: f"full marks at {_points(target)}% or more, in proportion below it",
        PercentBasis.RELATIVE_TO_BEST: "the highest commitment earns full marks, others in proportion",
        PercentBasis.PASS_FAIL: f"full marks at {_points(target)}% or more, none below",
    }[basis]


def how_scored(e: Evaluation, q: Question) -> str:
    """How one criterion is assessed and what scores are available, in words (r.31(2)(d)(i)(cc))."""
    method = q.method
    if isinstance(method, ScaleMethod):
        scale = e.scale(method.scale_id)
        names = {s.id: s.name for s in e.stages}
        split = stage_split(e, q)
        stages = " + ".join(f"{names.get(s, s)} {_points(v)}%" for s, v in split.items())
        text = (
            f"Scored by the panel on the {scale.name} scale, {stages}; points = weight × combined score ÷ "
            f"{_points(scale.maximum)}."
        )
        if method.min_score is not None:
            text += f" A score below {_points(method.min_score)} in any stage excludes the tender."
        return text
    if isinstance(method, PriceMethod):
        rule = PRICE_RULES[e.price.formula].format(per=_points(e.price.mean_points_per_percent))
        return f"Price: {rule}."
    if isinstance(method, CommitmentValueMethod):
        proxies = ", ".join(f"{m} {money(v)} per unit" for m, v in method.proxies.items())
        text = f"Social value: the tender's commitments × proxy values ({proxies}) give the pounds offered; "
        if method.basis is ValueBasis.RELATIVE_TO_BEST:
            return text + "the best offer earns full marks, others in proportion."
        return text + (
            f"full marks at {_points(method.target_percent or Decimal(0))}% of the contract value, in "
            "proportion below it."
        )
    if isinstance(method, LocalSpendMethod):
        where = f" ({', '.join(e.local_boundary)})" if e.local_boundary else ""
        return (
            f"The share of the contract value committed to be spent locally{where}, measure "
            f"{method.measure_id}: {_basis(method.basis, method.target_percent)}."
        )
    if isinstance(method, MeasureMethod):
        return measure_text(e, method)
    assert isinstance(method, LivingWageMethod)
    text = (
        f"The share of the contract workforce committed to be paid at least the Real Living Wage, measure "
        f"{method.measure_id}: {_basis(method.basis, method.target_percent)}"
    )
    if method.accredited_measure_id:
        text += "; accreditation as a Living Wage Employer earns full marks"
    return text + "."


def measure_text(e: Evaluation, method: MeasureMethod) -> str:
    """A committed-figure question in words: the measure, its unit, the rule and its target, and how an FTE given
    as hours is pro-rated (docs/scoring-method.md, "Committed figures")."""
    target = figure(Fraction(method.target or 0), method.unit)
    rule = {
        PercentBasis.LINEAR_TO_TARGET: f"full marks at {target} or more, in proportion below it",
        PercentBasis.RELATIVE_TO_BEST: "the highest commitment among compliant tenders earns full marks, others "
        "in proportion",
        PercentBasis.PASS_FAIL: f"full marks at {target} or more, none below",
    }[method.basis]
    text = f"The figure committed to measure {method.measure_id}, in {method.unit}: {rule}."
    if method.unit == "FTE":
        text += (
            f" Posts given as hours a week for some weeks count as hours × weeks ÷ ({_points(e.full_time_hours)}"
            f" × {_points(e.full_time_weeks)}) FTE."
        )
    return text


def criteria(e: Evaluation) -> list[Any]:
    """The envelopes and criteria with their weights and how each is scored, then each scale's descriptors."""
    st = styles()
    rows: list[list[Any]] = [["Envelope", "Weight", "Minimum"]]
    for v in e.envelopes:
        rows.append(
            [
                v.name,
                show(v.weight),
                f"{percent(v.min_percent)} of its panel-scored marks" if v.min_percent is not None else "–",
            ]
        )
    out: list[Any] = [
        para("Envelopes and weights", st["h2"]),
        table(rows, [70 * mm, 25 * mm, CONTENT_WIDTH - 95 * mm], numeric_from=1),
    ]
    rows = [["Criterion", "Envelope", "Weight", "How it is assessed and the scores available"]]
    envelopes = {v.id: v.name for v in e.envelopes}
    for q in e.questions:
        rows.append(
            [f"{q.id} {q.title}", envelopes.get(q.envelope_id, q.envelope_id), show(q.weight), how_scored(e, q)]
        )
    widths = [52 * mm, 24 * mm, 15 * mm, CONTENT_WIDTH - 91 * mm]
    out += [para("Criteria", st["h2"]), table(rows, widths)]
    for scale in e.scales:
        rows = [["Score", "Meaning"]] + [[f"{_points(p.value)} {p.label}", p.descriptor] for p in scale.points]
        note = " Any score from the lowest to the highest point may be given." if scale.continuous else ""
        out += [para(f"The {scale.name} scale", st["h2"]), table(rows, [40 * mm, CONTENT_WIDTH - 40 * mm])]
        if note:
            out.append(para(note.strip(), st["small"]))
    return out
