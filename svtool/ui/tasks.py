"""Background work: run a service call off the GUI thread, reporting progress, honouring Cancel.

A running QThread must never be destroyed ("QThread: Destroyed while thread is still running" ends the process
without a word), so every started task is kept here until it has finished, and a window that closes cancels its
tasks and waits for them (finish_all)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal

from svtool.errorlog import unexpected_message
from svtool.export.report_data import ExportCancelled
from svtool.frameworks.problems import FrameworkInvalid
from svtool.services.errors import UserError
from svtool.store.errors import DocumentError

Work = Callable[[Callable[[int, str], None], Callable[[], bool]], Any]

#: Tasks started and not yet finished: the reference that keeps each QThread alive while it runs.
_RUNNING: set[BackgroundTask] = set()


class BackgroundTask(QThread):
    """Runs work(progress, cancelled) on its own thread; the signals arrive on the GUI thread."""

    progressed = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled_ = Signal()

    def __init__(self, work: Work) -> None:
        super().__init__()
        self._work = work
        self._cancel = threading.Event()
        self.finished.connect(self._forget)  # (a method: it runs on the GUI thread, which owns this object)

    def start(self, *args: Any) -> None:
        _RUNNING.add(self)
        super().start(*args)

    def _forget(self) -> None:
        self.wait()  # finished is emitted just before the thread ends: let it end before the last reference goes
        _RUNNING.discard(self)

    def cancel(self) -> None:
        self._cancel.set()

    def cancel_and_wait(self, timeout_ms: int = 60_000) -> bool:
        """Ask the work to stop and wait for it (the work checks for Cancel between steps); True once it ended."""
        self.cancel()
        done = self.wait(timeout_ms)
        if done:
            _RUNNING.discard(self)
        return done

    def run(self) -> None:  # on the worker thread
        try:
            result = self._work(lambda percent, what: self.progressed.emit(percent, what), self._cancel.is_set)
        except ExportCancelled:
            self.cancelled_.emit()
        except (UserError, DocumentError, FrameworkInvalid) as error:
            self.failed.emit(str(error))
        except Exception as error:  # never a traceback in front of a person
            self.failed.emit(unexpected_message(error))
        else:
            self.succeeded.emit(result)


def running() -> list[BackgroundTask]:
    """The tasks still running."""
    return [t for t in _RUNNING if t.isRunning()]


def finish_all(timeout_ms: int = 60_000) -> bool:
    """Cancel every running task and wait for each (on closing the window); True if all ended in time."""
    return all(task.cancel_and_wait(timeout_ms) for task in list(_RUNNING))
