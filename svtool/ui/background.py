"""Work on a snapshot off the GUI thread, with its result delivered back on the GUI thread (picard's idea).

Only the latest request counts: if the person changes something while the work runs, the old answer is dropped
when it arrives and the new request's answer is shown instead. Tests set `synchronous` to run work inline.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)
_waits_at_exit: list[bool] = []


class _Relay(QObject):
    """Lives on the GUI thread; a signal emitted to it from a worker is delivered there (a queued connection)."""

    finished = Signal(int, object, object)  # generation, result, error


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], generation: int, relay: _Relay) -> None:
        super().__init__()
        self._work, self._generation, self._relay = work, generation, relay

    def run(self) -> None:  # on a worker thread
        try:
            result, error = self._work(), None
        except Exception as failure:  # reported on the GUI thread, never lost in a worker
            result, error = None, failure
        # If the page that asked was closed meanwhile, nobody is waiting for the answer.
        with contextlib.suppress(RuntimeError):
            self._relay.finished.emit(self._generation, result, error)


class LatestOnly(QObject):
    """Runs one kind of work (say, the sensitivity of the results) in the background, latest request wins."""

    synchronous = False

    def __init__(self, deliver: Callable[[Any], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._deliver = deliver
        self._generation = 0
        self.running = False
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)

    def start(self, work: Callable[[], Any]) -> None:
        """Run work() (which must read only its own snapshot) off the GUI thread; deliver its result here."""
        self._generation += 1
        self.running = True
        if self.synchronous:
            self._deliver(work())
            self.running = False
            return
        pool = QThreadPool.globalInstance()
        if not _waits_at_exit:
            _waits_at_exit.append(True)  # finish work in hand before the application's objects are torn down
            app = QCoreApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(lambda: pool.waitForDone(10_000))
        pool.start(_Job(work, self._generation, self._relay))

    def _finished(self, generation: int, result: Any, error: BaseException | None) -> None:
        if generation != self._generation:
            return  # superseded by a later request
        self.running = False
        if error is not None:
            log.error("Background work failed", exc_info=error)
            return
        self._deliver(result)
