"""The same schema on a real PostgreSQL server (started by .ci/run; SVTOOL_TEST_POSTGRES_URL points at it)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from svtool.domain.engine import evaluate
from svtool.domain.evaluation import Moderation
from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import create_evaluation, open_evaluation, verify_file
from svtool.services.panel import submit, unlock
from svtool.store.errors import DocumentError
from tests.domain.builders import D, score


def test_an_evaluation_round_trips_through_postgres(database_url: str) -> None:
    evaluation = demo_evaluation()
    create_evaluation(evaluation, database_url, "tester").close()
    opened = open_evaluation(database_url)
    assert opened.stored_evaluation() == evaluation
    assert opened.results() == evaluate(evaluation)
    opened.close()


def test_edits_and_the_audit_chain_on_postgres(database_url: str) -> None:
    create_evaluation(demo_evaluation(), database_url, "tester").close()
    opened = open_evaluation(database_url, actor="Jo Robinson")
    unlock(opened, "E1", "E1", "written", "Sam rescores Q1 for Ashton Care Co-operative.")
    opened.record_score(score("E1", "ACC", "Q1", "written", 5))
    submit(opened, "E1", "written")  # (moderation opens once every assigned evaluator has submitted)
    opened.moderate(Moderation("ACC", "Q1", "written", D(4), "Agreed 4 at the moderation meeting."))
    opened.close()
    reopened = open_evaluation(database_url)
    stored = reopened.stored_evaluation()
    assert any(s.evaluator_id == "E1" and s.bidder_id == "ACC" and s.value == 5 and s.question_id == "Q1"
               and s.stage_id == "written" for s in stored.scores)
    reopened.close()
    check = verify_file(database_url)
    assert check.ok and "OK: 5 audit entries" in check.lines[2]  # created, reopened, scored, submitted, moderated


def test_the_audit_trail_is_append_only_on_postgres(database_url: str) -> None:
    create_evaluation(demo_evaluation(), database_url, "tester").close()
    engine = create_engine(database_url)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE audit SET actor = 'someone else'"))
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE audit DISABLE TRIGGER audit_append_only"))
        connection.execute(text("UPDATE audit SET actor = 'someone else' WHERE seq = 1"))
    engine.dispose()
    check = verify_file(database_url)
    assert not check.ok and any(line.startswith("FAILED: Audit entry 1 (create") for line in check.lines)
    assert "FAILED: svtool's trigger 'audit_append_only', which keeps the audit trail append-only, is disabled." in (
        check.lines)


def test_a_database_holding_an_evaluation_is_not_overwritten(database_url: str) -> None:
    create_evaluation(demo_evaluation(), database_url, "tester").close()
    with pytest.raises(DocumentError, match="already holds an evaluation"):
        create_evaluation(demo_evaluation(), database_url, "tester")


def test_an_empty_database_is_not_an_evaluation(database_url: str) -> None:
    with pytest.raises(DocumentError, match="holds no svtool evaluation"):
        open_evaluation(database_url)
