"""The annual assessment ready to publish: a plain-text block with what a contract performance notice gives
(Procurement Act 2023 s.71; docs/delivery.md): the contract, the supplier, the period assessed, and for each KPI its
rating and the reasons, with the figures it was judged on."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from svtool.domain.delivery import Delivery, Rating, standing
from svtool.domain.numbers import money, show


def figure(value: Fraction | Decimal | None, unit: str) -> str:
    """A figure as a person reads it: pounds with £ and commas, a percentage with %, a count to one decimal.
    Rounded half up like every figure svtool shows (domain/numbers.py), so 81.25% reads 81.3%, £2.125 reads £2.13."""
    if value is None:
        return "not reported"
    if unit == "GBP":
        return money(value)
    if unit == "yes/no":
        return "yes" if value >= 1 else ("no" if value == 0 else show(value))
    text = show(value, 1).removesuffix(".0")
    if unit == "people" and text == "1":
        return "1 person"
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def notice_text(delivery: Delivery, title: str, reference: str, assessment: str) -> str:
    """The notice for the year ending with `assessment`; KPIs not yet rated are listed as such, so that a notice
    is never published with a KPI silently missing."""
    c = delivery.contract
    periods = c.assessment_periods(assessment)
    lines = [
        "CONTRACT PERFORMANCE ASSESSMENT (Procurement Act 2023, section 71)",
        f"Contract: {title}",
        f"Contract reference: {reference or 'none recorded'}",
        f"Supplier: {c.supplier}",
        f"Contract value: {money(c.value)}",
        f"Contract awarded: {c.awarded_at[:10]}",
        f"Period assessed: {periods[0]} to {periods[-1]}",
        f"Number of key performance indicators: {len(delivery.kpis)}",
        "",
    ]
    for n, kpi in enumerate(delivery.kpis, 1):
        rated = delivery.rating(kpi.id, assessment)
        now = standing(delivery, kpi, assessment)
        lines += [
            f"KPI {n}: {kpi.title}",
            f"  Target: {figure(kpi.committed, kpi.unit)} over the contract"
            if not kpi.level
            else f"  Target: {figure(kpi.committed, kpi.unit)} throughout",
            f"  Delivered to date: {figure(now.delivered, kpi.unit)}"
            + (f" ({figure(now.of_profile, '%')} of profile)" if now.of_profile is not None else ""),
            f"  Rating: {rated.rating.value if rated else 'NOT YET RATED'}",
            f"  Reasons: {rated.reason if rated else 'none recorded'}",
            "",
        ]
    ratings = [r.rating for k in delivery.kpis if (r := delivery.rating(k.id, assessment))]
    lines.append(
        "Ratings: "
        + (
            ", ".join(
                f"{sum(1 for r in ratings if r is choice)} {choice.value}" for choice in Rating if choice in ratings
            )
            or "none yet"
        )
    )
    return "\n".join(lines)
