"""What a large evaluation builds is kept out of the cycle collector's sight while it is open, and handed back when
it closes (svtool/memory.py): otherwise a collection walks hundreds of thousands of objects on the window's thread."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from svtool.domain.engine import Engine
from svtool.memory import collector_paused, release_kept
from svtool.services.demo import create_demo
from svtool.services.evaluations import open_evaluation
from tests.domain.builders import care_tender


@pytest.fixture(autouse=True)
def _collector_as_found() -> Iterator[None]:
    was = gc.isenabled()
    gc.unfreeze()
    yield
    gc.unfreeze()
    if was:
        gc.enable()


def test_what_is_kept_is_frozen_and_the_collector_is_left_as_it_was() -> None:
    gc.enable()
    with collector_paused(keep=True):
        assert not gc.isenabled()
        kept = [[n] for n in range(1000)]
    frozen = gc.get_freeze_count()
    assert gc.isenabled() and frozen >= len(kept)
    gc.disable()
    with collector_paused():
        made = [[n] for n in range(1000)]
    assert not gc.isenabled() and gc.get_freeze_count() == frozen and len(made) == 1000
    release_kept()
    assert gc.get_freeze_count() == 0


def test_results_and_a_setup_change_leave_nothing_young_for_the_collector_to_walk() -> None:
    gc.enable()
    engine = Engine(care_tender())
    for work in (engine.results, lambda: engine.update_setup(care_tender())):
        gc.collect()
        gc.unfreeze()
        work()
        # (a few objects may be made after the collector is back on; the work itself made thousands)
        assert gc.get_count()[0] < 50 and gc.get_freeze_count() > 1000


def test_closing_an_evaluation_hands_what_it_kept_back_to_the_collector(tmp_path: Path) -> None:
    create_demo(tmp_path / "demo.svt").close()
    opened = open_evaluation(tmp_path / "demo.svt")
    opened.results()
    assert gc.get_freeze_count() > 1000
    opened.close()
    assert gc.get_freeze_count() == 0
