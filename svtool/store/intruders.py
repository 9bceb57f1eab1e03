"""Database objects svtool did not create: a trigger can rewrite saved scores behind svtool's back, and a view or
rule can show other data under a table's name (docs/audit-trail.md). svtool creates exactly one kind: the triggers
that keep the audit table append-only (store/database.py), and those must be there, unchanged and enabled.
"""

from __future__ import annotations

from sqlalchemy import Connection

from svtool.store.database import APPEND_ONLY_POSTGRES, APPEND_ONLY_SQLITE

_NOT_SYSTEM = "schemaname NOT IN ('pg_catalog', 'information_schema')"
_PG_OTHERS = (
    ("view", f"SELECT viewname, '' FROM pg_views WHERE {_NOT_SYSTEM}"),
    ("materialised view", f"SELECT matviewname, '' FROM pg_matviews WHERE {_NOT_SYSTEM}"),
    ("rule", f"SELECT rulename, tablename FROM pg_rules WHERE {_NOT_SYSTEM}"),
    ("event trigger", "SELECT evtname, '' FROM pg_event_trigger"),
)


def _words(sql: str) -> str:
    return " ".join(sql.replace("IF NOT EXISTS ", "").split())


#: svtool's own triggers in a .svt file, as SQLite keeps their text.
_SQLITE_OWN = {statement.split()[5]: _words(statement) for statement in APPEND_ONLY_SQLITE}
_PG_TRIGGER, _PG_FUNCTION = "audit_append_only", "svtool_audit_append_only"
_PG_BODY = _words(APPEND_ONLY_POSTGRES[0].split("$$")[1])


def intruders(connection: Connection) -> list[str]:
    """What is there that svtool did not put there, or is missing of what it did, in words; empty if nothing."""
    if connection.dialect.name == "postgresql":
        return _postgres(connection)
    return _sqlite(connection)


def _sqlite(connection: Connection) -> list[str]:
    found: list[str] = []
    own = dict(_SQLITE_OWN)
    for kind, name, table, sql in connection.exec_driver_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name"
    ):
        if kind == "trigger" and name in own:
            if _words(sql or "") != own.pop(name):
                found.append(f"svtool's trigger '{name}', which keeps the audit trail append-only, has been changed.")
            continue
        own.pop(name, None)
        found.append(_stranger(kind, name, table))
    found += [f"svtool's trigger '{name}', which keeps the audit trail append-only, is missing." for name in own]
    return found


def _stranger(kind: str, name: str, table: str) -> str:
    if kind == "trigger":
        return (
            f"The database holds a trigger '{name}' on the {table} table that svtool did not create: it can "
            "change saved data behind svtool's back."
        )
    if kind == "rule":
        return (
            f"The database holds a rule '{name}' on the {table} table that svtool did not create: it can "
            "change what is saved or read there."
        )
    return (
        f"The database holds a {kind} '{name}' that svtool did not create: it can show other data in place of "
        "a table's."
    )


def _postgres(connection: Connection) -> list[str]:
    found: list[str] = []
    own = False
    triggers = connection.exec_driver_sql(
        "SELECT t.tgname, c.relname, t.tgenabled, p.proname, p.prosrc, pg_get_triggerdef(t.oid) FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal "
        "ORDER BY t.tgname"
    )
    for name, table, enabled, function, body, definition in triggers:
        if (name, table) != (_PG_TRIGGER, "audit"):
            found.append(_stranger("trigger", name, table))
            continue
        own = True
        words = definition.split()
        if (
            function != _PG_FUNCTION
            or _words(body) != _PG_BODY
            or words[3:8] != ["BEFORE", "DELETE", "OR", "UPDATE", "ON"]
            or "ROW" not in words
        ):
            found.append(f"svtool's trigger '{name}', which keeps the audit trail append-only, has been changed.")
        elif enabled != "O":
            found.append(f"svtool's trigger '{name}', which keeps the audit trail append-only, is disabled.")
    if not own:
        found.append(f"svtool's trigger '{_PG_TRIGGER}', which keeps the audit trail append-only, is missing.")
    for kind, query in _PG_OTHERS:
        found += [_stranger(kind, name, table) for name, table in connection.exec_driver_sql(query)]
    return found
