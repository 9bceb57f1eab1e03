"""svtool score: one score, or a CSV of many saved all or nothing, with one audit entry a score, stale rows refused,
and hostile files answered with a line of plain English (never a traceback), on a .svt and on PostgreSQL."""

from __future__ import annotations

import dataclasses
import json
import random
import sqlite3
from pathlib import Path

import pytest

from svtool.cli import main
from svtool.domain.engine import evaluate
from svtool.domain.evaluation import Evaluation, Score
from svtool.domain.validation import check_score
from svtool.services import batch
from svtool.services import evaluations as service
from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import create_evaluation, open_evaluation, verify_file
from svtool.services.session import score_key
from tests.conftest import reopen_submitted
from tests.domain.builders import D

HEADER = "evaluator,bidder,question,stage,value,reason"
BIDDERS = ("ACC", "NHG", "LHC", "WSE", "PSS", "CUK")


# Fixtures and helpers ---------------------------------------------------------------------------------------------


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """The demonstration: every panel-scored cell already has a score from each evaluator, at version 1, and the
    lead has reopened the submitted stages so that they can be scored again."""
    path = tmp_path / "demo.svt"
    opened = create_evaluation(demo_evaluation(), path, "tester")
    reopen_submitted(opened)
    opened.close()
    return path


@pytest.fixture
def unscored_file(tmp_path: Path) -> Path:
    """The demonstration's setup with no scores yet (so none submitted)."""
    path = tmp_path / "unscored.svt"
    create_evaluation(unscored(), path, "tester").close()
    return path


def unscored() -> Evaluation:
    return dataclasses.replace(demo_evaluation(), scores=(), moderations=(), submissions=())


def write_csv(path: Path, *rows: str, header: str = HEADER, newline: str = "\n") -> Path:
    path.write_text(newline.join([header, *rows]) + newline, encoding="utf-8", newline="")
    return path


def stored_scores(location: str | Path) -> dict[tuple[str, str, str, str], Score]:
    opened = open_evaluation(location)
    try:
        return {score_key(s): s for s in opened.stored_evaluation().scores}
    finally:
        opened.close()


def score_entries(location: str | Path) -> list[tuple[str, str, str | None, str | None]]:
    """(action, key, old, new) of each audit entry about a score."""
    opened = open_evaluation(location)
    try:
        return [(e.action, e.key, e.old, e.new) for e in opened.audit_trail() if e.entity == "score"]
    finally:
        opened.close()


def audit_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM audit").fetchone()[0])


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_score_args(
    location: Path | str, value: str = "4", reason: str = "Clear plans, reviewed quarterly.", evaluator: str = "E1"
) -> list[str]:
    return [
        "score",
        str(location),
        "--as",
        evaluator,
        "--bidder",
        "ACC",
        "--question",
        "Q1",
        "--stage",
        "written",
        "--value",
        value,
        "--reason",
        reason,
    ]


def many_rows() -> list[str]:
    """Eighteen good rows: each evaluator scores each bidder on Q1, written."""
    return [
        f'E{e},{b},Q1,written,{(e + i) % 6},"Scored {(e + i) % 6}: plans reviewed, outcomes shown."'
        for e in (1, 2, 3)
        for i, b in enumerate(BIDDERS)
    ]


# One score --------------------------------------------------------------------------------------------------------


def test_one_score_is_saved_with_the_audit_entry_record_score_writes(
    unscored_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *one_score_args(unscored_file))
    assert (code, err) == (0, "")
    assert out == "Saved E1's score for ACC, Q1 (written): 4.\n"
    assert stored_scores(unscored_file)[("E1", "ACC", "Q1", "written")].value == 4
    assert score_entries(unscored_file) == [
        ("score", "E1/ACC/Q1/written", None, json.dumps({"reason": "Clear plans, reviewed quarterly.", "value": "4"}))
    ]


