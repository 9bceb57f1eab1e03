"""Between the domain's Evaluation and the document's rows."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from svtool.domain.committed import committed, full_time_year
from svtool.domain.evaluation import (
    AbnormallyLowReference,
    Attribute,
    Bid,
    Bidder,
    CeilingAction,
    CeilingReference,
    CommitmentValueMethod,
    Declaration,
    Envelope,
    EnvelopeKind,
    Evaluation,
    Evaluator,
    Finalised,
    FteWorking,
    LivingWageMethod,
    LocalSpendMethod,
    MeasureMethod,
    Method,
    Mitigation,
    Moderation,
    PanelSettings,
    PercentBasis,
    PriceFormula,
    PriceMethod,
    PriceSettings,
    QualityBasis,
    Question,
    Reservation,
    Role,
    Scale,
    ScaleMethod,
    ScalePoint,
    Score,
    SignOff,
    Stage,
    Submission,
    SupplyLink,
    UnmoderatedRule,
    ValueBasis,
)
from svtool.domain.living_wage import Region
from svtool.domain.numbers import rounded
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
    SignOffRow,
    StageRow,
    SubmissionRow,
    stored_decimal,
    stored_json,
)
from svtool.store.rows import KEYS, TABLES, setup_versions
from svtool.store.score_rows import read_moderations, read_scores


def _decimals(values: dict[str, Decimal]) -> dict[str, str]:
    return {k: format(v, "f") for k, v in values.items()}


def _from_decimals(values: dict[str, str]) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in values.items()}


def method_config(method: Method) -> tuple[str, dict[str, Any]]:
    """A question method as (name, JSON-ready settings)."""
    if isinstance(method, ScaleMethod):
        config = {
            "scale": method.scale_id,
            "stages": list(method.stages),
            "split": _decimals(dict(method.split)) if method.split is not None else None,
            "min_score": format(method.min_score, "f") if method.min_score is not None else None,
        }
        if method.basis is not QualityBasis.ABSOLUTE:  # absent before schema 8, so older questions read the same
            config["basis"] = method.basis.value
        return "scale", config
    if isinstance(method, PriceMethod):
        return "price", {}
    if isinstance(method, MeasureMethod):
        return "measure", {
            "measure": method.measure_id,
            "unit": method.unit,
            "basis": method.basis.value,
            "target": None if method.target is None else format(method.target, "f"),
            "tags": list(method.tags),
        }
    if isinstance(method, CommitmentValueMethod):
        return "commitment_value", {
            "proxies": _decimals(dict(method.proxies)),
            "basis": method.basis.value,
            "target_percent": None if method.target_percent is None else format(method.target_percent, "f"),
        }
    base = {
        "measure": method.measure_id,
        "basis": method.basis.value,
        "target_percent": format(method.target_percent, "f"),
    }
    if isinstance(method, LocalSpendMethod):
        return "local_spend", base
    return "living_wage", {
        **base,
        "accredited_measure": method.accredited_measure_id,
        "hourly_rate_measure": method.hourly_rate_measure_id,
    }


def method_from(name: str, config: dict[str, Any]) -> Method:
    def maybe(key: str) -> Decimal | None:
        return None if config.get(key) is None else Decimal(config[key])

    if name == "scale":
        split = config.get("split")
        return ScaleMethod(
            config["scale"],
            tuple(config.get("stages", ())),
            _from_decimals(split) if split is not None else None,
            maybe("min_score"),
            QualityBasis(config.get("basis", QualityBasis.ABSOLUTE.value)),
        )
    if name == "price":
        return PriceMethod()
    if name == "commitment_value":
        return CommitmentValueMethod(
            _from_decimals(config["proxies"]), ValueBasis(config["basis"]), maybe("target_percent")
        )
    if name == "measure":
        return MeasureMethod(
            config["measure"],
            config["unit"],
            PercentBasis(config["basis"]),
            maybe("target"),
            tuple(config.get("tags", ())),
        )
    if name == "local_spend":
        return LocalSpendMethod(config["measure"], PercentBasis(config["basis"]), Decimal(config["target_percent"]))
    if name == "living_wage":
        return LivingWageMethod(
            config["measure"],
            PercentBasis(config["basis"]),
            Decimal(config["target_percent"]),
            config.get("accredited_measure"),
            config.get("hourly_rate_measure"),
        )
    raise ValueError(f"unknown question method {name!r}")


def setup_rows(e: Evaluation) -> dict[str, dict[tuple[Any, ...], dict[str, Any]]]:
    """The setup (everything but scores and moderations) as table rows in the person's order, keyed by primary key,
    without positions or versions: what is created, and what is compared to save only the rows an edit changed."""
    rows: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
    rows["evaluation"] = {
        (1,): dict(
            title=e.title,
            reference=e.reference,
            contract_value=e.contract_value,
            framework_id=e.framework_id,
            split=json.dumps(_decimals(dict(e.split))),
            unmoderated_rule=e.panel.unmoderated_rule.value,
            divergence_points=e.panel.divergence_points,
            reason_min_words=e.panel.reason_min_words,
            price_formula=e.price.formula.value,
            mean_points_per_percent=e.price.mean_points_per_percent,
            abnormally_low_percent=e.price.abnormally_low_percent,
            abnormally_low_reference=e.price.abnormally_low_reference.value,
            pre_tender_estimate=e.price.pre_tender_estimate,
            price_ceiling=e.price.ceiling.value if e.price.ceiling else None,
            ceiling_action=e.price.ceiling_action.value,
            budget=e.price.budget,
            full_time_hours=e.full_time_hours,
            full_time_weeks=e.full_time_weeks,
            lm3_respend_percent=e.lm3_respend_percent,
            living_wage_rate=e.living_wage_rate,
            exclusive_measures=json.dumps([sorted(g) for g in e.exclusive_measures]),
            local_boundary=json.dumps(list(e.local_boundary)),
            finalised_by=e.finalised.by if e.finalised else None,
            finalised_at=e.finalised.at if e.finalised else None,
            final_content=e.finalised.content if e.finalised else None,
            tender_date=e.tender_date.isoformat() if e.tender_date else None,
            living_wage_region=e.living_wage_region.value,
            living_wage_source=e.living_wage_source,
            reservation=e.reservation.value if e.reservation else None,
            cwb_targets=json.dumps({a.value: format(v, "f") for a, v in sorted(e.cwb_targets.items())}),
        )
    }
    rows["stage"] = {(s.id,): {"name": s.name, "gated": s.gated} for s in e.stages}
    rows["scale"] = {
        (s.id,): {
            "name": s.name,
            "continuous": s.continuous,
            "points": json.dumps(
                [{"value": format(p.value, "f"), "label": p.label, "descriptor": p.descriptor} for p in s.points]
            ),
        }
        for s in e.scales
    }
    rows["envelope"] = {
        (v.id,): {
            "name": v.name,
            "kind": v.kind.value,
            "weight": v.weight,
            "min_percent": v.min_percent,
            "quality_basis": v.quality_basis.value,
        }
        for v in e.envelopes
    }
    rows["question"] = {}
    for q in e.questions:
        name, config = method_config(q.method)
        rows["question"][(q.id,)] = {
            "envelope_id": q.envelope_id,
            "title": q.title,
            "weight": q.weight,
            "method": name,
            "config": json.dumps(config),
            "measure_id": q.measure_id,
        }
    bids = {b.bidder_id: b for b in e.bids}
    rows["bidder"] = {
        (b.id,): {
            "name": b.name,
            "attributes": json.dumps(sorted(a.value for a in b.attributes)),
            "excluded_reason": b.excluded_reason,
            "price": bids[b.id].price if b.id in bids else None,
            **bidder_details(b),
        }
        for b in e.bidders
    }
    rows["commitment"] = {
        (b.id, m): _commitment_columns(bids[b.id], m, full_time_year(e))
        for b in e.bidders
        if b.id in bids
        for m in _committed_measures(bids[b.id])
    }
    rows["evaluator"] = {
        (v.id,): {
            "name": v.name,
            "role": v.role.value,
            "questions": json.dumps(list(v.questions)),
            "stood_down": v.stood_down,
        }
        for v in e.evaluators
    }
    rows["declaration"] = {
        (d.evaluator_id, d.bidder_id): {
            "conflict": d.conflict,
            "statement": d.statement,
            "declared_on": d.declared_on,
            "mitigation": d.mitigation.value if d.mitigation else None,
            "mitigation_reason": d.mitigation_reason,
        }
        for d in e.declarations
    }
    rows["submission"] = {(s.evaluator_id, s.stage_id): {"submitted_at": s.submitted_at} for s in e.submissions}
    rows["signoff"] = {
        (s.evaluator_id,): {"statement": s.statement, "signed_at": s.signed_at, "content": s.content}
        for s in e.signoffs
    }
    return rows


def _committed_measures(bid: Bid) -> list[str]:
    return [*bid.commitments, *(m for m in bid.working if m not in bid.commitments)]


def _commitment_columns(bid: Bid, measure: str, full_time: Fraction) -> dict[str, Any]:
    """A commitment's row: the quantity (for an FTE given as hours and weeks, the pro-rated figure to 4 places
    unless one was entered with it) and the working, if any."""
    working = bid.working.get(measure)
    quantity = bid.commitments.get(measure)
    if quantity is None:
        quantity = rounded(committed(bid, measure, full_time), 4)
    return {
        "quantity": quantity,
        "hours_per_week": working.hours_per_week if working else None,
        "weeks": working.weeks if working else None,
    }


def store_evaluation(session: Session, evaluation: Evaluation, framework_snapshot: str | None = None) -> None:
    """Write a whole evaluation into an empty document."""
    e = evaluation
    for table, rows in setup_rows(e).items():
        if not rows:
            continue
        names = KEYS[table]
        values = [{**dict(zip(names, key, strict=True)), **columns, "version": 1} for key, columns in rows.items()]
        if table == "evaluation":
            values[0]["framework_snapshot"] = framework_snapshot
        else:
            for position, row in enumerate(values):
                row["position"] = position
        session.execute(insert(TABLES[table]), values)
    if e.scores:
        session.execute(
            insert(ScoreRow),
            [
                {
                    "evaluator_id": s.evaluator_id,
                    "bidder_id": s.bidder_id,
                    "question_id": s.question_id,
                    "stage_id": s.stage_id,
                    "value": s.value,
                    "reason": s.reason,
                }
                for s in e.scores
            ],
        )
    if e.moderations:
        session.execute(
            insert(ModerationRow),
            [
                {"bidder_id": m.bidder_id, "question_id": m.question_id, "stage_id": m.stage_id, **moderation_values(m)}
                for m in e.moderations
            ],
        )


def moderation_values(m: Moderation) -> dict[str, Any]:
    """A consensus's columns other than its cell."""
    return {
        "value": m.value,
        "rationale": m.rationale,
        "feedback": m.feedback,
        "basis": m.basis,
        "without_reason": m.without,
    }


