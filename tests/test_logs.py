"""svtool's log: the platform's log folder, a rotating file, and the last-resort handler writing through it."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from svtool import logs
from svtool.cli import main


def test_the_log_folder_follows_the_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SVTOOL_LOG_DIR")
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
        assert logs.log_dir() == tmp_path / "state" / "svtool" / "log"
    monkeypatch.setenv("SVTOOL_LOG_DIR", str(tmp_path / "elsewhere"))
    assert logs.log_dir() == tmp_path / "elsewhere"


def test_the_log_rotates_and_keeps_a_bounded_number_of_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SVTOOL_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(logs, "MAX_BYTES", 10_000)
    assert logs.configure_logging() == tmp_path / "logs" / "svtool.log"
    assert logs.configure_logging() == tmp_path / "logs" / "svtool.log"  # again: still one handler
    assert sum(isinstance(h, RotatingFileHandler) for h in logging.getLogger("svtool").handlers) == 1
    for number in range(1_000):
        logging.getLogger("svtool.test").info("line %d %s", number, "x" * 80)
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == ["svtool.log", "svtool.log.1", "svtool.log.2", "svtool.log.3"]
    assert all(p.stat().st_size <= 10_000 for p in (tmp_path / "logs").iterdir())
    assert "line 999" in (tmp_path / "logs" / "svtool.log").read_text(encoding="utf-8")


def test_the_last_resort_handler_and_commands_write_through_the_log(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from svtool.services import frameworks

    monkeypatch.setenv("SVTOOL_LOG_DIR", str(tmp_path / "logs"))

    def explode() -> None:
        raise RuntimeError("simulated fault")

    monkeypatch.setattr(frameworks, "library", explode)
    assert main(["frameworks", "list"]) == 70
    assert str(tmp_path / "logs" / "svtool.log") in capsys.readouterr().err
    text = (tmp_path / "logs" / "svtool.log").read_text(encoding="utf-8")
    assert "svtool.cli: svtool frameworks" in text  # the command, by name only (arguments may hold passwords)
    assert "ERROR svtool.unexpected: unexpected error: RuntimeError" in text and "simulated fault" in text
    assert "Traceback" in text
