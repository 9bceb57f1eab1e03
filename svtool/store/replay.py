"""Replaying the audit trail: start from nothing, apply each entry's change in order, and say where the result
differs from the stored tables (docs/audit-trail.md).

Each kind of entry holds its whole change: the creation entry every row of every table (store/tables.py), a score
or consensus entry the row before and after, a setup entry the rows it wrote before and after (with the scores it
removed or restored), a delivery entry (docs/delivery.md) the contract's rows it wrote before and after, and an
export or import note no change. An entry's "before" must also be what the entries
before it left, so a trail forged with careless olds contradicts itself and is caught there.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import sys
from collections.abc import Mapping
from typing import Any, NamedTuple

from sqlalchemy import Connection

from svtool.store.tables import ORDER, SPECS, Key, Spec, stored_rows

Rows = dict[Key, tuple[Any, ...]]
#: Fields a score or consensus entry names differently from its column.
_ALIASES = {"without": "without_reason"}
#: The table a key column points at, for telling apart keys whose ids hold a '/'.
_PARENTS = {"evaluator_id": "evaluator", "bidder_id": "bidder", "question_id": "question", "stage_id": "stage"}
_ROWS = {"score": "score", "moderation": "moderation"}  # entity -> table of a one-row entry
_NO_CHANGE = {("export", "pack"), ("import", "pack")}  # notes: something done with the file, no row changed
_MISSING = object()


class TrailProblem(Exception):
    """The trail cannot be replayed as it stands: str() says which entry and why."""


def shown(value: Any) -> str:
    """A value in a message, as a person reads it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 80 else f"'{value[:77]}…'"
    return f"{value!r} (not a value svtool writes)"


def _row_words(spec: Spec, key: Key) -> str:
    return f"row '{key[0]}'" if len(spec.keys) == 1 else f"the row for {spec.key_text(key)}"


def _row_name(spec: Spec, key: Key) -> str:
    return f"the {spec.name} row '{key[0]}'" if len(spec.keys) == 1 else f"the {spec.name} row for {spec.key_text(key)}"


