"""Evaluation use cases: create, open, score, moderate, copy, dump and verify. Every edit is saved as it is
made, with its audit entry, in one transaction."""

from __future__ import annotations

import dataclasses
import getpass
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.exc import DatabaseError

from svtool.definition.reader import read_definition_file
from svtool.definition.writer import write_definition_text
from svtool.domain.engine import Engine
from svtool.domain.evaluation import Evaluation, Moderation, Score
from svtool.domain.results import Results
from svtool.domain.validation import Severity, check_score, validate_setup
from svtool.export.report_data import AuditLine
from svtool.frameworks.textformat import write_framework_text
from svtool.services.errors import UserError
from svtool.services.frameworks import load_framework
from svtool.store import audit
from svtool.store.database import Document, copy_sqlite, create_document, damaged, integrity_ok, open_document
from svtool.store.mapping import load_evaluation, store_evaluation
from svtool.store.models import (
    AuditRow,
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

SUFFIX = ".svt"

ScoreKey = tuple[str, str, str, str]  # evaluator, bidder, question, stage
CellKey = tuple[str, str, str]  # bidder, question, stage
Entry = TypeVar("Entry", Score, Moderation)


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some locked-down or containerised sessions)
        return "unknown user"


@dataclass
class OpenEvaluation:
    """An evaluation open for work: its file, its setup, and a live scoring engine kept in step with the file."""

    document: Document
    #: The setup as last saved. Its scores and moderations are those it was opened with: the live ones are in
    #: scores and moderations below, kept in step with the file by every edit.
    evaluation: Evaluation
    engine: Engine
    actor: str
    scores: dict[ScoreKey, Score] = field(init=False)
    moderations: dict[CellKey, Moderation] = field(init=False)

    def __post_init__(self) -> None:
        self.scores = {(s.evaluator_id, s.bidder_id, s.question_id, s.stage_id): s for s in self.evaluation.scores}
        self.moderations = {(m.bidder_id, m.question_id, m.stage_id): m for m in self.evaluation.moderations}

    @property
    def read_only(self) -> bool:
        return self.document.read_only

    @property
    def location(self) -> str:
        return self.document.location

    def results(self) -> Results:
        return self.engine.results()

    def record_score(self, score: Score) -> Results:
        """Check, save (with its audit entry) and apply one evaluator's score; the updated results."""
        self._check_people(score.evaluator_id, score.bidder_id)
        problem = check_score(self.evaluation, score)
        if problem:
            raise UserError(problem)
        key = f"{score.evaluator_id}/{score.bidder_id}/{score.question_id}/{score.stage_id}"
        new = {"value": format(score.value, "f"), "reason": score.reason}
        with self.document.writing() as session:
            row = session.scalars(select(ScoreRow).where(
                ScoreRow.evaluator_id == score.evaluator_id, ScoreRow.bidder_id == score.bidder_id,
                ScoreRow.question_id == score.question_id, ScoreRow.stage_id == score.stage_id)).first()
            old = {"value": format(row.value, "f"), "reason": row.reason} if row is not None else None
            if old == new:
                return self.engine.results()
            if row is None:
                session.add(ScoreRow(evaluator_id=score.evaluator_id, bidder_id=score.bidder_id,
                                     question_id=score.question_id, stage_id=score.stage_id, value=score.value,
                                     reason=score.reason))
            else:
                row.value, row.reason = score.value, score.reason
            audit.append(session, self.actor, "score", "score", key, old, new)
        self.engine.set_score(score)
        self.scores[(score.evaluator_id, score.bidder_id, score.question_id, score.stage_id)] = score
        return self.engine.results()

    def clear_score(self, evaluator_id: str, bidder_id: str, question_id: str, stage_id: str) -> Results:
        """Withdraw one evaluator's score (as undo does); the audit trail keeps what it was."""
        found = self.scores.get((evaluator_id, bidder_id, question_id, stage_id))
        if found is None:
            return self.engine.results()
        with self.document.writing() as session:
            session.execute(delete(ScoreRow).where(
                ScoreRow.evaluator_id == evaluator_id, ScoreRow.bidder_id == bidder_id,
                ScoreRow.question_id == question_id, ScoreRow.stage_id == stage_id))
            audit.append(session, self.actor, "clear", "score", f"{evaluator_id}/{bidder_id}/{question_id}/{stage_id}",
                         {"value": format(found.value, "f"), "reason": found.reason}, None)
        self.engine.remove_score(evaluator_id, bidder_id, question_id, stage_id)
        del self.scores[(evaluator_id, bidder_id, question_id, stage_id)]
        return self.engine.results()

    def moderate(self, moderation: Moderation) -> Results:
        """Record the panel's agreed score and its rationale; the individual scores are kept."""
        probe = Score("", moderation.bidder_id, moderation.question_id, moderation.stage_id, moderation.value,
                      moderation.rationale)
        problem = check_score(self.evaluation, probe)
        if problem:
            raise UserError(problem.replace("Every score needs a reason", "Every moderated score needs a rationale"))
        self._check_people(None, moderation.bidder_id)
        key = f"{moderation.bidder_id}/{moderation.question_id}/{moderation.stage_id}"
        new = {"value": format(moderation.value, "f"), "rationale": moderation.rationale}
        with self.document.writing() as session:
            row = session.scalars(select(ModerationRow).where(
                ModerationRow.bidder_id == moderation.bidder_id, ModerationRow.question_id == moderation.question_id,
                ModerationRow.stage_id == moderation.stage_id)).first()
            old = {"value": format(row.value, "f"), "rationale": row.rationale} if row is not None else None
            if row is None:
                session.add(ModerationRow(bidder_id=moderation.bidder_id, question_id=moderation.question_id,
                                          stage_id=moderation.stage_id, value=moderation.value,
                                          rationale=moderation.rationale))
            else:
                row.value, row.rationale = moderation.value, moderation.rationale
            audit.append(session, self.actor, "moderate", "moderation", key, old, new, moderation.rationale)
        self.engine.set_moderation(moderation)
        self.moderations[(moderation.bidder_id, moderation.question_id, moderation.stage_id)] = moderation
        return self.engine.results()

    def clear_moderation(self, bidder_id: str, question_id: str, stage_id: str) -> Results:
        """Withdraw the panel's agreed score, so the evaluators' scores stand for it again."""
        found = self.moderations.get((bidder_id, question_id, stage_id))
        if found is None:
            return self.engine.results()
        with self.document.writing() as session:
            session.execute(delete(ModerationRow).where(
                ModerationRow.bidder_id == bidder_id, ModerationRow.question_id == question_id,
                ModerationRow.stage_id == stage_id))
            audit.append(session, self.actor, "clear", "moderation", f"{bidder_id}/{question_id}/{stage_id}",
                         {"value": format(found.value, "f"), "rationale": found.rationale}, None)
        self.engine.remove_moderation(bidder_id, question_id, stage_id)
        del self.moderations[(bidder_id, question_id, stage_id)]
        return self.engine.results()

    def current(self) -> Evaluation:
        """The evaluation as it stands now, with every score and moderation entered so far."""
        return dataclasses.replace(self.evaluation, scores=tuple(self.scores.values()),
                                   moderations=tuple(self.moderations.values()))

    def change_setup(self, setup: Evaluation, summary: str, restore: SetupChange | None = None) -> SetupChange:
        """Replace the setup (details, envelopes, questions, bidders, bids, panel...) in one transaction.

        Scores and moderations are kept; any for a bidder, question, stage or evaluator the new setup no longer
        has are removed and returned, so that undo can put them back (pass them as restore). A setup that
        breaks the rules is still saved, so no typing is lost, and validate_setup says what to put right; only
        a setup the scoring engine cannot work with at all is refused.
        """
        scores, moderations = dict(self.scores), dict(self.moderations)
        if restore is not None:
            scores.update(((s.evaluator_id, s.bidder_id, s.question_id, s.stage_id), s) for s in restore.scores)
            moderations.update(((m.bidder_id, m.question_id, m.stage_id), m) for m in restore.moderations)
        kept_scores, dropped_scores = _partition(setup, scores.values())
        kept_mods, dropped_mods = _partition(setup, moderations.values())
        declarations = tuple(d for d in setup.declarations if d.evaluator_id in {e.id for e in setup.evaluators})
        new = dataclasses.replace(setup, scores=tuple(kept_scores), moderations=tuple(kept_mods),
                                  declarations=declarations)
        try:
            engine = Engine(new)
            engine.results()
        except (KeyError, ValueError, ArithmeticError, ZeroDivisionError):
            problems = _setup_errors(new) or ["the scoring engine cannot work with this setup."]
            raise UserError("That change was not saved, because:\n- " + "\n- ".join(problems)) from None
        old_parts, new_parts = _changed_parts(self.evaluation, new)
        with self.document.writing() as session:
            snapshot = session.scalar(select(EvaluationRow.framework_snapshot))
            for table in (ScoreRow, ModerationRow, DeclarationRow, CommitmentRow, EvaluatorRow, BidderRow,
                          QuestionRow, EnvelopeRow, ScaleRow, StageRow, EvaluationRow):
                session.execute(delete(table))
            session.flush()
            store_evaluation(session, new, snapshot)
            if dropped_scores or dropped_mods:
                new_parts["removed"] = {"scores": len(dropped_scores), "moderations": len(dropped_mods)}
            audit.append(session, self.actor, "setup", "evaluation", summary, old_parts, new_parts)
        self.evaluation, self.engine = new, engine
        self.__post_init__()
        return SetupChange(tuple(dropped_scores), tuple(dropped_mods))

    def _check_people(self, evaluator_id: str | None, bidder_id: str) -> None:
        if evaluator_id is not None and evaluator_id not in {e.id for e in self.evaluation.evaluators}:
            raise UserError(f"There is no evaluator '{evaluator_id}' on this evaluation's panel.")
        if bidder_id not in {b.id for b in self.evaluation.bidders}:
            raise UserError(f"There is no bidder '{bidder_id}' in this evaluation.")

    def stored_evaluation(self) -> Evaluation:
        """The evaluation exactly as the file holds it now."""
        with self.document.reading() as session:
            return load_evaluation(session)

    def audit_trail(self) -> tuple[AuditLine, ...]:
        """Every entry in the audit trail, oldest first."""
        with self.document.reading() as session:
            return tuple(AuditLine(r.seq, r.at, r.actor, r.action, r.entity, r.entity_key, r.old, r.new, r.reason)
                         for r in session.scalars(select(AuditRow).order_by(AuditRow.seq)))

    def verify_trail(self) -> str:
        """Recompute the audit trail's hash chain: whether anything was changed outside svtool."""
        with self.document.reading() as session:
            return audit.verify(session).message

    def definition_text(self) -> str:
        return write_definition_text(self.stored_evaluation())

    def save_copy(self, destination: Path) -> None:
        if self.document.path is None:
            raise UserError("Only an evaluation file can be copied; this one lives in a shared database.")
        copy_sqlite(self.document.path, destination)

    def close(self) -> None:
        self.document.close()