@dataclass
class Loaded:
    """An evaluation as read in one transaction, with the version of every row, for later versioned writes."""

    evaluation: Evaluation
    score_versions: dict[tuple[str, str, str, str], int]
    moderation_versions: dict[tuple[str, str, str], int]
    setup_versions: dict[tuple[str, tuple[Any, ...]], int]
    #: The scores keyed by (evaluator, bidder, question, stage), built once while reading.
    scores_by_key: dict[tuple[str, str, str, str], Score]


def load_evaluation(session: Session) -> Evaluation:
    return load_with_versions(session).evaluation


def load_with_versions(session: Session) -> Loaded:
    with collector_paused(keep=True):
        return _load(session, with_scores=True)


def load_setup(session: Session) -> Loaded:
    """The setup alone (its scores and moderations empty), with its rows' versions: cheap enough to re-read
    whenever another session changes the setup."""
    return _load(session, with_scores=False)


def _load(session: Session, with_scores: bool) -> Loaded:
    head = session.get(EvaluationRow, 1)
    if head is None:
        raise ValueError("the file holds no evaluation")
    stages = tuple(Stage(r.id, r.name, r.gated) for r in session.scalars(select(StageRow).order_by(StageRow.position)))
    scales = tuple(
        Scale(
            r.id,
            r.name,
            tuple(ScalePoint(stored_decimal(p["value"]), p["label"], p["descriptor"]) for p in stored_json(r.points)),
            r.continuous,
        )
        for r in session.scalars(select(ScaleRow).order_by(ScaleRow.position))
    )
    envelopes = tuple(
        Envelope(r.id, r.name, EnvelopeKind(r.kind), r.weight, r.min_percent, QualityBasis(r.quality_basis))
        for r in session.scalars(select(EnvelopeRow).order_by(EnvelopeRow.position))
    )
    questions = tuple(
        Question(r.id, r.envelope_id, r.title, r.weight, method_from(r.method, stored_json(r.config)), r.measure_id)
        for r in session.scalars(select(QuestionRow).order_by(QuestionRow.position))
    )
    commitments: dict[str, dict[str, Decimal]] = defaultdict(dict)
    working: dict[str, dict[str, FteWorking]] = defaultdict(dict)
    for c in session.scalars(select(CommitmentRow).order_by(CommitmentRow.bidder_id, CommitmentRow.position)):
        commitments[c.bidder_id][c.measure_id] = c.quantity
        if c.hours_per_week is not None and c.weeks is not None:
            working[c.bidder_id][c.measure_id] = FteWorking(c.hours_per_week, c.weeks)
    bidder_rows = list(session.scalars(select(BidderRow).order_by(BidderRow.position)))
    bidders = tuple(
        Bidder(
            r.id,
            r.name,
            frozenset(Attribute(a) for a in stored_json(r.attributes)),
            r.excluded_reason,
            r.address,
            r.postcode,
            r.identifier,
            tuple(
                SupplyLink(link["postcode"], Decimal(link["share"]) if link["share"] else None)
                for link in stored_json(r.supply_chain or "[]")
            ),
            r.reserved_eligible,
            r.reserved_reason,
        )
        for r in bidder_rows
    )
    bids = tuple(Bid(r.id, r.price, commitments.get(r.id, {}), working.get(r.id, {})) for r in bidder_rows)
    evaluators = tuple(
        Evaluator(r.id, r.name, Role(r.role), tuple(stored_json(r.questions)), r.stood_down)
        for r in session.scalars(select(EvaluatorRow).order_by(EvaluatorRow.position))
    )
    members, bidder_order = [v.id for v in evaluators], [b.id for b in bidders]
    declarations = tuple(
        sorted(
            (
                Declaration(
                    r.evaluator_id,
                    r.bidder_id,
                    r.conflict,
                    r.statement,
                    r.declared_on,
                    Mitigation(r.mitigation) if r.mitigation else None,
                    r.mitigation_reason,
                )
                for r in session.scalars(select(DeclarationRow))
            ),
            key=lambda d: (members.index(d.evaluator_id), bidder_order.index(d.bidder_id)),
        )
    )
    submissions = tuple(
        sorted(
            (Submission(r.evaluator_id, r.stage_id, r.submitted_at) for r in session.scalars(select(SubmissionRow))),
            key=lambda s: (members.index(s.evaluator_id), s.stage_id),
        )
    )
    signoffs = tuple(
        sorted(
            (SignOff(r.evaluator_id, r.statement, r.signed_at, r.content) for r in session.scalars(select(SignOffRow))),
            key=lambda s: members.index(s.evaluator_id),
        )
    )
    # Scores are the bulk of a large evaluation: each distinct value's text is converted to a Decimal once (a scale
    # has few points).
    exact = _Decimals()
    connection = session.connection()
    by_key, score_versions = read_scores(connection, exact.__getitem__) if with_scores else ({}, {})
    scores = tuple(by_key.values())
    moderations, moderation_versions = read_moderations(connection, exact.__getitem__) if with_scores else ((), {})
    return Loaded(
        _evaluation(
            head,
            stages,
            scales,
            envelopes,
            questions,
            bidders,
            bids,
            evaluators,
            (declarations, submissions, signoffs),
            scores,
            moderations,
        ),
        score_versions,
        moderation_versions,
        setup_versions(session),
        by_key,
    )


