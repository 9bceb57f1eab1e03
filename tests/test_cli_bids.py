"""svtool bids: bidders added and updated from a tender portal's export in one setup change, or none at all."""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal
from pathlib import Path

import pytest

from svtool.domain.evaluation import Attribute, Evaluation
from svtool.services import evaluations as service
from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import create_evaluation, open_evaluation, verify_file
from tests.test_cli_score import mutate, run

HEADER = "id,name,price,attributes"


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.svt"
    create_evaluation(demo_evaluation(), path, "tester").close()
    return path


def write_csv(path: Path, *rows: str, header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8", newline="")
    return path


def stored(location: str | Path) -> Evaluation:
    opened = open_evaluation(location)
    try:
        return opened.stored_evaluation()
    finally:
        opened.close()


def setup_entries(location: str | Path) -> list[str]:
    opened = open_evaluation(location)
    try:
        return [e.key for e in opened.audit_trail() if e.action == "setup"]
    finally:
        opened.close()


def price_of(evaluation: Evaluation, bidder_id: str) -> Decimal | None:
    return next(b.price for b in evaluation.bids if b.bidder_id == bidder_id)


def bidder(evaluation: Evaluation, bidder_id: str) -> tuple[str, frozenset[Attribute]]:
    found = next(b for b in evaluation.bidders if b.id == bidder_id)
    return found.name, found.attributes


def test_bidders_are_added_and_updated_in_one_setup_change(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = stored(demo_file)
    bids = write_csv(
        tmp_path / "portal.csv",
        'ACC,Ashton Care Co-operative Ltd,"£4,700,000.00",co-operative; local',  # renamed, repriced
        "NHG,National Homecare Group plc,4180000.00,",  # as stored, attributes cleared (it had none)
        "NEW,Northern Enablement CIC,,SME; vcse; Social Enterprise",  # added, no price yet
        "PRM,Prime Care Ltd,3999999.99,sme",
    )
    code, out, err = run(capsys, "bids", str(demo_file), "--csv", str(bids))
    assert (code, err) == (0, "")
    assert out == f"Saved the bidders from {bids} to {demo_file}: 2 added, 1 updated, 1 unchanged.\n"
    after = stored(demo_file)
    assert [b.id for b in after.bidders] == [b.id for b in before.bidders] + ["NEW", "PRM"]
    assert bidder(after, "ACC") == (
        "Ashton Care Co-operative Ltd",
        frozenset({Attribute.CO_OPERATIVE, Attribute.LOCAL}),
    )
    assert price_of(after, "ACC") == Decimal("4700000.00")
    assert bidder(after, "NEW") == (
        "Northern Enablement CIC",
        frozenset({Attribute.SME, Attribute.VCSE, Attribute.SOCIAL_ENTERPRISE}),
    )
    assert price_of(after, "NEW") is None and price_of(after, "PRM") == Decimal("3999999.99")
    assert (
        next(b for b in after.bids if b.bidder_id == "ACC").commitments
        == next(b for b in before.bids if b.bidder_id == "ACC").commitments
    )  # commitments kept
    assert after.scores == before.scores and after.moderations == before.moderations
    assert setup_entries(demo_file) == [f"Bidders from {bids.name}"]
    assert verify_file(demo_file).ok

    code, out, _err = run(capsys, "bids", str(demo_file), "--csv", str(bids))
    assert code == 0 and out.startswith("Nothing to save: the 4 bidders")
    assert len(setup_entries(demo_file)) == 1


def test_without_an_attributes_column_attributes_are_kept(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bids = write_csv(tmp_path / "b.csv", "LHC,Leigh Homecare Ltd,4400000", header="ID,Name,Price,Lot")
    assert run(capsys, "bids", str(demo_file), "--csv", str(bids))[0] == 0
    after = stored(demo_file)
    assert bidder(after, "LHC") == ("Leigh Homecare Ltd", frozenset({Attribute.SME}))
    assert price_of(after, "LHC") == 4_400_000


def test_a_blank_price_leaves_it_unset(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bids = write_csv(tmp_path / "b.csv", "CUK,Careline UK Ltd,,", "NEW,New Ltd,  ,")
    assert run(capsys, "bids", str(demo_file), "--csv", str(bids))[0] == 0
    after = stored(demo_file)
    assert price_of(after, "CUK") is None and price_of(after, "NEW") is None


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        ("ACC,Ashton Care,-5,", "The price -5 is negative: a price must be more than £0."),
        ("ACC,Ashton Care,-£5,", "The price -5 is negative"),
        ("ACC,Ashton Care,0,", "The price is £0: a price must be more than £0"),
        (
            "ACC,Ashton Care,about a million,",
            "The price 'about a million' is not a number svtool accepts: write it in "
            "pounds, such as 4650000.00 or £4,650,000.00.",
        ),
        ('ACC,Ashton Care,"4,70",', "The price '4,70' is not a number"),
        ("ACC,Ashton Care,1e999999,", "The price '1e999999' is not a number"),
        ("ACC,Ashton Care,NaN,", "The price 'NaN' is not a number"),
        (
            "ACC,Ashton Care,1000,charity",
            "'charity' is not an attribute svtool knows: use sme, vcse, co-operative, "
            "local, social-enterprise, separated by semicolons.",
        ),
        ("ACC,,1000,", "Bidder 'ACC' has no name."),
        (",Someone,1000,", "No id: give each bidder the id the tender portal gave it."),
        ("I" * 65 + ",Long,1000,", "is 65 characters long; an id is at most 64."),
        ("A\u200bCC,Zero width,1000,", "holds a control or invisible character (U+200B)"),
        ('ACC,"Ashton\x00Care",1000,', "The name holds a control character (U+0000)"),
        ("ACC,Ashton Care,1000,,surplus", "This row has 5 values, but the first line names 4 columns."),
        ("NHG,Again,1000,", "A duplicate: line 2 already has bidder 'NHG'. Keep one of them."),
    ],
)
def test_a_bad_row_refuses_the_whole_file(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], bad_row: str, expected: str
) -> None:
    before = stored(demo_file)
    bids = write_csv(
        tmp_path / "b.csv", "NHG,National Homecare Group plc,4000000,", "NEW,New Care Ltd,4100000,sme", bad_row
    )
    code, out, err = run(capsys, "bids", str(demo_file), "--csv", str(bids))
    assert (code, out) == (1, "")
    first, summary = err.splitlines()
    assert first.startswith(f"{bids}, line 4: ") and expected in first
    assert summary == f"Nothing was saved: 1 of 3 rows in {bids} was refused. Put them right and run the command again."
    assert stored(demo_file) == before and setup_entries(demo_file) == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"id,name\nACC,Ashton\n",
            "line 1: The column 'price' is missing. The first line must name the columns 'id', 'name' and 'price'.",
        ),
        (b"bidder,supplier name,total\n", "The columns 'id', 'name' and 'price' are missing."),
        (b"id,name,price\n", "has a first line naming the columns but no rows below it"),
        (b"id,name,price\nACC,Caf\xe9 Care,10\n", "line 2: The file is not UTF-8 text (byte 0xE9 cannot be read)"),
    ],
)
def test_a_file_that_cannot_be_used_gets_one_line(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, expected: str
) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(content)
    code, _out, err = run(capsys, "bids", str(demo_file), "--csv", str(path))
    assert code == 1 and err.count("\n") == 1 and expected in err


