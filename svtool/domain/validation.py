"""Plain-English checks of an evaluation's setup, bids and scores. They list problems; they never raise."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from svtool.domain.bidder_details import check_details
from svtool.domain.evaluation import (
    MEASURE_UNITS,
    AbnormallyLowReference,
    CeilingReference,
    CommitmentValueMethod,
    EnvelopeKind,
    Evaluation,
    LivingWageMethod,
    LocalSpendMethod,
    MeasureMethod,
    PercentBasis,
    PriceFormula,
    PriceMethod,
    QualityBasis,
    Question,
    ScaleMethod,
    Score,
    ValueBasis,
)
from svtool.domain.numbers import show
from svtool.domain.text import refusal, setup_text_problems

#: PPN 06/20 and PPN 002 ask for at least this weighting of social value.
MINIMUM_SOCIAL_VALUE_WEIGHT = Decimal(10)


#: Records a problem: where, and what is wrong.
Report = Callable[[str, str], None]


class Severity(StrEnum):
    ERROR = "error"  # the evaluation cannot be scored until it is put right
    WARNING = "warning"  # allowed, but worth a second look


@dataclass(frozen=True)
class SetupIssue:
    severity: Severity
    where: str  # e.g. "envelope 'Quality'" or "question Q3"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


#: A UK postcode district: the outward code, such as WN1, M14, EC1A or B1.
POSTCODE_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")


def _pts(value: Decimal) -> str:
    return show(value).rstrip("0").rstrip(".") if "." in show(value) else show(value)


def validate_setup(evaluation: Evaluation) -> list[SetupIssue]:
    """Everything wrong with the setup, errors first in the order a person would fix them."""
    issues: list[SetupIssue] = []

    def error(where: str, message: str) -> None:
        issues.append(SetupIssue(Severity.ERROR, where, message))

    def warning(where: str, message: str) -> None:
        issues.append(SetupIssue(Severity.WARNING, where, message))

    if evaluation.contract_value <= 0:
        error("the evaluation", "the contract value must be more than £0.")
    if not evaluation.envelopes:
        error("the evaluation", "there are no envelopes: add price, quality and social value envelopes.")
    _unique(evaluation, error)
    for where, message in setup_text_problems(evaluation):  # domain/text.py: an older file's control characters
        error(where, message)

    total = sum((e.weight for e in evaluation.envelopes), Decimal(0))
    if evaluation.envelopes and total != 100:
        parts = " + ".join(f"{e.name} {_pts(e.weight)}" for e in evaluation.envelopes)
        error("envelope weights", f"add up to {_pts(total)}, not 100 ({parts}). Change them so they total 100.")
    for envelope in evaluation.envelopes:
        where = f"envelope '{envelope.name}'"
        if envelope.weight < 0:
            error(where, "its weight cannot be negative.")
        if envelope.min_percent is not None and not 0 <= envelope.min_percent <= 100:
            error(where, f"its minimum of {_pts(envelope.min_percent)}% must be between 0 and 100.")
        questions = [q for q in evaluation.questions if q.envelope_id == envelope.id]
        weights = sum((q.weight for q in questions), Decimal(0))
        if envelope.weight > 0 and not questions:
            error(where, "has a weight but no questions. Add a question or set its weight to 0.")
        elif questions and weights != envelope.weight:
            error(
                where,
                f"its questions' weights add up to {_pts(weights)}, but the envelope's weight is "
                f"{_pts(envelope.weight)}. Make them equal.",
            )
        if envelope.min_percent is not None and not any(isinstance(q.method, ScaleMethod) for q in questions):
            warning(where, "has a minimum percentage but no scale-scored questions, so it can never apply.")
        if envelope.quality_basis is QualityBasis.RELATIVE_TO_BEST:
            if not any(isinstance(q.method, ScaleMethod) for q in questions):
                warning(where, "is scored relative to the best, but has no scale-scored questions to scale.")
            for question in questions:
                if isinstance(question.method, ScaleMethod) and question.method.basis is QualityBasis.RELATIVE_TO_BEST:
                    error(
                        f"question {question.id} ('{question.title}')",
                        f"is scored relative to the best inside {envelope.name}, which is itself scored relative "
                        "to the best. Choose one: the question's basis or the envelope's.",
                    )

    social = sum((e.weight for e in evaluation.envelopes if e.kind is EnvelopeKind.SOCIAL_VALUE), Decimal(0))
    if evaluation.envelopes and social < MINIMUM_SOCIAL_VALUE_WEIGHT:
        warning(
            "social value",
            f"is weighted {_pts(social)}%, under the {_pts(MINIMUM_SOCIAL_VALUE_WEIGHT)}% "
            "minimum of the government's Social Value Model (PPN 06/20 and PPN 002).",
        )

    for district in evaluation.local_boundary:
        if not POSTCODE_DISTRICT.fullmatch(district):
            error(
                "local boundary",
                f"'{district}' is not a postcode district. Give districts such as WN1 or M14, separated by commas.",
            )
    _check_stages(evaluation, error)
    _check_scales(evaluation, error)
    for question in evaluation.questions:
        _check_question(evaluation, question, error, warning)
    _check_price(evaluation, error)
    _check_bids(evaluation, error)
    check_details(evaluation, error, warning)
    if evaluation.full_time_hours <= 0 or evaluation.full_time_weeks <= 0:
        error("the evaluation", "the full-time week must be more than 0 hours and more than 0 weeks.")
    issues.sort(key=lambda issue: issue.severity is not Severity.ERROR)
    return issues


def _unique(evaluation: Evaluation, error: Report) -> None:
    for kind, ids in (
        ("envelope", [e.id for e in evaluation.envelopes]),
        ("question", [q.id for q in evaluation.questions]),
        ("scale", [s.id for s in evaluation.scales]),
        ("stage", [s.id for s in evaluation.stages]),
        ("bidder", [b.id for b in evaluation.bidders]),
        ("evaluator", [e.id for e in evaluation.evaluators]),
    ):
        seen: set[str] = set()
        for ident in ids:
            if ident in seen:
                error(f"{kind} '{ident}'", f"the id is used by more than one {kind}. Give each its own id.")
            seen.add(ident)


def _check_stages(evaluation: Evaluation, error: Report) -> None:
    stage_ids = {s.id for s in evaluation.stages}
    if not evaluation.stages:
        error("stages", "there are none: add at least a written stage.")
        return
    unknown = set(evaluation.split) - stage_ids
    if unknown:
        error("stage split", f"names stages that do not exist: {', '.join(sorted(unknown))}.")
    total = sum(evaluation.split.values(), Decimal(0))
    if total != 100:
        error("stage split", f"adds up to {_pts(total)}%, not 100%. For example 50/50 written and interview.")
    if any(v < 0 for v in evaluation.split.values()):
        error("stage split", "a stage cannot have a negative share.")


def _check_scales(evaluation: Evaluation, error: Report) -> None:
    for scale in evaluation.scales:
        where = f"scale '{scale.name}'"
        values = [p.value for p in scale.points]
        if len(values) < 2:
            error(where, "needs at least two points, such as 0 and 5.")
            continue
        if values != sorted(values) or len(set(values)) != len(values):
            error(where, "its points must go up in value, each once.")
        if values[0] < 0:
            error(where, "its lowest point cannot be below 0.")
        if values[-1] <= 0:
            error(where, "its highest point must be above 0.")
        for point in scale.points:
            if not point.label.strip():
                error(where, f"the point {_pts(point.value)} has no label. Give each point a label and descriptor.")


def _check_question(evaluation: Evaluation, question: Question, error: Report, warning: Report) -> None:
    where = f"question {question.id} ('{question.title}')"
    envelope_ids = {e.id for e in evaluation.envelopes}
    if question.envelope_id not in envelope_ids:
        error(where, f"is in envelope '{question.envelope_id}', which does not exist.")
    if question.weight <= 0:
        error(where, "needs a weight above 0.")
    method = question.method
    if isinstance(method, ScaleMethod):
        scale = next((s for s in evaluation.scales if s.id == method.scale_id), None)
        if scale is None:
            error(where, f"uses scale '{method.scale_id}', which does not exist.")
        stage_ids = {s.id for s in evaluation.stages}
        unknown = [s for s in method.stages if s not in stage_ids]
        if unknown:
            error(where, f"is scored in stages that do not exist: {', '.join(unknown)}.")
        if method.split is not None:
            stages = set(evaluation.stages_of(question))
            if set(method.split) - stages:
                error(where, "its own split names stages it is not scored in.")
            total = sum(method.split.values(), Decimal(0))
            if total != 100:
                error(where, f"its own stage split adds up to {_pts(total)}%, not 100%.")
        elif method.stages and len(method.stages) > 1:
            share = sum((evaluation.split.get(s, Decimal(0)) for s in method.stages), Decimal(0))
            if share == 0:
                error(where, "its stages have no share of the evaluation's split: give it its own split.")
        elif not method.stages and sum(evaluation.split.values(), Decimal(0)) == 0:
            error(where, "the evaluation's split gives every stage 0%.")
        if (
            scale is not None
            and method.min_score is not None
            and not (scale.minimum <= method.min_score <= scale.maximum)
        ):
            error(where, f"its minimum score {_pts(method.min_score)} is not on the {scale.name} scale.")
    elif isinstance(method, PriceMethod):
        envelope = next((e for e in evaluation.envelopes if e.id == question.envelope_id), None)
        if envelope is not None and envelope.kind is not EnvelopeKind.PRICE:
            warning(where, "is a price question outside the price envelope.")
    elif isinstance(method, CommitmentValueMethod):
        if not method.proxies:
            error(where, "counts no measures: choose the measures and their proxy values.")
        if any(v < 0 for v in method.proxies.values()):
            error(where, "a proxy value cannot be negative.")
        if method.basis is ValueBasis.PERCENT_OF_CONTRACT and not (method.target_percent or 0) > 0:
            error(where, "scoring against the contract value needs a target percentage above 0.")
    elif isinstance(method, LocalSpendMethod | LivingWageMethod):
        if not 0 < method.target_percent <= 100:
            error(where, f"its target of {_pts(method.target_percent)}% must be above 0 and at most 100.")
        if isinstance(method, LocalSpendMethod) and method.basis is PercentBasis.PASS_FAIL:
            warning(where, "local spend scored pass/fail gives no credit between the bands.")
    elif isinstance(method, MeasureMethod):
        if not method.measure_id:
            error(where, "names no measure: choose the framework measure it scores.")
        if method.unit not in MEASURE_UNITS:
            error(
                where,
                f"'{method.unit}' is not a unit a committed figure can be scored in (use one of "
                f"{', '.join(MEASURE_UNITS)}).",
            )
        elif method.basis is not PercentBasis.RELATIVE_TO_BEST:
            target = method.target
            if target is None or target <= 0:
                error(where, f"scoring to a target needs a target above 0 {method.unit}.")
            elif method.unit == "%" and target > 100:
                error(where, f"its target of {_pts(target)}% must be above 0 and at most 100.")


def _check_price(evaluation: Evaluation, error: Report) -> None:
    price_questions = [q for q in evaluation.questions if isinstance(q.method, PriceMethod)]
    if len(price_questions) > 1:
        error("price", "there is more than one price question; price is scored once.")
    settings = evaluation.price
    if settings.formula is PriceFormula.PRICE_PER_QUALITY_POINT:
        if any(e.kind is EnvelopeKind.PRICE and e.weight for e in evaluation.envelopes):
            error(
                "price",
                "price per quality point ranks by price / quality points, so the price envelope "
                "must have weight 0 (all 100 points go to quality and social value).",
            )
    elif not price_questions and any(e.kind is EnvelopeKind.PRICE and e.weight for e in evaluation.envelopes):
        error("price", "the price envelope has a weight but no price question.")
    if settings.pre_tender_estimate is not None and settings.pre_tender_estimate <= 0:
        error("price", "the pre-tender estimate must be more than £0.")
    if (
        settings.abnormally_low_reference is AbnormallyLowReference.PRE_TENDER_ESTIMATE
        and settings.pre_tender_estimate is None
    ):
        error("price", "abnormally low bids are judged against the pre-tender estimate, but none is entered.")
    if not 0 <= settings.abnormally_low_percent < 100:
        error("price", "the abnormally low threshold must be from 0% to under 100%.")
    if settings.budget is not None and settings.budget <= 0:
        error("price", "the budget must be more than £0.")
    if settings.ceiling is CeilingReference.BUDGET and settings.budget is None:
        error("price", "the affordability ceiling is the budget, but no budget is entered.")
    if settings.ceiling is CeilingReference.PRE_TENDER_ESTIMATE and settings.pre_tender_estimate is None:
        error("price", "the affordability ceiling is the pre-tender estimate, but none is entered.")


def _check_bids(evaluation: Evaluation, error: Report) -> None:
    bidder_ids = {b.id for b in evaluation.bidders}
    names = {b.id: b.name for b in evaluation.bidders}
    counts: dict[str, int] = defaultdict(int)
    for bid in evaluation.bids:
        counts[bid.bidder_id] += 1
        if bid.bidder_id not in bidder_ids:
            error(f"bid from '{bid.bidder_id}'", "no bidder has that id.")
            continue
        where = f"bid from {names[bid.bidder_id]}"
        if bid.price is not None and bid.price <= 0:
            error(where, f"the price {bid.price} must be more than £0.")
        for measure, quantity in bid.commitments.items():
            if quantity < 0:
                error(where, f"the commitment to {measure} cannot be negative.")
        for measure, working in bid.working.items():
            if working.hours_per_week < 0 or working.weeks < 0:
                error(where, f"the hours and weeks committed to {measure} cannot be negative.")
    for bidder_id, count in counts.items():
        if count > 1:
            error(f"bidder '{bidder_id}'", "has more than one bid. Keep one.")


def check_score(evaluation: Evaluation, score: Score) -> str | None:
    """Why this score cannot be recorded, in plain English, or None if it can."""
    try:
        question = evaluation.question(score.question_id)
    except KeyError:
        return f"There is no question {score.question_id}."
    if not isinstance(question.method, ScaleMethod):
        return f"Question {question.id} is not scored by the panel: it is worked out from the bids."
    if score.stage_id not in evaluation.stages_of(question):
        return f"Question {question.id} is not scored in the {score.stage_id} stage."
    scale = evaluation.scale(question.method.scale_id)
    if not scale.allows(score.value):
        if scale.continuous:
            allowed = f"from {_pts(scale.minimum)} to {_pts(scale.maximum)}"
        else:
            allowed = "one of " + ", ".join(_pts(p.value) for p in scale.points)
        return f"{_pts(score.value)} is not on the {scale.name} scale: enter {allowed}."
    text = refusal("The reason", score.reason, multiline=True)
    if text is not None:
        return text
    if not score.reason.strip():
        return "Every score needs a reason: say what in the answer earned it, in your own words."
    return None