class _Decimals(dict[str, Decimal]):
    """Each distinct text converted to a Decimal once, looked up at C speed after that."""

    def __missing__(self, text: str) -> Decimal:
        value = self[text] = stored_decimal(text)
        return value


def _evaluation(
    head: EvaluationRow,
    stages: Any,
    scales: Any,
    envelopes: Any,
    questions: Any,
    bidders: Any,
    bids: Any,
    evaluators: Any,
    panel: Any,
    scores: Any,
    moderations: Any,
) -> Evaluation:
    return Evaluation(
        title=head.title,
        contract_value=head.contract_value,
        envelopes=envelopes,
        questions=questions,
        scales=scales,
        stages=stages,
        split=_from_decimals(stored_json(head.split)),
        bidders=bidders,
        bids=bids,
        evaluators=evaluators,
        scores=scores,
        moderations=moderations,
        price=PriceSettings(
            PriceFormula(head.price_formula),
            head.mean_points_per_percent,
            head.abnormally_low_percent,
            AbnormallyLowReference(head.abnormally_low_reference),
            head.pre_tender_estimate,
            CeilingReference(head.price_ceiling) if head.price_ceiling else None,
            CeilingAction(head.ceiling_action),
            head.budget,
        ),
        panel=PanelSettings(UnmoderatedRule(head.unmoderated_rule), head.divergence_points, head.reason_min_words),
        exclusive_measures=tuple(frozenset(g) for g in stored_json(head.exclusive_measures)),
        lm3_respend_percent=head.lm3_respend_percent,
        living_wage_rate=head.living_wage_rate,
        reference=head.reference,
        framework_id=head.framework_id,
        declarations=panel[0],
        submissions=panel[1],
        local_boundary=tuple(stored_json(head.local_boundary or "[]")),
        signoffs=panel[2],
        finalised=Finalised(head.finalised_by, head.finalised_at, head.final_content or "")
        if head.finalised_by and head.finalised_at
        else None,
        tender_date=date.fromisoformat(head.tender_date) if head.tender_date else None,
        living_wage_region=Region(head.living_wage_region),
        living_wage_source=head.living_wage_source,
        reservation=Reservation(head.reservation) if head.reservation else None,
        cwb_targets={Attribute(a): Decimal(v) for a, v in stored_json(head.cwb_targets or "{}").items()},
        full_time_hours=head.full_time_hours,
        full_time_weeks=head.full_time_weeks,
    )


def bidder_details(b: Bidder) -> dict[str, Any]:
    """A bidder's own details as columns of its row (schema 9)."""
    return {
        "address": b.address,
        "postcode": b.postcode,
        "identifier": b.identifier,
        "supply_chain": json.dumps(
            [
                {"postcode": link.postcode, "share": format(link.share, "f") if link.share is not None else None}
                for link in b.supply_chain
            ]
        ),
        "reserved_eligible": b.reserved_eligible,
        "reserved_reason": b.reserved_reason,
    }