def test_one_changed_score_keeps_the_old_one_in_the_audit_trail(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = stored_scores(demo_file)[("E1", "ACC", "Q1", "written")]
    assert run(capsys, *one_score_args(demo_file, value="5"))[0] == 0
    [(action, key, old, new)] = score_entries(demo_file)
    assert (action, key) == ("score", "E1/ACC/Q1/written")
    assert json.loads(old or "") == {"value": format(before.value, "f"), "reason": before.reason}
    assert json.loads(new or "")["value"] == "5"
    assert run(capsys, *one_score_args(demo_file, value="5"))[1].startswith("Nothing to save")


@pytest.mark.parametrize(
    ("value", "reason", "evaluator", "expected"),
    [
        ("7", "Too good to be true.", "E1", "7 is not on the 0 to 5 scale"),
        ("3", "   ", "E1", "Every score needs a reason"),
        ("3", "Fine.", "E9", "There is no evaluator 'E9'"),
        ("three", "Fine.", "E1", "The value 'three' is not a number"),
        ("NaN", "Fine.", "E1", "The value 'NaN' is not a number"),
    ],
)
def test_one_score_refused_saves_nothing(
    unscored_file: Path, capsys: pytest.CaptureFixture[str], value: str, reason: str, evaluator: str, expected: str
) -> None:
    code, out, err = run(capsys, *one_score_args(unscored_file, value, reason, evaluator))
    assert (code, out) == (1, "")
    assert expected in err and err.count("\n") == 1
    assert stored_scores(unscored_file) == {}


def test_one_score_needs_every_option_or_a_csv(
    unscored_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _out, err = run(capsys, "score", str(unscored_file), "--as", "E1", "--value", "3")
    assert code == 2 and "missing: --bidder, --question, --stage, --reason" in err
    scores = write_csv(tmp_path / "s.csv", *many_rows())
    code, _out, err = run(capsys, "score", str(unscored_file), "--csv", str(scores), "--as", "E1")
    assert code == 2 and "not both (--as)" in err


# Many scores from a CSV ---------------------------------------------------------------------------------------------


def test_a_csv_of_many_scores_is_saved_with_one_audit_entry_each(
    unscored_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = many_rows()
    code, out, err = run(capsys, "score", str(unscored_file), "--csv", str(write_csv(tmp_path / "s.csv", *rows)))
    assert (code, err) == (0, "")
    assert out == f"Saved 18 scores from {tmp_path / 's.csv'} to {unscored_file}.\n"
    stored = stored_scores(unscored_file)
    assert len(stored) == 18
    assert stored[("E2", "NHG", "Q1", "written")] == Score(
        "E2", "NHG", "Q1", "written", D(3), "Scored 3: plans reviewed, outcomes shown."
    )
    entries = score_entries(unscored_file)
    assert [key for _a, key, _o, _n in entries] == ["/".join(k) for k in stored]
    assert all(action == "score" and old is None for action, _k, old, _n in entries)
    assert verify_file(unscored_file).ok
    code, out, _err = run(capsys, "score", str(unscored_file), "--csv", str(tmp_path / "s.csv"))
    assert code == 0 and out.startswith("Nothing to save: the 18 scores")
    assert len(score_entries(unscored_file)) == 18


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        ("E1,ACC,Q1,written,6,Off the scale.", "6 is not on the 0 to 5 scale: enter one of 0, 1, 2, 3, 4, 5."),
        ("E1,ACC,Q1,written,2.5,Between points.", "2.5 is not on the 0 to 5 scale"),
        ("E1,ACC,Q1,written,-1,Below the scale.", "-1 is not on the 0 to 5 scale"),
        ("E1,ACC,Q1,written,3,", "Every score needs a reason"),
        ("E7,ACC,Q1,written,3,Fine.", "There is no evaluator 'E7' on this evaluation's panel."),
        ("E1,ZZZ,Q1,written,3,Fine.", "There is no bidder 'ZZZ' in this evaluation."),
        ("E1,ACC,Q9,written,3,Fine.", "There is no question Q9."),
        ("E1,ACC,Q1,oral,3,Fine.", "Question Q1 is not scored in the oral stage."),
        ("E1,ACC,Q4,interview,3,Fine.", "Question Q4 is not scored in the interview stage."),
        ("E1,ACC,P1,written,3,Fine.", "Question P1 is not scored by the panel"),
        ("E1,ACC,Q1,written,four,Fine.", "The value 'four' is not a number svtool accepts"),
        ("E1,ACC,Q1,written,1e999999,Fine.", "The value '1e999999' is not a number svtool accepts"),
        ("E1,ACC,Q1,written,,Fine.", "The value is blank"),
        ("E1,,Q1,written,3,Fine.", "The bidder is blank."),
        ("E1,ACC,Q1,written,3,Fine.,surplus", "This row has 7 values, but the first line names 6 columns."),
        ('E1,ACC,Q1,written,3,"Nul\x00here"', "The reason holds a control character (U+0000)"),
        ("E1,ACC,Q1,written,4,Again.", "A duplicate: line 2 already scores E1/ACC/Q1/written. Keep one of them."),
    ],
)
def test_a_csv_is_all_or_nothing(
    unscored_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], bad_row: str, expected: str
) -> None:
    rows = many_rows()
    rows.insert(3, bad_row)  # line 5: the header is line 1
    before = audit_count(unscored_file)
    code, out, err = run(capsys, "score", str(unscored_file), "--csv", str(write_csv(tmp_path / "s.csv", *rows)))
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0] == f"{tmp_path / 's.csv'}, line 5: {expected}" or lines[0].startswith(
        f"{tmp_path / 's.csv'}, line 5: {expected}"
    )
    assert lines[1:] == [
        f"Nothing was saved: 1 of 19 rows in {tmp_path / 's.csv'} was refused. Put them right and "
        "run the command again."
    ]
    assert stored_scores(unscored_file) == {} and audit_count(unscored_file) == before


