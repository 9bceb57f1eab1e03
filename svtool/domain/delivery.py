"""After award: the contract's KPIs, their profile over the term, the supplier's returns, and where each KPI stands
(docs/delivery.md). Pure: no Qt, no SQL; every figure is a Decimal or an exact Fraction.

A KPI either counts (people, hours, pounds: what was delivered adds up over the term, against a profile that adds
up to the commitment) or holds a level (a percentage, or yes/no: each period's figure is compared with the level
committed). A level's figure to date is the mean of the periods reported, weighted by the contract spend in each
when every one of them reported it: for local spend that is exactly the share of all spend that was local.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

HUNDRED = Fraction(100)
#: Procurement Act 2023 s.52: a contract above this value has at least three KPIs.
KPI_THRESHOLD = Decimal(5_000_000)
KPI_MINIMUM = 3
#: Above this, a figure in a return is not believed (a typing slip, or a damaged workbook).
ABSURD = Decimal(10) ** 12
LEVEL_UNITS = frozenset({"%", "yes/no"})


class Frequency(StrEnum):
    QUARTER = "quarter"
    YEAR = "year"


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "no return yet"


class Rating(StrEnum):
    """The ratings of a contract performance assessment (Procurement Act 2023 s.71)."""

    GOOD = "Good"
    APPROACHING = "Approaching target"
    REQUIRES_IMPROVEMENT = "Requires improvement"
    INADEQUATE = "Inadequate"
    OTHER = "Other"


class Role(StrEnum):
    """What a KPI counts for in the community wealth building figures."""

    LOCAL_SPEND = "local-spend"
    LIVING_WAGE = "living-wage"
    LOCAL_JOBS = "local-jobs"
    APPRENTICESHIPS = "apprenticeships"
    SERVICE = ""  # service quality, or anything else


_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def period_index(label: str, frequency: Frequency) -> int | None:
    """A period as a count of periods since year 0, or None if the label is not one of this frequency."""
    if frequency is Frequency.QUARTER:
        found = _QUARTER.match(label)
        return None if found is None else int(found[1]) * 4 + int(found[2]) - 1
    found = _YEAR.match(label)
    return None if found is None else int(found[1])


def period_label(index: int, frequency: Frequency) -> str:
    return f"{index // 4}-Q{index % 4 + 1}" if frequency is Frequency.QUARTER else str(index)


def period_labels(start: str, frequency: Frequency, count: int) -> tuple[str, ...]:
    first = period_index(start, frequency)
    if first is None:
        raise ValueError(f"'{start}' is not a {frequency.value} (write 2027-Q1 for a quarter, 2027 for a year)")
    return tuple(period_label(first + n, frequency) for n in range(count))


@dataclass(frozen=True)
class Contract:
    bidder_id: str
    supplier: str
    awarded_by: str
    awarded_at: str
    start: str
    frequency: Frequency
    periods: int
    value: Decimal
    green_at: Decimal = Decimal(95)
    amber_at: Decimal = Decimal(80)

    @property
    def labels(self) -> tuple[str, ...]:
        return period_labels(self.start, self.frequency, self.periods)

    @property
    def per_year(self) -> int:
        return 4 if self.frequency is Frequency.QUARTER else 1

    @property
    def assessments(self) -> tuple[str, ...]:
        """The period each annual assessment ends with: the fourth quarter of each contract year, or each year."""
        labels = self.labels
        return tuple(labels[n] for n in range(self.per_year - 1, len(labels), self.per_year))

    def assessment_periods(self, assessment: str) -> tuple[str, ...]:
        labels = self.labels
        end = labels.index(assessment) + 1
        return labels[max(0, end - self.per_year) : end]


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    unit: str
    committed: Decimal  # the whole term's total, or the level to hold
    profile: tuple[Decimal, ...]  # one figure a period: what should be delivered in it (or the level)
    owner: str = ""
    measure_id: str | None = None  # the framework measure of the commitment it came from; None: added by the lead
    role: Role = Role.SERVICE

    @property
    def level(self) -> bool:
        return self.unit in LEVEL_UNITS


@dataclass(frozen=True)
class Figure:
    kpi_id: str
    period: str
    delivered: Decimal
    evidence: str = ""


@dataclass(frozen=True)
class PeriodReturn:
    period: str
    spend: Decimal | None
    received_at: str
    source: str


@dataclass(frozen=True)
class KpiRating:
    kpi_id: str
    assessment: str
    rating: Rating
    reason: str
    rated_by: str
    rated_at: str


@dataclass(frozen=True)
class Shortfall:
    kpi_id: str
    period: str
    explanation: str
    action: str
    recorded_by: str
    follow_up: str = ""
    closed: bool = False


@dataclass(frozen=True)
class Delivery:
    """Everything recorded after award."""

    contract: Contract
    kpis: tuple[Kpi, ...]
    returns: tuple[PeriodReturn, ...] = ()
    figures: tuple[Figure, ...] = ()
    ratings: tuple[KpiRating, ...] = ()
    shortfalls: tuple[Shortfall, ...] = ()

    def kpi(self, kpi_id: str) -> Kpi | None:
        return next((k for k in self.kpis if k.id == kpi_id), None)

    def figure(self, kpi_id: str, period: str) -> Figure | None:
        return next((f for f in self.figures if f.kpi_id == kpi_id and f.period == period), None)

    def spend(self, period: str) -> Decimal | None:
        return next((r.spend for r in self.returns if r.period == period), None)

    def reported(self) -> tuple[str, ...]:
        """The periods with a return, in contract order."""
        have = {r.period for r in self.returns}
        return tuple(p for p in self.contract.labels if p in have)

    def rating(self, kpi_id: str, assessment: str) -> KpiRating | None:
        return next((r for r in self.ratings if r.kpi_id == kpi_id and r.assessment == assessment), None)


def even_profile(committed: Decimal, periods: int, level: bool) -> tuple[Decimal, ...]:
    """The profile when none is given: a level held every period, or a total spread evenly (to the penny; the last
    period takes what rounding leaves, so the profile adds up to the commitment exactly)."""
    if level:
        return (committed,) * periods
    share = (committed / periods).quantize(Decimal("0.01"))
    return (share,) * (periods - 1) + (committed - share * (periods - 1),)


def kpi_minimum_problem(value: Decimal, kpis: Sequence[Kpi]) -> str | None:
    """Procurement Act 2023 s.52: a contract over £5 million has at least three KPIs."""
    if value > KPI_THRESHOLD and len(kpis) < KPI_MINIMUM:
        return (
            f"The contract is worth more than £5,000,000, so it must have at least {KPI_MINIMUM} KPIs "
            f"(Procurement Act 2023 s.52); it has {len(kpis)}. Add KPIs on the Delivery page or with "
            "'svtool delivery add-kpi'."
        )
    return None


def implausible(unit: str, value: Decimal) -> str | None:
    """Why a delivered figure cannot be right, or None."""
    if not value.is_finite():
        return "is not a number"
    if value < 0:
        return "is negative"
    if unit == "%" and value > 100:
        return "is a percentage above 100"
    if unit == "yes/no" and value not in (0, 1):
        return "must be 1 (yes) or 0 (no)"
    if value > ABSURD:
        return "is implausibly large"
    return None


def spend_problem(value: Decimal, contract_value: Decimal) -> str | None:
    if not value.is_finite() or value < 0:
        return "is negative" if value.is_finite() else "is not a number"
    if value > max(contract_value * 10, Decimal(1)):
        return "is more than ten times the whole contract's value"
    return None


@dataclass(frozen=True)
class Point:
    """One period on a KPI's chart: delivered and profiled to date (None delivered: no return yet)."""

    period: str
    delivered: Fraction | None
    profile: Fraction


