"""Opening a shared evaluation on a real PostgreSQL server: `svtool URL`, File > Open shared evaluation and Open
Recent; a wrong address or a missing driver explained in plain words, the current evaluation left open, and the
password never shown or remembered."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QMessageBox
from sqlalchemy.engine import make_url

from svtool.cli import main
from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import OpenEvaluation, create_evaluation
from svtool.services.shared import without_password
from svtool.ui import main_window
from svtool.ui.main_window import MainWindow
from svtool.ui.shared_dialog import OpenSharedDialog
from svtool.ui.start_page import StartPage

pytestmark = pytest.mark.gui

PASSWORD = "s3cret-Pa55"
INSTALL = 'pip install "psycopg[binary]"'
#: Nothing listens on port 1, so a connection is refused at once.
UNREACHABLE = f"postgresql+psycopg://officer:{PASSWORD}@127.0.0.1:1/lot2"


@pytest.fixture
def shared_demo(database_url: str) -> str:
    """The demonstration evaluation in a database; its URL with a password (the test server trusts 127.0.0.1,
    so any password will do: what matters is that it is never shown or remembered)."""
    create_evaluation(demo_evaluation(), database_url, "tester").close()
    return make_url(database_url).set(password=PASSWORD).render_as_string(hide_password=False)


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _title, message, *a: shown.append(message))
    return shown


@pytest.fixture
def svtool(qtbot, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], MainWindow]:  # type: ignore[no-untyped-def]
    """Run `svtool ARGUMENT` as far as the app waiting for the person; the window it shows."""
    windows: list[MainWindow] = []

    class Recorded(MainWindow):
        def __init__(self, opened: OpenEvaluation | None = None) -> None:
            super().__init__(opened)
            windows.append(self)

    monkeypatch.setattr(main_window, "MainWindow", Recorded)
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_app replaces it

    def run(argument: str) -> MainWindow:
        assert main([argument]) == 0
        (window,) = windows
        qtbot.addWidget(window)
        return window

    return run


@pytest.fixture
def connected(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs svtool connects with: the password must reach the server, even though it is never shown."""
    from svtool.services import shared
    from svtool.services.evaluations import open_evaluation

    urls: list[str] = []
    really_open = open_evaluation  # the function svtool.services.shared imported and uses

    def spy(location: str, actor: str | None = None) -> object:
        urls.append(location)
        return really_open(location, actor)

    monkeypatch.setattr(shared, "open_evaluation", spy)
    return urls


Fill = Callable[[OpenSharedDialog], None]


def answer_dialogs(monkeypatch: pytest.MonkeyPatch, fill: Fill | None) -> list[OpenSharedDialog]:
    """Answer each Open shared evaluation dialog as a person would: fill it in and press Open (with no fill,
    cancel it). The dialogs shown."""
    shown: list[OpenSharedDialog] = []

    def exec_(dialog: OpenSharedDialog) -> int:
        shown.append(dialog)
        if fill is None:
            return 0
        fill(dialog)
        dialog.try_open()
        return dialog.result()

    monkeypatch.setattr(OpenSharedDialog, "exec", exec_)
    return shown


def fields(url: str, password: str = PASSWORD, database: str | None = None) -> Fill:
    """Type an address into the separate fields."""
    parts = make_url(url)

    def fill(dialog: OpenSharedDialog) -> None:
        dialog.host.setText(parts.host or "")
        dialog.port.setText(str(parts.port or ""))
        dialog.database.setText(database or parts.database or "")
        dialog.user.setText(parts.username or "")
        dialog.password.setText(password)

    return fill


def full_address(address: str, password: str = "") -> Fill:
    def fill(dialog: OpenSharedDialog) -> None:
        dialog.address.setText(address)
        dialog.password.setText(password)

    return fill


def remembered() -> str:
    return repr(QSettings().value("recent_files"))


# svtool URL ------------------------------------------------------------------------------------------------------


def test_svtool_url_opens_the_shared_evaluation_in_the_window(
    svtool: Callable[[str], MainWindow], shared_demo: str, warnings: list[str]
) -> None:
    window = svtool(shared_demo)
    assert warnings == []
    assert window.opened is not None and window.opened.document.is_postgres
    assert len(window.opened.evaluation.bidders) == 6 and window.page("Results") is window.stack.currentWidget()
    address = without_password(shared_demo)
    assert window.windowTitle() == f"{address} – svtool"
    assert PASSWORD not in window.windowTitle() and "***" not in window.windowTitle()
    assert window._recent() == [address] and PASSWORD not in remembered()


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        (UNREACHABLE, "Cannot reach the evaluation database"),
        (f"mysql://officer:{PASSWORD}@127.0.0.1/lot2", "PostgreSQL databases only"),
    ],
)
def test_svtool_url_that_cannot_be_opened_says_why_in_plain_words(
    svtool: Callable[[str], MainWindow], warnings: list[str], address: str, reason: str
) -> None:
    window = svtool(address)
    (message,) = warnings
    assert reason in message
    assert PASSWORD not in message and "Traceback" not in message
    assert window.opened is None and isinstance(window.page("Start"), StartPage)


