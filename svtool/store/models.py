"""The evaluation document's tables (SQLAlchemy 2.0 typed ORM). One file holds one evaluation.

Decimals are stored as text so that no value is ever rounded by the database (SQLite has no exact decimal type).
Rows keep the order a person entered them in through their `position` (or their id, for scores).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

#: No figure svtool stores comes near a million million million (definition/fields.py refuses 10**15 on the way
#: in): a stored value outside that, or not a number at all, was written by something other than svtool.
STORED_LARGEST = Decimal(10) ** 18


def stored_decimal(text: Any) -> Decimal:
    """A number as stored, checked: a ValueError names what is wrong instead of NaN or 1e999999 reaching the
    arithmetic."""
    try:
        value = Decimal(str(text))
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"'{str(text)[:40]}' is stored where a number belongs") from None
    if not value.is_finite() or abs(value) >= STORED_LARGEST:
        raise ValueError(f"'{str(text)[:40]}' is stored where an ordinary number belongs")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"'{name}' is stored where a number belongs")


def stored_json(text: str) -> Any:
    """A JSON value as stored, checked: NaN and Infinity (which Python's json accepts) and nesting deep enough to
    exhaust the stack are a ValueError, like any other damage."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("a stored value nests too deeply") from None
    except TypeError:
        raise ValueError("a stored value is not text") from None


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal kept exactly, as its text."""

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        return None if value is None else format(value, "f")

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else stored_decimal(value)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {Decimal: ExactDecimal}


class Versioned:
    """A row that sessions edit: its version goes up by one with each change, so that an edit made from a stale
    copy (another session changed the row since this one read it) is refused instead of overwriting it."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class Meta(Base):
    """Facts about the file itself: the schema version, and the svtool that created and last wrote it."""

    __tablename__ = "svtool_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class EvaluationRow(Versioned, Base):
    __tablename__ = "evaluation"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    reference: Mapped[str] = mapped_column(Text, default="")
    contract_value: Mapped[Decimal]
    framework_id: Mapped[str | None] = mapped_column(String(64))
    #: The framework as it was when the evaluation was set up (TOML text), so that it can be reproduced.
    framework_snapshot: Mapped[str | None] = mapped_column(Text)
    split: Mapped[str] = mapped_column(Text)  # JSON: stage id -> per cent (as text)
    unmoderated_rule: Mapped[str] = mapped_column(String(16))
    divergence_points: Mapped[Decimal]
    reason_min_words: Mapped[int] = mapped_column(default=10)  # schema 6
    price_formula: Mapped[str] = mapped_column(String(32))
    mean_points_per_percent: Mapped[Decimal]
    abnormally_low_percent: Mapped[Decimal]
    abnormally_low_reference: Mapped[str] = mapped_column(String(32))
    pre_tender_estimate: Mapped[Decimal | None]
    #: The affordability ceiling (schema 8): what it is (budget, pre_tender_estimate; none if empty), what happens
    #: to a bid above it (exclude, flag), and the budget in pounds.
    price_ceiling: Mapped[str | None] = mapped_column(String(32), default=None)
    ceiling_action: Mapped[str] = mapped_column(String(16), default="exclude")
    budget: Mapped[Decimal | None] = mapped_column(default=None)
    #: The full-time week FTE commitments given as hours are pro-rated against (schema 9).
    full_time_hours: Mapped[Decimal] = mapped_column(default=Decimal("37.5"))
    full_time_weeks: Mapped[Decimal] = mapped_column(default=Decimal(52))
    lm3_respend_percent: Mapped[Decimal | None]
    living_wage_rate: Mapped[Decimal | None]
    exclusive_measures: Mapped[str] = mapped_column(Text, default="[]")  # JSON: list of lists of measure ids
    local_boundary: Mapped[str] = mapped_column(Text, default="[]")  # JSON: postcode districts (schema 2)
    #: Finalisation (schema 7): the lead's member id, when, and the content hash then; all empty for a draft.
    finalised_by: Mapped[str | None] = mapped_column(String(64), default=None)
    finalised_at: Mapped[str | None] = mapped_column(String(40), default=None)
    final_content: Mapped[str | None] = mapped_column(String(64), default=None)
    #: Schema 9 (docs/community-wealth.md): the tender date (ISO) and region the Real Living Wage is taken for,
    #: where the rate came from, a reservation (Procurement Act 2023 s.32/s.33) and the community wealth
    #: building targets (JSON: attribute -> per cent as text).
    tender_date: Mapped[str | None] = mapped_column(String(10), default=None)
    living_wage_region: Mapped[str] = mapped_column(String(16), default="uk")
    living_wage_source: Mapped[str] = mapped_column(Text, default="")
    reservation: Mapped[str | None] = mapped_column(String(32), default=None)
    cwb_targets: Mapped[str] = mapped_column(Text, default="{}")


class StageRow(Versioned, Base):
    __tablename__ = "stage"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    gated: Mapped[bool] = mapped_column(default=False)


class ScaleRow(Versioned, Base):
    __tablename__ = "scale"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    continuous: Mapped[bool] = mapped_column(default=False)
    points: Mapped[str] = mapped_column(Text)  # JSON: [{value, label, descriptor}]


class EnvelopeRow(Versioned, Base):
    __tablename__ = "envelope"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    weight: Mapped[Decimal]
    min_percent: Mapped[Decimal | None]
    quality_basis: Mapped[str] = mapped_column(String(32), default="absolute")  # schema 8


class QuestionRow(Versioned, Base):
    __tablename__ = "question"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    envelope_id: Mapped[str] = mapped_column(ForeignKey("envelope.id"))
    title: Mapped[str] = mapped_column(Text)
    weight: Mapped[Decimal]
    method: Mapped[str] = mapped_column(String(32))
    config: Mapped[str] = mapped_column(Text)  # JSON: the method's settings (a scale's basis from schema 8)
    measure_id: Mapped[str | None] = mapped_column(String(64))


class BidderRow(Versioned, Base):
    __tablename__ = "bidder"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    attributes: Mapped[str] = mapped_column(Text, default="[]")  # JSON list: sme, vcse, co-operative, local...
    excluded_reason: Mapped[str | None] = mapped_column(Text)
    price: Mapped[Decimal | None]
    #: Schema 9: who the bidder is (for its assessment summary), where (its postcode decides whether it is local),
    #: its supply chain (JSON: [{postcode, share}]) and its eligibility for a reserved contract.
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(16), default="")
    identifier: Mapped[str] = mapped_column(Text, default="")
    supply_chain: Mapped[str] = mapped_column(Text, default="[]")
    reserved_eligible: Mapped[bool | None] = mapped_column(default=None)
    reserved_reason: Mapped[str] = mapped_column(Text, default="")


