"""What an evaluation is: envelopes, questions, scales, stages, bidders, bids and the panel's scores.

Plain, immutable data. The rules that judge it are in validation.py; the arithmetic in engine.py.
Weights are points out of 100; percentages are per cent (40 means 40%). Money is in pounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from svtool.domain.living_wage import Region


class EnvelopeKind(StrEnum):
    PRICE = "price"
    QUALITY = "quality"
    SOCIAL_VALUE = "social_value"
    OTHER = "other"


class QualityBasis(StrEnum):
    """How scale-scored marks are shared out (docs/scoring-method.md, "Quality relative to the best")."""

    ABSOLUTE = "absolute"  # the combined score / the scale's highest point
    RELATIVE_TO_BEST = "relative_to_best"  # the combined score (or envelope total) / the best compliant bidder's


@dataclass(frozen=True)
class Envelope:
    """A part of the evaluation with its own weight: price, quality, social value..."""

    id: str
    name: str
    kind: EnvelopeKind
    weight: Decimal
    #: A bidder whose scale-scored questions in this envelope earn less than this share of their marks is
    #: excluded (per cent of the marks available from those questions).
    min_percent: Decimal | None = None
    #: RELATIVE_TO_BEST: the points of its scale-scored questions are scaled so that the best compliant bidder's
    #: total earns all their marks and others earn in proportion.
    quality_basis: QualityBasis = QualityBasis.ABSOLUTE


@dataclass(frozen=True)
class ScalePoint:
    value: Decimal
    label: str
    descriptor: str = ""


@dataclass(frozen=True)
class Scale:
    """A scoring scale such as 0-5, with a descriptor for each point.

    A continuous scale (such as 0-100 with descriptors for bands) accepts any value from its lowest to its
    highest point; otherwise a score must be one of the points.
    """

    id: str
    name: str
    points: tuple[ScalePoint, ...]
    continuous: bool = False

    @property
    def minimum(self) -> Decimal:
        return self.points[0].value

    @property
    def maximum(self) -> Decimal:
        return self.points[-1].value

    def allows(self, value: Decimal) -> bool:
        if self.continuous:
            return self.minimum <= value <= self.maximum
        return any(point.value == value for point in self.points)

    def descriptor_for(self, value: Decimal) -> ScalePoint | None:
        """The point a score is at, or for a continuous scale the highest point at or below it."""
        best = None
        for point in self.points:
            if point.value <= value:
                best = point
        return best


@dataclass(frozen=True)
class Stage:
    """A stage in which questions are scored, such as the written tender or the interview."""

    id: str
    name: str
    #: Bidders below a question's minimum in an earlier stage are not invited to this one (docs/panel.md).
    gated: bool = False


# How each kind of question is scored -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleMethod:
    """Evaluators score the answer on a scale in each stage; the stages are combined by the split."""

    scale_id: str
    #: Stages this question is scored in; empty means every stage of the evaluation.
    stages: tuple[str, ...] = ()
    #: This question's own split (stage id -> per cent), overriding the evaluation's.
    split: Mapping[str, Decimal] | None = None
    #: The lowest acceptable score on the scale, in each stage; a bidder below it in any stage is excluded.
    min_score: Decimal | None = None
    #: RELATIVE_TO_BEST: the share earned is the combined score / the highest among compliant bidders.
    basis: QualityBasis = QualityBasis.ABSOLUTE


class PriceFormula(StrEnum):
    LOWEST = "lowest"  # lowest price / bid price
    MEAN = "mean"  # the mean price scores half marks; each 1% below or above adds or takes points
    RANGE = "range"  # (highest - bid) / (highest - lowest)
    PRICE_PER_QUALITY_POINT = "price_per_quality_point"  # rank by price / quality points; no price weight


@dataclass(frozen=True)
class PriceMethod:
    """The price question: bids scored by the evaluation's price formula."""


class ValueBasis(StrEnum):
    RELATIVE_TO_BEST = "relative_to_best"  # the best offer scores full marks, others in proportion
    PERCENT_OF_CONTRACT = "percent_of_contract"  # offer as % of contract value against a target, capped


