"""No file from anywhere makes svtool crash or hang: every kind of input it reads, damaged at random (seeded), and
the hostile files that once did (docs/installing.md; bench/fuzz_inputs.py runs the same fuzz for longer).

Each is given to the real command; the outcome must be exit 0, or exit 1 with a message: never the last-resort
exit 70, a traceback, or a run past the time limit.
"""

from __future__ import annotations

import sqlite3
import time
import zipfile
from pathlib import Path

import pytest

from svtool.cli import main
from svtool.store import database
from tests.fuzzing import Inputs, Tally, fuzz, run_command


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    return Inputs(tmp_path_factory.mktemp("fuzz"))


#: How many of each kind to try, and the fewest that must come out each way, so that the fuzz is seen reaching
#: both a clean refusal and (for most kinds) a file that still reads.
RUNS = {"framework": (300, 150, 5), "definition": (200, 100, 2), "workbook": (200, 80, 10), "evaluation": (150, 40, 20)}


@pytest.mark.parametrize("kind", sorted(RUNS))
def test_damaged_inputs_are_refused_cleanly(inputs: Inputs, kind: str) -> None:
    count, fewest_refused, fewest_ok = RUNS[kind]
    started = time.perf_counter()
    tally = fuzz(inputs, kind, count, seed=2026)
    assert tally.tried == count
    assert tally.outcomes["ok"] + tally.outcomes["refused"] == count, (tally.line(kind), tally.examples)
    assert tally.outcomes["refused"] >= fewest_refused and tally.outcomes["ok"] >= fewest_ok, tally.line(kind)
    assert time.perf_counter() - started < 60


def _refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected problem" not in err
    return err


