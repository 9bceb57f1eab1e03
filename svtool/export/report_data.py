"""Everything a report needs, gathered once by the services: the export modules only format it (docs/reports.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from svtool.domain.evaluation import Evaluation
from svtool.domain.reason_checks import ReasonCheck
from svtool.domain.results import Results
from svtool.domain.sensitivity import SplitSensitivity, WeightSensitivity


class ExportCancelled(Exception):
    """The person cancelled the export; nothing was saved."""


@dataclass(frozen=True)
class AuditLine:
    seq: int
    at: str
    actor: str
    action: str
    entity: str
    key: str
    old: str | None
    new: str | None
    reason: str
    hash: str = ""


@dataclass(frozen=True)
class AuditHead:
    """The last audit entry the exported data reflects: printed on every page, so a page can be matched to the
    trail that 'svtool verify' checks."""

    seq: int
    hash: str


@dataclass(frozen=True)
class SignOff:
    """One person's recorded sign-off of the evaluation (the lifecycle's panel sign-offs)."""

    name: str
    role: str
    statement: str
    date: str


class Standstill(StrEnum):
    """Which standstill rule the assessment summaries state (docs/reports.md)."""

    MANDATORY = "mandatory"  # Procurement Act 2023 s.51: 8 working days from the contract award notice
    VOLUNTARY = "voluntary"  # a light touch contract, with a voluntary standstill of the same length
    NONE = "none"  # a light touch contract without one


@dataclass(frozen=True)
class ReportSettings:
    """What the person exporting says about the report that the evaluation file does not hold."""

    council_name: str = ""
    logo_path: Path | None = None
    #: Where the award criteria were published, for the assessment summaries (Procurement Regulations 2024 r.31).
    criteria_published: str = "the tender documents"
    #: The day the contract award notice is (to be) published; None: the day of the export.
    notice_date: dt.date | None = None
    standstill: Standstill = Standstill.MANDATORY
    contract_term: str = ""
    #: The procurement procedure followed, as the officer states it (such as "Competitive flexible procedure").
    procedure: str = ""


class Status(StrEnum):
    FINAL = "final"
    DRAFT = "draft"
    INVALID = "invalid"


@dataclass(frozen=True)
class ReportData:
    evaluation: Evaluation
    results: Results
    split: SplitSensitivity | None
    weights: tuple[WeightSensitivity, ...]
    audit: tuple[AuditLine, ...]
    generated: str  # the date the report was made, as people write it (23 November 2026)
    marking: str = "OFFICIAL-SENSITIVE: COMMERCIAL"
    framework_name: str | None = None
    #: Short, reused and restating reasons and consensus rationales, counted (the Setup page's Checks).
    reason_checks: tuple[ReasonCheck, ...] = ()
    settings: ReportSettings = ReportSettings()
    #: validate_setup's errors: a setup that breaks the rules exports only as INVALID, these listed first.
    setup_problems: tuple[str, ...] = ()
    #: Whether the evaluation lifecycle says the evaluation is final. Until it does, every page says DRAFT.
    lifecycle_final: bool = False
    sign_offs: tuple[SignOff, ...] = ()
    #: The audit entry the data was read at; None: the last entry of `audit`.
    audit_head: AuditHead | None = None
    version: str = ""
    generated_on: dt.date = field(default_factory=dt.date.today)

    @property
    def invalid(self) -> bool:
        return bool(self.setup_problems)

    @property
    def final(self) -> bool:
        """The one test of "final" every document uses: the lifecycle says so and the setup is valid."""
        return self.lifecycle_final and not self.invalid

    @property
    def status(self) -> Status:
        return Status.INVALID if self.invalid else Status.FINAL if self.final else Status.DRAFT

    @cached_property
    def answers(self) -> tuple[int, int]:
        """(moderated, all) panel-scored answers: one per bidder, scale question and stage."""
        stages = [s for b in self.results.bidders for q in b.questions.values() for s in q.stages]
        return sum(1 for s in stages if s.moderation is not None), len(stages)

    @property
    def provisional(self) -> int:
        moderated, total = self.answers
        return total - moderated

    @property
    def status_line(self) -> str:
        """What every page says above its content until the evaluation is final and valid."""
        if self.invalid:
            return (
                f"INVALID: the setup breaks {len(self.setup_problems)} of the evaluation's rules (listed "
                "first). These scores cannot support a decision."
            )
        if not self.final:
            return (
                f"DRAFT: not final. {self.provisional} of {self.answers[1]} answers are provisional (not yet "
                "moderated)."
            )
        return ""

    @property
    def head_seq(self) -> int:
        """The last audit entry the exported data reflects (0 if the trail is empty)."""
        if self.audit_head is not None:
            return self.audit_head.seq
        return self.audit[-1].seq if self.audit else 0

    @property
    def head_hash(self) -> str:
        if self.audit_head is not None:
            return self.audit_head.hash
        return self.audit[-1].hash if self.audit else ""

    @property
    def total_weight(self) -> Decimal:
        """The points available: 100 in a valid setup, whatever the envelopes add up to in an invalid one."""
        return sum((v.weight for v in self.evaluation.envelopes), Decimal(0))

    @property
    def notice_date(self) -> dt.date:
        return self.settings.notice_date or self.generated_on

    def stage_names(self) -> dict[str, str]:
        return {s.id: s.name for s in self.evaluation.stages}

    def bidder_name(self, bidder_id: str) -> str:
        return next(b.name for b in self.evaluation.bidders if b.id == bidder_id)
