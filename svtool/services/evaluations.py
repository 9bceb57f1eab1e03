"""Evaluation use cases: create, open, copy and dump. The open evaluation and its operations (score, moderate,
change the setup) are in services/session.py; verify is in services/record.py (and named here too)."""

from __future__ import annotations

import getpass
import sqlite3
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import DatabaseError

from svtool.definition.reader import read_definition_file
from svtool.domain.evaluation import Evaluation
from svtool.domain.validation import Severity, validate_setup
from svtool.frameworks.textformat import write_framework_text
from svtool.services.errors import UserError
from svtool.services.frameworks import library_framework
from svtool.services.record import FileCheck, verify_file
from svtool.services.session import OpenEvaluation, SetupChange, StaleEdit
from svtool.store import audit
from svtool.store.database import Document, altered, create_document, damaged, open_document
from svtool.store.mapping import load_with_versions, store_evaluation
from svtool.store.models import AuditRow
from svtool.store.packs import read_pack_info
from svtool.store.score_rows import MissingParent
from svtool.store.tables import creation_record

__all__ = [
    "SUFFIX",
    "FileCheck",
    "OpenEvaluation",
    "SetupChange",
    "StaleEdit",
    "create_evaluation",
    "open_evaluation",
    "verify_file",
]

SUFFIX = ".svt"


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some locked-down or containerised sessions)
        return "unknown user"


def _setup_errors(evaluation: Evaluation) -> list[str]:
    return [str(i) for i in validate_setup(evaluation) if i.severity is Severity.ERROR]


def create_evaluation(evaluation: Evaluation, path: str | Path, actor: str | None = None) -> OpenEvaluation:
    """Save a new evaluation (a file, or a database URL); refuses a setup with errors and never overwrites."""
    errors = _setup_errors(evaluation)
    if errors:
        raise UserError("The evaluation cannot be created until these are put right:\n- " + "\n- ".join(errors))
    snapshot = None
    framework = library_framework(evaluation.framework_id) if evaluation.framework_id else None
    # (None: a council's framework not in this library: the evaluation still stands alone)
    snapshot = write_framework_text(framework) if framework is not None else None
    actor = actor or current_user()
    document = create_document(path)
    with document.writing() as session:
        store_evaluation(session, evaluation, snapshot)
        # The whole evaluation as stored, every row of every table, so that replaying the trail starts from it.
        audit.append(
            session,
            actor,
            "create",
            "evaluation",
            evaluation.title,
            None,
            {
                "bidders": len(evaluation.bidders),
                "questions": len(evaluation.questions),
                "scores": len(evaluation.scores),
                "moderations": len(evaluation.moderations),
                "tables": creation_record(session.connection()),
            },
        )
    return _load_open(document, str(path), actor)


def create_from_definition(definition: Path, path: str | Path, actor: str | None = None) -> OpenEvaluation:
    return create_evaluation(read_definition_file(definition), path, actor)


def open_evaluation(location: str | Path, actor: str | None = None) -> OpenEvaluation:
    return _load_open(open_document(location), str(location), actor or current_user())


def _load_open(document: Document, location: str, actor: str) -> OpenEvaluation:
    """Read the evaluation, its rows' versions and the audit sequence they stand at, in one transaction."""
    try:
        with document.reading() as session:
            loaded = load_with_versions(session)
            seen = session.scalar(select(func.max(AuditRow.seq))) or 0
            pack = read_pack_info(session)
        opened = OpenEvaluation.from_loaded(document, loaded, seen, actor)
        if pack is not None:  # a pack is one member's: whoever opens it works as that member
            opened.pack = pack
            opened.act_as(pack.member, actor)
        return opened
    except MissingParent as error:  # (found while the scores are read, not by open_document's checks)
        document.close()
        raise altered(Path(location).name, [str(error)]) from None
    # Whatever a damaged or altered file holds (a value of the wrong kind, text where JSON or a number belongs,
    # a name that is not one of a list's choices) fails in one of these while it is read.
    except (
        DatabaseError,
        sqlite3.Error,
        UnicodeDecodeError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        ArithmeticError,
        AttributeError,
        RecursionError,
    ) as error:
        document.close()
        raise damaged(Path(location).name, error) from None
