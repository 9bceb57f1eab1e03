"""Shared evaluations: the address of the PostgreSQL database a panel shares, read from what a person typed
(a URL, or host, port, database and user), opened, and shown in titles and recent lists without its password."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from svtool.services.errors import UserError
from svtool.services.evaluations import OpenEvaluation, open_evaluation

#: svtool talks to PostgreSQL through psycopg 3, whatever driver an address names (SQLAlchemy 2.0 would
#: otherwise pick psycopg2 for a plain postgresql:// address, and svtool does not install it).
DRIVER = "postgresql+psycopg"
EXAMPLE = "postgresql://user@host:5432/database"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_database_url(text: str) -> bool:
    """Whether text is a database URL rather than a file path (no file path starts with a scheme and ://)."""
    return _SCHEME.match(text.strip()) is not None


def shared_url(text: str, password: str = "") -> str:
    """The URL to connect with, the password (if given and the address holds none) included.

    Messages never repeat the text: it may hold a password."""
    try:
        url = make_url(text.strip())
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise UserError(f"That is not a database address svtool can read. Write it as {EXAMPLE}.") from None
    if url.drivername.partition("+")[0] not in ("postgresql", "postgres"):
        raise UserError(
            "svtool shares evaluations in PostgreSQL databases only, so the address starts postgresql:// "
            f"(for example {EXAMPLE})."
        )
    if not url.database:
        raise UserError(f"Say which database holds the evaluation: the address ends with its name, as in {EXAMPLE}.")
    if url.port is not None and not 0 < url.port < 65536:
        raise UserError(f"The port must be a number from 1 to 65535 (PostgreSQL's usual port is 5432), not {url.port}.")
    url = url.set(drivername=DRIVER)
    if password and not url.password:
        url = url.set(password=password)
    return url.render_as_string(hide_password=False)


def url_from_parts(host: str, port: str, database: str, user: str, password: str = "") -> str:
    """The URL for an address typed as separate fields."""
    if not host.strip():
        raise UserError("Enter the host: the name or address of the PostgreSQL server, such as db.council.gov.uk.")
    if not database.strip():
        raise UserError("Enter the name of the database that holds the evaluation.")
    if port.strip() and not port.strip().isdigit():
        raise UserError(f"The port must be a number from 1 to 65535 (PostgreSQL's usual port is 5432), not {port}.")
    url = URL.create(
        DRIVER,
        username=user.strip() or None,
        password=password or None,
        host=host.strip(),
        port=int(port) if port.strip() else None,
        database=database.strip(),
    )
    return shared_url(url.render_as_string(hide_password=False))


def without_password(url: str) -> str:
    """The address to show and remember: the password left out altogether (not even as ***)."""
    try:
        parsed = make_url(url)
        # Built afresh, because URL.set(password=None) leaves the password as it was.
        bare = URL.create(
            parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query
        )
        return bare.render_as_string(hide_password=False)
    except (ArgumentError, ValueError):
        return "a database address svtool cannot read"


def open_shared(url: str, password: str = "", actor: str | None = None) -> OpenEvaluation:
    """Open the evaluation in a PostgreSQL database; a UserError or DocumentError says why it cannot be."""
    return open_evaluation(shared_url(url, password), actor)


def open_location(location: str | Path, actor: str | None = None) -> OpenEvaluation:
    """Open an evaluation file, or a shared evaluation when the location is a database URL."""
    if isinstance(location, str) and is_database_url(location):
        return open_shared(location, actor=actor)
    return open_evaluation(location, actor)
