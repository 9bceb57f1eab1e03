"""Building many objects at once, quickly."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many small acyclic objects, then restore its state.

    Loading or scoring a large evaluation allocates hundreds of thousands of objects; meanwhile the collector
    would walk every live object again and again, for nothing, since none of them form cycles.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
