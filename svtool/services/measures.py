"""Choosing which framework measures an evaluation uses: each becomes part of a question in the social value
envelope. These return a changed setup; the caller saves it (so it can be undone) and the officer then sets the
weights, which the Setup page's checks ask for."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from svtool.domain.evaluation import (
    MEASURE_UNITS,
    CommitmentValueMethod,
    EnvelopeKind,
    Evaluation,
    LivingWageMethod,
    LocalSpendMethod,
    MeasureMethod,
    Method,
    PercentBasis,
    Question,
    ScaleMethod,
)
from svtool.domain.framework import Measure, MeasureKind
from svtool.services.errors import UserError


def measures_used(evaluation: Evaluation) -> tuple[str, ...]:
    """Every measure a question assesses or counts, in question order."""
    found: dict[str, None] = {}
    for question in evaluation.questions:
        if question.measure_id:
            found[question.measure_id] = None
        found.update(dict.fromkeys(evaluation.commitment_measures((question,))))
    return tuple(found)


def _new_id(evaluation: Evaluation, prefix: str) -> str:
    taken = {q.id for q in evaluation.questions}
    number = 1 + sum(q.id.startswith(prefix) for q in evaluation.questions)
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def percent_target(measure: Measure, default: Decimal = Decimal(100)) -> Decimal:
    """The framework's target for a percentage measure, where it is one a percentage can meet; else default."""
    target = measure.target
    return target if target is not None and 0 < target <= 100 else default


def measure_method(measure: Measure) -> MeasureMethod:
    """A question scoring the committed figure in the measure's unit (docs/scoring-method.md, "Committed
    figures"): linear to the framework's target where it has one, otherwise relative to the best."""
    assert measure.unit is not None
    target = measure.target if measure.target is not None and measure.target > 0 else None
    if measure.unit == "%" and target is not None and target > 100:
        target = None
    basis = PercentBasis.LINEAR_TO_TARGET if target is not None else PercentBasis.RELATIVE_TO_BEST
    return MeasureMethod(measure.id, measure.unit, basis, target, measure.tags)


def use_measure(evaluation: Evaluation, measure: Measure) -> Evaluation:
    """The setup with this measure counted: added to the proxy-value question if it has a proxy value, otherwise
    a new question of its own: local spend and living wage percentages scored as such, a quantity in another
    unit on the committed figure, with the framework's target; a method statement on the scale."""
    if measure.id in measures_used(evaluation):
        raise UserError(f"{measure.id} is already used by this evaluation.")
    envelope = next((e for e in evaluation.envelopes if e.kind is EnvelopeKind.SOCIAL_VALUE), None)
    if envelope is None:
        raise UserError("Add a social value envelope on the Setup page first: measures are scored in it.")
    if measure.proxy is not None and measure.kind is MeasureKind.QUANTITATIVE:
        valued = next((q for q in evaluation.questions if isinstance(q.method, CommitmentValueMethod)), None)
        if valued is not None:
            assert isinstance(valued.method, CommitmentValueMethod)
            proxies = {**valued.method.proxies, measure.id: measure.proxy.value}
            changed = dataclasses.replace(valued, method=dataclasses.replace(valued.method, proxies=proxies))
            return dataclasses.replace(
                evaluation, questions=tuple(changed if q.id == valued.id else q for q in evaluation.questions)
            )
        method: Method = CommitmentValueMethod({measure.id: measure.proxy.value})
        title = "Social value offered (proxy values)"
    elif measure.unit == "%" and "local-spend" in measure.tags:
        method, title = LocalSpendMethod(measure.id, target_percent=percent_target(measure)), measure.title
    elif measure.unit == "%" and "living-wage" in measure.tags:
        method, title = LivingWageMethod(measure.id, target_percent=percent_target(measure)), measure.title
    elif measure.kind is MeasureKind.QUANTITATIVE and measure.unit in MEASURE_UNITS:
        method, title = measure_method(measure), measure.title
    else:
        if not evaluation.scales:
            raise UserError("Add a scoring scale first: this measure is scored on it.")
        method, title = ScaleMethod(evaluation.scales[0].id), measure.title
    question = Question(_new_id(evaluation, "S"), envelope.id, title, Decimal(1), method, measure.id)
    return dataclasses.replace(evaluation, questions=(*evaluation.questions, question))


def stop_using(evaluation: Evaluation, measure_id: str) -> Evaluation:
    """The setup without this measure: taken out of the proxy-value question, or its own question removed."""
    questions = []
    for question in evaluation.questions:
        method = question.method
        if isinstance(method, CommitmentValueMethod) and measure_id in method.proxies:
            proxies = {k: v for k, v in method.proxies.items() if k != measure_id}
            if proxies:
                questions.append(dataclasses.replace(question, method=dataclasses.replace(method, proxies=proxies)))
            continue
        if question.measure_id == measure_id or (
            isinstance(method, LocalSpendMethod | LivingWageMethod | MeasureMethod) and method.measure_id == measure_id
        ):
            continue
        questions.append(question)
    return dataclasses.replace(evaluation, questions=tuple(questions))
