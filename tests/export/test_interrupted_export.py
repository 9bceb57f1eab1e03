"""An export stopped part-way (a failure, Ctrl-C, Cancel) leaves nothing that looks complete: no file, no part of a
set of summaries, no temporary file; an earlier export stays as it was (export/atomic.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import svtool.export.summaries as summaries
import svtool.services.reporting as reporting
from svtool.export.report_data import ExportCancelled
from svtool.services.demo import create_demo
from svtool.services.errors import UserError
from svtool.services.evaluations import OpenEvaluation
from svtool.services.reporting import ExportRequest, export


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[OpenEvaluation]:
    opened = create_demo(tmp_path / "demo.svt")
    yield opened
    opened.close()


def _everything(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _half_written(error: BaseException) -> Any:
    """A writer that gets some way into its file, then is stopped."""

    def write(_data: object, path: Path, *_args: object) -> None:
        path.write_bytes(b"PK\x03\x04 half a file")
        raise error

    return write


@pytest.mark.parametrize(
    "error",
    [RuntimeError("the writer failed"), KeyboardInterrupt(), OSError(28, "No space")],
    ids=["failure", "ctrl-c", "disk full"],
)
@pytest.mark.parametrize("which", ["write_workbook", "write_report"])
def test_a_file_stopped_mid_write_is_never_left(
    demo: OpenEvaluation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str, error: BaseException
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / ("e.xlsx" if which == "write_workbook" else "e.pdf")
    target.write_bytes(b"yesterday's export")  # an earlier export stays as it was
    monkeypatch.setattr(reporting, which, _half_written(error))
    with pytest.raises((type(error), UserError)):
        export(demo, ExportRequest(xlsx=target) if target.suffix == ".xlsx" else ExportRequest(pdf=target))
    assert _everything(out) == [target.name]
    assert target.read_bytes() == b"yesterday's export"


@pytest.mark.parametrize("stop", ["ctrl-c", "cancel"])
def test_a_set_of_summaries_appears_whole_or_not_at_all(
    demo: OpenEvaluation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    export(demo, ExportRequest(summaries=out / "summaries"))
    earlier = {p.name: p.read_bytes() for p in (out / "summaries").iterdir()}
    assert len(earlier) == 6
    made: list[Path] = []
    real = summaries.write_summary

    def third_stops(data: Any, bidder: Any, path: Path) -> None:
        if len(made) == 2 and stop == "ctrl-c":
            path.write_bytes(b"%PDF- half")
            raise KeyboardInterrupt
        real(data, bidder, path)
        made.append(path)

    monkeypatch.setattr(summaries, "write_summary", third_stops)
    asked = iter(range(100))
    with pytest.raises(KeyboardInterrupt if stop == "ctrl-c" else ExportCancelled):
        export(
            demo, ExportRequest(summaries=out / "summaries"), cancelled=lambda: stop == "cancel" and next(asked) >= 3
        )
    assert len(made) == 2, "the export was stopped part-way through the set"
    assert _everything(out) == ["summaries", *[f"summaries/{n}" for n in sorted(earlier)]]
    assert {p.name: p.read_bytes() for p in (out / "summaries").iterdir()} == earlier


def test_a_first_set_stopped_part_way_leaves_no_folder(demo: OpenEvaluation, tmp_path: Path) -> None:
    asked = iter(range(100))
    with pytest.raises(ExportCancelled):
        export(demo, ExportRequest(summaries=tmp_path / "summaries"), cancelled=lambda: next(asked) >= 4)
    assert _everything(tmp_path) == ["demo.svt"]