@dataclass(frozen=True)
class CommitmentValueMethod:
    """Quantitative social value: the bidder's commitments x proxy values = pounds of social value."""

    #: Proxy value (pounds per unit) for each measure counted, copied from the framework when set up.
    proxies: Mapping[str, Decimal]
    basis: ValueBasis = ValueBasis.RELATIVE_TO_BEST
    #: For PERCENT_OF_CONTRACT: the % of contract value that earns full marks.
    target_percent: Decimal | None = None


class PercentBasis(StrEnum):
    LINEAR_TO_TARGET = "linear_to_target"  # marks in proportion to the commitment, full marks at the target
    RELATIVE_TO_BEST = "relative_to_best"  # the highest commitment scores full marks
    PASS_FAIL = "pass_fail"  # full marks at or above the target (or accreditation), none below


@dataclass(frozen=True)
class LocalSpendMethod:
    """Committed % of the contract value spent inside the local boundary."""

    measure_id: str
    basis: PercentBasis = PercentBasis.LINEAR_TO_TARGET
    target_percent: Decimal = Decimal(100)


@dataclass(frozen=True)
class LivingWageMethod:
    """Committed % of the contract workforce paid at least the Real Living Wage, or accreditation."""

    measure_id: str
    basis: PercentBasis = PercentBasis.LINEAR_TO_TARGET
    target_percent: Decimal = Decimal(100)
    #: A yes/no measure: accreditation as a Living Wage Employer earns full marks on its own.
    accredited_measure_id: str | None = None
    #: A measure holding the lowest hourly rate the bidder will pay: flagged if below the rate in force.
    hourly_rate_measure_id: str | None = None


#: Units a MeasureMethod scores the committed figure in (domain/framework.py UNITS, less yes/no).
MEASURE_UNITS: tuple[str, ...] = (
    "%",
    "FTE",
    "people",
    "organisations",
    "number",
    "weeks",
    "hours",
    "days",
    "tCO2e",
    "tonnes",
    "kWh",
    "GBP",
)


@dataclass(frozen=True)
class MeasureMethod:
    """The bidder's committed figure for one framework measure, in the measure's unit, scored linear to a target,
    relative to the best or pass or fail (docs/scoring-method.md, "Committed figures"). Target, unit and tags are
    copied from the framework when the question is set up, as CommitmentValueMethod copies proxy values."""

    measure_id: str
    unit: str
    basis: PercentBasis = PercentBasis.LINEAR_TO_TARGET
    #: The figure that earns full marks (linear) or passes (pass or fail), in the unit; not used relative to best.
    target: Decimal | None = None
    #: The measure's tags: two measures sharing a tag and unit, both claimed by one bidder, are flagged.
    tags: tuple[str, ...] = ()


Method = ScaleMethod | PriceMethod | CommitmentValueMethod | LocalSpendMethod | LivingWageMethod | MeasureMethod


@dataclass(frozen=True)
class Question:
    id: str
    envelope_id: str
    title: str
    weight: Decimal
    method: Method
    #: The framework measure this question assesses, if any (for reports).
    measure_id: str | None = None


# Who bids, who scores -------------------------------------------------------------------------------------------


class Attribute(StrEnum):
    SME = "sme"
    VCSE = "vcse"
    CO_OPERATIVE = "co-operative"
    LOCAL = "local"
    SOCIAL_ENTERPRISE = "social-enterprise"


@dataclass(frozen=True)
class SupplyLink:
    """A supplier in the bidder's supply chain: where it is, and (where given) its share of the spend, per cent."""

    postcode: str
    share: Decimal | None = None


@dataclass(frozen=True)
class Bidder:
    id: str
    name: str
    #: SME, VCSE... as ticked; "local" is computed from the postcode (domain/postcodes.py local_status).
    attributes: frozenset[Attribute] = frozenset()
    #: Set by the officer for a reason outside the scoring (for example a failed selection stage).
    excluded_reason: str | None = None
    address: str = ""
    #: Normalised (WN1 1AA) or empty; it decides whether the bidder is local.
    postcode: str = ""
    #: Companies House number, Central Digital Platform unique identifier or similar.
    identifier: str = ""
    supply_chain: tuple[SupplyLink, ...] = ()
    #: For a reserved contract (Evaluation.reservation): whether the bidder is eligible (None: not recorded) and
    #: the evidence or reason.
    reserved_eligible: bool | None = None
    reserved_reason: str = ""


