"""Bad return workbooks are refused whole, with the sheet, row, column and reason, and nothing saved: another
contract's return, another period's, text in a number cell, implausible figures, a missing sheet, and (a bounded,
seeded fuzz) damaged files, which give a clear message and never a traceback (docs/delivery.md)."""

from __future__ import annotations

import random
import shutil
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from svtool.services import delivery, delivery_files
from svtool.services.errors import UserError
from svtool.services.evaluations import open_evaluation
from svtool.services.session import OpenEvaluation


@pytest.fixture
def awarded(final_file: Path) -> Iterator[OpenEvaluation]:
    opened = open_evaluation(final_file)
    opened.act_as("E1", "tester")
    delivery.award(opened, "E1", "2027-Q1")
    yield opened
    opened.close()


def template(opened: OpenEvaluation, folder: Path, period: str = "2027-Q1") -> Path:
    path = folder / f"{period}.xlsx"
    delivery_files.write_template(opened, period, path)
    return path


def filled(path: Path, out: Path, **cells: object) -> Path:
    book = load_workbook(path)
    sheet = book["Return"]
    sheet["B7"], sheet["E10"], sheet["E11"] = 400000, 80, 100
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(out)
    return out


def refused(opened: OpenEvaluation, path: Path, period: str | None = None) -> str:
    trail = len(opened.audit_trail())
    with pytest.raises(UserError) as caught:
        delivery_files.import_return(opened, path, period)
    assert len(opened.audit_trail()) == trail, "a refused return saved something"
    assert not delivery.awarded(delivery.load(opened)).returns
    return str(caught.value)


def test_a_good_return_is_saved(awarded: OpenEvaluation, tmp_path: Path) -> None:
    assert delivery_files.import_return(awarded, filled(template(awarded, tmp_path), tmp_path / "r.xlsx")) == "2027-Q1"
    d = delivery.awarded(delivery.load(awarded))
    assert [(f.kpi_id, f.delivered) for f in d.figures] == [("K1", Decimal(80)), ("K2", Decimal(100))]
    assert d.returns[0].source == "workbook r.xlsx"


def test_another_contracts_return(awarded: OpenEvaluation, tmp_path: Path) -> None:
    path = filled(template(awarded, tmp_path), tmp_path / "r.xlsx", B2="0123456789AB")
    assert (
        "Sheet 'Return', row 2, column B (Contract id): this return is for contract '0123456789AB', not this one"
    ) in refused(awarded, path)


def test_another_period(awarded: OpenEvaluation, tmp_path: Path) -> None:
    q2 = filled(template(awarded, tmp_path, "2027-Q2"), tmp_path / "q2.xlsx")
    assert "row 5, column B (Period): this return is for 2027-Q2, not 2027-Q1" in refused(awarded, q2, "2027-Q1")
    retyped = filled(template(awarded, tmp_path), tmp_path / "r.xlsx", B5="2027-Q3")
    assert "row 6, column B (Check code): the code does not match the period 2027-Q3" in refused(awarded, retyped)
    outside = filled(template(awarded, tmp_path), tmp_path / "o.xlsx", B5="2031-Q1")
    assert "'2031-Q1' is not one of this contract's reporting periods (2027-Q1 to 2028-Q4)" in refused(awarded, outside)


def test_text_and_implausible_values(awarded: OpenEvaluation, tmp_path: Path) -> None:
    message = refused(awarded, filled(template(awarded, tmp_path), tmp_path / "r.xlsx", E10="lots", E11=120, B7=-5))
    assert (
        "Sheet 'Return', row 10, column E (Delivered, KPI K1): the value holds text ('lots'), not a number." in message
    )
    assert "Sheet 'Return', row 11, column E (Delivered, KPI K2): 120 is a percentage above 100." in message
    assert "Sheet 'Return', row 7, column B (Contract spend): the value is negative." in message
    empty = refused(awarded, filled(template(awarded, tmp_path), tmp_path / "e.xlsx", E10=None))
    assert "row 10, column E (Delivered, KPI K1): empty; give the figure delivered (0 if none)." in empty
    huge = refused(awarded, filled(template(awarded, tmp_path), tmp_path / "h.xlsx", B7=10**12))
    assert "(Contract spend): the value is more than ten times the whole contract's value." in huge


def test_missing_sheet_and_not_a_workbook(awarded: OpenEvaluation, tmp_path: Path) -> None:
    book = load_workbook(template(awarded, tmp_path))
    book["Return"].title = "Sheet1"
    book.save(tmp_path / "renamed.xlsx")
    assert "has no sheet called 'Return' (sheets found: Sheet1)" in refused(awarded, tmp_path / "renamed.xlsx")
    (tmp_path / "text.xlsx").write_text("not a workbook")
    assert "cannot be opened as an Excel workbook" in refused(awarded, tmp_path / "text.xlsx")


def test_a_zip_bomb_is_not_opened(awarded: OpenEvaluation, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 60_000_000)
    assert bomb.stat().st_size < 1_000_000
    assert "unpacks to far more than a return holds" in refused(awarded, bomb)


def _damaged(data: bytes, rng: random.Random) -> bytes:
    blob = bytearray(data)
    kind = rng.randrange(3)
    if kind == 0:  # flip bytes anywhere
        for _ in range(rng.randint(1, 20)):
            blob[rng.randrange(len(blob))] = rng.randrange(256)
    elif kind == 1:  # cut short
        del blob[rng.randrange(len(blob)) :]
    else:  # a run of junk in the middle
        at = rng.randrange(len(blob))
        blob[at : at + rng.randint(1, 200)] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    return bytes(blob)


def _xml_damaged(source: Path, out: Path, rng: random.Random) -> None:
    """The same workbook with one of its XML parts damaged but the zip itself sound."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        victim = rng.choice(names)
        for name in names:
            data = zin.read(name)
            zout.writestr(name, _damaged(data, rng) if name == victim and data else data)


def test_fuzzed_returns_are_refused_or_read_never_a_traceback(awarded: OpenEvaluation, tmp_path: Path) -> None:
    good = filled(template(awarded, tmp_path), tmp_path / "good.xlsx")
    data = good.read_bytes()
    rng = random.Random(20271)
    outcomes = {"refused": 0, "read": 0}
    for n in range(120):  # bounded: about five seconds
        case = tmp_path / f"case{n}.xlsx"
        if n % 2:
            case.write_bytes(_damaged(data, rng))
        else:
            _xml_damaged(good, case, rng)
        try:
            delivery_files.import_return(awarded, case)
        except UserError as error:
            assert "nothing was saved" in str(error) or "not saved" in str(error)
            outcomes["refused"] += 1
        else:  # damage that left the cells intact: the return is what the good one says
            figures = delivery.awarded(delivery.load(awarded)).figures
            assert {(f.kpi_id, f.delivered) for f in figures} == {("K1", Decimal(80)), ("K2", Decimal(100))}
            outcomes["read"] += 1
    assert outcomes["refused"] > 30, outcomes
    shutil.rmtree(tmp_path, ignore_errors=True)
