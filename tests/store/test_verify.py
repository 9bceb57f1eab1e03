"""`svtool verify` proves the data, not just the chain (docs/audit-trail.md): every table changed with sqlite3 is
named with its row, field and both values; a cut tail or a rebuilt chain is caught by an anchor; triggers and views
svtool did not create are reported; a file from an earlier svtool says plainly that only its chain is checked."""

from __future__ import annotations

import dataclasses
import json
import random
import shutil
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from svtool.domain.evaluation import Bid, Bidder, Mitigation, Moderation, Role, Score
from svtool.services import batch, panel, panel_members
from svtool.services.demo import create_demo
from svtool.services.evaluations import create_evaluation, open_evaluation
from svtool.services.record import FileCheck, audit_head, verify_file
from svtool.store.errors import DocumentError
from svtool.store.tables import SPECS
from tests.conftest import reopen_submitted
from tests.domain.builders import care_tender, score
from tests.store import forger
from tests.store.forger import tamper

#: The demonstration's last entry (103): the lead's consensus on NHG's Q3 interview answer.
DEMO_ENTRIES = 103


@pytest.fixture(scope="module")
def intact_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demonstration file, made once (with the framework library read from a private folder)."""
    folder = tmp_path_factory.mktemp("intact")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SVTOOL_DATA_DIR", str(folder / "data"))
        create_demo(folder / "demo.svt").close()
    yield folder / "demo.svt"


@pytest.fixture
def demo(intact_demo: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.svt"
    shutil.copyfile(intact_demo, copy)
    return copy


def failure(path: Path, anchor: str | None = None) -> str:
    check = verify_file(path, anchor)
    assert not check.ok, check.lines
    return "\n".join(check.lines)


def test_the_intact_demo_is_proved_and_its_head_printed(demo: Path) -> None:
    check = verify_file(demo)
    seq, digest = forger.head(demo)
    assert check.ok and seq == DEMO_ENTRIES
    assert check.lines == (
        "Database structure: OK",
        "Triggers and views: only svtool's own.",
        f"OK: {DEMO_ENTRIES} audit entries, the hash chain is intact, and replaying it gives exactly the stored data.",
        f"Head: entry {DEMO_ENTRIES}, hash {digest}",
    )
    assert check.head is not None and (check.head.seq, check.head.hash) == (seq, digest)


# Every table, changed with sqlite3 --------------------------------------------------------------------------------

TAMPERINGS = [  # (what is done, what verify must say)
    (
        "UPDATE score SET value = '5' WHERE evaluator_id = 'E1' AND bidder_id = 'ACC' AND question_id = 'Q1' "
        "AND stage_id = 'written'",
        "In the score table, the row for evaluator E1, bidder ACC, question Q1, stage written, field 'value': the file "
        "holds '5', but replaying the audit trail gives '3'. It was changed outside svtool.",
    ),
    (
        "UPDATE score SET reason = 'Excellent.' WHERE evaluator_id = 'E2' AND bidder_id = 'NHG' AND question_id = 'Q1' "
        "AND stage_id = 'written'",
        "In the score table, the row for evaluator E2, bidder NHG, question Q1, stage written, field "
        "'reason': the file "
        "holds 'Excellent.', but replaying the audit trail gives '",
    ),
    (
        "UPDATE moderation SET value = '4' WHERE bidder_id = 'ACC' AND question_id = 'Q1' AND stage_id = 'written'",
        "In the moderation table, the row for bidder ACC, question Q1, stage written, field 'value': the file holds "
        "'4', but replaying the audit trail gives '3'.",
    ),
    (
        "UPDATE moderation SET feedback = 'Strong.' WHERE bidder_id = 'ACC' AND question_id = 'Q1' "
        "AND stage_id = 'written'",
        "field 'feedback': the file holds 'Strong.', but replaying the audit trail gives 'Scored 3 of 5. Plans are",
    ),
    (
        "UPDATE moderation SET basis = 'E1=5' WHERE bidder_id = 'ACC' AND question_id = 'Q1' AND stage_id = 'written'",
        "field 'basis': the file holds 'E1=5', but replaying the audit trail gives 'E1=3;E2=4;E3=3'.",
    ),
    (
        "UPDATE bidder SET price = '4500000.00' WHERE id = 'ACC'",
        "In the bidder table, row 'ACC', field 'price': the file holds '4500000.00', but replaying the audit trail "
        "gives '4650000.00'.",
    ),
    (
        "UPDATE bidder SET price = '4650000' WHERE id = 'ACC'",  # the same number, not the same record
        "row 'ACC', field 'price': the file holds '4650000', but replaying the audit trail gives '4650000.00'.",
    ),
    (
        "UPDATE bidder SET position = 5 WHERE id = 'ACC'",
        "In the bidder table, row 'ACC', field 'position': the file holds 5, but replaying the audit trail gives 0.",
    ),
    (
        "UPDATE envelope SET weight = '45' WHERE id = 'quality'",
        "In the envelope table, row 'quality', field 'weight': the file holds '45', but replaying the audit trail "
        "gives '40'.",
    ),
    (
        "UPDATE question SET weight = '20' WHERE id = 'Q1'",
        "In the question table, row 'Q1', field 'weight': the file holds '20', but replaying the audit trail "
        "gives '15'.",
    ),
    (
        "UPDATE question SET title = 'Care' WHERE id = 'Q1'",
        "row 'Q1', field 'title': the file holds 'Care', but replaying the audit trail gives 'Person-centred care and "
        "outcomes'.",
    ),
    (
        "UPDATE declaration SET conflict = 1 WHERE evaluator_id = 'E1' AND bidder_id = 'ACC'",
        "In the declaration table, the row for evaluator E1, bidder ACC, field 'conflict': the file holds true, but "
        "replaying the audit trail gives false.",
    ),
    (
        "UPDATE declaration SET statement = 'I once worked there.' WHERE evaluator_id = 'E2' AND bidder_id = 'ACC'",
        "the row for evaluator E2, bidder ACC, field 'statement': the file holds 'I once worked there.'",
    ),
    (
        "UPDATE evaluation SET contract_value = '5000000.00'",
        "In the evaluation table, row '1', field 'contract_value': the file holds '5000000.00', but replaying "
        "the audit "
        "trail gives '4800000.00'.",
    ),
    (
        "UPDATE evaluation SET framework_snapshot = NULL",
        "row '1', field 'framework_snapshot': the file holds nothing, but replaying the audit trail gives '# Ethical",
    ),
    (
        "UPDATE evaluation SET reason_min_words = 3",
        "field 'reason_min_words': the file holds 3, but replaying the audit trail gives 10.",
    ),
    (
        "UPDATE stage SET gated = 1 WHERE id = 'interview'",
        "In the stage table, row 'interview', field 'gated': the file holds true, but replaying the audit trail gives "
        "false.",
    ),
    (
        "UPDATE scale SET points = '[]'",
        "In the scale table, row '0-5', field 'points': the file holds '[]', but replaying the audit trail gives ",
    ),
    (
        "UPDATE commitment SET quantity = '90' WHERE bidder_id = 'ACC' AND measure_id = 'EC-L2'",
        "In the commitment table, the row for bidder ACC, measure EC-L2, field 'quantity': the file holds '90', but "
        "replaying the audit trail gives '72'.",
    ),
    (
        "UPDATE evaluator SET role = 'lead' WHERE id = 'E2'",
        "In the evaluator table, row 'E2', field 'role': the file holds 'lead', but replaying the audit trail gives "
        "'evaluator'.",
    ),
    (
        "UPDATE submission SET submitted_at = '2026-09-30T09:00:00+00:00' WHERE evaluator_id = 'E1' "
        "AND stage_id = 'written'",
        "In the submission table, the row for evaluator E1, stage written, field 'submitted_at': the file holds "
        "'2026-09-30T09:00:00+00:00', but replaying the audit trail gives '2026-09-18T16:00:00+00:00'.",
    ),
    (
        "INSERT INTO score (evaluator_id, bidder_id, question_id, stage_id, value, reason, version) "
        "VALUES ('E1', 'ACC', 'P1', 'written', '5', 'Added later.', 1)",
        "The score table holds the row for evaluator E1, bidder ACC, question P1, stage written, which the audit "
        "trail never made: it was added outside svtool.",
    ),
    (
        "DELETE FROM moderation WHERE bidder_id = 'NHG' AND question_id = 'Q1' AND stage_id = 'written'",
        "The moderation table lacks the row for bidder NHG, question Q1, stage written, which the audit trail made "
        "and never removed: it was removed outside svtool.",
    ),
    (
        "DELETE FROM submission WHERE evaluator_id = 'E3' AND stage_id = 'interview'",
        "The submission table lacks the row for evaluator E3, stage interview",
    ),
    (
        "DELETE FROM commitment WHERE bidder_id = 'ACC' AND measure_id = 'EC-L2'",
        "The commitment table lacks the row for bidder ACC, measure EC-L2",
    ),
]


@pytest.mark.parametrize(("statement", "said"), TAMPERINGS, ids=[t[0][:40] for t in TAMPERINGS])
def test_a_change_to_any_table_is_named_with_its_row_field_and_values(demo: Path, statement: str, said: str) -> None:
    assert verify_file(demo).ok
    tamper(demo, statement)
    message = failure(demo)
    assert said in message
    assert "the hash chain is intact" not in message  # the chain alone would have passed it


def test_every_table_is_compared() -> None:
    from svtool.store.models import Base

    stored = set(Base.metadata.tables) - {"audit", "svtool_meta"}
    assert set(SPECS) == stored, "a table verify does not replay"
    assert [c.name for c in SPECS["score"].values] == ["value", "reason"]  # not its id or version


def test_seeded_random_single_field_tamperings_are_all_caught(demo: Path, tmp_path: Path) -> None:
    """50 cases: a random row of a random table, one field (or its key) changed to another value of its kind."""
    rng = random.Random(20261123)
    for case in range(50):
        path = tmp_path / f"case{case}.svt"
        shutil.copyfile(demo, path)
        name = rng.choice(
            [
                n
                for n in sorted(SPECS)  # a table with rows to change (the demo has no sign-offs yet)
                if forger.query(path, f"SELECT count(*) FROM {n}")[0][0]
            ]
        )
        spec = SPECS[name]
        rowid, *values = rng.choice(forger.query(path, f"SELECT rowid, {', '.join(spec.columns)} FROM {name}"))
        columns = list(spec.columns)
        n = rng.randrange(len(columns))
        column, old = columns[n], values[n]
        kind = next(c.kind for c in (*spec.keys, *spec.values) if c.name == column)
        new = _other(rng, kind, old)
        tamper(path, f"UPDATE {name} SET {column} = ? WHERE rowid = {rowid}".replace("?", _literal(new)))
        message = failure(path)
        where = f"In the {name} table" if column not in {c.name for c in spec.keys} else f"The {name} table"
        assert where in message, (case, name, column, old, new, message)
        if column not in {c.name for c in spec.keys}:
            assert f"field '{column}'" in message, (case, message)


def _other(rng: random.Random, kind: str, old: object) -> object:
    """Another value of the same kind: what a hand edit would put there."""
    if kind == "flag":
        return 1 - int(bool(old))
    if kind == "int":
        return (old if isinstance(old, int) else 0) + rng.randint(1, 9)
    if kind == "decimal":
        if old is None:
            return "1"
        return rng.choice(
            [format(Decimal(str(old)) + rng.randint(1, 9), "f"), f"{old}0" if "." in str(old) else f"{old}.0"]
        )
    assert old is None or isinstance(old, str), (kind, old)
    return (old or "") + rng.choice([" (amended)", "x", " "])


def _literal(value: object) -> str:
    return str(value) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"


# Triggers, views and svtool's own guards ---------------------------------------------------------------------------


def test_a_trigger_that_rewrites_saved_scores_is_found_and_so_is_what_it_did(demo: Path) -> None:
    opened = open_evaluation(demo)  # (open before the trigger comes: svtool refuses to open a file holding one)
    tamper(
        demo,
        "CREATE TRIGGER generous AFTER UPDATE ON score BEGIN "
        "UPDATE score SET value = '5' WHERE id = new.id AND new.value <> '5'; END",
    )
    assert (
        "FAILED: The database holds a trigger 'generous' on the score table that svtool did not create: it can "
        "change saved data behind svtool's back."
    ) in failure(demo).splitlines()
    with pytest.raises(DocumentError, match=r"demo\.svt cannot be opened: it was altered outside svtool"):
        open_evaluation(demo)
    reopen_submitted(opened)
    opened.record_score(score("E1", "ACC", "Q1", "written", 2))
    opened.close()
    assert forger.query(
        demo,
        "SELECT value FROM score WHERE evaluator_id = 'E1' AND bidder_id = 'ACC' AND "
        "question_id = 'Q1' AND stage_id = 'written'",
    ) == [("5",)]
    assert (
        "In the score table, the row for evaluator E1, bidder ACC, question Q1, stage written, field 'value': the "
        "file holds '5', but replaying the audit trail gives '2'."
    ) in failure(demo)


def test_a_view_is_found(demo: Path) -> None:
    tamper(demo, "CREATE VIEW scores_shown AS SELECT * FROM score WHERE value <> '0'")
    assert (
        "FAILED: The database holds a view 'scores_shown' that svtool did not create: it can show other data in "
        "place of a table's."
    ) in failure(demo).splitlines()


def test_svtools_own_triggers_missing_or_changed_are_found(demo: Path) -> None:
    tamper(
        demo,
        "DROP TRIGGER audit_no_delete",
        "DROP TRIGGER audit_no_update",
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT 1; END",
    )
    lines = failure(demo).splitlines()
    assert "FAILED: svtool's trigger 'audit_no_update', which keeps the audit trail append-only, has been changed." in (
        lines
    )
    assert "FAILED: svtool's trigger 'audit_no_delete', which keeps the audit trail append-only, is missing." in lines


# The tail cut, the chain rebuilt: the anchor ----------------------------------------------------------------------


def test_a_cut_tail_is_found_by_the_data_or_else_by_the_anchor(demo: Path, tmp_path: Path) -> None:
    anchor = forger.head(demo)[1]
    last = forger.entry(demo, DEMO_ENTRIES)
    assert (last["action"], last["old"]) == ("moderate", None)  # a consensus recorded: the row it made is there
    bidder, question, stage = last["entity_key"].split("/")
    cut = tmp_path / "cut.svt"
    shutil.copyfile(demo, cut)
    forger.cut_tail(cut, 1)
    assert (
        f"The moderation table holds the row for bidder {bidder}, question {question}, stage {stage}, which the "
        "audit trail never made: it was added outside svtool."
    ) in failure(cut)
    # Cut and the consensus removed with it: the chain and the data agree, and only the anchor tells.
    tamper(
        cut,
        f"DELETE FROM moderation WHERE bidder_id = '{bidder}' AND question_id = '{question}' AND stage_id = '{stage}'",
    )
    assert verify_file(cut).ok
    message = failure(cut, anchor)
    assert (
        f"FAILED: no entry in the audit trail has the hash {anchor} (the anchor), so the trail was cut short or "
        "rebuilt after that hash was recorded."
    ) in message.splitlines()
    assert verify_file(demo, anchor).ok and verify_file(demo, anchor[:12]).ok


def test_a_rebuilt_chain_passes_alone_but_not_with_the_anchor(demo: Path) -> None:
    anchor = forger.head(demo)
    # The last score Jo's pack brought in, raised from 3 to 5 in the data and in its entry, every hash recomputed.
    seq, key, new = forger.query(
        demo, "SELECT seq, entity_key, new FROM audit WHERE action = 'score' ORDER BY seq DESC LIMIT 1"
    )[0]
    evaluator, bidder, question, stage = key.split("/")
    raised = {**json.loads(new), "value": "5"}
    forger.rewrite(demo, seq, new=raised)
    tamper(
        demo,
        f"UPDATE score SET value = '5' WHERE evaluator_id = '{evaluator}' AND bidder_id = '{bidder}' "
        f"AND question_id = '{question}' AND stage_id = '{stage}'",
    )
    rebuilt = verify_file(demo)
    assert rebuilt.ok  # the chain and the data agree again: this is what the anchor is for
    assert rebuilt.head is not None and rebuilt.head.seq == anchor[0] and rebuilt.head.hash != anchor[1]
    message = failure(demo, anchor[1][:16])
    assert f"no entry in the audit trail has the hash {anchor[1][:16]} (the anchor)" in message
    assert verify_file(demo, forger.entry(demo, seq - 1)["hash"]).ok  # entries before the forgery still stand


def test_a_careless_forgery_contradicts_the_entries_after_it(demo: Path) -> None:
    opened = open_evaluation(demo)
    reopen_submitted(opened)
    for value in (4, 2):
        opened.record_score(score("E1", "ACC", "Q1", "written", value))
    opened.close()
    seq = forger.head(demo)[0] - 1  # 3 -> 4, then 4 -> 2: the first made 3 -> 5 instead
    forger.rewrite(demo, seq, new={"value": "5", "reason": score("E1", "ACC", "Q1", "written", 5).reason})
    message = failure(demo)
    assert (
        f"Audit entry {seq + 1} (score score E1/ACC/Q1/written) says the score row for evaluator E1, bidder ACC, "
        "question Q1, stage written had value '4', but the entries before it leave '5': the trail contradicts "
        "itself, so it was changed outside svtool."
    ) in message


def test_an_entry_of_a_kind_svtool_does_not_know_cannot_be_replayed(demo: Path) -> None:
    forger.append(demo, "someone", "adjust", "score", "E1/ACC/Q1/written", None, {"value": "5"})
    assert (
        f"Audit entry {DEMO_ENTRIES + 1} (adjust score E1/ACC/Q1/written) is a kind of change this svtool cannot replay"
    ) in failure(demo)


# Files from an earlier svtool -------------------------------------------------------------------------------------


def test_a_file_from_an_earlier_svtool_says_only_its_chain_is_checked(demo: Path) -> None:
    """Before this svtool, the creation entry held only counts (as it does here, the chain hashed as then)."""
    created = json.loads(forger.entry(demo, 1)["new"])
    forger.rewrite(demo, 1, new={k: v for k, v in created.items() if k != "tables"})
    check = verify_file(demo)
    assert check.ok
    assert (
        f"OK: {DEMO_ENTRIES} audit entries, the hash chain is intact. This file was created by an earlier svtool: "
        "the data cannot be replayed, only the chain is checked."
    ) in check.lines
    opened = open_evaluation(demo)  # and it goes on working: new entries are chained as ever
    reopen_submitted(opened)
    opened.record_score(score("E1", "ACC", "Q1", "written", 4))
    opened.close()
    assert verify_file(demo).ok


# Every kind of entry holds its whole change ----------------------------------------------------------------------


def test_the_creation_entry_holds_every_row_with_exact_decimals(demo: Path) -> None:
    tables = json.loads(forger.entry(demo, 1)["new"])["tables"]
    assert set(tables) == set(SPECS)
    bidders = tables["bidder"]
    assert bidders["columns"] == [
        "id",
        "position",
        "name",
        "attributes",
        "excluded_reason",
        "price",
        "address",
        "postcode",
        "identifier",
        "supply_chain",
        "reserved_eligible",
        "reserved_reason",
    ]
    assert bidders["rows"][0] == [
        "ACC",
        0,
        "Ashton Care Co-operative",
        '["co-operative", "sme"]',
        None,
        "4650000.00",
        "12 Gerard Street, Ashton-in-Makerfield",
        "WN4 9AB",
        "IP031842",
        '[{"postcode": "WN4 8AA", "share": "12"}, {"postcode": "WN2 4XZ", "share": "6"}]',
        None,
        "",
    ]
    assert (
        len(tables["score"]["rows"])
        == forger.query(demo, "SELECT count(*) FROM score WHERE evaluator_id <> 'E2'")[0][0]
    )
    opened = open_evaluation(demo)  # lists of the trail show the counts, not every row
    created = opened.audit_trail()[0]
    opened.close()
    scores = len(tables["score"]["rows"])
    assert created.new == (
        f'{{"bidders": 6, "moderations": 0, "questions": 8, "scores": {scores}, '
        '"tables": "every row of every table, as created"}'
    )


def _proved(opened_path: Path) -> FileCheck:
    check = verify_file(opened_path)
    assert check.ok, check.lines
    return check


def test_every_operation_replays_to_the_stored_data(tmp_path: Path) -> None:
    """Each operation in turn, and the file proved after each: an entry that left out part of its change fails."""
    path = tmp_path / "care.svt"
    opened = create_evaluation(care_tender(), path, "tester")
    steps: list[Callable[[], object]] = [
        lambda: opened.record_score(score("e1", "A", "Q1", "written", 3)),
        lambda: opened.record_score(dataclasses.replace(score("e1", "A", "Q1", "written", 2), reason="Reread.")),
        lambda: opened.clear_score("e1", "A", "Q1", "written"),
        lambda: batch.record_scores(
            opened,
            [score("e1", b, "Q2", "written", 4) for b in "ABC"] + [score("e2", b, "Q2", "written", 3) for b in "ABC"],
        ),
        lambda: opened.moderate(
            Moderation("A", "Q2", "written", Decimal(3), "Agreed between the two.", "Say more about supervision.")
        ),
        lambda: opened.moderate(
            Moderation(
                "B",
                "Q2",
                "written",
                Decimal(4),
                "Agreed without e2's view.",
                without="e2 was away; the notes were read.",
            )
        ),
        lambda: opened.clear_moderation("A", "Q2", "written"),
        lambda: batch.save_bidders(
            opened,
            [
                batch.BidderUpdate("D", "Wigan Home Support CIC", Decimal("950000.50")),
                batch.BidderUpdate("A", "Ashton Care Co-operative", Decimal("1000000.25")),
            ],
            "bidders from the portal",
        ),
    ]
    for step in steps:
        step()
        _proved(path)
    # A setup change that removes a bidder with scores and a consensus, then its undo and redo.
    setup = opened.evaluation
    _, change = opened.change_setup(
        dataclasses.replace(
            setup,
            bidders=tuple(b for b in setup.bidders if b.id != "B"),
            bids=tuple(b for b in setup.bids if b.bidder_id != "B"),
        ),
        "remove National Care plc",
    )
    _proved(path)
    _, redo = opened.revert(change, "undo: remove National Care plc")
    _proved(path)
    opened.revert(redo, "redo: remove National Care plc")
    _proved(path)
    # The panel: a lead, members, declarations, a mitigation, a stand-down, a submission and a reopening.
    lead_setup = dataclasses.replace(
        opened.evaluation,
        evaluators=tuple(
            dataclasses.replace(e, role=Role.LEAD) if e.id == "e1" else e for e in opened.evaluation.evaluators
        ),
    )
    opened.change_setup(lead_setup, "e1 leads the panel")
    _, member = panel_members.add_member(opened, "e1", "Priya Shah, contracts officer", Role.EVALUATOR, ("Q1",))
    panel_members.assign(opened, "e1", member, ("Q1", "Q2"))
    for who in ("e1", "e2", member):
        panel.declare(opened, who, None, None)
    panel.declare(opened, "e2", "C", "My sister works for Leigh Homecare.")
    panel.mitigate(opened, "e1", "e2", "C", Mitigation.OFF_BIDDER, "e2 takes no part in scoring Leigh Homecare.")
    panel_members.stand_down(opened, "e1", member, "Left the council.")
    _proved(path)
    opened.record_score(score("e1", "A", "S3", "written", 4))
    opened.close()
    check = _proved(path)
    assert check.head is not None and check.head.seq == forger.head(path)[0]


def test_ids_holding_a_slash_are_told_apart(tmp_path: Path) -> None:
    """Entries name a row by its key's parts joined with '/': an id holding '/' itself is still found."""
    evaluation = care_tender()
    evaluation = dataclasses.replace(
        evaluation,
        bidders=(*evaluation.bidders, Bidder("A/1", "Ashton Care Lot 1"), Bidder("LS", "Leigh Support")),
        bids=(*evaluation.bids, Bid("A/1", Decimal(990_000), {"LS": Decimal(50)}), Bid("LS", Decimal(995_000))),
    )
    path = tmp_path / "slash.svt"
    opened = create_evaluation(evaluation, path, "tester")
    opened.record_score(Score("e1", "A/1", "Q1", "written", Decimal(4), "Clear plans for every person."))
    bids = tuple(
        dataclasses.replace(b, commitments={**b.commitments, "RLW": Decimal(90)}) if b.bidder_id == "A/1" else b
        for b in opened.evaluation.bids
    )
    opened.change_setup(dataclasses.replace(opened.evaluation, bids=bids), "A/1 pays the Real Living Wage")
    opened.close()
    _proved(path)
    tamper(path, "UPDATE commitment SET quantity = '95' WHERE bidder_id = 'A/1' AND measure_id = 'RLW'")
    assert (
        "In the commitment table, the row for bidder A/1, measure RLW, field 'quantity': the file holds '95', "
        "but replaying the audit trail gives '90'."
    ) in failure(path)


