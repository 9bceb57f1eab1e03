"""A social value framework: a tree of themes (or missions), outcomes and measures.

The tree is kept as three flat tuples in document order, with each child naming its parent by id. That is
how councils keep frameworks in spreadsheets, and it keeps every record addressable on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class MeasureKind(StrEnum):
    """How a measure is assessed."""

    QUANTITATIVE = "quantitative"  # a bidder commits a quantity in the measure's unit
    QUALITATIVE = "qualitative"  # a method statement scored on the evaluation's scale


#: Units a quantitative measure may use, with what a bidder commits in that unit, in words.
UNITS: dict[str, str] = {
    "people": "a number of people",
    "FTE": "a number of full-time equivalent posts",
    "hours": "a number of hours",
    "days": "a number of days",
    "weeks": "a number of weeks",
    "GBP": "an amount in pounds (£)",
    "%": "a percentage",
    "tCO2e": "tonnes of carbon dioxide equivalent",
    "tonnes": "a weight in tonnes",
    "kWh": "kilowatt hours",
    "organisations": "a number of organisations",
    "number": "a count",
    "yes/no": "a yes or no commitment",
}

#: Tags the scoring engine and reports recognise. Other tags are allowed but must be simple slugs.
KNOWN_TAGS: dict[str, str] = {
    "local-spend": "spend with suppliers and staff inside the local boundary",
    "living-wage": "pay at or above the Real Living Wage",
    "carbon": "greenhouse gas emissions",
    "environment": "wider environmental stewardship",
    "local-jobs": "jobs for local residents",
    "apprenticeships": "apprenticeships and trainees",
    "skills": "training and qualifications",
    "employment": "employment for people facing barriers to work",
    "vcse": "voluntary, community and social enterprise organisations",
    "co-operative": "co-operatives and mutuals",
    "sme": "small and medium-sized enterprises",
    "supply-chain": "supply chain resilience and diversity",
    "fair-work": "terms and conditions of employment",
    "wellbeing": "health and wellbeing",
    "community": "community activity and cohesion",
    "co-production": "design and delivery with the people who use services",
    "equality": "equal opportunity and inclusion",
    "care-workforce": "the social care workforce",
}


@dataclass(frozen=True)
class FrameworkInfo:
    """Who published a framework, and on what terms it may be used."""

    id: str
    name: str
    publisher: str
    version: str
    source: str
    licence: str
    url: str = ""
    published: str = ""
    description: str = ""


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Outcome:
    id: str
    theme_id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class ProxyValue:
    """Pounds of social value per unit of a measure, with where the figure comes from."""

    value: Decimal
    source: str
    year: int


@dataclass(frozen=True)
class Measure:
    id: str
    outcome_id: str
    title: str
    kind: MeasureKind = MeasureKind.QUANTITATIVE
    unit: str | None = None
    description: str = ""
    proxy: ProxyValue | None = None
    target: Decimal | None = None
    target_note: str = ""
    evidence: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Framework:
    info: FrameworkInfo
    themes: tuple[Theme, ...]
    outcomes: tuple[Outcome, ...]
    measures: tuple[Measure, ...]
    _measure_index: dict[str, Measure] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_measure_index", {m.id: m for m in self.measures})

    @property
    def id(self) -> str:
        return self.info.id

    def outcomes_of(self, theme_id: str) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.theme_id == theme_id)

    def measures_of(self, outcome_id: str) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if m.outcome_id == outcome_id)

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id; KeyError if the framework has none."""
        return self._measure_index[measure_id]

    def outcome(self, outcome_id: str) -> Outcome:
        for o in self.outcomes:
            if o.id == outcome_id:
                return o
        raise KeyError(outcome_id)

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)