def test_svtool_url_without_the_driver_names_the_install_command(
    svtool: Callable[[str], MainWindow], warnings: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    window = svtool(UNREACHABLE)
    (message,) = warnings
    assert INSTALL in message and "No module named" not in message and PASSWORD not in message
    assert window.opened is None


# File > Open shared evaluation -------------------------------------------------------------------------------------


def test_the_dialog_opens_a_shared_evaluation_and_recent_remembers_it_without_the_password(
    demo_window: MainWindow, shared_demo: str, monkeypatch: pytest.MonkeyPatch, connected: list[str]
) -> None:
    shown = answer_dialogs(monkeypatch, fields(shared_demo))
    file_menu = demo_window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    (action,) = [a for a in file_menu.actions() if a.text() == "Open &shared evaluation…"]
    action.trigger()
    (dialog,) = shown
    assert make_url(connected[-1]).password == PASSWORD
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.error.text() == ""
    opened = demo_window.opened
    assert opened is not None and opened.document.is_postgres and len(opened.evaluation.bidders) == 6
    address = without_password(shared_demo)
    assert demo_window.windowTitle() == f"{address} – svtool"
    demo_window._fill_recent()
    assert [a.text() for a in demo_window.recent_menu.actions()] == [f"&1 {address}", "&2 demo.svt"]
    assert PASSWORD not in remembered()

    demo_window.close_document()  # and back again from the start page's recent list, as a person would
    start = demo_window.page("Start")
    assert isinstance(start, StartPage) and start.recent.item(0).text() == address
    start.recent.itemActivated.emit(start.recent.item(0))
    assert demo_window.opened is not None and demo_window.opened.document.is_postgres
    assert len(shown) == 1  # this server needs no password, so no dialog asked for one


def test_the_dialog_takes_a_full_address_with_the_password_typed_apart(
    demo_window: MainWindow, shared_demo: str, monkeypatch: pytest.MonkeyPatch, connected: list[str]
) -> None:
    shown = answer_dialogs(monkeypatch, full_address(without_password(shared_demo), PASSWORD))
    assert demo_window.open_shared_dialog()
    assert make_url(connected[-1]).password == PASSWORD
    (dialog,) = shown
    assert not dialog.host.isEnabled() and dialog.password.isEnabled()
    assert demo_window.opened is not None and demo_window.opened.document.is_postgres


@pytest.mark.parametrize(
    ("database", "message"),
    [("no_such_database", 'database "no_such_database" does not exist'), (None, "holds no svtool evaluation")],
)
def test_a_wrong_address_is_explained_and_the_current_evaluation_stays_open(
    demo_window: MainWindow,
    demo_file: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    database: str | None,
    message: str,
) -> None:
    shown = answer_dialogs(monkeypatch, fields(database_url, database=database))
    assert not demo_window.open_shared_dialog()
    (dialog,) = shown
    assert message in dialog.error.text() and "Traceback" not in dialog.error.text()
    assert PASSWORD not in dialog.error.text()
    assert demo_window.opened is not None and demo_window.opened.document.path == demo_file
    assert demo_window.windowTitle() == "demo.svt – svtool"


@pytest.mark.parametrize(
    ("fill", "message"),
    [
        (full_address(f"mysql://jo:{PASSWORD}@db/lot2"), "PostgreSQL databases only"),
        (full_address(f"postgresql://jo:{PASSWORD}@db:port/lot2"), "not a database address svtool can read"),
        (fields(UNREACHABLE, database=" "), "Enter the name of the database"),
        (fields(UNREACHABLE), "Cannot reach the evaluation database"),
    ],
)
def test_an_address_that_cannot_work_is_explained_in_the_dialog(
    demo_window: MainWindow, demo_file: Path, monkeypatch: pytest.MonkeyPatch, fill: Fill, message: str
) -> None:
    shown = answer_dialogs(monkeypatch, fill)
    assert not demo_window.open_shared_dialog()
    (dialog,) = shown
    assert message in dialog.error.text() and PASSWORD not in dialog.error.text()
    assert demo_window.opened is not None and demo_window.opened.document.path == demo_file


def test_the_dialog_names_the_install_command_when_the_driver_is_missing(
    demo_window: MainWindow, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    shown = answer_dialogs(monkeypatch, fields(UNREACHABLE))
    assert not demo_window.open_shared_dialog()
    (dialog,) = shown
    assert INSTALL in dialog.error.text() and "No module named" not in dialog.error.text()
    assert demo_window.opened is not None and demo_window.opened.document.path == demo_file


def test_a_recent_address_that_fails_asks_again_with_the_reason(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    address = without_password(UNREACHABLE)
    demo_window._remember(address)
    shown = answer_dialogs(monkeypatch, None)  # the person reads the reason and cancels
    demo_window._fill_recent()
    demo_window.recent_menu.actions()[0].trigger()
    assert warnings == []  # not a dead end: the dialog, where a password can be added
    (dialog,) = shown
    assert dialog.address.text() == address and dialog.password.text() == ""
    assert dialog.error.text().startswith("Cannot reach the evaluation database")
    assert demo_window.windowTitle() == "demo.svt – svtool"
