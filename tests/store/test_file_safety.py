"""The .svt file as people's tools treat it: copied by Explorer or a backup tool while the app has it open, and
kept in folders the officer may only read (a shared drive, a records folder)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from svtool.services.demo import demo_evaluation
from svtool.services.errors import UserError
from svtool.services.evaluations import create_evaluation, open_evaluation, verify_file
from svtool.store.errors import DocumentError
from tests.conftest import reopen_submitted
from tests.domain.builders import score


def test_a_copy_taken_while_the_app_is_open_holds_every_saved_edit(tmp_path: Path) -> None:
    path = tmp_path / "care.svt"
    create_evaluation(demo_evaluation(), path).close()
    opened = open_evaluation(path, actor="Jo Robinson")
    reopen_submitted(opened)
    edits = [score(e, "ACC", "Q1", "written", n % 6) for n, e in enumerate(("E1", "E2", "E3"))]
    for edit in edits:
        opened.record_score(edit)
    copy = tmp_path / "copy.svt"
    shutil.copyfile(path, copy)  # the file alone, as Explorer copies it, with the session still open
    assert not list(tmp_path.glob("care.svt-*")), "nothing may be left beside the file between edits"
    stored = open_evaluation(copy).stored_evaluation()
    for edit in edits:
        assert edit in stored.scores
    assert verify_file(copy).ok
    opened.close()


@contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """Make a folder read-only for this process: by permissions for a normal user; for root, whom permissions do
    not stop, by mounting it read-only (as a network share or records folder would be)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_file_in_a_read_only_folder_opens_read_only(tmp_path: Path, journal: str) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    path = folder / "care.svt"
    opened = create_evaluation(demo_evaluation(), path)
    reopen_submitted(opened)  # so that the edit below is refused for the folder, not for a submitted stage
    expected = len(opened.scores)
    opened.close()
    if journal == "wal":  # as svtool 0.1 left its files
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA journal_mode = WAL")
        connection.close()
    with read_only_folder(folder):
        with pytest.raises(OSError):
            (folder / "probe").write_text("x")
        opened = open_evaluation(path)
        assert opened.read_only
        assert len(opened.scores) == expected
        assert opened.results().winner is not None
        with pytest.raises((UserError, DocumentError), match="read-only"):
            opened.record_score(score("E1", "ACC", "Q1", "written", 1))
        opened.close()
        assert verify_file(path).ok
    assert sorted(p.name for p in folder.iterdir()) == ["care.svt"]
