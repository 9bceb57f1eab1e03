"""Start the desktop application."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from svtool import __version__
from svtool.errorlog import unexpected_message
from svtool.paths import resource
from svtool.ui.colours import apply_palette


def _show_unexpected(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Replace Python's traceback printout: log it, and tell the person where the log is."""
    message = unexpected_message(error.with_traceback(tb))
    if QApplication.instance() is not None:
        QMessageBox.critical(None, "svtool: unexpected problem", message)
    else:
        print(message, file=sys.stderr)


#: How long a background thread may hold Python's interpreter lock before the GUI thread gets a turn. Python's
#: 5 ms default made each redraw call wait behind the sensitivity work: a page took 0.75 s to draw, not 0.04 s.
GIL_SWITCH_S = 0.0005


def create_application(argv: list[str] | None = None) -> QApplication:
    sys.setswitchinterval(GIL_SWITCH_S)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("svtool")
    app.setOrganizationName("svtool")
    app.setApplicationVersion(__version__)
    icon = resource("svtool.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    stylesheet = resource("style.qss")
    if stylesheet.exists():
        app.setStyleSheet(stylesheet.read_text(encoding="utf-8"))
    apply_palette(app)
    return app


def run_app(location: str | None = None) -> int:
    """Open an evaluation file, or a shared evaluation's database URL, in the app; with none given, the
    demonstration evaluation."""
    sys.excepthook = _show_unexpected
    app = create_application()
    from svtool.services.demo import demo_path
    from svtool.services.errors import UserError
    from svtool.services.evaluations import current_user
    from svtool.services.shared import open_location
    from svtool.store.errors import DocumentError
    from svtool.ui.main_window import MainWindow

    opened = None
    try:
        opened = open_location(location or demo_path())
        lead = opened.evaluation.lead
        if location is None and lead is not None:  # the demonstration: you are its lead (Panel menu to change)
            opened.act_as(lead.id, current_user())
    except (UserError, DocumentError) as error:
        QMessageBox.warning(None, "svtool: cannot open the evaluation", str(error))
    window = MainWindow(opened)
    window.show()
    return app.exec()
