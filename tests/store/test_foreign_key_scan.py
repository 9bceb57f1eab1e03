"""The foreign-key scan at open (store/database.py) runs beside the load on its own connection: a file whose rows
name rows that do not exist is still refused with the same words, nothing read from it is used, and no scan is
left running once the open has answered."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import create_evaluation, open_evaluation
from svtool.store.errors import DocumentError


def _scans() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "svtool foreign-key scan"]


def _orphan_score(path: Path, bidder: str) -> None:
    """A score naming a bidder the file does not hold, written as another tool could (foreign keys off)."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("UPDATE score SET bidder_id = ? WHERE id = (SELECT min(id) FROM score)", (bidder,))


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "care.svt"
    create_evaluation(demo_evaluation(), path).close()
    return path


def test_a_file_whose_score_names_a_missing_bidder_is_refused_in_the_same_words(demo_file: Path) -> None:
    _orphan_score(demo_file, "GONE")
    with pytest.raises(DocumentError) as refused:
        open_evaluation(demo_file)
    assert str(refused.value).startswith("care.svt cannot be opened: it was altered outside svtool.")
    assert "A row of the score table names a row of the bidder table that does not exist." in str(refused.value)
    assert _scans() == []


def test_an_intact_file_opens_and_its_scan_has_finished(demo_file: Path) -> None:
    opened = open_evaluation(demo_file)
    try:
        assert _scans() == []
        assert len(opened.stored_evaluation().scores) == len(demo_evaluation().scores) > 0
    finally:
        opened.close()


def test_opening_the_same_file_from_many_threads_at_once_refuses_or_opens_each_whole(demo_file: Path) -> None:
    """Eight opens at once (a second session, the export's reader): each scan answers its own open."""
    broken = demo_file.with_name("broken.svt")
    broken.write_bytes(demo_file.read_bytes())
    _orphan_score(broken, "GONE")
    outcomes: dict[int, str] = {}

    def open_one(n: int) -> None:
        try:
            open_evaluation(broken if n % 2 else demo_file).close()
            outcomes[n] = "opened"
        except DocumentError as error:
            outcomes[n] = "refused" if "names a row of the bidder table" in str(error) else str(error)

    threads = [threading.Thread(target=open_one, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == {n: "refused" if n % 2 else "opened" for n in range(8)}
    assert _scans() == []
