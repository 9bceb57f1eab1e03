"""A real PostgreSQL server for the tests, and a throwaway database per test (pytest fixtures, loaded by
tests/conftest.py so that every test module shares one server).

CI (.ci/run) starts a server and names it in SVTOOL_TEST_POSTGRES_URL. Without it, a server of the tests' own is
started if PostgreSQL is installed; if it is not, the tests are skipped on a developer's machine and fail on CI.
"""

from __future__ import annotations

import glob
import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
OWN_SERVER_PORT = "54339"


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server at server_url, dropped afterwards."""
    name = f"svtool_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


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
    started = subprocess.run(
        ["bash", str(ROOT / ".ci" / "postgres.sh")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SVTOOL_PG_PORT": OWN_SERVER_PORT},
    )
    assert started.returncode == 0, started.stderr
    settings = dict(line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines())
    try:
        yield settings["SVTOOL_TEST_POSTGRES_URL"]
    finally:
        pg_ctl = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[-1]
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                pg_ctl,
                "-D",
                settings["SVTOOL_TEST_POSTGRES_DATA"],
                "-m",
                "fast",
                "stop",
            ],
            capture_output=True,
            timeout=60,
        )


@pytest.fixture
def database_url(server_url: str) -> Iterator[str]:
    """A fresh, empty database for one test, dropped afterwards."""
    with fresh_database(server_url) as url:
        yield url