@dataclass(frozen=True)
class Standing:
    kpi: Kpi
    reported: int  # periods with a figure
    delivered: Fraction | None  # to date (a level: its weighted mean)
    profile: Fraction  # to date, for the periods reported
    of_profile: Fraction | None  # per cent of profile to date
    of_commitment: Fraction | None  # per cent of the whole commitment (a level: of the level)
    rag: Rag


def rag(percent: Fraction | None, green_at: Decimal, amber_at: Decimal) -> Rag:
    if percent is None:
        return Rag.NONE
    if percent >= Fraction(green_at):
        return Rag.GREEN
    return Rag.AMBER if percent >= Fraction(amber_at) else Rag.RED


def _weighted(delivery: Delivery, values: Sequence[tuple[str, Decimal]]) -> Fraction:
    spends = [delivery.spend(p) for p, _ in values]
    if all(s is not None and s > 0 for s in spends):
        total = sum((Fraction(s) for s in spends if s is not None), Fraction(0))
        return (
            sum(
                (Fraction(v) * Fraction(s) for (_, v), s in zip(values, spends, strict=True) if s is not None),
                Fraction(0),
            )
            / total
        )
    return sum((Fraction(v) for _, v in values), Fraction(0)) / len(values)


def series(delivery: Delivery, kpi: Kpi, upto: str | None = None) -> tuple[Point, ...]:
    """Delivered and profile to date, period by period, up to `upto` (default: the whole term)."""
    labels = delivery.contract.labels
    end = labels.index(upto) + 1 if upto else len(labels)
    points, seen, profile_sum = [], [], Fraction(0)
    for n, period in enumerate(labels[:end]):
        planned = kpi.profile[n] if n < len(kpi.profile) else Decimal(0)
        found = delivery.figure(kpi.id, period)
        if found is not None:
            seen.append((period, found.delivered))
        if kpi.level:
            profile_now = Fraction(planned)
            delivered_now = _weighted(delivery, seen) if seen and found is not None else None
        else:
            profile_sum += Fraction(planned)
            profile_now = profile_sum
            delivered_now = sum((Fraction(v) for _, v in seen), Fraction(0)) if found is not None else None
        points.append(Point(period, delivered_now, profile_now))
    return tuple(points)


