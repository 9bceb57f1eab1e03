"""Starting points for a new evaluation: envelopes, weights, stages, a scale and questions that follow common
council practice, with social value questions drawn from the chosen framework. Every part can be changed after."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from svtool.domain.evaluation import (
    CommitmentValueMethod,
    Envelope,
    EnvelopeKind,
    Evaluation,
    Evaluator,
    LivingWageMethod,
    LocalSpendMethod,
    Method,
    PriceMethod,
    Question,
    ScaleMethod,
    Stage,
)
from svtool.domain.framework import Framework, Measure, MeasureKind
from svtool.services.demo import SCALE
from svtool.services.errors import UserError
from svtool.services.measures import percent_target

D = Decimal


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    description: str
    build: Callable[
        [Framework], tuple[tuple[Envelope, ...], tuple[Question, ...], tuple[Stage, ...], dict[str, Decimal]]
    ]


def _first(framework: Framework, tag: str, unit: str) -> Measure | None:
    return next((m for m in framework.measures if tag in m.tags and m.unit == unit), None)


def _social_value(framework: Framework, weight: Decimal) -> tuple[Question, ...]:
    """Local spend and Real Living Wage where the framework has them, a value question over measures with proxy
    values, and a method statement for the rest; the weight is shared between them in whole points."""
    parts: list[tuple[str, Method, str | None]] = []
    local = _first(framework, "local-spend", "%")
    if local is not None:
        parts.append(
            (
                "Spend inside the local boundary",
                LocalSpendMethod(local.id, target_percent=percent_target(local, D(60))),
                local.id,
            )
        )
    wage = _first(framework, "living-wage", "%")
    if wage is not None:
        accredited = _first(framework, "living-wage", "yes/no")
        parts.append(
            (
                "Workforce paid the Real Living Wage",
                LivingWageMethod(
                    wage.id,
                    target_percent=percent_target(wage),
                    accredited_measure_id=accredited.id if accredited else None,
                ),
                wage.id,
            )
        )
    valued = [
        m
        for m in framework.measures
        if m.proxy is not None and m.kind is MeasureKind.QUANTITATIVE and "local-spend" not in m.tags
    ]
    if valued:
        proxies = {m.id: m.proxy.value for m in valued[:8] if m.proxy is not None}
        parts.append(("Social value offered (proxy values)", CommitmentValueMethod(proxies), None))
    statement = next((m for m in framework.measures if m.kind is MeasureKind.QUALITATIVE), None)
    parts.append(("Social value method statement", ScaleMethod(SCALE.id), statement.id if statement else None))
    share, spare = divmod(weight, len(parts))
    questions = []
    for n, (title, method, measure) in enumerate(parts, start=1):
        points = share + (spare if n == len(parts) else 0)
        questions.append(Question(f"S{n}", "sv", title, points, method, measure))
    return tuple(questions)


def _care(
    framework: Framework,
) -> tuple[tuple[Envelope, ...], tuple[Question, ...], tuple[Stage, ...], dict[str, Decimal]]:
    envelopes = (
        Envelope("price", "Price", EnvelopeKind.PRICE, D(40)),
        Envelope("quality", "Quality", EnvelopeKind.QUALITY, D(40)),
        Envelope("sv", "Social value", EnvelopeKind.SOCIAL_VALUE, D(20)),
    )
    questions = (
        Question("P1", "price", "Price", D(40), PriceMethod()),
        Question("Q1", "quality", "Person-centred care and outcomes", D(15), ScaleMethod(SCALE.id, min_score=D(2))),
        Question("Q2", "quality", "Workforce: recruitment, retention and development", D(10), ScaleMethod(SCALE.id)),
        Question("Q3", "quality", "Safeguarding", D(10), ScaleMethod(SCALE.id, min_score=D(2))),
        Question("Q4", "quality", "Mobilisation", D(5), ScaleMethod(SCALE.id, stages=("written",))),
        *_social_value(framework, D(20)),
    )
    stages = (Stage("written", "Written"), Stage("interview", "Interview"))
    return envelopes, questions, stages, {"written": D(50), "interview": D(50)}


def _standard(
    framework: Framework,
) -> tuple[tuple[Envelope, ...], tuple[Question, ...], tuple[Stage, ...], dict[str, Decimal]]:
    envelopes = (
        Envelope("price", "Price", EnvelopeKind.PRICE, D(60)),
        Envelope("quality", "Quality", EnvelopeKind.QUALITY, D(30)),
        Envelope("sv", "Social value", EnvelopeKind.SOCIAL_VALUE, D(10)),
    )
    questions = (
        Question("P1", "price", "Price", D(60), PriceMethod()),
        Question("Q1", "quality", "Delivery of the specification", D(15), ScaleMethod(SCALE.id)),
        Question("Q2", "quality", "Quality assurance and continuous improvement", D(10), ScaleMethod(SCALE.id)),
        Question("Q3", "quality", "Mobilisation and contract management", D(5), ScaleMethod(SCALE.id)),
        *_social_value(framework, D(10)),
    )
    return envelopes, questions, (Stage("written", "Written"),), {"written": D(100)}


TEMPLATES = (
    Template(
        "care",
        "Care services: 40 price, 40 quality, 20 social value; 50% written, 50% interview",
        "As Wigan scores care tenders: quality answers scored on paper and again at interview, half each.",
        _care,
    ),
    Template(
        "standard",
        "Services: 60 price, 30 quality, 10 social value; written only",
        "A common split for services, with social value at the 10% the government's model asks for as a minimum.",
        _standard,
    ),
)


def template(template_id: str) -> Template:
    for candidate in TEMPLATES:
        if candidate.id == template_id:
            return candidate
    raise UserError(f"There is no template '{template_id}'. Choose one of: " + ", ".join(t.id for t in TEMPLATES) + ".")


def new_evaluation(
    title: str, reference: str, contract_value: Decimal, framework: Framework, template_id: str, panel: list[str]
) -> Evaluation:
    """A new evaluation from a template: no bidders yet, the panel named, nothing scored."""
    if not title.strip():
        raise UserError("Give the evaluation a title, such as the contract's name.")
    names = [n.strip() for n in panel if n.strip()]
    if not names:
        raise UserError("Name at least one evaluator on the panel.")
    envelopes, questions, stages, split = template(template_id).build(framework)
    return Evaluation(
        title=title.strip(),
        reference=reference.strip(),
        contract_value=contract_value,
        envelopes=envelopes,
        questions=questions,
        scales=(SCALE,),
        stages=stages,
        split=split,
        evaluators=tuple(Evaluator(f"E{n}", name) for n, name in enumerate(names, start=1)),
        framework_id=framework.id,
    )
