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
from svtool.services.record import audit_head
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
    assert any(
        s.evaluator_id == "E1"
        and s.bidder_id == "ACC"
        and s.value == 5
        and s.question_id == "Q1"
        and s.stage_id == "written"
        for s in stored.scores
    )
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
        check.lines
    )


def test_a_database_holding_an_evaluation_is_not_overwritten(database_url: str) -> None:
    create_evaluation(demo_evaluation(), database_url, "tester").close()
    with pytest.raises(DocumentError, match="already holds an evaluation"):
        create_evaluation(demo_evaluation(), database_url, "tester")


def test_an_empty_database_is_not_an_evaluation(database_url: str) -> None:
    with pytest.raises(DocumentError, match="holds no svtool evaluation"):
        open_evaluation(database_url)


def test_verify_replays_the_trail_and_finds_tampering_on_postgres(database_url: str) -> None:
    create_evaluation(demo_evaluation(), database_url, "tester").close()
    engine = create_engine(database_url)
    cell = "evaluator_id = 'E1' AND bidder_id = 'ACC' AND question_id = 'Q1' AND stage_id = 'written'"
    with engine.connect() as connection:
        value, reason = connection.execute(text(f"SELECT value, reason FROM score WHERE {cell}")).one()
    opened = open_evaluation(database_url, actor="Jo Robinson")
    unlock(opened, "E1", "E1", "written", "Sam rescores Q1 for Ashton Care Co-operative.")
    opened.record_score(score("E1", "ACC", "Q1", "written", 5))
    anchor = audit_head(opened)
    opened.close()
    check = verify_file(database_url, anchor.hash)
    assert check.ok, check.lines
    assert (
        "OK: 3 audit entries, the hash chain is intact, and replaying it gives exactly the stored data." in check.lines
        and f"Head: entry 3, hash {anchor.hash}" in check.lines
    )
    with engine.begin() as connection:
        connection.execute(text("UPDATE bidder SET price = '4000000.00' WHERE id = 'ACC'"))
        connection.execute(text("CREATE VIEW prices AS SELECT id, price FROM bidder"))
        connection.execute(
            text(
                "CREATE FUNCTION generous() RETURNS trigger AS $$ BEGIN NEW.value := '5'; "
                "RETURN NEW; END; $$ LANGUAGE plpgsql"
            )
        )
        connection.execute(
            text("CREATE TRIGGER generous BEFORE INSERT OR UPDATE ON score FOR EACH ROW EXECUTE FUNCTION generous()")
        )
    check = verify_file(database_url)
    assert not check.ok
    assert (
        "FAILED: In the bidder table, row 'ACC', field 'price': the file holds '4000000.00', but replaying the "
        "audit trail gives '4650000.00'. It was changed outside svtool."
    ) in check.lines
    assert (
        "FAILED: The database holds a view 'prices' that svtool did not create: it can show other data in place "
        "of a table's."
    ) in check.lines
    assert (
        "FAILED: The database holds a trigger 'generous' on the score table that svtool did not create: it can "
        "change saved data behind svtool's back."
    ) in check.lines
    # The tail cut, the rescore undone with it and the guard put back: the data agrees; only the anchor tells.
    with engine.begin() as connection:
        for statement in (
            "DROP TRIGGER generous ON score",
            "DROP VIEW prices",
            "UPDATE bidder SET price = '4650000.00' WHERE id = 'ACC'",
            "ALTER TABLE audit DISABLE TRIGGER audit_append_only",
            "DELETE FROM audit WHERE seq = 3",
            "ALTER TABLE audit ENABLE TRIGGER audit_append_only",
        ):
            connection.execute(text(statement))
        connection.execute(
            text(f"UPDATE score SET value = :value, reason = :reason WHERE {cell}"), {"value": value, "reason": reason}
        )
    engine.dispose()
    assert verify_file(database_url).ok
    check = verify_file(database_url, anchor.hash)
    assert (
        not check.ok
        and (
            f"FAILED: no entry in the audit trail has the hash {anchor.hash} (the anchor), so the "
            "trail was cut short or rebuilt after that hash was recorded."
        )
        in check.lines
    )