def test_an_excel_export_with_a_bom_and_windows_line_endings(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "portal.csv"
    path.write_bytes(
        "\ufeffSupplier ref,ID,Name,Price,Attributes\r\n\r\n"
        '9001,NEW,"Wigan Care, Ltd","£ 1,250,000","SME;Local"\r\n'.encode()
    )
    code, out, err = run(capsys, "bids", str(demo_file), "--csv", str(path))
    assert (code, err) == (0, "") and "1 added" in out
    after = stored(demo_file)
    assert bidder(after, "NEW") == ("Wigan Care, Ltd", frozenset({Attribute.SME, Attribute.LOCAL}))
    assert price_of(after, "NEW") == 1_250_000


def test_bidders_another_session_changed_while_saving_are_not_overwritten(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = open_evaluation(demo_file, "Sam")  # read before Jo's change: as if Jo saved while this run was checking
    theirs = open_evaluation(demo_file, "Jo")
    theirs.change_setup(
        dataclasses.replace(
            theirs.evaluation,
            bids=tuple(
                dataclasses.replace(b, price=Decimal(4_111_111)) if b.bidder_id == "ACC" else b
                for b in theirs.evaluation.bids
            ),
        ),
        "Jo's price for ACC",
    )
    theirs.close()
    monkeypatch.setattr(service, "open_evaluation", lambda location, actor=None: ours)
    bids = write_csv(tmp_path / "b.csv", "ACC,Ashton Care Co-operative,4650001,", "NEW,New Ltd,1000,")
    code, out, err = run(capsys, "bids", str(demo_file), "--csv", str(bids))
    assert (code, out) == (1, "")
    assert err == (
        f"{bids}: nothing was saved, because another session changed the bidders while these were being "
        "saved. Run it again to check them against what is now stored.\n"
    )
    after = stored(demo_file)
    assert price_of(after, "ACC") == 4_111_111 and "NEW" not in {b.id for b in after.bidders}


def test_mutated_bids_csvs_never_crash_or_half_save(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(1234)
    path = tmp_path / "fuzz.csv"
    base = (
        'id,name,price,attributes\nACC,Ashton Care,"£4,650,000.00",sme; local\nNHG,National,4180000,\n'
        "NEW,New Care CIC,,vcse\n"
    ).encode()
    for attempt in range(100):
        data = base
        for _ in range(rng.randint(1, 3)):
            data = mutate(rng, data)
        path.write_bytes(data)
        entries = len(setup_entries(demo_file))
        code, _out, err = run(capsys, "bids", str(demo_file), "--csv", str(path))
        assert code in (0, 1) and "Traceback" not in err and "unexpected problem" not in err, (attempt, err)
        assert code == 0 or len(setup_entries(demo_file)) == entries, (attempt, data)
    assert verify_file(demo_file).ok


def test_bids_on_postgres(database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    create_evaluation(demo_evaluation(), database_url, "tester").close()
    bids = write_csv(
        tmp_path / "b.csv", "ACC,Ashton Care Co-operative,4600000,co-operative;sme", "NEW,New Care CIC,,vcse"
    )
    code, out, err = run(capsys, "bids", database_url, "--csv", str(bids))
    assert (code, err) == (0, "") and "1 added, 1 updated" in out
    after = stored(database_url)
    assert price_of(after, "ACC") == 4_600_000 and bidder(after, "NEW")[1] == frozenset({Attribute.VCSE})
    bad = write_csv(tmp_path / "bad.csv", "CUK,Careline,3000000,", "I" * 65 + ",Too long,1,", 'ACC,"Nul\x00",1,')
    code, _out, err = run(capsys, "bids", database_url, "--csv", str(bad))
    assert code == 1 and "line 3:" in err and "line 4:" in err
    assert price_of(stored(database_url), "CUK") == price_of(after, "CUK")
    assert verify_file(database_url).ok


def test_addresses_postcodes_and_identifiers_come_from_the_csv(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bids = write_csv(
        tmp_path / "details.csv",
        'NEW,Hindley Home Support CIC,,"2 Market Street, Hindley",wn2 3aa,12345678',
        "LHC,Leigh Homecare Ltd,4420000.00,,,",  # blank cells clear them
        header="id,name,price,address,postcode,identifier",
    )
    code, _out, err = run(capsys, "bids", str(demo_file), "--csv", str(bids))
    assert (code, err) == (0, ""), err
    after = stored(demo_file)
    new = next(b for b in after.bidders if b.id == "NEW")
    assert (new.address, new.postcode, new.identifier) == ("2 Market Street, Hindley", "WN2 3AA", "12345678")
    leigh = next(b for b in after.bidders if b.id == "LHC")
    assert (leigh.address, leigh.postcode, leigh.identifier) == ("", "", "")
    # Without the columns, the details are kept as stored.
    assert (
        run(
            capsys,
            "bids",
            str(demo_file),
            "--csv",
            str(write_csv(tmp_path / "plain.csv", "NEW,Hindley Home Support CIC,100")),
        )[0]
        == 0
    )
    assert next(b for b in stored(demo_file).bidders if b.id == "NEW").postcode == "WN2 3AA"


def test_a_bad_postcode_refuses_the_file_naming_its_line(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = stored(demo_file)
    bids = write_csv(tmp_path / "bad.csv", "NEW,Hindley Home Support CIC,,WN2", header="id,name,price,postcode")
    code, _out, err = run(capsys, "bids", str(demo_file), "--csv", str(bids))
    assert code != 0 and "line 2" in err and "'WN2' is not a UK postcode" in err
    assert stored(demo_file) == before