def test_every_refused_row_is_named_in_line_order(
    unscored_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        "E1,ACC,Q1,written,3,Fine.",
        "",
        "E1,ACC,Q1,written,9,Too high.",
        "E2,ACC,Q1,written,x,Odd.",
        '"E3","ACC","Q1","written","2","Over\ntwo lines."',
        "E9,ACC,Q1,written,2,Who?",
    ]
    code, _out, err = run(capsys, "score", str(unscored_file), "--csv", str(write_csv(tmp_path / "s.csv", *rows)))
    assert code == 1
    assert [line.split(": ", 1)[0].rsplit(", ", 1)[1] for line in err.splitlines()[:-1]] == [
        "line 4",
        "line 5",
        "line 8",
    ]
    assert "3 of 5 rows" in err.splitlines()[-1]


# Stale rows ---------------------------------------------------------------------------------------------------------


def test_the_version_column_refuses_stale_rows(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = f"{HEADER},version"
    scores = write_csv(
        tmp_path / "s.csv",
        "E1,ACC,Q1,written,5,Outstanding plans.,1",
        "E2,ACC,Q1,written,5,Outstanding plans.,",
        header=header,
    )
    assert run(capsys, "score", str(demo_file), "--csv", str(scores))[0] == 0  # based on version 1: saved
    assert stored_scores(demo_file)[("E1", "ACC", "Q1", "written")].value == 5

    again = write_csv(
        tmp_path / "again.csv",
        "E1,ACC,Q1,written,2,Weak on review.,1",
        "E3,ACC,Q1,written,1,Poor.,0",
        "E2,NHG,Q1,written,1,Poor.,1",
        header=header,
    )
    before = stored_scores(demo_file)
    code, _out, err = run(capsys, "score", str(demo_file), "--csv", str(again))
    assert code == 1
    line2, line3 = err.splitlines()[:2]
    assert line2.startswith(
        f"{again}, line 2: Stale: this row was based on version 1 of the score, but version 2 is "
        "stored; last changed by "
    )
    assert line3.startswith(f"{again}, line 3: Stale: this row expects no score yet, but one is stored (version 1)")
    assert "Nothing was saved: 2 of 3 rows" in err
    assert stored_scores(demo_file) == before  # line 4 was good, but is not saved alone


def test_version_0_means_there_must_be_no_score_yet(
    unscored_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scores = write_csv(tmp_path / "s.csv", "E1,ACC,Q1,written,3,Sound.,0", header=f"{HEADER},version")
    assert run(capsys, "score", str(unscored_file), "--csv", str(scores))[0] == 0
    code, _out, err = run(capsys, "score", str(unscored_file), "--csv", str(scores))
    assert code == 1 and "line 2: Stale: this row expects no score yet" in err
    bad = write_csv(tmp_path / "bad.csv", "E1,ACC,Q1,written,3,Sound.,one", header=f"{HEADER},version")
    assert "The version 'one' is not a whole number" in run(capsys, "score", str(unscored_file), "--csv", str(bad))[2]


def test_a_score_changed_by_another_session_while_saving_refuses_the_batch(demo_file: Path) -> None:
    ours, theirs = open_evaluation(demo_file, "Sam"), open_evaluation(demo_file, "Jo")
    try:
        theirs.record_score(Score("E2", "NHG", "Q1", "written", D(1), "Jo's change."))
        mine = [Score("E1", "ACC", "Q1", "written", D(5), "Mine."), Score("E2", "NHG", "Q1", "written", D(2), "Mine.")]
        with pytest.raises(batch.BatchRefused) as refused:
            batch.record_scores(ours, mine, [None, None])
        [problem] = refused.value.problems
        assert problem.index == 1 and problem.message.startswith("Stale: another session changed this score")
        assert ("E2", "NHG", "Q1", "written") in refused.value.changes.scores
        assert ours.scores[("E2", "NHG", "Q1", "written")].reason == "Jo's change."  # caught up with theirs
        assert ours.scores[("E1", "ACC", "Q1", "written")].reason != "Mine."  # nothing of the batch kept
    finally:
        ours.close()
        theirs.close()
    stored = stored_scores(demo_file)
    assert stored[("E1", "ACC", "Q1", "written")].reason != "Mine."
    assert stored[("E2", "NHG", "Q1", "written")].reason == "Jo's change."


def test_the_command_names_the_row_that_turned_out_stale_while_saving(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = open_evaluation(demo_file, "Sam")  # read before Jo's change: as if Jo saved while this run was checking
    theirs = open_evaluation(demo_file, "Jo")
    theirs.record_score(Score("E3", "CUK", "Q2", "interview", D(0), "Jo's change."))
    theirs.close()
    monkeypatch.setattr(service, "open_evaluation", lambda location, actor=None: ours)
    scores = write_csv(tmp_path / "s.csv", "E1,ACC,Q1,written,5,Mine.", "E3,CUK,Q2,interview,2,Mine.")
    code, _out, err = run(capsys, "score", str(demo_file), "--csv", str(scores))
    assert code == 1
    assert err.startswith(f"{scores}, line 3: Stale: another session changed this score")
    assert stored_scores(demo_file)[("E1", "ACC", "Q1", "written")].reason != "Mine."


def test_record_scores_leaves_the_state_as_record_score_would(unscored_file: Path, tmp_path: Path) -> None:
    scores = [
        Score(f"E{e}", b, "Q2", stage, D((e + len(b)) % 6), f"Reason {e}{b}{stage}.")
        for e in (1, 2)
        for b in BIDDERS
        for stage in ("written", "interview")
    ]
    twin = tmp_path / "twin.svt"
    twin.write_bytes(unscored_file.read_bytes())
    batched, one_by_one = open_evaluation(unscored_file, "tester"), open_evaluation(twin, "tester")
    try:
        changes = batch.record_scores(batched, scores, None)
        for score in scores:
            one_by_one.record_score(score)
        assert changes.scores == frozenset(score_key(s) for s in scores)
        assert batched.scores == one_by_one.scores and batched.score_versions == one_by_one.score_versions
        assert batched.results() == one_by_one.results() == evaluate(batched.stored_evaluation())
        assert batched.refresh().empty  # its own audit entries are not news to it
        assert [(e.action, e.key, e.old, e.new) for e in batched.audit_trail()][1:] == [
            (e.action, e.key, e.old, e.new) for e in one_by_one.audit_trail()
        ][1:]
        assert batch.record_scores(batched, scores).empty
    finally:
        batched.close()
        one_by_one.close()


# Hostile files --------------------------------------------------------------------------------------------------------


def test_a_bom_windows_line_endings_blank_lines_and_extra_columns_are_fine(
    unscored_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "\r\n".join(
        [
            "Reason,Stage,Question,Bidder,Evaluator,Value,Portal ref",
            "",
            '"Good, with examples",written,Q1,ACC,E1,4,R-1',
            "  ",
            ",,,,,,",
            '"Two\r\nlines",written,Q1,NHG,E1,3,R-2',
            "",
        ]
    )
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    code, out, err = run(capsys, "score", str(unscored_file), "--csv", str(path))
    assert (code, err) == (0, "") and "Saved 2 scores" in out
    assert stored_scores(unscored_file)[("E1", "NHG", "Q1", "written")].reason == "Two\r\nlines"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty: its first line must name the columns"),
        (b"\n\n  \n", "is empty"),
        (HEADER.encode() + b"\n\n", "has a first line naming the columns but no rows below it"),
        (
            b"evaluator,bidder,question,value\nE1,ACC,Q1,3\n",
            "line 1: The columns 'stage' and 'reason' are missing. The first line must name the columns 'evaluator', "
            "'bidder', 'question', 'stage', 'value' and 'reason'.",
        ),
        (HEADER.encode() + b",Value\n", "line 1: The column 'value' is named twice. Keep one."),
        (
            HEADER.encode() + b"\nE1,ACC,Q1,written,3,caf\xe9\n",
            "line 2: The file is not UTF-8 text (byte 0xE9 cannot be read). In Excel, save it as 'CSV UTF-8",
        ),
        ("\ufeff".encode("utf-16"), "line 1: The file is not UTF-8 text (byte 0xFF"),
        (
            HEADER.encode() + b'\nE1,ACC,Q1,written,3,"never closed\nE2,ACC,Q1,written,3,Fine.\n',
            "line 2: This row cannot be read as CSV (unexpected end of data)",
        ),
        (
            HEADER.encode() + b'\nE1,ACC,Q1,written,3,"' + b"x" * 200_000 + b'"\n',
            "line 2: A value is longer than the 131,072 characters svtool reads.",
        ),
    ],
)
def test_a_file_that_cannot_be_read_gets_one_line(
    unscored_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, expected: str
) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(content)
    code, out, err = run(capsys, "score", str(unscored_file), "--csv", str(path))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and expected in err and err.startswith(str(path))


@pytest.mark.parametrize(
    "value",
    [
        "NaN",
        "nan",
        "sNaN",
        "Infinity",
        "-inf",
        "1e999999",
        "1E-999999",
        "0x3",
        "٣",
        "³",
        "½",
        "3,0",
        "1" * 31,
        "+-3",
        "3.0.0",
        ".",
    ],
)
def test_values_that_are_not_plain_numbers_are_refused(
    unscored_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    path = write_csv(tmp_path / "s.csv", f'E1,ACC,Q1,written,"{value}",Fine.')
    code, _out, err = run(capsys, "score", str(unscored_file), "--csv", str(path))
    assert code == 1 and "is not a number svtool accepts" in err and len(err.splitlines()[0]) < 200


def test_long_and_strange_fields_are_answered_on_one_short_line(
    unscored_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        'E1,"' + "B" * 100_000 + '",Q1,written,3,Fine.',
        '"E1\nE2",ACC,Q1,written,3,Fine.',
        "E1,\u202eACC,Q1,written,3,Fine.",
        "E1,ACC,Q1,written\ufeff,3,Fine.",
        'E1,ACC,Q1,written,3,"' + "long reason\u2028 " * 8_000 + '"',
    )
    code, _out, err = run(capsys, "score", str(unscored_file), "--csv", str(path))
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 5 and all(len(line) < 300 for line in lines)
    assert "line 2: The bidder 'BBBBB" in lines[0] and "is 100,000 characters long" in lines[0]
    assert "line 3: The evaluator 'E1 E2' holds a control or invisible character (U+000A)" in lines[1]
    assert "line 5: The bidder ' ACC' holds a control or invisible character (U+202E)" in lines[2]
    assert "line 6: The stage 'written ' holds a control or invisible character (U+FEFF)" in lines[3]
    assert "4 of 5 rows" in lines[4]  # the long reason, line breaks and all, was not the problem


def test_a_missing_csv_or_evaluation(unscored_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "score", str(unscored_file), "--csv", str(tmp_path / "none.csv"))
    assert code == 1 and "none.csv does not exist." in err
    code, _out, err = run(capsys, "score", str(unscored_file), "--csv", str(tmp_path))
    assert code == 1 and "is a folder, not a CSV file" in err
    scores = write_csv(tmp_path / "s.csv", *many_rows())
    code, _out, err = run(capsys, "score", str(tmp_path / "none.svt"), "--csv", str(scores))
    assert code == 1 and "does not exist" in err


# A bounded, seeded fuzz -------------------------------------------------------------------------------------------

TOKENS = [
    "",
    " ",
    "NaN",
    "-Infinity",
    "1e999999",
    "1E-7",
    "-0",
    "0",
    "5",
    "2.5",
    "4.0",
    "00003",
    "9" * 40,
    "£5",
    "1,000",
    "0x10",
    "٣",
    "E1",
    "E2",
    "ACC",
    "CUK",
    "Q1",
    "Q2",
    "Q4",
    "S3",
    "P1",
    "written",
    "interview",
    "\x00",
    "\ufeff",
    "\u202e",
    '"',
    '""',
    "\r",
    "\n",
    "\r\n",
    ",",
    "x" * 140_000,
    "reason " * 300,
    "🙂",
    "version",
    "value",
    "reason",
    "evaluator",
    "1",
    "2",
    "-1",
    "0.0000000000001",
]
NOISE = [b"\xff", b"\xfe", b"\x00", b"\xc3", b"\xef\xbb\xbf", b"\r", b"\n", b"\r\n", b",", b'"', b";", b"\t", b"\x1a"]


def fuzz_base(rng: random.Random) -> str:
    header = f"{HEADER},version" if rng.random() < 0.3 else HEADER
    rows = []
    for _ in range(rng.randint(1, 6)):
        row = [
            f"E{rng.randint(1, 3)}",
            rng.choice(BIDDERS),
            rng.choice(["Q1", "Q2", "Q3", "S3"]),
            rng.choice(["written", "interview"]),
            str(rng.randint(0, 5)),
            f'"Reason {rng.randint(0, 999)}, ok"',
        ]
        rows.append(",".join(row + ([rng.choice(["", "0", "1", "2"])] if "version" in header else [])))
    return "\n".join([header, *rows]) + "\n"


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One random damage: a cell replaced, bytes inserted or removed, lines repeated or dropped, endings changed."""
    choice = rng.randrange(7)
    if choice == 0:  # a cell replaced by something hostile
        lines = data.split(b"\n")
        index = rng.randrange(len(lines))
        cells = lines[index].split(b",")
        cells[rng.randrange(len(cells))] = rng.choice(TOKENS).encode("utf-8")
        lines[index] = b",".join(cells)
        return b"\n".join(lines)
    if choice == 1:
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.choice(NOISE) * rng.randint(1, 3) + data[at:]
    if choice == 2:
        at = rng.randrange(len(data) + 1)
        return data[:at] + data[at + rng.randint(1, 12) :]
    if choice == 3:
        lines = data.split(b"\n")
        index = rng.randrange(len(lines))
        return b"\n".join(lines[:index] + [lines[index]] * rng.randint(2, 3) + lines[index + 1 :])
    if choice == 4:
        lines = data.split(b"\n")
        del lines[rng.randrange(len(lines))]
        return b"\n".join(lines)
    if choice == 5:
        return data.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\n"]))
    return b"\xef\xbb\xbf" + data if rng.random() < 0.5 else data[: rng.randrange(len(data) + 1)]


def test_300_mutated_csvs_never_crash_or_half_save(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(1234)
    path = tmp_path / "fuzz.csv"
    codes = []
    for attempt in range(300):
        data = fuzz_base(rng).encode("utf-8")
        for _ in range(rng.randint(1, 3)):
            data = mutate(rng, data)
        path.write_bytes(data)
        before = audit_count(demo_file)
        code, _out, err = run(capsys, "score", str(demo_file), "--csv", str(path))
        assert code in (0, 1), (attempt, data[:300], err)
        assert "Traceback" not in err and "unexpected problem" not in err, (attempt, err)
        if code == 1:
            assert audit_count(demo_file) == before, (attempt, data[:300])  # all or nothing
        codes.append(code)
    assert codes.count(0) > 20 and codes.count(1) > 20  # the fuzz reaches both outcomes
    assert verify_file(demo_file).ok
    opened = open_evaluation(demo_file)
    try:
        stored = opened.stored_evaluation()
        assert all(check_score(stored, s) is None for s in stored.scores)
        assert opened.results() == evaluate(stored)
    finally:
        opened.close()


# PostgreSQL ---------------------------------------------------------------------------------------------------------


def test_scores_on_postgres(database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    create_evaluation(unscored(), database_url, "tester").close()
    good = write_csv(tmp_path / "s.csv", *many_rows())
    code, out, err = run(capsys, "score", database_url, "--csv", str(good))
    assert (code, err) == (0, "") and out.startswith(f"Saved 18 scores from {good} to postgresql")
    assert len(stored_scores(database_url)) == 18 and len(score_entries(database_url)) == 18

    stale = write_csv(
        tmp_path / "stale.csv",
        "E1,ACC,Q1,written,5,Better.,1",
        "E1,NHG,Q1,written,5,Better.,0",
        'E1,ACC,Q2,written,"' + "9" * 100 + '",Huge.,0',
        'E1,ACC,Q2,written,3,"Nul\x00",0',
        header=f"{HEADER},version",
    )
    code, _out, err = run(capsys, "score", database_url, "--csv", str(stale))
    assert code == 1 and "line 3: Stale" in err and "line 4: The value" in err and "line 5: The reason" in err
    assert len(score_entries(database_url)) == 18  # line 2 was good, but not saved alone

    code, out, _err = run(capsys, *one_score_args(database_url, value="0", reason="Unicode £ reason 🙂"))
    assert code == 0 and stored_scores(database_url)[("E1", "ACC", "Q1", "written")].reason == "Unicode £ reason 🙂"
    assert verify_file(database_url).ok
