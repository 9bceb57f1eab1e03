"""export/atomic.py on its own: the finished file is shared as the writer would have made it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from svtool.export.atomic import write_atomically, write_folder_atomically


def test_a_finished_file_has_the_usual_permissions_not_a_temporary_files(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("as open() makes it")
    write_atomically(tmp_path / "atomic.txt", lambda part: part.write_text("moved into place"))
    assert stat.S_IMODE(os.stat(tmp_path / "atomic.txt").st_mode) == stat.S_IMODE(os.stat(plain).st_mode)
    assert (tmp_path / "atomic.txt").read_text() == "moved into place"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atomic.txt", "plain.txt"]


def test_a_folder_is_written_whole_and_its_files_named_in_place(tmp_path: Path) -> None:
    def fill(folder: Path) -> list[Path]:
        for name in ("a.pdf", "b.pdf"):
            (folder / name).write_text(name)
        return [folder / "a.pdf", folder / "b.pdf"]

    made = write_folder_atomically(tmp_path / "set", fill)
    assert made == [tmp_path / "set" / "a.pdf", tmp_path / "set" / "b.pdf"]
    assert [p.read_text() for p in made] == ["a.pdf", "b.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set"]