@dataclass(frozen=True)
class FteWorking:
    """An FTE commitment given as hours a week for a number of weeks, pro-rated against the evaluation's full-time
    year (docs/scoring-method.md, "FTE pro-rating")."""

    hours_per_week: Decimal
    weeks: Decimal


@dataclass(frozen=True)
class Bid:
    bidder_id: str
    price: Decimal | None = None
    #: Quantity committed for each framework measure, in the measure's unit (yes/no as 1 or 0).
    commitments: Mapping[str, Decimal] = field(default_factory=dict)
    #: FTE commitments given as hours and weeks: these, pro-rated, stand for the measure's committed quantity
    #: (which holds the pro-rated figure rounded, for lists).
    working: Mapping[str, FteWorking] = field(default_factory=dict)


class Role(StrEnum):
    """What a panel member does (docs/panel.md)."""

    LEAD = "lead"  # keeps the setup and the panel, chairs moderation
    EVALUATOR = "evaluator"  # scores the questions assigned to them
    PRICE_ASSESSOR = "price_assessor"  # the only role that sees prices
    OBSERVER = "observer"  # reads only


@dataclass(frozen=True)
class Evaluator:
    """A panel member (most of them evaluators, hence the name)."""

    id: str
    name: str
    role: Role = Role.EVALUATOR
    #: The scale-scored questions this member scores; empty means every one.
    questions: tuple[str, ...] = ()
    #: Why the member was stood down, if they were; their scores stay in the record but no longer count.
    stood_down: str | None = None

    def scores_question(self, question_id: str) -> bool:
        return (
            self.role in (Role.EVALUATOR, Role.LEAD)
            and not self.stood_down
            and (not self.questions or question_id in self.questions)
        )


class Mitigation(StrEnum):
    """What the lead decided about a declared interest (Procurement Act 2023 s.83)."""

    CARRY_ON = "carry_on"  # the member scores this bidder, for the reason recorded
    OFF_BIDDER = "off_bidder"  # the member takes no part in this bidder
    STAND_DOWN = "stand_down"  # the member leaves the panel


@dataclass(frozen=True)
class Declaration:
    """A panel member's declaration about one bidder, made before seeing any bid or score (Procurement Act 2023
    ss.81-83), with the lead's mitigation where an interest is declared."""

    evaluator_id: str
    bidder_id: str
    conflict: bool  # True if the member declared an interest in this bidder
    statement: str  # the interest described, or "No conflict of interest"
    declared_on: str  # ISO date
    mitigation: Mitigation | None = None
    mitigation_reason: str = ""


@dataclass(frozen=True)
class SignOff:
    """A panel member's dated sign-off of the evaluation as it stood (docs/lifecycle.md): their statement, and the
    SHA-256 of the evaluation's content when they signed, so a later change shows the sign-off is out of date."""

    evaluator_id: str
    statement: str
    signed_at: str  # UTC, ISO 8601
    content: str  # hex SHA-256 of the evaluation's definition text, without sign-offs or finalisation


@dataclass(frozen=True)
class Finalised:
    """The lead's approval: the evaluation is final, and locked until the lead reopens it with a reason."""

    by: str  # the lead's member id
    at: str  # UTC, ISO 8601
    content: str  # as SignOff.content, when finalised


@dataclass(frozen=True)
class Submission:
    """A member's scores for one stage, submitted: locked, and shown to the panel for moderation."""

    evaluator_id: str
    stage_id: str
    submitted_at: str  # UTC, ISO 8601


@dataclass(frozen=True, slots=True)
class Score:
    """One evaluator's independent score for one bidder, question and stage, with the reason for it.

    Slotted: a large evaluation holds 235,000 of them (bench/bench_scale.py), and a slot is smaller and quicker to
    fill than an instance dictionary."""

    evaluator_id: str
    bidder_id: str
    question_id: str
    stage_id: str
    value: Decimal
    reason: str