@dataclass(frozen=True)
class SetupChange:
    """What a setup change removed with it: scores and moderations for people or questions no longer there."""

    scores: tuple[Score, ...] = ()
    moderations: tuple[Moderation, ...] = ()


def _partition(setup: Evaluation, items: Iterable[Entry]) -> tuple[list[Entry], list[Entry]]:
    bidders = {b.id for b in setup.bidders}
    evaluators = {e.id for e in setup.evaluators}
    stages_of = {q.id: set(setup.stages_of(q)) for q in setup.questions}
    kept: list[Entry] = []
    dropped: list[Entry] = []
    for item in items:
        fits = (item.bidder_id in bidders and item.stage_id in stages_of.get(item.question_id, set())
                and (not isinstance(item, Score) or item.evaluator_id in evaluators))
        (kept if fits else dropped).append(item)
    return kept, dropped


_SETUP_FIELDS = tuple(f.name for f in dataclasses.fields(Evaluation) if f.name not in ("scores", "moderations"))


def _plain(value: object) -> object:
    """A setup value as JSON-ready data for the audit trail."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(str(v) for v in value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _changed_parts(old: Evaluation, new: Evaluation) -> tuple[dict[str, object], dict[str, object]]:
    """Only the parts of the setup that changed, before and after, for the audit entry."""
    names = [n for n in _SETUP_FIELDS if getattr(old, n) != getattr(new, n)]
    return ({n: _plain(getattr(old, n)) for n in names}, {n: _plain(getattr(new, n)) for n in names})


def _setup_errors(evaluation: Evaluation) -> list[str]:
    return [str(i) for i in validate_setup(evaluation) if i.severity is Severity.ERROR]


def create_evaluation(evaluation: Evaluation, path: str | Path, actor: str | None = None) -> OpenEvaluation:
    """Save a new evaluation (a file, or a database URL); refuses a setup with errors and never overwrites."""
    errors = _setup_errors(evaluation)
    if errors:
        raise UserError("The evaluation cannot be created until these are put right:\n- " + "\n- ".join(errors))
    snapshot = None
    if evaluation.framework_id:
        try:
            snapshot = write_framework_text(load_framework(evaluation.framework_id))
        except UserError:
            snapshot = None  # a council's framework not in this library: the evaluation still stands alone
    actor = actor or current_user()
    document = create_document(path)
    with document.writing() as session:
        store_evaluation(session, evaluation, snapshot)
        audit.append(session, actor, "create", "evaluation", evaluation.title, None,
                     {"bidders": len(evaluation.bidders), "questions": len(evaluation.questions),
                      "scores": len(evaluation.scores), "moderations": len(evaluation.moderations)})
    return OpenEvaluation(document, evaluation, Engine(evaluation), actor)


def create_from_definition(definition: Path, path: str | Path, actor: str | None = None) -> OpenEvaluation:
    return create_evaluation(read_definition_file(definition), path, actor)


def open_evaluation(location: str | Path, actor: str | None = None) -> OpenEvaluation:
    document = open_document(location)
    try:
        with document.reading() as session:
            evaluation = load_evaluation(session)
    except (DatabaseError, sqlite3.Error, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        document.close()
        raise damaged(Path(str(location)).name, error) from None
    return OpenEvaluation(document, evaluation, Engine(evaluation), actor or current_user())


@dataclass(frozen=True)
class FileCheck:
    ok: bool
    lines: tuple[str, ...]


def verify_file(location: str | Path) -> FileCheck:
    """The database's own integrity check, then the audit trail's hash chain."""
    document = open_document(location)
    try:
        intact, detail = integrity_ok(document)
        with document.reading() as session:
            chain = audit.verify(session)
    except (DatabaseError, sqlite3.Error, UnicodeDecodeError, ValueError) as error:
        return FileCheck(False, (str(damaged(Path(str(location)).name, error)),))
    finally:
        document.close()
    lines = ["Database structure: OK" if intact else f"Database structure: DAMAGED ({detail})", chain.message]
    return FileCheck(intact and chain.ok, tuple(lines))
