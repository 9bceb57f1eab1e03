"""Evaluation use cases: create, open, score, moderate, copy, dump and verify. Every edit is saved as it is
made, with its audit entry, in one transaction."""

from __future__ import annotations

import getpass
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError

from svtool.definition.reader import read_definition_file
from svtool.definition.writer import write_definition_text
from svtool.domain.engine import Engine
from svtool.domain.evaluation import Evaluation, Moderation, Score
from svtool.domain.results import Results
from svtool.domain.validation import Severity, check_score, validate_setup
from svtool.frameworks.textformat import write_framework_text
from svtool.services.errors import UserError
from svtool.services.frameworks import load_framework
from svtool.store import audit
from svtool.store.database import Document, copy_sqlite, create_document, damaged, integrity_ok, open_document
from svtool.store.mapping import load_evaluation, store_evaluation
from svtool.store.models import ModerationRow, ScoreRow

SUFFIX = ".svt"


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some locked-down or containerised sessions)
        return "unknown user"


@dataclass
class OpenEvaluation:
    """An evaluation open for work: its file, its setup, and a live scoring engine kept in step with the file."""

    document: Document
    evaluation: Evaluation
    engine: Engine
    actor: str

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
        return self.engine.results()

    def _check_people(self, evaluator_id: str | None, bidder_id: str) -> None:
        if evaluator_id is not None and evaluator_id not in {e.id for e in self.evaluation.evaluators}:
            raise UserError(f"There is no evaluator '{evaluator_id}' on this evaluation's panel.")
        if bidder_id not in {b.id for b in self.evaluation.bidders}:
            raise UserError(f"There is no bidder '{bidder_id}' in this evaluation.")

    def stored_evaluation(self) -> Evaluation:
        """The evaluation exactly as the file holds it now."""
        with self.document.reading() as session:
            return load_evaluation(session)

    def definition_text(self) -> str:
        return write_definition_text(self.stored_evaluation())

    def save_copy(self, destination: Path) -> None:
        if self.document.path is None:
            raise UserError("Only an evaluation file can be copied; this one lives in a shared database.")
        copy_sqlite(self.document.path, destination)

    def close(self) -> None:
        self.document.close()


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