def standing(delivery: Delivery, kpi: Kpi, upto: str | None = None) -> Standing:
    """Where a KPI stands after the last period reported (up to `upto`): delivered against profile, and against
    the commitment, with its RAG on the contract's thresholds."""
    points = [p for p in series(delivery, kpi, upto) if p.delivered is not None]
    c = delivery.contract
    if not points:
        return Standing(kpi, 0, None, Fraction(0), None, None, Rag.NONE)
    last = points[-1]
    assert last.delivered is not None
    if kpi.level:
        reported = [(p.period, f.delivered) for p in points if (f := delivery.figure(kpi.id, p.period))]
        profile = _weighted_profile(delivery, kpi, [p for p, _ in reported])
    else:
        profile = last.profile
    of_profile = last.delivered / profile * HUNDRED if profile else None
    of_commitment = last.delivered / Fraction(kpi.committed) * HUNDRED if kpi.committed else None
    return Standing(
        kpi,
        len(points),
        last.delivered,
        profile,
        of_profile,
        of_commitment,
        rag(of_profile if profile else None, c.green_at, c.amber_at) if profile else Rag.GREEN,
    )


def _weighted_profile(delivery: Delivery, kpi: Kpi, periods: Sequence[str]) -> Fraction:
    labels = delivery.contract.labels
    planned = [(p, kpi.profile[labels.index(p)]) for p in periods]
    return _weighted(delivery, planned)


def behind(delivery: Delivery, kpi: Kpi, period: str) -> bool:
    """Whether the KPI stands red or amber after this period's return: a shortfall to explain."""
    return standing(delivery, kpi, period).rag in (Rag.RED, Rag.AMBER)


def open_follow_ups(delivery: Delivery, period: str) -> tuple[Shortfall, ...]:
    """Shortfalls recorded in earlier periods and not closed: each is followed up in the next return."""
    labels = delivery.contract.labels
    if period not in labels:
        return ()
    now = labels.index(period)
    return tuple(s for s in delivery.shortfalls if not s.closed and s.period in labels and labels.index(s.period) < now)


@dataclass(frozen=True)
class Wealth:
    """The community wealth building figures to date (None: not reported)."""

    spend: Fraction | None  # contract spend reported
    local_percent: Fraction | None
    local_pounds: Fraction | None
    lm3: Fraction | None  # on the delivered spend: (R1 + R2 + R3) / R1, docs/delivery.md
    living_wage_percent: Fraction | None
    local_jobs: Fraction | None
    apprenticeships: Fraction | None


def wealth(delivery: Delivery, respend_percent: Decimal | None, upto: str | None = None) -> Wealth:
    labels = delivery.contract.labels
    end = labels.index(upto) + 1 if upto else len(labels)
    periods = [p for p in delivery.reported() if p in labels[:end]]
    spends = [delivery.spend(p) for p in periods]
    spend = sum((Fraction(s) for s in spends if s is not None), Fraction(0)) if periods else None

    def of_role(role: Role) -> Standing | None:
        kpi = next((k for k in delivery.kpis if k.role is role), None)
        return None if kpi is None else standing(delivery, kpi, upto)

    local = of_role(Role.LOCAL_SPEND)
    local_percent = local.delivered if local is not None else None
    pounds = spend * local_percent / HUNDRED if spend and local_percent is not None else None
    lm3 = None
    if pounds is not None and spend and respend_percent is not None:
        lm3 = (spend + pounds + pounds * Fraction(respend_percent) / HUNDRED) / spend
    wage, jobs, apprentices = of_role(Role.LIVING_WAGE), of_role(Role.LOCAL_JOBS), of_role(Role.APPRENTICESHIPS)
    return Wealth(
        spend,
        local_percent,
        pounds,
        lm3,
        wage.delivered if wage else None,
        jobs.delivered if jobs else None,
        apprentices.delivered if apprentices else None,
    )
