"""`svtool URL` opens a shared evaluation in the app, as `svtool FILE.svt` opens a file; an address is read,
checked and shown without its password; a missing PostgreSQL driver names the command that installs it.

These need no PostgreSQL server (tests/ui/test_open_shared.py opens real shared evaluations)."""

from __future__ import annotations

import sys

import pytest
from sqlalchemy.engine import make_url

from svtool.cli import main
from svtool.services.errors import UserError
from svtool.services.shared import is_database_url, open_shared, shared_url, url_from_parts, without_password
from svtool.store.errors import DocumentError

PASSWORD = "s3cret-Pa55"
INSTALL = 'pip install "psycopg[binary]"'
#: Nothing listens on port 1, so a connection is refused at once.
UNREACHABLE = f"postgresql+psycopg://officer:{PASSWORD}@127.0.0.1:1/lot2"


@pytest.fixture
def app_opened(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """What the app was asked to open, instead of opening it."""
    from svtool.ui import app

    asked: list[str | None] = []

    def run_app(location: str | None = None) -> int:
        asked.append(location)
        return 0

    monkeypatch.setattr(app, "run_app", run_app)
    return asked


@pytest.mark.parametrize(
    "argument",
    ["postgresql+psycopg://jo@db.council.gov.uk:5432/lot2", "postgresql://jo@db/lot2", r"C:\Evaluations\Lot 2.SVT"],
)
def test_a_database_url_opens_in_the_app_as_a_file_does(app_opened: list[str | None], argument: str) -> None:
    assert main([argument]) == 0
    assert app_opened == [argument]


def test_commands_are_still_commands(app_opened: list[str | None], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "list"]) == 0
    assert app_opened == [] and "ppn-002" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "is_url"),
    [
        ("postgresql+psycopg://jo@db/lot2", True),
        (" postgres://jo@db/lot2", True),
        (r"C:\Evaluations\lot2.svt", False),
        ("/home/jo/lot2.svt", False),
        ("lot2.svt", False),
    ],
)
def test_a_url_is_told_from_a_file_path(text: str, is_url: bool) -> None:
    assert is_database_url(text) is is_url


def test_plain_postgresql_addresses_use_the_driver_svtool_installs() -> None:
    assert shared_url("postgresql://jo@db:5433/lot2") == "postgresql+psycopg://jo@db:5433/lot2"
    assert shared_url("postgres://jo@db/lot2?sslmode=require") == "postgresql+psycopg://jo@db/lot2?sslmode=require"


def test_a_typed_password_joins_the_address_and_is_never_shown() -> None:
    awkward = "p@ss:w/rd?&"  # characters that end a URL's parts unless they are encoded
    url = make_url(url_from_parts(" db.council.gov.uk ", "5433", "lot2", "jo", awkward))
    assert (url.host, url.port, url.database, url.username, url.password) == (
        "db.council.gov.uk",
        5433,
        "lot2",
        "jo",
        awkward,
    )
    assert make_url(shared_url("postgresql://jo@db/lot2", PASSWORD)).password == PASSWORD
    assert make_url(shared_url(UNREACHABLE, "another")).password == PASSWORD  # the address's own comes first
    shown = without_password(UNREACHABLE)
    assert shown == "postgresql+psycopg://officer@127.0.0.1:1/lot2"


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (f"mysql://jo:{PASSWORD}@db/lot2", "PostgreSQL databases only"),
        (f"postgresql://jo:{PASSWORD}@db:fivefourthreetwo/lot2", "not a database address svtool can read"),
        (f"postgresql://jo:{PASSWORD}@db:99999/lot2", "port must be a number from 1 to 65535"),
        (f"postgresql://jo:{PASSWORD}@db:5432/", "Say which database holds the evaluation"),
    ],
)
def test_a_wrong_address_is_explained_without_its_password(address: str, message: str) -> None:
    with pytest.raises(UserError, match=message) as refused:
        open_shared(address)
    assert PASSWORD not in str(refused.value)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "5432", "lot2", "jo"), "Enter the host"),
        (("db", "5432", " ", "jo"), "Enter the name of the database"),
        (("db", "54x", "lot2", "jo"), "port must be a number"),
    ],
)
def test_missing_or_wrong_fields_are_explained(parts: tuple[str, str, str, str], message: str) -> None:
    with pytest.raises(UserError, match=message):
        url_from_parts(*parts, PASSWORD)


def test_an_unreachable_server_is_explained_without_the_password(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["results", UNREACHABLE]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Cannot reach the evaluation database") and "Traceback" not in err
    assert PASSWORD not in err


def test_a_missing_driver_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    with pytest.raises(DocumentError) as refused:
        open_shared(UNREACHABLE)
    assert INSTALL in str(refused.value) and "No module named" not in str(refused.value)
    assert main(["results", UNREACHABLE]) == 1
    err = capsys.readouterr().err
    assert INSTALL in err and PASSWORD not in err and "Traceback" not in err
