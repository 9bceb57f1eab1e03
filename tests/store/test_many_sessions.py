"""Five sessions on one evaluation at once: four scoring (their own cells and cells they share), a lead changing
prices, weights and titles. Nothing acknowledged is lost, nothing is silently overwritten, on a .svt file and on
a real PostgreSQL server."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import create_evaluation, open_evaluation, verify_file
from tests.conftest import ROOT, reopen_submitted

EDITS = int(os.environ.get("SVTOOL_TEST_EDITS", "1000"))
ROLES = ("score:E1:1", "score:E2:2", "score:E3:3", "score:E1:4", "lead")


def _create(location: str) -> None:
    """The demonstration, with its submitted stages reopened by the lead so that every session can score."""
    opened = create_evaluation(demo_evaluation(), location, actor="setup")
    reopen_submitted(opened)
    opened.close()


def _run_sessions(location: str) -> dict[str, list[dict[str, Any]]]:
    processes = {
        role: subprocess.Popen(
            [sys.executable, "-m", "tests.store.session_writer", location, role, str(seed), str(EDITS)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed, role in enumerate(ROLES)
    }
    said: dict[str, list[dict[str, Any]]] = {}
    for role, process in processes.items():
        out, err = process.communicate(timeout=900)
        assert process.returncode == 0, err[-3000:]
        said[role] = [json.loads(line) for line in out.splitlines()]
        assert said[role][-1]["kind"] == "DONE"
    return said


def _check(location: str, said: dict[str, list[dict[str, Any]]]) -> None:
    acks = {role: [s for s in lines if s["kind"] == "ACK"] for role, lines in said.items()}
    stale = sum(1 for lines in said.values() for s in lines if s["kind"] == "STALE")
    assert all(len(lines) == EDITS + 1 for lines in said.values())  # every edit answered: saved, same, stale or busy
    assert all(len(a) > EDITS // 2 for a in acks.values()), {r: len(a) for r, a in acks.items()}
    assert stale > 0, "the shared cells should have met stale edits, refused and reported"

    opened = open_evaluation(location)
    trail = opened.audit_trail()
    stored = opened.stored_evaluation()
    opened.close()
    assert verify_file(location).ok

    # One audit entry for each acknowledged edit, by the session that made it, with exactly what it saved.
    for role, role_acks in acks.items():
        entries = [a for a in trail if a.actor == role]
        assert len(entries) == len(role_acks), role
        if role == "lead":
            assert [a.key for a in entries] == [ack["what"] for ack in role_acks]
        else:
            assert [(a.key, json.loads(a.new or "null")) for a in entries] == [
                ("/".join(ack["score"][:4]), {"value": ack["score"][4], "reason": ack["score"][5]}) for ack in role_acks
            ]

    # No lost update: each change to a score starts from the value the previous change left.
    history: dict[str, list[Any]] = defaultdict(list)
    for entry in trail:
        if entry.entity == "score":
            history[entry.key].append(entry)
    for key, entries in history.items():
        for before, after in itertools.pairwise(entries):
            assert json.loads(after.old or "null") == json.loads(before.new or "null"), key
    final = {
        f"{s.evaluator_id}/{s.bidder_id}/{s.question_id}/{s.stage_id}": {
            "value": format(s.value, "f"),
            "reason": s.reason,
        }
        for s in stored.scores
    }
    for key, entries in history.items():
        assert final[key] == json.loads(entries[-1].new or "null"), key

    # The lead's last price, weight and title for each bidder and question are what is stored.
    last: dict[str, str] = {}
    for ack in acks["lead"]:
        kind, target, value = ack["what"].split(" ", 2)
        last[f"{kind} {target}"] = value
    prices = {b.bidder_id: format(b.price, "f") for b in stored.bids if b.price is not None}
    questions = {q.id: q for q in stored.questions}
    for what, value in last.items():
        kind, target = what.split(" ")
        if kind == "price":
            assert prices[target] == value
        elif kind == "weight":
            assert format(questions[target].weight, "f") == value
        else:
            assert questions[target].title == value


def test_five_sessions_on_one_file_lose_nothing(tmp_path: Path) -> None:
    location = str(tmp_path / "shared.svt")
    _create(location)
    _check(location, _run_sessions(location))


def test_five_sessions_on_postgresql_lose_nothing(database_url: str) -> None:
    _create(database_url)
    _check(database_url, _run_sessions(database_url))