class Replay:
    """The tables as the trail so far makes them: None until the creation entry, and left None for a file whose
    creation entry holds only counts (written by an earlier svtool), which cannot be replayed."""

    def __init__(self) -> None:
        self.tables: dict[str, Rows] | None = None
        self.started = False

    @property
    def replayable(self) -> bool:
        return self.tables is not None

    def apply(self, seq: int, action: str, entity: str, key: str, old: str | None, new: str | None) -> None:
        """Apply one entry; TrailProblem if it cannot be applied to what the entries before it left."""
        if action == "create" and entity == "evaluation":
            self._create(seq, new)
            return
        if not self.started:
            raise TrailProblem(f"Audit entry {seq} ({action} {entity}) comes before the evaluation's creation.")
        if (action, entity) in _NO_CHANGE or self.tables is None:
            return
        where = _Where(seq, action, entity, key)
        if entity in _ROWS and action in ("score", "moderate", "clear"):
            spec = SPECS[_ROWS[entity]]
            before, after = _loads(old), _loads(new)
            if action == "clear" and after is not None:
                raise TrailProblem(f"{where} withdraws a row but records a new value.")
            self._row(where, spec, self._key(where, spec, key), before, after, whole=True)
        elif (action, entity) in (("setup", "setup"), ("delivery", "delivery")):  # rows before and after
            self._setup(where, _loads(old) or {}, _loads(new) or {})
        else:
            raise TrailProblem(
                f"{where} is a kind of change this svtool cannot replay (from a newer svtool?), so "
                "the data cannot be proved."
            )

    # Kinds of entry ---------------------------------------------------------------------------------------------

    def _create(self, seq: int, new: str | None) -> None:
        if self.started or seq != 1:
            raise TrailProblem(f"Audit entry {seq} creates the evaluation again; only the first entry may.")
        self.started = True
        record = _loads(new) or {}
        tables = record.get("tables")
        if tables is None:
            return  # an earlier svtool's creation entry: counts only
        if not isinstance(tables, dict):
            raise TrailProblem("Audit entry 1 (create evaluation) does not hold the evaluation's tables.")
        unknown = sorted(set(tables) - set(SPECS))
        if unknown:
            raise TrailProblem(f"Audit entry 1 (create evaluation) holds a table svtool does not keep: {unknown[0]}.")
        self.tables = {name: self._created(SPECS[name], tables.get(name)) for name in ORDER}

    def _created(self, spec: Spec, table: Any) -> Rows:
        if table is None:
            return {}
        columns, width = list(table["columns"]), len(spec.keys)
        if columns == list(spec.columns) and spec.plain:  # as this svtool records them: the fast way
            # A council's 235,200 scores: each row's list is let go once its tuples are made, and the ids in the keys
            # (a few hundred distinct ones) are shared, not held once a row.
            made: Rows = {}
            listed: list[list[Any]] = table["rows"]
            listed.reverse()
            while listed:
                row = listed.pop()
                made[tuple(map(sys.intern, row[:width]))] = tuple(row[width:])
            return made
        unknown = [c for c in columns if c not in spec.columns]
        if unknown:
            raise TrailProblem(
                f"Audit entry 1 (create evaluation) records a field svtool does not keep: {spec.name}.{unknown[0]}."
            )
        rows: Rows = {}
        for row in table["rows"]:
            given = dict(zip(columns, row, strict=True))
            key = tuple(c.from_trail(given[c.name]) for c in spec.keys)
            rows[key] = tuple(c.from_trail(given[c.name]) if c.name in given else c.default for c in spec.values)
        return rows

    def _setup(self, where: _Where, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self._entries(where, old.get("removed"), remove=True)
        for name in sorted((set(old) | set(new)) - {"removed", "restored"}, key=_table_order(where)):
            spec = SPECS[name]
            befores, afters = old.get(name) or {}, new.get(name) or {}
            for text in {**befores, **afters}:
                self._row(where, spec, self._key(where, spec, text), befores.get(text), afters.get(text), whole=False)
        self._entries(where, new.get("restored"), remove=False)

    def _entries(self, where: _Where, removed: Any, remove: bool) -> None:
        """The scores and consensus scores a setup change removed with its rows, or an undo put back."""
        for kind, name in (("scores", "score"), ("moderations", "moderation")):
            for entry in (removed or {}).get(kind, ()):
                values = {k: v for k, v in entry.items() if k != "key"}
                spec = SPECS[name]
                key = self._key(where, spec, entry["key"])
                self._row(where, spec, key, values if remove else None, None if remove else values, whole=True)

    # Rows -------------------------------------------------------------------------------------------------------

    def _row(
        self,
        where: _Where,
        spec: Spec,
        key: Key,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        whole: bool,
    ) -> None:
        """Check a row is as `before` says, then make it `after` (None: no row). A whole row replaces the row;
        otherwise only the columns given change. (Run once an entry: messages are made only when needed.)"""
        assert self.tables is not None
        rows = self.tables[spec.name]
        current = rows.get(key)
        if before is None:
            if after is None:
                return
            if current is not None:
                raise TrailProblem(
                    f"{where} adds {_row_name(spec, key)}, which the entries before it had already "
                    "made: the trail contradicts itself, so it was changed outside svtool."
                )
        else:
            if current is None:
                raise TrailProblem(
                    f"{where} changes {_row_name(spec, key)}, which the entries before it never made "
                    "(or removed): the trail contradicts itself, so it was changed outside svtool."
                )
            differ = [
                n
                for n, value in ((_index(where, spec, name), value) for name, value in before.items())
                if spec.values[n].from_trail(value) != current[n]
            ]
            if differ:
                n = min(differ)
                column = spec.values[n]
                said = next(v for k, v in before.items() if _ALIASES.get(k, k) == column.name)
                raise TrailProblem(
                    f"{where} says {_row_name(spec, key)} had {column.name} {shown(said)}, but the "
                    f"entries before it leave {shown(current[n])}: the trail contradicts itself, so it "
                    "was changed outside svtool."
                )
        if after is None:
            del rows[key]
            return
        values = list(spec.defaults if whole or current is None else current)
        for name, value in after.items():
            n = _index(where, spec, name)
            values[n] = spec.values[n].from_trail(value)
        rows[key] = tuple(values)

    def _key(self, where: _Where, spec: Spec, text: str) -> Key:
        """The row an entry's key text names. Keys are written with '/' between their parts (or as a JSON list if
        a part holds a '/'). A score's or consensus's key, and any key an earlier svtool wrote, may hold a '/' in
        an id: then the one reading that names a row there is it, or else the one whose people, bidder, question and
        stage exist."""
        width = len(spec.keys)
        if width > 1 and text.startswith('["'):  # (tables.key_text: a part holds a '/')
            with contextlib.suppress(ValueError):
                listed = json.loads(text)
                if isinstance(listed, list) and len(listed) == width:
                    return tuple(c.from_trail(part) for c, part in zip(spec.keys, listed, strict=True))
        parts = text.split("/")
        if len(parts) == width and spec.text_keys:  # nearly every entry
            return tuple(parts)
        if len(parts) < width:
            raise TrailProblem(f"{where} names a {spec.name} row with too few parts: '{text}'.")
        cuts = [(0, *cut, len(parts)) for cut in itertools.combinations(range(1, len(parts)), width - 1)]
        keys = [
            tuple(
                c.from_trail("/".join(parts[a:b])) for c, (a, b) in zip(spec.keys, itertools.pairwise(cut), strict=True)
            )
            for cut in cuts
        ]
        if len(keys) == 1:
            return keys[0]
        assert self.tables is not None
        stored = self.tables[spec.name]
        for found in ([k for k in keys if k in stored], [k for k in keys if self._parents_exist(spec, k)]):
            if len(found) == 1:
                return found[0]
        raise TrailProblem(f"{where} names a {spec.name} row, '{text}', that cannot be told apart from another.")

    def _parents_exist(self, spec: Spec, key: Key) -> bool:
        assert self.tables is not None
        return all(
            (part,) in self.tables[_PARENTS[c.name]]
            for c, part in zip(spec.keys, key, strict=True)
            if c.name in _PARENTS
        )


def _index(where: _Where, spec: Spec, name: str) -> int:
    n = spec.positions.get(_ALIASES.get(name, name))
    if n is None:
        raise TrailProblem(f"{where} names a field svtool does not keep: {spec.name}.{name}.")
    return n


class _Where(NamedTuple):
    """The entry being applied, named in a message only if something is wrong with it."""

    seq: int
    action: str
    entity: str
    key: str

    def __str__(self) -> str:
        return f"Audit entry {self.seq} ({self.action} {self.entity} {self.key})"


def _table_order(where: _Where) -> Any:
    def position(name: str) -> int:
        if name not in SPECS:
            raise TrailProblem(f"{where} changes a table svtool does not keep: {name}.")
        return ORDER.index(name)

    return position


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def first_difference(connection: Connection, tables: dict[str, Rows]) -> str | None:
    """The first place, table by table in ORDER and row by row as people see them, where the stored data is not
    what the replayed trail gives, in words; None if it is exactly that. Consumes `tables`."""
    for name in ORDER:
        spec, expected = SPECS[name], tables[name]
        for key, values in stored_rows(connection, spec):
            wanted = expected.pop(key, _MISSING)
            if wanted is _MISSING:
                return (
                    f"The {name} table holds {_row_words(spec, key)}, which the audit trail never made: it was "
                    "added outside svtool."
                )
            if wanted != values:
                assert isinstance(wanted, tuple)
                n = next(n for n, (a, b) in enumerate(zip(wanted, values, strict=True)) if a != b)
                return (
                    f"In the {name} table, {_row_words(spec, key)}, field '{spec.values[n].name}': the file holds "
                    f"{shown(values[n])}, but replaying the audit trail gives {shown(wanted[n])}. It was changed "
                    "outside svtool."
                )
        if expected:
            key = next(iter(expected))
            return (
                f"The {name} table lacks {_row_words(spec, key)}, which the audit trail made and never removed: "
                "it was removed outside svtool."
            )
    return None