@dataclass(frozen=True)
class Moderation:
    """The panel's agreed (consensus) score for one bidder, question and stage, with its rationale."""

    bidder_id: str
    question_id: str
    stage_id: str
    value: Decimal
    rationale: str
    #: What the panel tells the bidder about this answer (its assessment summary), kept apart from the rationale.
    feedback: str = ""
    #: The individual scores the panel agreed on ("E1=3;E2=4"), so that a later change shows it is to review.
    basis: str = ""
    #: The lead's reason for agreeing without every assigned evaluator's score, if the panel did.
    without: str = ""


# Rules fixed before scoring ------------------------------------------------------------------------------------


class UnmoderatedRule(StrEnum):
    """What stands for a stage score that the panel has not yet moderated."""

    MEAN = "mean"
    MEDIAN = "median"


class AbnormallyLowReference(StrEnum):
    MEAN_OF_OTHERS = "mean_of_others"  # the mean of the other compliant bids
    PRE_TENDER_ESTIMATE = "pre_tender_estimate"


class CeilingReference(StrEnum):
    """What a bid's price must not be above (docs/scoring-method.md, "Affordability ceiling")."""

    BUDGET = "budget"  # the budget set for the contract (PriceSettings.budget)
    PRE_TENDER_ESTIMATE = "pre_tender_estimate"


class CeilingAction(StrEnum):
    EXCLUDE = "exclude"  # a bid above the ceiling is excluded, with the reason recorded
    FLAG = "flag"  # a bid above the ceiling is flagged for the panel to decide, and scored as usual


@dataclass(frozen=True)
class PriceSettings:
    formula: PriceFormula = PriceFormula.LOWEST
    #: MEAN formula: percentage points of the price marks gained or lost for each 1% below or above the mean.
    mean_points_per_percent: Decimal = Decimal(1)
    #: A bid more than this % below the reference is flagged as abnormally low (never excluded).
    abnormally_low_percent: Decimal = Decimal(20)
    abnormally_low_reference: AbnormallyLowReference = AbnormallyLowReference.MEAN_OF_OTHERS
    pre_tender_estimate: Decimal | None = None
    #: The affordability ceiling: a price above it is excluded or flagged (ceiling_action); None for no ceiling.
    ceiling: CeilingReference | None = None
    ceiling_action: CeilingAction = CeilingAction.EXCLUDE
    #: The budget in pounds, for a ceiling at the budget.
    budget: Decimal | None = None

    @property
    def ceiling_amount(self) -> Decimal | None:
        """The ceiling in pounds, or None where there is no ceiling (or it names an amount not entered)."""
        if self.ceiling is CeilingReference.BUDGET:
            return self.budget
        if self.ceiling is CeilingReference.PRE_TENDER_ESTIMATE:
            return self.pre_tender_estimate
        return None


class Reservation(StrEnum):
    """A contract reserved under the Procurement Act 2023 (docs/community-wealth.md)."""

    SUPPORTED_EMPLOYMENT = "supported_employment"  # s.32: at least 30% of staff disabled or disadvantaged
    PUBLIC_SERVICE_MUTUAL = "public_service_mutual"  # s.33: certain light-touch contracts


@dataclass(frozen=True)
class PanelSettings:
    unmoderated_rule: UnmoderatedRule = UnmoderatedRule.MEAN
    #: Evaluators' scores this many scale points apart or more are flagged as divergent.
    divergence_points: Decimal = Decimal(2)
    #: A reason or rationale with fewer words than this is counted as weak (docs/panel.md); warned, never refused.
    reason_min_words: int = 10


