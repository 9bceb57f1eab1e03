"""The reason checks for a page's Checks list, kept up to date off the GUI thread.

Checking reasons compares every one with every other (about 0.35 s at 60,000 scores), far too slow for the GUI
thread after each edit, so it runs on a snapshot in the background (latest request wins). Even there it slows the
GUI thread: while a worker holds Python's interpreter lock, an edit made meanwhile takes about three times as long
(55 ms becomes 170 ms at 60,000 scores). So the check runs only when it can give a different answer (a score, a
consensus, or a setup change the checks read, not a weight or a price), only while the page is on screen (a
hidden page is checked when next shown), and only once the person has paused for SETTLE_MS.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from svtool.domain.reason_checks import ReasonCheck, reason_inputs
from svtool.services.analysis import check_reasons
from svtool.services.changes import Changes
from svtool.ui.background import LatestOnly
from svtool.ui.document import EvaluationDocument


class ReasonChecker(QObject):
    #: New checks have arrived in `checks`.
    ready = Signal()

    #: How long the person must pause (no edit of any kind) before the check starts.
    SETTLE_MS = 500

    def __init__(self, document: EvaluationDocument, page: QWidget) -> None:
        super().__init__(page)
        self.document, self.page = document, page
        #: The latest answer; None until the first arrives.
        self.checks: tuple[ReasonCheck, ...] | None = None
        self._stale = True
        self._inputs: tuple[object, ...] = ()  # the setup's reason_inputs as last checked
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.SETTLE_MS)
        self._timer.timeout.connect(self._start)
        self._work = LatestOnly(self._arrived, self)
        document.changes.connect(self.changed)
        page.installEventFilter(self)

    def changed(self, changes: Changes) -> None:
        if (
            changes.scores
            or changes.moderations
            or changes.structure
            or ((changes.setup or changes.bidders) and reason_inputs(self.document.evaluation) != self._inputs)
        ):
            self._stale = True
        if self._stale and self.page.isVisible():
            self._timer.start()  # (re)started by every edit: the check waits for a pause

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.Show and self._stale:
            self._timer.start()
        return False

    def _start(self) -> None:
        if not self.page.isVisible():
            return  # still stale: checked when the page is next shown
        self._stale = False
        self._inputs = reason_inputs(self.document.evaluation)
        snapshot = self.document.opened.current()  # scores and consensus as they stand now, immutable
        self._work.start(lambda: check_reasons(snapshot))

    def _arrived(self, checks: tuple[ReasonCheck, ...]) -> None:
        self.checks = checks
        self.ready.emit()
