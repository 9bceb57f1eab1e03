"""What someone with the file and sqlite3 can do to an evaluation behind svtool's back, for the tests of
`svtool verify` (docs/audit-trail.md): change rows, cut the audit trail's tail, and rebuild the hash chain after
rewriting entries, exactly as svtool would have hashed them (store/audit.py _digest)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from svtool.store.audit import GENESIS, _digest
from svtool.store.database import APPEND_ONLY_SQLITE


def tamper(path: Path, *statements: str) -> None:
    """Run SQL on the file as sqlite3 would (no svtool, foreign keys off as sqlite3 leaves them)."""
    with sqlite3.connect(path) as connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()


def query(path: Path, sql: str, *parameters: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(sql, parameters).fetchall()
    connection.close()
    return rows


def entry(path: Path, seq: int) -> dict[str, Any]:
    """One audit entry's columns by name."""
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        row = connection.execute("SELECT * FROM audit WHERE seq = ?", (seq,)).fetchone()
    connection.close()
    return dict(row)


def head(path: Path) -> tuple[int, str]:
    return query(path, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")[0]


def _without_guard(path: Path, work: Callable[[sqlite3.Connection], object]) -> None:
    """Do work on the audit table with svtool's append-only triggers dropped, then put them back as they were,
    as a careful forger would (so that nothing is left missing for verify to notice)."""
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TRIGGER audit_no_update")
        connection.execute("DROP TRIGGER audit_no_delete")
        work(connection)
        for statement in APPEND_ONLY_SQLITE:
            connection.execute(statement)
    connection.close()


def cut_tail(path: Path, entries: int) -> None:
    """Remove the last `entries` audit entries."""
    _without_guard(
        path, lambda c: c.execute("DELETE FROM audit WHERE seq > (SELECT max(seq) FROM audit) - ?", (entries,))
    )


def rewrite(path: Path, seq: int, **columns: Any) -> None:
    """Change an entry's columns (old and new given as Python values, written as svtool's JSON) and rebuild the
    chain from it on, so that every hash checks out again."""
    values = {
        k: (json.dumps(v, ensure_ascii=False, sort_keys=True) if k in ("old", "new") and v is not None else v)
        for k, v in columns.items()
    }

    def work(connection: sqlite3.Connection) -> None:
        assignments = ", ".join(f"{name} = ?" for name in values)
        connection.execute(f"UPDATE audit SET {assignments} WHERE seq = ?", (*values.values(), seq))
        _rehash(connection, seq)

    _without_guard(path, work)


def append(path: Path, actor: str, action: str, entity: str, key: str, old: Any, new: Any) -> None:
    """Add an entry at the end of the chain, hashed as svtool hashes one."""

    def work(connection: sqlite3.Connection) -> None:
        seq, prev = connection.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        old_text, new_text = (None if v is None else json.dumps(v, sort_keys=True) for v in (old, new))
        at = "2026-10-01T09:00:00.000000+00:00"
        digest = _digest(seq + 1, at, actor, action, entity, key, old_text, new_text, "", prev)
        connection.execute(
            "INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq + 1, at, actor, action, entity, key, old_text, new_text, "", prev, digest),
        )

    _without_guard(path, work)


def _rehash(connection: sqlite3.Connection, start: int) -> None:
    prev = (
        GENESIS
        if start == 1
        else connection.execute("SELECT hash FROM audit WHERE seq = ?", (start - 1,)).fetchone()[0]
    )
    rows = connection.execute(
        "SELECT seq, at, actor, action, entity, entity_key, old, new, reason FROM audit WHERE seq >= ? ORDER BY seq",
        (start,),
    ).fetchall()
    for seq, at, actor, action, entity, key, old, new, reason in rows:
        digest = _digest(seq, at, actor, action, entity, key, old, new, reason, prev)
        connection.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, seq))
        prev = digest
