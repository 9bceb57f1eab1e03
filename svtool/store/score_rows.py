"""Reading an evaluation's scores and consensus scores in bulk: the bulk of a large evaluation (235,200 scores in
bench/bench_scale.py), read straight from the driver rather than as ORM objects.

On SQLite the scores are read joined to the rows they name. SQLite does not hold a file edited elsewhere to its
foreign keys, and a check of the score table at open (PRAGMA foreign_key_check) would scan every score a second
time, a tenth of a large open; a score naming a bidder, evaluator, question or stage that is not there is found
in this one scan instead and refused as the check would refuse it (store/database.py checks every other table at
open). PostgreSQL keeps its foreign keys itself."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from itertools import chain
from typing import Any

from sqlalchemy import Connection

from svtool.domain.evaluation import Moderation, Score
from svtool.domain.stored_scores import IdsBy, ScoreKey, stored_scores
from svtool.store import clock
from svtool.store.errors import DocumentError

#: The tables a score names, in the order of its key (evaluator, bidder, question, stage).
_PARENTS = ("evaluator", "bidder", "question", "stage")

#: Each score's parents, joined by id: a parent that is not there joins as NULL.
_JOINS = " ".join(f"LEFT JOIN {table} AS p{n} ON p{n}.id = s.{table}_id" for n, table in enumerate(_PARENTS))
# Cast to the kinds svtool writes, so a file edited elsewhere cannot hand the app a number for a reason:
# store/database.py leaves the score table out of its check of kinds at open (another scan of every score).
_JOINED = (
    "SELECT p0.rowid, p1.rowid, p2.rowid, p3.rowid, CAST(s.value AS TEXT), CAST(s.reason AS TEXT), "
    f"CAST(s.version AS INTEGER) FROM score AS s {_JOINS} ORDER BY s.id"
)
#: Which of a score's parents (its place in _PARENTS) the first score naming a missing row names.
_MISSING = (
    "SELECT CASE "
    + " ".join(f"WHEN p{n}.rowid IS NULL THEN {n}" for n in range(len(_PARENTS)))
    + f" END FROM score AS s {_JOINS} WHERE "
    + " OR ".join(f"p{n}.rowid IS NULL" for n in range(len(_PARENTS)))
    + " LIMIT 1"
)
#: Rows read at a time.
_BATCH = 4096
_PLAIN = (
    "SELECT CAST(evaluator_id AS TEXT), CAST(bidder_id AS TEXT), CAST(question_id AS TEXT), "
    "CAST(stage_id AS TEXT), CAST(value AS TEXT), CAST(reason AS TEXT), CAST(version AS INTEGER) "
    "FROM score ORDER BY id"
)


class MissingParent(DocumentError):
    """A score names a row that is not there: the file was altered outside svtool (str(error) says which)."""


def read_scores(
    connection: Connection, value: Callable[[Any], Decimal]
) -> tuple[dict[ScoreKey, Score], dict[ScoreKey, int]]:
    """Every score, keyed by (evaluator, bidder, question, stage) in the order entered, and each one's version."""
    if connection.dialect.name != "sqlite":  # (PostgreSQL keeps the foreign keys itself)
        ids_by = _ids_by(connection, "CAST(id AS TEXT)", _OwnNames)
        return stored_scores(connection.exec_driver_sql(_PLAIN).all(), value, ids_by)
    ids_by = _ids_by(connection, "rowid", dict)
    # The driver's own cursor, read a few thousand rows at a time: SQLAlchemy's row objects would add a twentieth to
    # the read, and a whole list of rows would hold every row's fields at once (these are each read once).
    driver = connection.connection.dbapi_connection
    cursor = driver.cursor()  # type: ignore[union-attr]
    try:
        clock.start_clock(driver)  # (SQLAlchemy's statements start the query time limit's clock themselves)
        cursor.execute(_JOINED)
        rows = chain.from_iterable(iter(partial(cursor.fetchmany, _BATCH), []))
        return stored_scores(rows, value, ids_by)
    except (KeyError, TypeError):  # (an id looked up that is not there, or None for a row the join did not find)
        missing = connection.exec_driver_sql(_MISSING).first()
        if missing is None:
            raise
        raise MissingParent(
            f"A row of the score table names a row of the {_PARENTS[missing[0]]} table that does not exist."
        ) from None
    finally:
        cursor.close()


def _ids_by(connection: Connection, named_by: str, kind: type[dict[Any, str]]) -> IdsBy:
    """Each parent table's ids, keyed by what the score query names its rows by."""
    return tuple(  # type: ignore[return-value]
        kind(connection.exec_driver_sql(f"SELECT {named_by}, CAST(id AS TEXT) FROM {table}").all())
        for table in _PARENTS
    )


class _OwnNames(dict[Any, str]):
    """Ids that name themselves. On PostgreSQL the scores may be read in a later snapshot than their parents (READ
    COMMITTED), so an id added in between is not a missing row: it names itself too."""

    def __missing__(self, key: str) -> str:
        return key


def read_moderations(
    connection: Connection, value: Callable[[Any], Decimal]
) -> tuple[tuple[Moderation, ...], dict[tuple[str, str, str], int]]:
    """Every consensus score in the order agreed, and each one's version keyed by (bidder, question, stage)."""
    rows = connection.exec_driver_sql(
        "SELECT bidder_id, question_id, stage_id, value, rationale, feedback, basis, without_reason, version "
        "FROM moderation ORDER BY id"
    ).all()
    moderations = tuple(Moderation(b, q, s, value(v), r, f, basis, w) for b, q, s, v, r, f, basis, w, _ in rows)
    return moderations, {(row[0], row[1], row[2]): row[-1] for row in rows}