class CommitmentRow(Versioned, Base):
    __tablename__ = "commitment"
    bidder_id: Mapped[str] = mapped_column(ForeignKey("bidder.id"), primary_key=True)
    measure_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[Decimal]
    #: An FTE commitment given as hours a week x weeks (schema 9); both empty for a quantity given outright.
    hours_per_week: Mapped[Decimal | None] = mapped_column(default=None)
    weeks: Mapped[Decimal | None] = mapped_column(default=None)


class EvaluatorRow(Versioned, Base):
    """A panel member: role, assigned questions (JSON list; empty: all), and why stood down if they were."""

    __tablename__ = "evaluator"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(32), default="evaluator")
    questions: Mapped[str] = mapped_column(Text, default="[]")
    stood_down: Mapped[str | None] = mapped_column(Text, nullable=True)


class DeclarationRow(Versioned, Base):
    """A member's declaration about one bidder (Procurement Act 2023 ss.81-83), with the lead's mitigation."""

    __tablename__ = "declaration"
    evaluator_id: Mapped[str] = mapped_column(ForeignKey("evaluator.id"), primary_key=True)
    bidder_id: Mapped[str] = mapped_column(ForeignKey("bidder.id"), primary_key=True)
    conflict: Mapped[bool]
    statement: Mapped[str] = mapped_column(Text)
    declared_on: Mapped[str] = mapped_column(String(32))
    mitigation: Mapped[str | None] = mapped_column(String(32), nullable=True)
    mitigation_reason: Mapped[str] = mapped_column(Text, default="")


class SubmissionRow(Versioned, Base):
    """A member's scores for one stage, submitted and so locked."""

    __tablename__ = "submission"
    evaluator_id: Mapped[str] = mapped_column(ForeignKey("evaluator.id"), primary_key=True)
    stage_id: Mapped[str] = mapped_column(ForeignKey("stage.id"), primary_key=True)
    submitted_at: Mapped[str] = mapped_column(String(40))


class SignOffRow(Versioned, Base):
    """A member's sign-off of the evaluation as it stood (schema 7; docs/lifecycle.md)."""

    __tablename__ = "signoff"
    evaluator_id: Mapped[str] = mapped_column(ForeignKey("evaluator.id"), primary_key=True)
    statement: Mapped[str] = mapped_column(Text)
    signed_at: Mapped[str] = mapped_column(String(40))
    content: Mapped[str] = mapped_column(String(64))