def test_the_audit_head_is_the_last_entry_as_stored(demo: Path) -> None:
    opened = open_evaluation(demo)
    head = audit_head(opened)
    assert (head.seq, head.hash) == forger.head(demo) and head.anchor == head.hash[:12]
    reopen_submitted(opened)
    assert audit_head(opened).seq == DEMO_ENTRIES + 6  # the lead reopened three members' two stages
    opened.close()


def test_a_consensus_entry_from_an_earlier_svtool_reads_a_missing_field_as_empty(demo: Path) -> None:
    """An earlier svtool left an empty feedback, basis or 'without' out of a consensus entry."""
    last = forger.entry(demo, DEMO_ENTRIES)
    written = json.loads(last["new"])
    assert written["without"] == "" and written["feedback"]  # this svtool writes every field
    forger.rewrite(demo, DEMO_ENTRIES, new={k: v for k, v in written.items() if k != "without"})
    assert verify_file(demo).ok
    forger.rewrite(demo, DEMO_ENTRIES, new={k: v for k, v in written.items() if k not in ("without", "feedback")})
    assert "field 'feedback': the file holds" in failure(demo)


def test_an_evaluators_pack_is_proved_like_any_evaluation(demo: Path, tmp_path: Path) -> None:
    from svtool.services.packs import export_pack

    opened = open_evaluation(demo)
    export_pack(opened, "E3", tmp_path / "E3.svpack")
    opened.close()
    check = verify_file(tmp_path / "E3.svpack")
    assert check.ok and check.head is not None and check.head.seq == 1, check.lines
    tables = json.loads(forger.entry(tmp_path / "E3.svpack", 1)["new"])["tables"]
    assert {row[0] for row in tables["score"]["rows"]} == {"E3"} and tables["moderation"]["rows"] == []
    assert verify_file(demo).ok  # the export is noted in the lead's trail, and changes no row
