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


class MeasureRole(StrEnum):
    """What part a measure plays in its framework (docs/framework-format.md).

    The government Social Value Models keep two lists under each outcome: award criteria, which a tender's
    method statement is scored against, and reporting metrics, the quantities a supplier reports once the
    contract runs. Most council frameworks have only plain measures.
    """

    MEASURE = "measure"
    AWARD_CRITERION = "award-criterion"  # published criterion: qualitative, scored on the scale
    REPORTING_METRIC = "reporting-metric"  # published metric: quantitative, with a unit


#: How each role is named in lists and counts, singular and plural.
ROLE_WORDS: dict[MeasureRole, tuple[str, str]] = {
    MeasureRole.MEASURE: ("measure", "measures"),
    MeasureRole.AWARD_CRITERION: ("award criterion", "award criteria"),
    MeasureRole.REPORTING_METRIC: ("reporting metric", "reporting metrics"),
}


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
    theme_word: str = ""  # what the framework calls its top level ("mission" in PPN 002); "" means "theme"
    note: str = ""  # what a reader must know about how far the file follows its source
    # How many of each the source publishes, where known: the file may hold fewer (say so in note).
    published_themes: int | None = None
    published_outcomes: int | None = None
    published_criteria: int | None = None
    published_metrics: int | None = None


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    description: str = ""
    unconfirmed: bool = False  # the title or wording was not checked against the published source
    note: str = ""


@dataclass(frozen=True)
class Outcome:
    id: str
    theme_id: str
    title: str
    description: str = ""
    unconfirmed: bool = False
    note: str = ""


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
    role: MeasureRole = MeasureRole.MEASURE
    ref: str = ""  # the number the source gives it, such as "1a" or "MAC 5.1"
    unconfirmed: bool = False  # the wording was not checked against the published source
    note: str = ""

    @property
    def label(self) -> str:
        """The title with its published number in front, as the source prints it."""
        return f"{self.ref} {self.title}" if self.ref else self.title


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

    def find_measure(self, measure_id: str) -> Measure | None:
        """The measure with this id, or None: an evaluation may name a measure a later version dropped."""
        return self._measure_index.get(measure_id)

    def with_role(self, role: MeasureRole) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if m.role is role)

    @property
    def theme_words(self) -> tuple[str, str]:
        """The framework's own word for its top level, singular and plural ("mission", "missions")."""
        word = self.info.theme_word or "theme"
        return word, word if word.endswith("s") else word + "s"

    def contents(self) -> str:
        """The counts in words, in the framework's own terms, with the published totals where the file holds
        fewer: '5 missions, 8 outcomes, 5 of 40 award criteria, 0 of 33 reporting metrics, 7 measures'."""
        published = {
            MeasureRole.AWARD_CRITERION: self.info.published_criteria,
            MeasureRole.REPORTING_METRIC: self.info.published_metrics,
        }

        def count(n: int, words: tuple[str, str], total: int | None) -> str:
            if total is not None and total != n:
                return f"{n} of {total} {words[1]}"
            return f"{n} {words[0] if n == 1 and total is None else words[1]}"

        parts = [
            count(len(self.themes), self.theme_words, self.info.published_themes),
            count(len(self.outcomes), ("outcome", "outcomes"), self.info.published_outcomes),
        ]
        for role in (MeasureRole.AWARD_CRITERION, MeasureRole.REPORTING_METRIC, MeasureRole.MEASURE):
            n = len(self.with_role(role))
            if n or published.get(role) is not None or (role is MeasureRole.MEASURE and not self.measures):
                parts.append(count(n, ROLE_WORDS[role], published.get(role)))
        return ", ".join(parts)

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
