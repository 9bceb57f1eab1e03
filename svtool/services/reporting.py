"""Results as plain data: the command line's JSON (docs/results-json.md), and everything a report needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from svtool import __version__
from svtool.domain.engine import Engine
from svtool.domain.evaluation import Evaluation
from svtool.domain.lifecycle import role_name
from svtool.domain.numbers import rounded
from svtool.domain.results import Results
from svtool.domain.sensitivity import split_sensitivity, weight_sensitivity
from svtool.domain.validation import Severity, validate_setup
from svtool.export.excel import write_workbook
from svtool.export.pdf import logo_problem, write_report
from svtool.export.report_data import AuditHead, ExportCancelled, ReportData, ReportSettings, SignOff, Standstill
from svtool.export.summaries import write_summaries
from svtool.services.analysis import check_reasons
from svtool.services.errors import UserError
from svtool.services.evaluations import OpenEvaluation
from svtool.services.frameworks import library_framework
from svtool.services.lifecycle import content_hash
from svtool.services.outputs import check_outputs
from svtool.services.session import Snapshot
from svtool.services.storage import write_atomically, write_folder_atomically

JSON_SCHEMA_VERSION = 1

#: The export's settings, for the command line and the window (which do not import the export layer).
__all__ = ["ExportRequest", "ReportSettings", "Standstill", "export", "report_data", "results_json"]


def _points(value: Any) -> str:
    return str(rounded(value))


def results_json(evaluation: Evaluation, engine: Engine, results: Results) -> dict[str, Any]:
    """The results as JSON-ready data. Figures are strings rounded by the display rule (2 dp); each also has an
    exact form, numerator/denominator, so nothing is lost."""
    names = {e.id: e.name for e in evaluation.envelopes}
    winner = results.winner
    split = split_sensitivity(engine, results)
    return {
        "schema": JSON_SCHEMA_VERSION,
        "evaluation": {
            "title": evaluation.title,
            "reference": evaluation.reference,
            "contract_value": format(evaluation.contract_value, "f"),
        },
        "recommended": winner.bidder_id if winner else None,
        "bidders": [
            {
                "id": b.bidder_id,
                "name": b.name,
                "rank": b.rank,
                "total": _points(b.total),
                "total_exact": f"{b.total.numerator}/{b.total.denominator}",
                "excluded": b.excluded,
                "exclusion_reasons": list(b.exclusion_reasons),
                "envelopes": {e: {"name": names[e], "points": _points(v)} for e, v in b.envelope_totals.items()},
                "price": None if b.price is None else str(rounded(b.price)),
                "social_value_offered": str(rounded(b.social_value_offered)),
                "local_spend_percent": None if b.local_spend_percent is None else _points(b.local_spend_percent),
                "lm3": None if b.lm3 is None else _points(b.lm3),
                "questions": {
                    q: {
                        "points": None if r.contribution is None else _points(r.contribution),
                        "weight": _points(r.weight),
                        "explanation": r.explain(),
                    }
                    for q, r in b.questions.items()
                },
            }
            for b in results.bidders
        ],
        "flags": [
            {
                "kind": f.kind.value,
                "bidder": f.bidder_id,
                "question": f.question_id,
                "stage": f.stage_id,
                "message": f.message,
            }
            for f in results.flags
        ],
        "sensitivity": {
            "split": split.statement if split else None,
            "weights": [w.statement for w in weight_sensitivity(evaluation, results)],
        },
        "rules": list(results.rules),
    }


def audit_head(snapshot: Snapshot) -> AuditHead:
    """The audit entry an export is taken at: the last one in the same read as the data it prints."""
    return AuditHead(snapshot.head_seq, snapshot.head_hash)


def lifecycle_final(evaluation: Evaluation, content: str) -> bool:
    """Whether the lead finalised the evaluation as it is (docs/lifecycle.md): a finalisation whose content hash
    is not the evaluation's now (changed outside svtool) does not count, and the documents say DRAFT."""
    return evaluation.finalised is not None and evaluation.finalised.content == content