@dataclass(frozen=True)
class Evaluation:
    title: str
    contract_value: Decimal
    envelopes: tuple[Envelope, ...]
    questions: tuple[Question, ...]
    scales: tuple[Scale, ...]
    stages: tuple[Stage, ...]
    #: The evaluation-level split between stages: stage id -> per cent, summing to 100 (Wigan: 50/50).
    split: Mapping[str, Decimal]
    bidders: tuple[Bidder, ...] = ()
    bids: tuple[Bid, ...] = ()
    evaluators: tuple[Evaluator, ...] = ()
    scores: tuple[Score, ...] = ()
    moderations: tuple[Moderation, ...] = ()
    price: PriceSettings = PriceSettings()
    panel: PanelSettings = PanelSettings()
    #: Groups of measures that describe the same benefit: a bid claiming more than one is flagged.
    exclusive_measures: tuple[frozenset[str], ...] = ()
    #: For the LM3 estimate: the share (per cent) of local spend that is re-spent locally. None: not reported.
    lm3_respend_percent: Decimal | None = None
    #: Real Living Wage rate that applies (pounds per hour), for checking committed hourly rates: the rate in
    #: force at the tender date in the region (services/rates.py apply_rate_in_force), or entered by hand.
    living_wage_rate: Decimal | None = None
    reference: str = ""
    #: The id of the framework whose measures the questions and commitments use.
    framework_id: str | None = None
    declarations: tuple[Declaration, ...] = ()
    submissions: tuple[Submission, ...] = ()
    #: The local boundary as postcode districts (such as WN1): where spend counts as local, and who is local.
    local_boundary: tuple[str, ...] = ()
    signoffs: tuple[SignOff, ...] = ()
    #: Set when the lead finalises the evaluation (docs/lifecycle.md); None while it is a draft.
    finalised: Finalised | None = None
    #: The date the tender was issued: the Real Living Wage in force on it applies.
    tender_date: date | None = None
    living_wage_region: Region = Region.UK
    #: Where living_wage_rate comes from, for the reports: the table entry and its source (empty: by hand).
    living_wage_source: str = ""
    #: A reserved contract (Procurement Act 2023 s.32 or s.33): bidders recorded as ineligible are excluded.
    reservation: Reservation | None = None
    #: Community wealth building targets: per cent of the recommended contract value going to SMEs, VCSEs...
    cwb_targets: Mapping[Attribute, Decimal] = field(default_factory=dict)
    #: A full-time post's hours a week and weeks a year, against which FTE commitments given as hours are
    #: pro-rated (docs/scoring-method.md, "FTE pro-rating").
    full_time_hours: Decimal = Decimal("37.5")
    full_time_weeks: Decimal = Decimal(52)

    @property
    def lead(self) -> Evaluator | None:
        """The panel's lead; with none named, the panel rules (docs/panel.md) are not enforced."""
        return next((v for v in self.evaluators if v.role is Role.LEAD and not v.stood_down), None)

    def member(self, member_id: str) -> Evaluator | None:
        return next((v for v in self.evaluators if v.id == member_id), None)

    def scale(self, scale_id: str) -> Scale:
        for scale in self.scales:
            if scale.id == scale_id:
                return scale
        raise KeyError(scale_id)

    def envelope(self, envelope_id: str) -> Envelope:
        for envelope in self.envelopes:
            if envelope.id == envelope_id:
                return envelope
        raise KeyError(envelope_id)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def commitment_measures(self, questions: tuple[Question, ...] | None = None) -> tuple[str, ...]:
        """The framework measures bidders commit quantities to, in question order, each once."""
        found: dict[str, None] = {}
        for question in self.questions if questions is None else questions:
            method = question.method
            if isinstance(method, CommitmentValueMethod):
                found.update(dict.fromkeys(method.proxies))
            elif isinstance(method, LocalSpendMethod | MeasureMethod):
                found[method.measure_id] = None
            elif isinstance(method, LivingWageMethod):
                for measure in (method.measure_id, method.accredited_measure_id, method.hourly_rate_measure_id):
                    if measure is not None:
                        found[measure] = None
        return tuple(found)

    def stages_of(self, question: Question) -> tuple[str, ...]:
        """The stages a question is scored in (scale questions only; others have none)."""
        if not isinstance(question.method, ScaleMethod):
            return ()
        return question.method.stages or tuple(stage.id for stage in self.stages)
