"""Between the domain's Evaluation and the document's rows."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from svtool.domain.evaluation import (
    AbnormallyLowReference,
    Attribute,
    Bid,
    Bidder,
    CommitmentValueMethod,
    Declaration,
    Envelope,
    EnvelopeKind,
    Evaluation,
    Evaluator,
    LivingWageMethod,
    LocalSpendMethod,
    Method,
    Moderation,
    PanelSettings,
    PercentBasis,
    PriceFormula,
    PriceMethod,
    PriceSettings,
    Question,
    Scale,
    ScaleMethod,
    ScalePoint,
    Score,
    Stage,
    UnmoderatedRule,
    ValueBasis,
)
from svtool.memory import collector_paused
from svtool.store.models import (
    BidderRow,
    CommitmentRow,
    DeclarationRow,
    EnvelopeRow,
    EvaluationRow,
    EvaluatorRow,
    ModerationRow,
    QuestionRow,
    ScaleRow,
    ScoreRow,
    StageRow,
)


def _decimals(values: dict[str, Decimal]) -> dict[str, str]:
    return {k: format(v, "f") for k, v in values.items()}


def _from_decimals(values: dict[str, str]) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in values.items()}


def method_config(method: Method) -> tuple[str, dict[str, Any]]:
    """A question method as (name, JSON-ready settings)."""
    if isinstance(method, ScaleMethod):
        return "scale", {"scale": method.scale_id, "stages": list(method.stages),
                         "split": _decimals(dict(method.split)) if method.split is not None else None,
                         "min_score": format(method.min_score, "f") if method.min_score is not None else None}
    if isinstance(method, PriceMethod):
        return "price", {}
    if isinstance(method, CommitmentValueMethod):
        return "commitment_value", {"proxies": _decimals(dict(method.proxies)), "basis": method.basis.value,
                                    "target_percent": None if method.target_percent is None
                                    else format(method.target_percent, "f")}
    base = {"measure": method.measure_id, "basis": method.basis.value,
            "target_percent": format(method.target_percent, "f")}
    if isinstance(method, LocalSpendMethod):
        return "local_spend", base
    return "living_wage", {**base, "accredited_measure": method.accredited_measure_id,
                           "hourly_rate_measure": method.hourly_rate_measure_id}


def method_from(name: str, config: dict[str, Any]) -> Method:
    def maybe(key: str) -> Decimal | None:
        return None if config.get(key) is None else Decimal(config[key])

    if name == "scale":
        split = config.get("split")
        return ScaleMethod(config["scale"], tuple(config.get("stages", ())),
                           _from_decimals(split) if split is not None else None, maybe("min_score"))
    if name == "price":
        return PriceMethod()
    if name == "commitment_value":
        return CommitmentValueMethod(_from_decimals(config["proxies"]), ValueBasis(config["basis"]),
                                     maybe("target_percent"))
    if name == "local_spend":
        return LocalSpendMethod(config["measure"], PercentBasis(config["basis"]), Decimal(config["target_percent"]))
    if name == "living_wage":
        return LivingWageMethod(config["measure"], PercentBasis(config["basis"]), Decimal(config["target_percent"]),
                                config.get("accredited_measure"), config.get("hourly_rate_measure"))
    raise ValueError(f"unknown question method {name!r}")


def store_evaluation(session: Session, evaluation: Evaluation, framework_snapshot: str | None = None) -> None:
    e = evaluation
    session.add(EvaluationRow(
        id=1, title=e.title, reference=e.reference, contract_value=e.contract_value, framework_id=e.framework_id,
        framework_snapshot=framework_snapshot, split=json.dumps(_decimals(dict(e.split))),
        unmoderated_rule=e.panel.unmoderated_rule.value, divergence_points=e.panel.divergence_points,
        price_formula=e.price.formula.value, mean_points_per_percent=e.price.mean_points_per_percent,
        abnormally_low_percent=e.price.abnormally_low_percent,
        abnormally_low_reference=e.price.abnormally_low_reference.value,
        pre_tender_estimate=e.price.pre_tender_estimate, lm3_respend_percent=e.lm3_respend_percent,
        living_wage_rate=e.living_wage_rate,
        exclusive_measures=json.dumps([sorted(g) for g in e.exclusive_measures]),
        local_boundary=json.dumps(list(e.local_boundary))))
    session.add_all(StageRow(id=s.id, position=n, name=s.name) for n, s in enumerate(e.stages))
    session.add_all(ScaleRow(id=s.id, position=n, name=s.name, continuous=s.continuous,
                             points=json.dumps([{"value": format(p.value, "f"), "label": p.label,
                                                 "descriptor": p.descriptor} for p in s.points]))
                    for n, s in enumerate(e.scales))
    session.add_all(EnvelopeRow(id=v.id, position=n, name=v.name, kind=v.kind.value, weight=v.weight,
                                min_percent=v.min_percent) for n, v in enumerate(e.envelopes))
    session.flush()
    for n, q in enumerate(e.questions):
        name, config = method_config(q.method)
        session.add(QuestionRow(id=q.id, position=n, envelope_id=q.envelope_id, title=q.title, weight=q.weight,
                                method=name, config=json.dumps(config), measure_id=q.measure_id))
    bids = {b.bidder_id: b for b in e.bids}
    for n, b in enumerate(e.bidders):
        bid = bids.get(b.id)
        session.add(BidderRow(id=b.id, position=n, name=b.name, attributes=json.dumps(sorted(a.value for a in
                                                                                             b.attributes)),
                              excluded_reason=b.excluded_reason, price=bid.price if bid else None))
    session.flush()
    for b in e.bidders:
        bid = bids.get(b.id)
        if bid is not None:
            session.add_all(CommitmentRow(bidder_id=b.id, measure_id=m, position=n, quantity=quantity)
                            for n, (m, quantity) in enumerate(bid.commitments.items()))
    session.add_all(EvaluatorRow(id=v.id, position=n, name=v.name) for n, v in enumerate(e.evaluators))
    session.flush()
    session.add_all(DeclarationRow(evaluator_id=d.evaluator_id, conflict=d.conflict, statement=d.statement,
                                   declared_on=d.declared_on) for d in e.declarations)
    session.flush()
    if e.scores:
        session.execute(insert(ScoreRow), [
            {"evaluator_id": s.evaluator_id, "bidder_id": s.bidder_id, "question_id": s.question_id,
             "stage_id": s.stage_id, "value": s.value, "reason": s.reason} for s in e.scores])
    if e.moderations:
        session.execute(insert(ModerationRow), [
            {"bidder_id": m.bidder_id, "question_id": m.question_id, "stage_id": m.stage_id, "value": m.value,
             "rationale": m.rationale} for m in e.moderations])


def load_evaluation(session: Session) -> Evaluation:
    with collector_paused():
        return _load(session)


def _load(session: Session) -> Evaluation:
    head = session.get(EvaluationRow, 1)
    if head is None:
        raise ValueError("the file holds no evaluation")
    stages = tuple(Stage(r.id, r.name) for r in session.scalars(select(StageRow).order_by(StageRow.position)))
    scales = tuple(Scale(r.id, r.name, tuple(ScalePoint(Decimal(p["value"]), p["label"], p["descriptor"])
                                             for p in json.loads(r.points)), r.continuous)
                   for r in session.scalars(select(ScaleRow).order_by(ScaleRow.position)))
    envelopes = tuple(Envelope(r.id, r.name, EnvelopeKind(r.kind), r.weight, r.min_percent)
                      for r in session.scalars(select(EnvelopeRow).order_by(EnvelopeRow.position)))
    questions = tuple(Question(r.id, r.envelope_id, r.title, r.weight, method_from(r.method, json.loads(r.config)),
                               r.measure_id)
                      for r in session.scalars(select(QuestionRow).order_by(QuestionRow.position)))
    commitments: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for c in session.scalars(select(CommitmentRow).order_by(CommitmentRow.bidder_id, CommitmentRow.position)):
        commitments[c.bidder_id][c.measure_id] = c.quantity
    bidder_rows = list(session.scalars(select(BidderRow).order_by(BidderRow.position)))
    bidders = tuple(Bidder(r.id, r.name, frozenset(Attribute(a) for a in json.loads(r.attributes)),
                           r.excluded_reason) for r in bidder_rows)
    bids = tuple(Bid(r.id, r.price, commitments.get(r.id, {})) for r in bidder_rows)
    evaluators = tuple(Evaluator(r.id, r.name)
                       for r in session.scalars(select(EvaluatorRow).order_by(EvaluatorRow.position)))
    declarations = tuple(Declaration(r.evaluator_id, r.conflict, r.statement, r.declared_on)
                         for r in session.scalars(select(DeclarationRow)))
    declarations = tuple(sorted(declarations, key=lambda d: [v.id for v in evaluators].index(d.evaluator_id)))
    # Scores are the bulk of a large evaluation: read them straight from the driver, not as ORM objects, and
    # convert each distinct value's text to a Decimal once (a scale has few points).
    decimals: dict[str, Decimal] = {}

    def exact(text: str) -> Decimal:
        found = decimals.get(text)
        if found is None:
            found = decimals[text] = Decimal(text)
        return found

    connection = session.connection()
    scores = tuple(Score(e, b, q, s, exact(v), r) for e, b, q, s, v, r in connection.exec_driver_sql(
        "SELECT evaluator_id, bidder_id, question_id, stage_id, value, reason FROM score ORDER BY id"))
    moderations = tuple(Moderation(b, q, s, exact(v), r) for b, q, s, v, r in connection.exec_driver_sql(
        "SELECT bidder_id, question_id, stage_id, value, rationale FROM moderation ORDER BY id"))
    return Evaluation(
        title=head.title, contract_value=head.contract_value, envelopes=envelopes, questions=questions,
        scales=scales, stages=stages, split=_from_decimals(json.loads(head.split)), bidders=bidders, bids=bids,
        evaluators=evaluators, scores=scores, moderations=moderations,
        price=PriceSettings(PriceFormula(head.price_formula), head.mean_points_per_percent,
                            head.abnormally_low_percent, AbnormallyLowReference(head.abnormally_low_reference),
                            head.pre_tender_estimate),
        panel=PanelSettings(UnmoderatedRule(head.unmoderated_rule), head.divergence_points),
        exclusive_measures=tuple(frozenset(g) for g in json.loads(head.exclusive_measures)),
        lm3_respend_percent=head.lm3_respend_percent, living_wage_rate=head.living_wage_rate,
        reference=head.reference, framework_id=head.framework_id, declarations=declarations,
        local_boundary=tuple(json.loads(head.local_boundary or "[]")))