def sign_offs(evaluation: Evaluation, content: str) -> tuple[SignOff, ...]:
    """The panel's sign-offs that stand for the evaluation as it is, for the report's sign-off page; one made
    before a later change is left out, as it no longer counts."""
    found = []
    for signed in evaluation.signoffs:
        member = evaluation.member(signed.evaluator_id)
        if member is not None and signed.content == content:
            found.append(SignOff(member.name, role_name(member), signed.statement, signed.signed_at[:10]))
    return tuple(found)


def report_data(
    opened: OpenEvaluation, settings: ReportSettings | None = None, marking: str = "OFFICIAL-SENSITIVE: COMMERCIAL"
) -> ReportData:
    """Gather the evaluation as stored now, its results, sensitivity and audit trail, for the exports.

    Everything comes from one read of the store, and the results are worked out afresh from it, so an export from
    a session that has been open for hours still reflects exactly what is saved (and names the audit entry it
    was taken at), never this session's copy."""
    settings = settings or ReportSettings()
    if settings.logo_path is not None and (problem := logo_problem(settings.logo_path)):
        raise UserError(problem)
    snapshot = opened.snapshot()
    evaluation, audit = snapshot.evaluation, snapshot.audit
    engine = Engine(evaluation)
    results = engine.results()
    framework_name = None
    if evaluation.framework_id:
        framework = library_framework(evaluation.framework_id)
        framework_name = framework.info.name if framework is not None else evaluation.framework_id
    today = dt.date.today()
    problems = tuple(str(i) for i in validate_setup(evaluation) if i.severity is Severity.ERROR)
    content = content_hash(evaluation) if evaluation.finalised or evaluation.signoffs else ""
    return ReportData(
        evaluation,
        results,
        split_sensitivity(engine, results),
        tuple(weight_sensitivity(evaluation, results)),
        audit,
        f"{today.day} {today:%B %Y}",
        marking,
        framework_name,
        check_reasons(evaluation),
        settings=settings,
        setup_problems=problems,
        lifecycle_final=lifecycle_final(evaluation, content),
        sign_offs=sign_offs(evaluation, content),
        audit_head=audit_head(snapshot),
        version=__version__,
        generated_on=today,
    )


@dataclass(frozen=True)
class ExportRequest:
    xlsx: Path | None = None
    pdf: Path | None = None
    summaries: Path | None = None
    #: The council's name and logo, where the criteria were published, the notice date and standstill rule.
    settings: ReportSettings = field(default_factory=ReportSettings)


def export(
    opened: OpenEvaluation,
    request: ExportRequest,
    progress: Callable[[int, str], None] = lambda _n, _s: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[Path]:
    """Write the requested files; progress(percent, what) reports each step.

    Every destination is checked first (services/outputs.py), so a refusal writes nothing. Each file is written
    beside its final name and moved into place only when complete, and the assessment summaries are written as a
    set in a folder beside theirs that replaces it whole (export/atomic.py): a cancelled, failed or interrupted
    export leaves nothing half-written and no temporary file behind."""
    check_outputs(request.xlsx, request.pdf, request.summaries, opened.document.path)
    data = report_data(opened, request.settings)
    written: list[Path] = []
    steps = [(request.xlsx, "workbook"), (request.pdf, "report"), (request.summaries, "assessment summaries")]
    wanted = [(target, name) for target, name in steps if target is not None]
    for number, (target, name) in enumerate(wanted):
        progress(int(100 * number / max(len(wanted), 1)), f"Writing the {name}…")
        if cancelled():
            raise ExportCancelled
        assert target is not None
        if name == "workbook":
            write_atomically(target, lambda part: write_workbook(data, part, cancelled))
            written.append(target)
        elif name == "report":
            write_atomically(target, lambda part: write_report(data, part, cancelled))
            written.append(target)
        else:
            written += write_folder_atomically(target, lambda folder: write_summaries(data, folder, cancelled))
    progress(100, "Done")
    return written