class ScoreRow(Versioned, Base):
    __tablename__ = "score"
    __table_args__ = (UniqueConstraint("evaluator_id", "bidder_id", "question_id", "stage_id"),)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    evaluator_id: Mapped[str] = mapped_column(ForeignKey("evaluator.id"))
    bidder_id: Mapped[str] = mapped_column(ForeignKey("bidder.id"))
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    stage_id: Mapped[str] = mapped_column(ForeignKey("stage.id"))
    value: Mapped[Decimal]
    reason: Mapped[str] = mapped_column(Text)


class ModerationRow(Versioned, Base):
    __tablename__ = "moderation"
    __table_args__ = (UniqueConstraint("bidder_id", "question_id", "stage_id"),)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    bidder_id: Mapped[str] = mapped_column(ForeignKey("bidder.id"))
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    stage_id: Mapped[str] = mapped_column(ForeignKey("stage.id"))
    value: Mapped[Decimal]
    rationale: Mapped[str] = mapped_column(Text)
    feedback: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    without_reason: Mapped[str] = mapped_column(Text, default="")


class AuditRow(Base):
    """Append-only and hash-chained: each entry's hash covers its content and the previous entry's hash."""

    __tablename__ = "audit"
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))  # UTC, ISO 8601
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_key: Mapped[str] = mapped_column(Text)
    old: Mapped[str | None] = mapped_column(Text)  # JSON
    new: Mapped[str | None] = mapped_column(Text)  # JSON
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


# After award: the contract and its delivery (schema 9; docs/delivery.md). Kept apart from the evaluation's setup,
# so that a final evaluation's content hash (its definition text) is unchanged by what happens after award.


class ContractRow(Versioned, Base):
    """The award to the recommended bidder, and the contract's reporting term and RAG thresholds."""

    __tablename__ = "contract"
    id: Mapped[int] = mapped_column(primary_key=True)
    bidder_id: Mapped[str] = mapped_column(ForeignKey("bidder.id"))
    awarded_by: Mapped[str] = mapped_column(String(64))
    awarded_at: Mapped[str] = mapped_column(String(40))
    start: Mapped[str] = mapped_column(String(16))  # the first reporting period: 2027-Q1, or 2027
    frequency: Mapped[str] = mapped_column(String(16))  # quarter, year
    periods: Mapped[int] = mapped_column(Integer)
    green_at: Mapped[Decimal]  # per cent of profile delivered at or above which a KPI is green
    amber_at: Mapped[Decimal]  # ... amber; below it, red


class KpiRow(Versioned, Base):
    """A contract KPI: a commitment the bid made (its measure), or one the lead added; its profile over the term."""

    __tablename__ = "kpi"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    measure_id: Mapped[str | None] = mapped_column(String(64))
    unit: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(32), default="")
    committed: Mapped[Decimal]
    profile: Mapped[str] = mapped_column(Text)  # JSON list of decimal texts, one a period
    owner: Mapped[str] = mapped_column(Text, default="")


class ReturnRow(Versioned, Base):
    """A supplier's return for one reporting period: the contract spend in it, and how it came in."""

    __tablename__ = "delivery_return"
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    spend: Mapped[Decimal | None]
    received_at: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(Text)


class FigureRow(Versioned, Base):
    """What the supplier delivered on one KPI in one period, with its evidence."""

    __tablename__ = "delivery_figure"
    kpi_id: Mapped[str] = mapped_column(ForeignKey("kpi.id"), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    delivered: Mapped[Decimal]
    evidence: Mapped[str] = mapped_column(Text, default="")


class RatingRow(Versioned, Base):
    """The lead's annual rating of a KPI (Procurement Act 2023 s.71), with reasons."""

    __tablename__ = "kpi_rating"
    kpi_id: Mapped[str] = mapped_column(ForeignKey("kpi.id"), primary_key=True)
    assessment: Mapped[str] = mapped_column(String(16), primary_key=True)  # the last period the year covers
    rating: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    rated_by: Mapped[str] = mapped_column(String(64))
    rated_at: Mapped[str] = mapped_column(String(40))


class ShortfallRow(Versioned, Base):
    """A KPI behind its profile in a period: the supplier's explanation, the agreed action, its follow-up."""

    __tablename__ = "shortfall"
    kpi_id: Mapped[str] = mapped_column(ForeignKey("kpi.id"), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    explanation: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(Text)
    follow_up: Mapped[str] = mapped_column(Text, default="")
    closed: Mapped[bool] = mapped_column(default=False)
