"""Evaluation files: saving as you go, the audit chain, versions, damaged and read-only files, crashes and
concurrent writers."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from svtool.domain.evaluation import (
    CeilingAction,
    CeilingReference,
    Declaration,
    Evaluation,
    FteWorking,
    MeasureMethod,
    Moderation,
    PercentBasis,
    QualityBasis,
    Question,
    ScaleMethod,
)
from svtool.domain.living_wage import Region
from svtool.domain.results import Results
from svtool.services.demo import demo_evaluation
from svtool.services.errors import UserError
from svtool.services.evaluations import create_evaluation, open_evaluation, verify_file
from svtool.store import database
from svtool.store.database import SCHEMA_VERSION
from svtool.store.errors import DocumentBusy, DocumentError, DocumentReadOnly
from svtool.store.migrations.m0002 import VERSIONED_TABLES
from tests.conftest import ROOT
from tests.domain.builders import D, care_tender, method_of, score
from tests.store.writer_process import edit


@pytest.fixture
def care_file(tmp_path: Path) -> Path:
    path = tmp_path / "care.svt"
    create_evaluation(care_tender(), path, "tester").close()
    return path


def test_a_new_file_holds_exactly_the_evaluation(tmp_path: Path) -> None:
    for evaluation in (care_tender(), demo_evaluation()):
        path = tmp_path / f"{len(evaluation.bidders)}.svt"
        create_evaluation(evaluation, path, "tester").close()
        opened = open_evaluation(path)
        assert opened.stored_evaluation() == evaluation
        assert opened.results() == create_results(evaluation)
        opened.close()


def with_method_options(evaluation: Evaluation) -> Evaluation:
    """care_tender() with every schema 8 option away from its default: Q2 relative to the best, the social value
    envelope relative to the best, a budget of £950,000 as the ceiling, flagged."""
    return replace(
        evaluation,
        questions=tuple(
            replace(q, method=replace(method_of(q, ScaleMethod), basis=QualityBasis.RELATIVE_TO_BEST))
            if q.id == "Q2"
            else q
            for q in evaluation.questions
        ),
        envelopes=tuple(
            replace(v, quality_basis=QualityBasis.RELATIVE_TO_BEST) if v.id == "sv" else v for v in evaluation.envelopes
        ),
        price=replace(
            evaluation.price, ceiling=CeilingReference.BUDGET, ceiling_action=CeilingAction.FLAG, budget=D(950_000)
        ),
    )


def with_committed_figures(evaluation: Evaluation) -> Evaluation:
    """care_tender() with every schema 9 option: a committed-figure question (unit, target, tags), an FTE
    commitment given as hours and weeks, and a 35-hour full-time week."""
    question = Question(
        "S4",
        "sv",
        "Local jobs",
        D(5),
        MeasureMethod("JOBS", "FTE", PercentBasis.PASS_FAIL, D("1.5"), ("local-jobs", "employment")),
        "JOBS",
    )
    bids = tuple(
        replace(b, commitments={**b.commitments, "JOBS": D("0.4286")}, working={"JOBS": FteWorking(D(20), D(39))})
        if b.bidder_id == "B"
        else b
        for b in evaluation.bids
    )
    questions = tuple(replace(q, weight=D(5)) if q.id == "S3" else q for q in evaluation.questions)
    return replace(evaluation, questions=(*questions, question), bids=bids, full_time_hours=D(35))


def test_committed_figures_are_kept(tmp_path: Path) -> None:
    evaluation = with_committed_figures(care_tender())
    create_evaluation(evaluation, tmp_path / "figures.svt", "tester").close()
    opened = open_evaluation(tmp_path / "figures.svt")
    assert opened.stored_evaluation() == evaluation
    assert opened.results() == create_results(evaluation)
    opened.close()
    assert verify_file(tmp_path / "figures.svt").ok


def test_method_options_are_kept(tmp_path: Path) -> None:
    evaluation = with_method_options(care_tender())
    create_evaluation(evaluation, tmp_path / "options.svt", "tester").close()
    opened = open_evaluation(tmp_path / "options.svt")
    assert opened.stored_evaluation() == evaluation
    assert opened.results() == create_results(evaluation)
    opened.close()


def create_results(evaluation: Evaluation) -> Results:
    from svtool.domain.engine import evaluate

    return evaluate(evaluation)


def test_each_edit_is_saved_with_its_audit_entry(care_file: Path) -> None:
    opened = open_evaluation(care_file, actor="Jo Robinson")
    changes = opened.record_score(score("e1", "A", "Q1", "written", 4))
    assert changes.scores == {("e1", "A", "Q1", "written")}
    assert opened.results().bidder("A").questions["Q1"].stages[0].scores[0].value == 4
    opened.record_score(replace(score("e1", "A", "Q1", "written", 2), reason="Reread: no outcome reviews."))
    agreed = Moderation(
        "A",
        "Q1",
        "written",
        D(2),
        "Agreed 2 after discussion of the care plan evidence.",
        "Care plans were described, but not how outcomes are reviewed.",
    )
    with pytest.raises(UserError, match="needs every assigned evaluator's score, and Evaluator 2"):
        opened.moderate(agreed)
    opened.moderate(replace(agreed, without="Evaluator 2 was absent; the panel agreed on the notes."))
    opened.close()
    reopened = open_evaluation(care_file)
    stored = reopened.stored_evaluation()
    assert [(s.value, s.reason) for s in stored.scores] == [(D(2), "Reread: no outcome reviews.")]
    assert [
        (m.value, m.feedback, m.basis, m.without)
        for m in stored.moderations
        if (m.bidder_id, m.question_id, m.stage_id) == ("A", "Q1", "written")
    ] == [
        (
            D(2),
            "Care plans were described, but not how outcomes are reviewed.",
            "e1=2",
            "Evaluator 2 was absent; the panel agreed on the notes.",
        )
    ]
    reopened.close()
    with sqlite3.connect(care_file) as connection:
        rows = connection.execute("SELECT seq, actor, action, entity_key, old, new FROM audit ORDER BY seq").fetchall()
    assert [r[2] for r in rows] == ["create", "score", "score", "moderate"]
    assert rows[2][1] == "Jo Robinson" and '"value": "4"' in rows[2][4] and '"value": "2"' in rows[2][5]
    assert rows[3][4] is not None  # the moderation replaced the one set up before: old value kept in the trail
    assert verify_file(care_file).ok


def test_bad_scores_are_refused_and_nothing_is_written(care_file: Path) -> None:
    opened = open_evaluation(care_file)
    with pytest.raises(UserError, match="is not on the 0 to 5 scale"):
        opened.record_score(score("e1", "A", "Q1", "written", 7))
    with pytest.raises(UserError, match="needs a reason"):
        opened.record_score(replace(score("e1", "A", "Q1", "written", 3), reason=""))
    with pytest.raises(UserError, match="no evaluator 'nobody'"):
        opened.record_score(score("nobody", "A", "Q1", "written", 3))
    opened.close()
    with sqlite3.connect(care_file) as connection:
        assert connection.execute("SELECT count(*) FROM score").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM audit").fetchone() == (1,)


def test_the_audit_trail_refuses_changes_and_verify_finds_a_hand_edit(care_file: Path) -> None:
    opened = open_evaluation(care_file)
    for n in range(3):
        opened.record_score(score("e1", "A", "Q1", "written", n))
    opened.close()
    with sqlite3.connect(care_file) as connection, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        connection.execute("UPDATE audit SET actor = 'someone else' WHERE seq = 2")
    with sqlite3.connect(care_file) as connection:
        connection.execute("DROP TRIGGER audit_no_update")
        connection.execute('UPDATE audit SET new = \'{"value": "5"}\' WHERE seq = 3')
    check = verify_file(care_file)
    assert not check.ok
    assert any(line.startswith("FAILED: Audit entry 3 (score score e1/A/Q1/written") for line in check.lines)
    assert "FAILED: svtool's trigger 'audit_no_update', which keeps the audit trail append-only, is missing." in (
        check.lines
    )
    result = subprocess.run(
        [sys.executable, "-m", "svtool", "verify", str(care_file)], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 1 and "Audit entry 3" in result.stdout


def test_a_removed_audit_entry_is_found(care_file: Path) -> None:
    opened = open_evaluation(care_file)
    for n in range(3):
        opened.record_score(score("e1", "A", "Q1", "written", n))
    opened.close()
    with sqlite3.connect(care_file) as connection:
        connection.execute("DROP TRIGGER audit_no_delete")
        connection.execute("DELETE FROM audit WHERE seq = 2")
    check = verify_file(care_file)
    assert not check.ok and "FAILED: Entry 2 is missing: the audit trail jumps from entry 1 to entry 3." in check.lines


def test_a_file_from_a_newer_svtool_is_refused_unchanged(care_file: Path) -> None:
    with sqlite3.connect(care_file) as connection:
        connection.execute("UPDATE svtool_meta SET value = '99' WHERE key = 'schema_version'")
    before = care_file.read_bytes()
    with pytest.raises(DocumentError, match=r"saved by a newer svtool .file version 99"):
        open_evaluation(care_file)
    assert care_file.read_bytes() == before


SCHEMA_9_COLUMNS = tuple(
    ("bidder", c) for c in ("address", "postcode", "identifier", "supply_chain", "reserved_eligible", "reserved_reason")
) + tuple(
    ("evaluation", c) for c in ("tender_date", "living_wage_region", "living_wage_source", "reservation", "cwb_targets")
)


def _as_schema_1(path: Path) -> None:
    """Turn a file back into what svtool 0.1 wrote: schema 1, before the local boundary existed."""
    with sqlite3.connect(path) as connection:
        for table, column in (
            ("evaluation", "full_time_hours"),
            ("evaluation", "full_time_weeks"),
            ("commitment", "hours_per_week"),
            ("commitment", "weeks"),
        ):  # schema 11: figures
            connection.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        for table in ("shortfall", "kpi_rating", "delivery_figure", "delivery_return", "kpi", "contract"):
            connection.execute(f"DROP TABLE {table}")  # schema 10: after award
        for table, column in SCHEMA_9_COLUMNS:  # schema 9: bidders' details, community wealth building
            connection.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        connection.execute("ALTER TABLE envelope DROP COLUMN quality_basis")  # schema 8: method options
        for column in ("price_ceiling", "ceiling_action", "budget"):
            connection.execute(f"ALTER TABLE evaluation DROP COLUMN {column}")
        for column in ("finalised_by", "finalised_at", "final_content"):  # schema 7: the lifecycle
            connection.execute(f"ALTER TABLE evaluation DROP COLUMN {column}")
        connection.execute("DROP TABLE signoff")
        connection.execute("ALTER TABLE evaluation DROP COLUMN reason_min_words")  # schema 6
        for column in ("feedback", "basis", "without_reason"):  # schema 5: moderation a court accepts
            connection.execute(f"ALTER TABLE moderation DROP COLUMN {column}")
        connection.execute("ALTER TABLE stage DROP COLUMN gated")
        for column in ("role", "questions", "stood_down"):  # schema 4: the panel
            connection.execute(f"ALTER TABLE evaluator DROP COLUMN {column}")
        connection.execute("DROP TABLE submission")
        connection.executescript("""
            CREATE TABLE old_declaration (evaluator_id VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES evaluator (id),
                conflict BOOLEAN NOT NULL, statement TEXT NOT NULL, declared_on VARCHAR(32) NOT NULL,
                version INTEGER NOT NULL DEFAULT 1);
            INSERT INTO old_declaration SELECT evaluator_id, MAX(conflict), MIN(statement), MIN(declared_on), 1
                FROM declaration GROUP BY evaluator_id;
            DROP TABLE declaration;
            ALTER TABLE old_declaration RENAME TO declaration;""")
        connection.execute("ALTER TABLE evaluation DROP COLUMN local_boundary")
        for table in VERSIONED_TABLES:
            connection.execute(f"ALTER TABLE {table} DROP COLUMN version")
        connection.execute("UPDATE svtool_meta SET value = '1' WHERE key = 'schema_version'")
    connection.close()


def test_an_older_file_is_backed_up_then_migrated(care_file: Path) -> None:
    before = open_evaluation(care_file)
    scores, bidders = before.stored_evaluation().scores, before.evaluation.bidders
    first, second = (v.id for v in before.evaluation.evaluators[:2])
    declared = {first: (True, "Was a trustee of one bidder."), second: (False, "No conflict of interest.")}
    before.change_setup(
        replace(
            before.evaluation,
            declarations=tuple(
                Declaration(member, b.id, *said, "2026-09-01") for member, said in declared.items() for b in bidders
            ),
        ),
        "the panel declares",
    )
    before.close()
    _as_schema_1(care_file)
    opened = open_evaluation(care_file)
    assert opened.evaluation.local_boundary == () and opened.evaluation.panel.reason_min_words == 10
    # Schema 8: scored as before, quality absolute and no affordability ceiling; the options can then be set.
    assert {v.quality_basis for v in opened.evaluation.envelopes} == {QualityBasis.ABSOLUTE}
    assert (
        opened.evaluation.price.ceiling,
        opened.evaluation.price.ceiling_action,
        opened.evaluation.price.budget,
    ) == (None, CeilingAction.EXCLUDE, None)
    # Schema 9: a 37.5-hour, 52-week full-time year, and every commitment a quantity given outright.
    assert (opened.evaluation.full_time_hours, opened.evaluation.full_time_weeks) == (D("37.5"), D(52))
    assert all(not bid.working for bid in opened.evaluation.bids)
    assert opened.results() == create_results(care_tender(declarations=opened.evaluation.declarations))
    # Schema 9: bidders have no details yet, the evaluation no tender date, reservation or targets.
    assert {
        (b.address, b.postcode, b.identifier, b.supply_chain, b.reserved_eligible) for b in opened.evaluation.bidders
    } == {("", "", "", (), None)}
    assert (
        opened.evaluation.tender_date,
        opened.evaluation.living_wage_region,
        opened.evaluation.reservation,
        dict(opened.evaluation.cwb_targets),
    ) == (None, Region.UK, None, {})
    # A declaration made once for the whole panel stands for each bidder (an interest awaits mitigation).
    assert sorted(
        (d.evaluator_id, d.bidder_id, d.conflict, d.statement, d.mitigation) for d in opened.evaluation.declarations
    ) == sorted((member, b.id, *declared[member], None) for member in declared for b in bidders)
    assert opened.stored_evaluation().scores == scores and opened.evaluation.bidders == bidders
    opened.close()
    backup = care_file.with_name("care.v1-backup.svt")
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT value FROM svtool_meta WHERE key='schema_version'").fetchone() == ("1",)
        assert "local_boundary" not in [r[1] for r in connection.execute("PRAGMA table_info(evaluation)")]
    connection.close()
    with sqlite3.connect(care_file) as connection:
        assert connection.execute("SELECT value FROM svtool_meta WHERE key='schema_version'").fetchone() == (
            str(SCHEMA_VERSION),
        )
        assert "local_boundary" in [r[1] for r in connection.execute("PRAGMA table_info(evaluation)")]
        for table in VERSIONED_TABLES:  # every row starts at version 1
            assert connection.execute(f"SELECT DISTINCT version FROM {table}").fetchall() in ([], [(1,)]), table
    connection.close()
    assert verify_file(care_file).ok
    opened = open_evaluation(care_file)  # the migrated file keeps the new options
    opened.change_setup(with_method_options(opened.evaluation), "method options")
    opened.close()
    reopened = open_evaluation(care_file)
    assert reopened.evaluation.price.budget == D(950_000)
    assert reopened.evaluation == with_method_options(reopened.evaluation)
    reopened.close()
    opened = open_evaluation(care_file)  # and takes committed figures
    opened.change_setup(with_committed_figures(opened.evaluation), "committed figures")
    opened.close()
    reopened = open_evaluation(care_file)
    assert reopened.evaluation.full_time_hours == D(35)
    assert reopened.evaluation == with_committed_figures(
        with_method_options(care_tender(declarations=reopened.evaluation.declarations, moderations=(), scores=()))
    )
    reopened.close()
    assert verify_file(care_file).ok


@pytest.mark.parametrize("content", [b"", b"hello, this is not a database", os.urandom(4096)])
def test_not_an_evaluation_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.svt"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match="is not an svtool evaluation file"):
        open_evaluation(path)


def test_another_database_is_not_an_evaluation(tmp_path: Path) -> None:
    path = tmp_path / "other.svt"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(DocumentError, match="a database, but not an svtool evaluation file"):
        open_evaluation(path)


def test_a_damaged_file_gives_a_message(care_file: Path) -> None:
    data = bytearray(care_file.read_bytes())
    for offset in range(4096, len(data), 97):  # scribble over everything after the first page
        data[offset] = 0xFF
    care_file.write_bytes(bytes(data))
    for wal in care_file.parent.glob("care.svt-*"):
        wal.unlink()
    with pytest.raises(DocumentError, match=r"damaged|not an svtool|could not be used"):
        opened = open_evaluation(care_file)
        opened.stored_evaluation()


def test_a_read_only_file_opens_read_only_and_says_so(care_file: Path) -> None:
    care_file.chmod(0o444)
    try:
        opened = open_evaluation(care_file)
        assert opened.read_only
        assert opened.results().winner is not None
        with pytest.raises(DocumentReadOnly, match="open read-only"):
            opened.record_score(score("e1", "A", "Q1", "written", 3))
        opened.close()
    finally:
        care_file.chmod(0o644)


def test_save_a_copy(care_file: Path, tmp_path: Path) -> None:
    opened = open_evaluation(care_file)
    opened.record_score(score("e2", "B", "Q2", "interview", 5))
    copy = tmp_path / "filed" / "care copy.svt"
    copy.parent.mkdir()
    opened.save_copy(copy)
    with pytest.raises(DocumentError, match="already exists"):
        opened.save_copy(copy)
    copied = open_evaluation(copy)
    assert copied.stored_evaluation() == opened.stored_evaluation()
    assert not list(copy.parent.glob("*.part"))
    copied.close()
    opened.close()


def test_a_busy_file_gives_a_clear_retry_message(care_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    opened = open_evaluation(care_file)
    blocker = sqlite3.connect(care_file, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with pytest.raises(
            DocumentBusy,
            match=r"busy: someone else's svtool is saving to it. Your change was not "
            "saved; try again in a moment",
        ):
            opened.record_score(score("e1", "A", "Q1", "written", 3))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    opened.record_score(score("e1", "A", "Q1", "written", 3))  # and then it works
    opened.close()


def _writer(path: Path, evaluator: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer_process", str(path), evaluator, str(count)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_writer_killed_mid_stream_loses_nothing_acknowledged(care_file: Path) -> None:
    process = _writer(care_file, "e1", 100_000)
    acknowledged = -1
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while acknowledged < 150 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("ACK "):
            acknowledged = int(line.split()[1])
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert acknowledged >= 150, process.stderr.read() if process.stderr else ""
    with sqlite3.connect(care_file) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = {
        (s.bidder_id, s.question_id, s.stage_id): (s.value, s.reason)
        for s in open_evaluation(care_file).stored_evaluation().scores
    }
    latest: dict[tuple[str, str, str], tuple[object, str]] = {}
    for n in range(acknowledged + 1):
        e = edit(n, "e1")
        latest[(e.bidder_id, e.question_id, e.stage_id)] = (e.value, e.reason)
    for cell, (_value, reason) in latest.items():
        # Each cell holds the last acknowledged edit to it, or a later one the writer saved before it died.
        _, stored_reason = stored[cell]
        assert int(stored_reason.split()[1]) >= int(reason.split()[1])
    assert verify_file(care_file).ok


def test_two_processes_editing_one_file_never_corrupt_it(care_file: Path) -> None:
    first, second = _writer(care_file, "e1", 150), _writer(care_file, "e2", 150)
    outputs = [p.communicate(timeout=180)[0] for p in (first, second)]
    assert all("DONE" in out for out in outputs), outputs
    acknowledged = sum(out.count("ACK ") for out in outputs)
    with sqlite3.connect(care_file) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        audit_entries = connection.execute("SELECT count(*) FROM audit").fetchone()[0]
    check = verify_file(care_file)
    assert check.ok, check.lines
    # One audit entry for creating the file, one for each acknowledged edit that changed a score.
    assert 1 < audit_entries <= acknowledged + 1


def test_a_full_disk_gives_a_message_and_keeps_every_saved_score(care_file: Path) -> None:
    """SQLite reports a full disk as SQLITE_FULL; capping the file's size raises exactly that error."""
    from sqlalchemy import event

    opened = open_evaluation(care_file)
    opened.document.engine.dispose()

    @event.listens_for(opened.document.engine, "connect")
    def _cap(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    saved = []
    with pytest.raises(DocumentError, match="is full, so the change was not saved"):
        for n in range(10_000):
            edit_ = replace(
                score("e1", "ABC"[n % 3], ("Q1", "Q2")[n // 3 % 2], ("written", "interview")[n // 6 % 2], n % 6),
                reason=f"Long reason {n}: " + "evidence " * 200,
            )
            opened.record_score(edit_)
            saved.append(edit_)
    opened.close()
    assert saved, "some scores must have been saved before the disk filled"
    stored = {
        (s.bidder_id, s.question_id, s.stage_id): (s.value, s.reason)
        for s in open_evaluation(care_file).stored_evaluation().scores
    }
    latest = {(e.bidder_id, e.question_id, e.stage_id): (e.value, e.reason) for e in saved}
    assert stored == latest  # every saved score is there, exactly as last saved; the failed one changed nothing
    assert verify_file(care_file).ok
