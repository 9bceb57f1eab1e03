"""The rules an evaluation is scored by, in words a cabinet member can follow (Results.rules; the engine in
engine.py applies them)."""

from __future__ import annotations

from decimal import Decimal

from svtool.domain import affordability
from svtool.domain.evaluation import AbnormallyLowReference, Evaluation, PriceFormula, QualityBasis, ScaleMethod
from svtool.domain.numbers import show


def rules(evaluation: Evaluation) -> tuple[str, ...]:
    """The rules applied to this evaluation, in words a cabinet member can follow."""
    split = " / ".join(
        f"{stage.name} {show(evaluation.split.get(stage.id, Decimal(0)), 0)}%" for stage in evaluation.stages
    )
    price = {
        PriceFormula.LOWEST: "Price: the lowest price earns full marks; every other bid earns lowest price / its "
        "price of the marks.",
        PriceFormula.MEAN: f"Price: a bid at the mean price earns half marks; each 1% below or above the mean adds "
        f"or takes {show(evaluation.price.mean_points_per_percent)} percentage points, within 0 "
        "and full marks.",
        PriceFormula.RANGE: "Price: (highest price - bid) / (highest price - lowest price) of the marks.",
        PriceFormula.PRICE_PER_QUALITY_POINT: "Price per quality point: bidders are ranked by price divided by "
        "their quality and social value points, lowest first.",
    }[evaluation.price.formula]
    unmoderated = evaluation.panel.unmoderated_rule.value
    relative = [
        q.id
        for q in evaluation.questions
        if isinstance(q.method, ScaleMethod) and q.method.basis is QualityBasis.RELATIVE_TO_BEST
    ]
    quality = ["A scale-scored question earns its weight x its combined score / the highest point on its scale."]
    if relative:
        quality.append(
            f"Relative to the best: question{'s' if len(relative) > 1 else ''} {', '.join(relative)} "
            "earn their weight x the combined score / the highest combined score among the bidders not "
            "excluded (no marks if that is 0)."
        )
    for envelope in evaluation.envelopes:
        if envelope.quality_basis is QualityBasis.RELATIVE_TO_BEST:
            quality.append(
                f"Relative to the best: in {envelope.name}, the points of the scale-scored questions are "
                "scaled so that the best total among the bidders not excluded earns all their marks and "
                "others earn in proportion (none if the best is 0)."
            )
    ceiling = affordability.rule(evaluation.price)
    return (
        f"Stages are combined {split}, unless a question says otherwise; a question scored in fewer stages "
        "uses the same proportions over its own stages.",
        *quality,
        f"Each stage score is the panel's moderated score; until moderation, the {unmoderated} of the "
        "evaluators' scores stands in and is marked provisional.",
        f"Evaluators' scores {show(evaluation.panel.divergence_points)} or more points apart are flagged for "
        "discussion at moderation.",
        "Thresholds are judged on the panel's scale scores before any relative formula; a bidder below a "
        "threshold is excluded, with the reason recorded, and takes no part in relative formulas.",
        price,
        *([ceiling] if ceiling else []),
        f"Abnormally low: a price more than {show(evaluation.price.abnormally_low_percent)}% below "
        + (
            "the pre-tender estimate"
            if evaluation.price.abnormally_low_reference is AbnormallyLowReference.PRE_TENDER_ESTIMATE
            else "the mean of the other bids"
        )
        + " is flagged for the bidder to explain; it is never excluded automatically.",
        "Ranking: highest total first. Ties are broken by the higher total outside the price envelope, then by "
        "the lower price; bidders still level share a rank.",
        "All arithmetic is exact; figures are rounded only for display, half away from zero, to 2 decimal places "
        "(pounds to the penny). Rounded parts may differ from a rounded total by a penny or a hundredth of a "
        "point.",
    )
