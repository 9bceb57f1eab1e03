"""The same schema on a real PostgreSQL server (started by .ci/run; SVTOOL_TEST_POSTGRES_URL points at it)."""

from __future__ import annotations

import glob
import os
import subprocess
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from svtool.domain.engine import evaluate
from svtool.domain.evaluation import Moderation
from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import create_evaluation, open_evaluation, verify_file
from svtool.store.errors import DocumentError
from tests.conftest import ROOT
from tests.domain.builders import D, score


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """The URL of a PostgreSQL server: SVTOOL_TEST_POSTGRES_URL, or a throwaway one started here."""
    given = os.environ.get("SVTOOL_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        message = "PostgreSQL is not installed (Debian package postgresql); .ci/run installs it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    started = subprocess.run(["bash", str(ROOT / ".ci" / "postgres.sh")], capture_output=True, text=True,
                             timeout=120, env={**os.environ, "SVTOOL_PG_PORT": "54339"})
    assert started.returncode == 0, started.stderr
    settings = dict(line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines())
    try:
        yield settings["SVTOOL_TEST_POSTGRES_URL"]
    finally:
        pg_ctl = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[-1]
        subprocess.run(["runuser", "-u", "postgres", "--", pg_ctl, "-D", settings["SVTOOL_TEST_POSTGRES_DATA"],
                        "-m", "fast", "stop"], capture_output=True, timeout=60)


@pytest.fixture
def database_url(server_url: str) -> Iterator[str]:
    """A fresh, empty database for one test, dropped afterwards."""
    admin_url = server_url
    name = f"svtool_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


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
    opened.record_score(score("E1", "ACC", "Q1", "written", 5))
    opened.moderate(Moderation("ACC", "Q1", "written", D(4), "Agreed 4 at the moderation meeting."))
    opened.close()
    reopened = open_evaluation(database_url)
    stored = reopened.stored_evaluation()
    assert any(s.evaluator_id == "E1" and s.bidder_id == "ACC" and s.value == 5 and s.question_id == "Q1"
               and s.stage_id == "written" for s in stored.scores)
    reopened.close()
    check = verify_file(database_url)
    assert check.ok and "3 audit entries" in check.lines[1]


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
    assert not check.ok and check.lines[1].startswith("Audit entry 1")


def test_a_database_holding_an_evaluation_is_not_overwritten(database_url: str) -> None:
    create_evaluation(demo_evaluation(), database_url, "tester").close()
    with pytest.raises(DocumentError, match="already holds an evaluation"):
        create_evaluation(demo_evaluation(), database_url, "tester")


def test_an_empty_database_is_not_an_evaluation(database_url: str) -> None:
    with pytest.raises(DocumentError, match="holds no svtool evaluation"):
        open_evaluation(database_url)
