"""Background work: run a service call off the GUI thread, reporting progress, honouring Cancel."""

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

    def cancel(self) -> None:
        self._cancel.set()

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