@pytest.mark.parametrize("line", ["deep = " + "[" * 5000 + "]" * 5000, "deep = " + "{a = " * 3000 + "1" + "}" * 3000])
def test_deep_nesting_is_refused_before_parsing(tmp_path: Path, line: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(f"[framework]\nformat = 1\n{line}\n", encoding="utf-8")
    assert main(["frameworks", "check", str(path)]) == 1
    assert "deep.toml, line 3" in capsys.readouterr().out
    definition = tmp_path / "def.toml"
    definition.write_text(f'[evaluation]\ntitle = "x"\n{line}\n', encoding="utf-8")
    assert "def.toml, line 3: the file: nests lists or tables" in _refused(
        ["new", "--from", str(definition), str(tmp_path / "x.svt")], capsys
    )


@pytest.mark.parametrize("value", ["nan", "-inf", "inf", "1e999999", "1e26", "9" * 5000])
def test_hostile_numbers_in_a_definition_are_refused_at_once(
    inputs: Inputs, tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = tmp_path / "def.toml"
    definition.write_text(
        inputs.definition.replace("contract_value = ", f"contract_value = {value}\n# ", 1), encoding="utf-8"
    )
    started = time.perf_counter()
    err = _refused(["new", "--from", str(definition), str(tmp_path / "x.svt")], capsys)
    assert time.perf_counter() - started < 2 and "def.toml" in err
    assert not (tmp_path / "x.svt").exists()


@pytest.mark.parametrize("reference", ["/dev/zero", "../frameworks/ppn-002.toml", "C:\\frameworks\\x.toml"])
def test_a_definition_names_its_framework_by_id_never_by_path(
    inputs: Inputs, tmp_path: Path, reference: str, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = tmp_path / "def.toml"
    text = inputs.definition.replace('framework = "ethical-care"', f"framework = '{reference}'")
    assert text != inputs.definition
    definition.write_text(text, encoding="utf-8")
    err = _refused(["new", "--from", str(definition), str(tmp_path / "x.svt")], capsys)
    assert "is not a framework id" in err


def test_a_framework_path_that_is_a_device_is_not_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "check", "/dev/zero"]) == 1
    assert "is not an ordinary file" in capsys.readouterr().out


def _one_huge_cell(path: Path, megabytes: int) -> None:
    """A small file whose shared strings unpack to many megabytes: one cell of repeated text."""
    cell = "a" * (megabytes * 1_000_000)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
        book.writestr("xl/sharedStrings.xml", f"<sst><si><t>{cell}</t></si></sst>")


def test_a_workbook_that_unpacks_too_large_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "bomb.xlsx"
    _one_huge_cell(book, 40)
    assert book.stat().st_size < 1_000_000
    started = time.perf_counter()
    err = _refused(["frameworks", "import-xlsx", str(book), str(tmp_path / "out.toml")], capsys)
    assert "unpacks to 40 MB, far more than a framework workbook holds" in err
    assert time.perf_counter() - started < 1 and not (tmp_path / "out.toml").exists()


def _altered(inputs: Inputs, tmp_path: Path, *statements: str) -> Path:
    path = tmp_path / "altered.svt"
    path.write_bytes(inputs.svt.read_bytes())
    with sqlite3.connect(path) as connection:
        for statement in statements:
            connection.execute(statement)
    return path


def test_an_evaluation_file_with_a_view_svtool_did_not_create_is_refused(
    inputs: Inputs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _altered(
        inputs,
        tmp_path,
        "ALTER TABLE bidder RENAME TO bidder_old",
        "CREATE VIEW bidder AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) "
        "SELECT * FROM bidder_old, r",
    )
    started = time.perf_counter()
    err = _refused(["results", str(path)], capsys)
    assert "altered.svt cannot be opened: it was altered outside svtool" in err and "view 'bidder'" in err
    assert time.perf_counter() - started < 2
    # verify alone opens it, to say what is wrong (its replay reads the view: the query limit stops it)
    monkeypatch.setattr(database, "QUERY_SECONDS", 1.0)
    assert main(["verify", str(path)]) == 1
    assert "FAILED: The database holds a view 'bidder'" in capsys.readouterr().out


def test_a_query_that_runs_too_long_is_stopped(inputs: Inputs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "QUERY_SECONDS", 0.5)
    document = database.open_document(inputs.svt)
    try:
        started = time.perf_counter()
        with pytest.raises(Exception, match="interrupted"), document.engine.connect() as connection:
            connection.exec_driver_sql(
                "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r"
            ).scalar()
        assert time.perf_counter() - started < 5
        with document.engine.connect() as connection:  # the next query starts its own clock
            assert connection.exec_driver_sql("SELECT count(*) FROM bidder").scalar()
    finally:
        document.close()


@pytest.mark.parametrize("value", ["'[NaN]'", "'{'", "'" + "[" * 100_000 + "'", "'[Infinity]'"])
def test_bad_json_in_an_evaluation_file_gets_a_message(
    inputs: Inputs, tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _altered(inputs, tmp_path, f"UPDATE evaluation SET split = {value}")
    assert "altered.svt is damaged and cannot be read" in _refused(["results", str(path)], capsys)


@pytest.mark.parametrize("value", ["'NaN'", "'1e999999'", "'-Infinity'", "'lots'"])
def test_a_hostile_number_in_an_evaluation_file_gets_a_message(
    inputs: Inputs, tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _altered(inputs, tmp_path, f"UPDATE bidder SET price = {value} WHERE rowid = 1")
    assert "altered.svt is damaged and cannot be read" in _refused(["results", str(path)], capsys)


def test_the_tally_tells_outcomes_apart(tmp_path: Path) -> None:
    tally = Tally()
    assert run_command(tally, ["frameworks", "list"], "list") == "ok"
    assert run_command(tally, ["frameworks", "check", str(tmp_path / "none.toml")], "missing") == "refused"
    assert run_command(tally, ["frameworks", "check"], "usage") == "other"
    assert tally.tried == 3 and tally.examples["other"]


@pytest.mark.parametrize("value", ["nan", "inf", "1e999999", "1e26", "1e-999999"])
def test_hostile_numbers_in_a_framework_name_their_field(
    inputs: Inputs, tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = next(t for t in inputs.frameworks if "proxy_value = " in t)
    start = text.index("proxy_value = ") + len("proxy_value = ")
    path = tmp_path / "hostile.toml"
    path.write_text(text[:start] + value + text[text.index("\n", start) :], encoding="utf-8")
    assert main(["frameworks", "check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "field 'proxy_value'" in out and "INVALID" in out


@pytest.mark.parametrize(
    ("column", "value"),
    [("value", "X'fffe'"), ("value", "'lots'"), ("value", "'NaN'"), ("reason", "X'fffe'"), ("evaluator_id", "X'00ff'")],
)
def test_a_score_of_a_kind_svtool_never_writes_is_a_damaged_file(
    inputs: Inputs, tmp_path: Path, column: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Scores are read cast to the kinds svtool writes (not scanned at open): what cannot be read so is damage.
    path = _altered(inputs, tmp_path, f"UPDATE score SET {column} = {value} WHERE rowid = 1")
    err = _refused(["results", str(path)], capsys)
    # (an id of another kind names no evaluator, so the check of the rows' references finds it first)
    assert "altered.svt is damaged and cannot be read" in err or "altered.svt cannot be opened" in err


@pytest.mark.parametrize(
    ("table", "statement"),
    [
        ("evaluator", "UPDATE score SET evaluator_id = 'E99' WHERE rowid = 7"),
        ("bidder", "UPDATE score SET bidder_id = 'GONE' WHERE rowid = 1"),
        ("question", "UPDATE score SET question_id = 'Q99' WHERE rowid = (SELECT max(rowid) FROM score)"),
        ("stage", "UPDATE score SET stage_id = 'written ' WHERE rowid = 3"),
    ],
)
def test_a_score_naming_a_row_that_is_not_there_is_refused_naming_its_table(
    inputs: Inputs, tmp_path: Path, table: str, statement: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # SQLite holds a file edited elsewhere to no foreign key; the scores are checked as they are read
    # (store/score_rows.py), not by a second scan at open.
    path = _altered(inputs, tmp_path, statement)
    err = _refused(["results", str(path)], capsys)
    assert (
        "altered.svt cannot be opened: it was altered outside svtool. "
        f"A row of the score table names a row of the {table} table that does not exist." in err
    )


def test_a_consensus_naming_a_row_that_is_not_there_is_refused_at_open(
    inputs: Inputs, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _altered(inputs, tmp_path, "UPDATE moderation SET question_id = 'Q99' WHERE rowid = 1")
    err = _refused(["results", str(path)], capsys)
    assert "A row of the moderation table names a row of the question table that does not exist." in err
