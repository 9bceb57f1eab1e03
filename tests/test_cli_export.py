"""svtool export refuses, before writing anything, a destination that writing to would hurt (services/outputs.py):
the evaluation itself under any name, an evaluation's other files, a read-only folder, a folder of other files."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from svtool.cli import main
from svtool.services.demo import create_demo
from tests.store.test_file_safety import read_only_folder


@pytest.fixture
def evaluation(tmp_path: Path) -> Path:
    path = tmp_path / "E.svt"
    create_demo(path).close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _same_path(e: Path) -> Path:
    return e


def _dotted(e: Path) -> Path:
    return e.parent / "sub" / ".." / e.name  # the same file, spelt differently (sub need not exist to resolve)


def _symlink(e: Path) -> Path:
    link = e.parent / "results.xlsx"
    link.symlink_to(e)
    return link


def _hard_link(e: Path) -> Path:
    link = e.parent / "hard.xlsx"
    os.link(e, link)
    return link


def _wal(e: Path) -> Path:
    return e.with_name(e.name + "-wal")


def _another_evaluation(e: Path) -> Path:
    return e.with_name("other.svt")


@pytest.mark.parametrize("option", ["--xlsx", "--pdf"])
@pytest.mark.parametrize(
    "target",
    [_same_path, _dotted, _symlink, _hard_link, _wal, _another_evaluation],
    ids=lambda f: f.__name__.strip("_"),
)
def test_export_will_not_write_over_an_evaluation(
    evaluation: Path, option: str, target: Callable[[Path], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    destination = target(evaluation)
    (evaluation.parent / "sub").mkdir()
    before, files = _digest(evaluation), _listing(evaluation.parent)
    assert main(["export", str(evaluation), option, str(destination)]) == 1
    err = capsys.readouterr().err
    assert "evaluation's file" in err and "Traceback" not in err
    assert _digest(evaluation) == before and _listing(evaluation.parent) == files
    assert main(["results", str(evaluation)]) == 0  # still the evaluation, and it still opens


def test_export_refuses_a_read_only_folder_before_writing_anything(
    evaluation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared, writable = tmp_path / "records", tmp_path / "out"
    shared.mkdir()
    writable.mkdir()
    with read_only_folder(shared):
        code = main(
            [
                "export",
                str(evaluation),
                "--xlsx",
                str(writable / "e.xlsx"),
                "--pdf",
                str(shared / "e.pdf"),
                "--summaries",
                str(writable / "summaries"),
            ]
        )
    err = capsys.readouterr().err
    assert code == 1
    assert f"the folder {shared} cannot be written to" in err and "read-only" in err
    assert _listing(shared) == [] and _listing(writable) == [], "a refusal writes nothing, the workbook included"


def test_export_refuses_a_missing_folder_and_a_folder_as_a_file(
    evaluation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(evaluation), "--xlsx", str(tmp_path / "nowhere" / "e.xlsx")]) == 1
    assert f"the folder {tmp_path / 'nowhere'} does not exist" in capsys.readouterr().err
    assert main(["export", str(evaluation), "--pdf", str(tmp_path)]) == 1
    assert "that is a folder" in capsys.readouterr().err


def test_the_same_file_twice_is_refused(evaluation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "e.out"
    assert main(["export", str(evaluation), "--xlsx", str(out), "--pdf", str(out)]) == 1
    assert "give each its own name" in capsys.readouterr().err and not out.exists()


def test_summaries_never_replace_a_folder_of_other_files(
    evaluation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "covering letter.docx").write_text("Dear bidder")
    assert main(["export", str(evaluation), "--summaries", str(letters)]) == 1
    assert "holds other files (covering letter.docx)" in capsys.readouterr().err
    assert _listing(letters) == ["covering letter.docx"]
    assert main(["export", str(evaluation), "--summaries", str(tmp_path)]) == 1  # the evaluation's own folder
    assert "E.svt" in capsys.readouterr().err


def test_a_new_set_of_summaries_replaces_the_old_one_whole(
    evaluation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "summaries"
    folder.mkdir()
    stale = folder / "assessment-summary-A-Bidder-Since-Withdrawn.pdf"
    stale.write_bytes(b"%PDF- an earlier set")
    (folder / "Thumbs.db").write_bytes(b"")
    assert main(["export", str(evaluation), "--summaries", str(folder)]) == 0
    written = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Wrote ")]
    names = _listing(folder)
    assert len(names) == len(written) == 6 and all(n.startswith("assessment-summary-") for n in names)
    assert not stale.exists()
    assert _listing(tmp_path) == sorted(["E.svt", "summaries", *[f"summaries/{n}" for n in names]])
