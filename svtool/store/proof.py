"""Proving an evaluation's record (docs/audit-trail.md): the database's own structure, nothing in it that svtool did
not put there, the audit trail's hash chain, and the trail replayed from nothing giving exactly the stored tables.
An anchor (a head hash written down earlier, say in a cabinet report) must still be in the chain: a trail cut short
or rebuilt since then no longer holds it.

All of it is read in one read transaction, so a colleague saving meanwhile cannot make it compare two moments.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.exc import DatabaseError

from svtool.memory import collector_paused
from svtool.store import audit
from svtool.store.database import Document, integrity_ok
from svtool.store.intruders import intruders
from svtool.store.replay import Replay, TrailProblem, first_difference


@dataclass(frozen=True)
class Proof:
    """What was found. ok only if the structure is sound, there are no intruders, the chain is intact, the trail
    replays without contradiction to exactly the stored data (or cannot be replayed, being from an earlier
    svtool: then replayed is False), and the anchor, if given, is in the chain."""

    structure: str  # "ok", or SQLite's description of the damage
    intruders: tuple[str, ...]
    entries: int  # the entries read (up to the first broken one)
    head_seq: int  # the last entry that checks out, and its hash
    head_hash: str
    problem: str | None  # the first break in the chain, contradiction in the trail, or difference from the data
    chain_intact: bool
    replayed: bool
    anchored: tuple[int, ...] | None  # the entries whose hash the anchor names (None: no anchor given)

    @property
    def ok(self) -> bool:
        return (
            self.structure == "ok"
            and not self.intruders
            and self.problem is None
            and (self.anchored is None or len(self.anchored) == 1)
        )


def prove(document: Document, anchor: str | None = None) -> Proof:
    """Check everything above; `anchor` is a whole hash or its first characters, in lower case."""
    structure = integrity_ok(document)[1] if not document.is_postgres else "ok"
    with document.reading() as session:
        if document.is_postgres:  # one consistent view of the trail and every table
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        connection = session.connection()
        found = tuple(intruders(connection))
        try:
            chain, replay, anchored, broken, problem = _replay(connection, anchor)
        except (DatabaseError, sqlite3.Error) as error:
            if not found:
                raise
            # A view in a table's place (reported above) can stall or fail the reading: its report is the finding.
            chain, replay, anchored = audit.Chain(), Replay(), []
            broken, problem = None, f"The stored tables could not be read ({getattr(error, 'orig', error)})."
    return Proof(
        structure,
        found,
        chain.count,
        chain.count,
        chain.prev,
        broken or problem,
        broken is None,
        replay.replayable,
        None if anchor is None else tuple(anchored),
    )


def _replay(
    connection: Connection, anchor: str | None
) -> tuple[audit.Chain, Replay, list[int], str | None, str | None]:
    chain, replay = audit.Chain(), Replay()
    anchored: list[int] = []
    broken = problem = None
    with collector_paused():
        for entry in audit.entries(connection):
            broken = chain.problem(entry)
            if broken:
                break
            if problem is None:  # after a contradiction the chain is still read, for its head and the anchor
                problem = _apply(replay, entry)
            if anchor is not None and entry[10].startswith(anchor):
                anchored.append(entry[0])
        if broken is None and problem is None:
            problem = _compare(connection, replay)
    return chain, replay, anchored, broken, problem


def _apply(replay: Replay, entry: audit.Entry) -> str | None:
    seq, _at, _actor, action, entity, key, old, new = entry[:8]
    try:
        replay.apply(seq, action, entity, key, old, new)
    except TrailProblem as contradiction:
        return str(contradiction)
    except (ValueError, TypeError, KeyError, AttributeError) as error:  # JSON that svtool did not write
        return (
            f"Audit entry {seq} holds a change svtool cannot read ({type(error).__name__}): it was written "
            "outside svtool."
        )
    return None


def _compare(connection: Connection, replay: Replay) -> str | None:
    if not replay.started:  # (an entry before the creation entry is a contradiction, found as it is applied)
        return "The audit trail is empty, so nothing shows how the stored data came to be."
    if replay.tables is None:
        return None  # an earlier svtool's file: only the chain can be checked
    return first_difference(connection, replay.tables)
