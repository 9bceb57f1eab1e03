"""Open, create and copy evaluation documents: SQLite files (*.svt), or the same schema on PostgreSQL.

Every edit is its own committed transaction (no Save button to forget). SQLite runs with a rollback journal
(journal_mode DELETE), full synchronous commits and foreign keys on. The rollback journal, not WAL, because then
the .svt file itself is complete after every commit: a copy taken by Explorer, OneDrive or a backup tool while the
app is open holds every saved edit (with WAL they would sit in a -wal file beside it), and SQLite's own advice is
that WAL's shared memory does not work on network drives. Writes take the lock up front (BEGIN IMMEDIATE) so two
writers queue rather than fail half-way, and a writer that waits too long gets a plain "busy, try again" message.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, select, text, update
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from svtool import __version__
from svtool.store import clock
from svtool.store.errors import DocumentBusy, DocumentError, DocumentReadOnly
from svtool.store.migrations import MIGRATIONS
from svtool.store.models import Base, Meta

#: The schema version this svtool writes. Older files are migrated (after a backup); newer ones are refused.
SCHEMA_VERSION = 11
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
#: No query svtool makes takes more than a second or two, even on 300 bidders; one that runs this long is reading
#: a file built to stall it (a view that never ends), and SQLite is told to stop it.
QUERY_SECONDS = 30.0
#: How many SQLite steps run between two looks at the clock (a look costs about a microsecond).
_PROGRESS_STEPS = 100_000

#: The triggers that keep the audit table append-only; store/intruders.py knows them as svtool's own.
APPEND_ONLY_SQLITE = (
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
)
APPEND_ONLY_POSTGRES = (
    "CREATE OR REPLACE FUNCTION svtool_audit_append_only() RETURNS trigger AS $$ BEGIN "
    "RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_append_only ON audit",
    "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
    "FOR EACH ROW EXECUTE FUNCTION svtool_audit_append_only()",
)


@dataclass
class Document:
    """An open evaluation: where it lives, how to talk to it, and whether it may be changed."""

    location: str  # a file path, or a database URL without its password
    engine: Engine
    read_only: bool
    path: Path | None = None

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(self.engine.execution_options(svtool_write=True), expire_on_commit=False)

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def reading(self) -> Session:
        return self._sessions()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose work is committed in one transaction on success, rolled back on any error."""
        if self.read_only:
            raise DocumentReadOnly(
                f"{self.location} is open read-only, so nothing can be changed. Save a copy "
                "to work on, or ask for write access to the file."
            )
        session = self._writer()
        try:
            if self.is_postgres:  # one writer at a time appends to the audit chain
                session.execute(text("LOCK TABLE audit IN SHARE ROW EXCLUSIVE MODE"))
            yield session
            session.commit()
        except OperationalError as error:
            session.rollback()
            if "locked" in str(error.orig) or "busy" in str(error.orig):
                raise DocumentBusy(
                    f"{self.location} is busy: someone else's svtool is saving to it. Your change "
                    "was not saved; try again in a moment."
                ) from None
            raise _explain(error, self.location) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def schema_version(self) -> int:
        with self.reading() as session:
            return int(session.scalar(select(Meta.value).where(Meta.key == "schema_version")) or 0)

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_engine(url: str, writable: bool = True) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin event below issues BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous = FULL")
        key = id(dbapi_connection)

        def too_long() -> int:
            return int(clock.running_for(key) > QUERY_SECONDS)

        dbapi_connection.set_progress_handler(too_long, _PROGRESS_STEPS)
        if writable:  # (outside any transaction, as SQLite requires; files from svtool 0.1 were WAL)
            # An older svtool with the file open in WAL mode stops the switch: it stays WAL until that one closes.
            with contextlib.suppress(sqlite3.OperationalError):
                cursor.execute("PRAGMA journal_mode = DELETE")
        cursor.close()

    @event.listens_for(engine, "before_cursor_execute")
    def _statement(connection: Connection, *_args: Any) -> None:
        clock.start_clock(connection.connection.dbapi_connection)

    @event.listens_for(engine, "close")
    def _close(dbapi_connection: Any, _record: Any) -> None:
        clock.forget(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("svtool_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _explain(error: DatabaseError, location: str) -> DocumentError:
    detail = str(getattr(error, "orig", error))
    if detail == "interrupted":
        return DocumentError(
            f"Reading {location} took longer than {QUERY_SECONDS:.0f} seconds, so svtool stopped: "
            "the file is damaged or was altered outside svtool. Open a backup copy, or the copy "
            "filed with the procurement record."
        )
    if "not a database" in detail or "malformed" in detail or "file is encrypted" in detail:
        return DocumentError(
            f"{location} is damaged or is not an svtool evaluation file ({detail}). Open a "
            "backup copy, or the copy filed with the procurement record."
        )
    if "readonly" in detail or "read-only" in detail:
        return DocumentReadOnly(f"{location} cannot be written ({detail}). Save a copy to work on.")
    if "disk is full" in detail or "database or disk is full" in detail:
        return DocumentError(
            f"The disk holding {location} is full, so the change was not saved. Free some space "
            "and try again; nothing already saved was lost."
        )
    return DocumentError(f"{location} could not be used: {detail}.")


def damaged(location: str, error: BaseException) -> DocumentError:
    return DocumentError(
        f"{location} is damaged and cannot be read ({type(error).__name__}). Open a backup copy, or "
        "the copy filed with the procurement record."
    )


def create_document(location: str | Path) -> Document:
    """A new, empty evaluation with the current schema, in a new file or an empty database (a URL).
    Refuses to overwrite an existing file or a database that already holds an evaluation."""
    if "://" in str(location):
        return _create_at_url(str(location))
    path = Path(location)
    if path.exists():
        raise DocumentError(f"{path} already exists. Choose another name, or delete it first.")
    if not path.parent.is_dir():
        raise DocumentError(f"Cannot create {path.name}: the folder {path.parent} does not exist.")
    document = Document(str(path), _sqlite_engine(f"sqlite:///{path}"), False, path)
    try:
        _create_schema(document)
    except OperationalError as error:
        document.close()
        path.unlink(missing_ok=True)
        raise _explain(error, str(path)) from None
    return document


def _create_schema(document: Document) -> None:
    Base.metadata.create_all(document.engine)
    with document.engine.begin() as connection:
        for statement in APPEND_ONLY_POSTGRES if document.is_postgres else APPEND_ONLY_SQLITE:
            connection.exec_driver_sql(statement)
    with document.writing() as session:
        session.add_all(
            [
                Meta(key="schema_version", value=str(SCHEMA_VERSION)),
                Meta(key="created_by", value=f"svtool {__version__}"),
                Meta(key="written_by", value=f"svtool {__version__}"),
            ]
        )


def open_document(location: str | Path, strangers_allowed: bool = False) -> Document:
    """Open an evaluation file (or a PostgreSQL URL), migrating an older file after backing it up.

    A file holding views or triggers svtool did not create is refused (they can change or stall what svtool
    reads); `svtool verify` alone opens one, with strangers_allowed, to report them."""
    text_location = str(location)
    if "://" in text_location:
        return _open_url(text_location)
    path = Path(location)
    if not path.exists():
        raise DocumentError(f"{path} does not exist.")
    if path.is_dir():
        raise DocumentError(f"{path} is a folder, not an evaluation file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DocumentError(f"{path} cannot be read: {error.strerror}.") from None
    if header != SQLITE_HEADER:
        raise DocumentError(
            f"{path.name} is not an svtool evaluation file (it is not a database). Evaluation files "
            "end in .svt; a definition file (.toml) can be turned into one with 'svtool new'."
        )
    # Read-only if we may not write it, or if its owner marked it read-only (no write permission bits), which an
    # administrator's account would otherwise override without a word.
    read_only = not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK) or not path.stat().st_mode & 0o222
    url = f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true{_immutable(path)}" if read_only else f"sqlite:///{path}"
    document = Document(str(path), _sqlite_engine(url, writable=not read_only), read_only, path)
    try:
        with document.engine.connect() as connection:
            tables = {
                row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        if "svtool_meta" not in tables:
            raise DocumentError(f"{path.name} is a database, but not an svtool evaluation file.")
        if not strangers_allowed:
            _refuse_strangers(document, path.name)
        _check_version(document)
    except DatabaseError as error:
        document.close()
        raise _explain(error, path.name) from None
    except (sqlite3.Error, UnicodeDecodeError, ValueError) as error:  # garbage where text or numbers should be
        document.close()
        raise damaged(path.name, error) from None
    except DocumentError:
        document.close()
        raise
    return document


def _refuse_strangers(document: Document, name: str) -> None:
    """Refuse a file with views or triggers svtool did not create, or whose rows name rows that are not there
    (a missing append-only trigger is verify's business: it changes nothing svtool reads)."""
    from svtool.store.intruders import intruders  # (it imports this module's trigger texts)

    with document.engine.connect() as connection:
        found = [line for line in intruders(connection) if not line.endswith("is missing.")]
    with document.engine.connect() as connection:  # (svtool's own writes keep foreign keys on)
        tables = [
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            if row[0] not in _CHECKED_AS_READ
        ]
        for table in tables:
            broken = connection.exec_driver_sql(f'PRAGMA foreign_key_check("{table}")').first()
            if broken is not None:
                found.append(
                    f"A row of the {broken[0]} table names a row of the {broken[2]} table that does not exist."
                )
                break
        found += _wrong_kinds(connection, tables)
    if found:
        raise altered(name, found)


def altered(name: str, found: list[str]) -> DocumentError:
    """The file cannot be opened, for what was found changed in it outside svtool (each a sentence)."""
    return DocumentError(
        f"{name} cannot be opened: it was altered outside svtool. "
        + " ".join(found)
        + " Open a backup copy, or the copy filed with the procurement record; 'svtool verify' "
        "reports on the file in full."
    )


#: What SQLite may hold in a column of each declared type, as svtool writes it (SQLite itself lets any column
#: hold any kind of value, so a file edited elsewhere can put bytes where a reason or a number belongs).
_KINDS = {
    "INTEGER": "'integer'",
    "BOOLEAN": "'integer'",
    "VARCHAR": "'text'",
    "TEXT": "'text'",
    "DATETIME": "'text'",
    "DATE": "'text'",
}


#: Tables the loader checks as it reads them (store/score_rows.py): each column cast to the kind svtool writes, and
#: each row's parents joined. Checking them here as well would scan a large evaluation's 235,000 scores twice more
#: at every open, a third of the time it takes.
_CHECKED_AS_READ = frozenset({"score"})


def _wrong_kinds(connection: Connection, tables: list[str]) -> list[str]:
    """A column holding a kind of value svtool never writes there, per table, in words (one query per table)."""
    found = []
    for table in tables:
        checks = []
        for _cid, column, declared, *_rest in connection.exec_driver_sql(f'PRAGMA table_info("{table}")'):
            kind = _KINDS.get(str(declared).split("(")[0].upper())
            if kind is not None:
                checks.append(f"typeof(\"{column}\") NOT IN ({kind}, 'null')")
        if (
            checks
            and connection.exec_driver_sql(f'SELECT 1 FROM "{table}" WHERE {" OR ".join(checks)} LIMIT 1').first()
            is not None
        ):
            found.append(f"The {table} table holds a value of a kind svtool never writes there.")
    return found


def _immutable(path: Path) -> str:
    """In a folder we may not write, SQLite cannot make the lock or WAL-index files it wants beside a WAL-mode
    file (which svtool 0.1 wrote), so such a file is read as it stands, as an immutable file."""
    try:
        with path.open("rb") as handle:
            handle.seek(18)
            wal = handle.read(2) == b"\x02\x02"
    except OSError:
        return ""
    return "&immutable=1" if wal and not os.access(path.parent, os.W_OK) else ""


def _url_document(url: str) -> tuple[Document, bool]:
    """A document for a database URL, and whether the database already holds an evaluation."""
    try:
        engine = create_engine(url, pool_pre_ping=True)
        document = Document(engine.url.render_as_string(hide_password=True), engine, False)
        with engine.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM information_schema.tables WHERE table_name = 'svtool_meta'")
            ).first()
        return document, exists is not None
    except (DatabaseError, ImportError) as error:
        if isinstance(error, ImportError) and (error.name == "psycopg" or "pq wrapper" in str(error)):
            raise DocumentError(
                "Cannot reach the evaluation database: the PostgreSQL driver is not installed. "
                'Install it with: pip install "psycopg[binary]"'
            ) from None
        raise DocumentError(f"Cannot reach the evaluation database: {getattr(error, 'orig', error)}.") from None


def _create_at_url(url: str) -> Document:
    document, exists = _url_document(url)
    if exists:
        document.close()
        raise DocumentError(f"The database {document.location} already holds an evaluation. Use an empty database.")
    _create_schema(document)
    return document


def _open_url(url: str) -> Document:
    document, exists = _url_document(url)
    if not exists:
        document.close()
        raise DocumentError(
            f"The database {document.location} holds no svtool evaluation. Create one there with "
            "'svtool new --from DEF.toml URL'."
        )
    try:
        _check_version(document)
    except DatabaseError as error:
        document.close()
        raise DocumentError(f"Cannot open the evaluation database: {error.orig}.") from None
    return document


def _check_version(document: Document) -> None:
    version = document.schema_version()
    if version > SCHEMA_VERSION:
        raise DocumentError(
            f"{Path(document.location).name} was saved by a newer svtool (file version {version}; "
            f"this svtool reads up to version {SCHEMA_VERSION}). Install the newer svtool to open it; "
            "the file has not been changed."
        )
    if version < SCHEMA_VERSION:
        migrate(document, version)


def migrate(document: Document, version: int) -> Path | None:
    """Upgrade from `version` to SCHEMA_VERSION, after copying the file to a backup beside it."""
    if document.read_only:
        raise DocumentReadOnly(
            f"{document.location} is from an older svtool and must be upgraded before it can be "
            "opened, but it is read-only. Save a copy you can write to and open that."
        )
    backup = None
    if document.path is not None:
        backup = document.path.with_name(f"{document.path.stem}.v{version}-backup{document.path.suffix}")
        copy_sqlite(document.path, backup)
    try:
        with document.engine.begin() as connection:
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](connection)
            connection.execute(update(Meta).where(Meta.key == "schema_version").values(value=str(SCHEMA_VERSION)))
    except (DatabaseError, KeyError) as error:
        raise DocumentError(
            f"{document.location} could not be upgraded ({error}); it is unchanged"
            + (f", and a copy is at {backup}." if backup else ".")
        ) from None
    return backup


def copy_sqlite(source: Path, destination: Path) -> None:
    """A consistent single-file copy of a live SQLite file (its WAL included), via SQLite's backup API."""
    if destination.exists():
        raise DocumentError(f"{destination} already exists. Choose another name.")
    partial = destination.with_name(destination.name + ".part")
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(partial) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        os.replace(partial, destination)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        if (isinstance(error, OSError) and error.errno == errno.ENOSPC) or "full" in str(error):
            raise DocumentError(f"Cannot save a copy to {destination}: the disk is full.") from None
        raise DocumentError(f"Cannot save a copy to {destination}: {error}.") from None


def integrity_ok(document: Document) -> tuple[bool, str]:
    """SQLite's own full check of the file's structure."""
    if document.is_postgres:
        return True, "ok"
    with document.engine.connect() as connection:
        result = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
    return result == "ok", str(result)
