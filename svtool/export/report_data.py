"""Everything a report needs, gathered once by the services: the export modules only format it."""

from __future__ import annotations

from dataclasses import dataclass

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

    @property
    def head_seq(self) -> int:
        """The last audit entry the exported data reflects (0 if the trail is empty)."""
        return self.audit[-1].seq if self.audit else 0

    @property
    def head_hash(self) -> str:
        return self.audit[-1].hash if self.audit else ""

    def stage_names(self) -> dict[str, str]:
        return {s.id: s.name for s in self.evaluation.stages}

    def bidder_name(self, bidder_id: str) -> str:
        return next(b.name for b in self.evaluation.bidders if b.id == bidder_id)
