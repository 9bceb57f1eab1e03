"""The svtool command: the frameworks subcommands, their exit codes, and no tracebacks ever."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from svtool.cli import main
from svtool.frameworks.textformat import read_framework_file
from tests.conftest import ROOT, SHIPPED
from tests.frameworks.test_textformat import GOOD


def test_frameworks_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "list"]) == 0
    out = capsys.readouterr().out
    for framework_id in ("ppn-002", "ppn-06-20", "cwb-local", "ethical-care"):
        assert framework_id in out


def test_frameworks_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "show", "ethical-care"]) == 0
    out = capsys.readouterr().out
    assert "EC-W1  Care workers on the contract paid at least the Real Living Wage  (unit %; target 100%)" in out


def test_frameworks_show_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "show", "national-toms"]) == 1
    err = capsys.readouterr().err
    assert "no framework with the id 'national-toms'" in err and "ppn-002" in err


def test_check_passes_for_every_shipped_framework(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "check", *map(str, SHIPPED)]) == 0
    assert capsys.readouterr().out.count("OK ") == len(SHIPPED)


def test_check_fails_with_messages_for_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace('unit = "GBP"', 'unit = "quid"'), encoding="utf-8")
    assert main(["frameworks", "check", str(SHIPPED[0]), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "INVALID  " in out and "bad.toml, line 30: measure 'M2', field 'unit': 'quid' is not a known unit" in out
    assert "1 of 2 file(s) have problems." in out


def test_export_then_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = tmp_path / "cwb.xlsx"
    text = tmp_path / "cwb.toml"
    assert main(["frameworks", "export-xlsx", "cwb-local", str(workbook)]) == 0
    assert main(["frameworks", "import-xlsx", str(workbook), str(text)]) == 0
    original = next(p for p in SHIPPED if p.name == "community-wealth-building.toml")
    assert read_framework_file(text) == read_framework_file(original)
    assert "20 measures" in capsys.readouterr().out


def test_import_of_a_bad_workbook_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "broken.xlsx"
    source.write_bytes(b"PK\x03\x04 not really")
    destination = tmp_path / "out.toml"
    assert main(["frameworks", "import-xlsx", str(source), str(destination)]) == 1
    assert "cannot be opened" in capsys.readouterr().err
    assert not destination.exists()


def test_export_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "export-xlsx", "ppn-002", str(tmp_path / "nowhere" / "x.xlsx")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_user_frameworks_appear_in_the_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from svtool.services.frameworks import user_frameworks_dir

    folder = user_frameworks_dir()
    folder.mkdir(parents=True)
    (folder / "ours.toml").write_text(GOOD, encoding="utf-8")
    assert main(["frameworks", "list"]) == 0
    assert "demo" in capsys.readouterr().out
    assert main(["frameworks", "show", "demo"]) == 0


@pytest.mark.parametrize("content", [b"\x00\xff\xfe garbage", b"[framework\nid=", b"[[themes]]\nid = 3\n"])
def test_garbage_gives_a_message_not_a_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "garbage.toml"
    path.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "svtool", "frameworks", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "garbage.toml" in result.stdout


def test_unexpected_errors_are_logged_not_shown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from svtool.services import frameworks

    def explode() -> None:
        raise RuntimeError("simulated fault")

    monkeypatch.setattr(frameworks, "library", explode)
    assert main(["frameworks", "list"]) == 70
    err = capsys.readouterr().err
    assert "unexpected problem (RuntimeError)" in err and "Traceback" not in err
    log = Path(err.split("The details are in ")[1].split(".log")[0] + ".log")
    assert "simulated fault" in log.read_text(encoding="utf-8")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("svtool ")


def test_help_names_every_command_and_the_ways_to_open_the_app(capsys: pytest.CaptureFixture[str]) -> None:
    from svtool.cli import build_parser

    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "svtool FILE.svt" in out and "svtool FILE.svpack" in out and "postgresql+psycopg://" in out
    top: Any = build_parser()._subparsers._group_actions[0]  # type: ignore[union-attr]
    assert all(name in out for name in top.choices)
    # The frameworks command's summary lists exactly its actions (it once offered a 'convert' that did not exist).
    summary = next(a.help for a in top._choices_actions if a.dest == "frameworks")
    actions = top.choices["frameworks"]._subparsers._group_actions[0].choices
    assert set(summary.split(": ", 1)[1].split(", ")) == set(actions)
