"""The lifecycle in the app (docs/lifecycle.md): Panel > Sign off, Finalise (refused while anything is missing,
with what is), the window locked and titled final, and Panel > Reopen with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from svtool.cli import main
from svtool.domain.evaluation import Evaluator
from svtool.domain.lifecycle import Phase
from svtool.services import lifecycle
from svtool.ui.lifecycle_dialogs import FinaliseDialog
from svtool.ui.main_window import MainWindow
from svtool.ui.moderation_page import ModerationPage
from svtool.ui.results_page import ResultsPage
from svtool.ui.setup_page import SetupPage
from tests.test_cli_lifecycle import moderate_the_rest

pytestmark = pytest.mark.gui


def test_sign_off_finalise_and_reopen_from_the_panel_menu(
    demo_window: MainWindow, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "(draft, moderation phase)" in demo_window.statusBar().currentMessage()
    assert demo_window.sign_action.isEnabled() and demo_window.finalise_action.isEnabled()
    assert not demo_window.reopen_final_action.isEnabled()
    signed: list[str] = []

    def ask_statement(member: Evaluator, _standing: lifecycle.Standing) -> str:
        signed.append(member.id)
        return "I agree."

    monkeypatch.setattr(demo_window, "ask_statement", ask_statement)
    demo_window.sign_action.trigger()  # 9 answers still open: refused, and said why
    assert "9 answer(s) still need an agreed consensus score" in demo_window.message.label.text()

    moderate_the_rest(demo_file)
    assert demo_window.document is not None
    demo_window.document.poll()
    demo_window.sign_action.trigger()
    assert signed == ["E1", "E1"]
    shown: list[lifecycle.Standing] = []

    def confirm_final(standing: lifecycle.Standing) -> bool:
        shown.append(standing)
        return True

    monkeypatch.setattr(demo_window, "confirm_final", confirm_final)
    assert not demo_window.finalise()  # the dialog would have shown what is missing; the service refuses too
    assert [n for n in shown[-1].needs] == [
        "Jo Robinson, quality assurance officer has not signed off the evaluation.",
        "Chris Doyle, contracts officer has not signed off the evaluation.",
    ]
    assert shown[-1].current == ("E1",)
    for member in ("E2", "E3"):  # on their own laptops
        assert main(["sign", str(demo_file), "--as", member]) == 0
    assert demo_window.finalise()
    assert shown[-1].needs == () and len(shown[-1].current) == 3  # the window brought in their sign-offs first
    assert demo_window.windowTitle().endswith("(final)")
    assert demo_window.statusBar().currentMessage() == "The evaluation is final, and locked."
    assert demo_window.reopen_final_action.isEnabled() and not demo_window.finalise_action.isEnabled()
    demo_window.go_to("Results")  # final: now, and only now, the leading bidder is recommended
    results = demo_window.page("Results")
    assert isinstance(results, ResultsPage)
    model = results.table.model()
    assert model.index(0, model.columnCount() - 1).data() == "Recommended"
    assert "Recommended: " in results.details.toPlainText()
    for name in ("Setup", "Moderation"):
        demo_window.go_to(name)
        page = demo_window.page(name)
        assert isinstance(page, SetupPage | ModerationPage) and not page.isEnabled()

    monkeypatch.setattr(demo_window, "ask_reopen_reason", lambda: "")
    assert not demo_window.reopen_final()
    assert "Record why the final evaluation is reopened" in demo_window.message.label.text()
    monkeypatch.setattr(demo_window, "ask_reopen_reason", lambda: "A late clarification from a bidder on Q3.")
    assert demo_window.reopen_final()
    assert not demo_window.windowTitle().endswith("(final)")
    assert demo_window.opened is not None and demo_window.opened.evaluation.signoffs == ()
    assert lifecycle.phase_now(demo_window.opened) is Phase.MODERATION
    demo_window.go_to("Moderation")
    assert demo_window.page("Moderation").isEnabled()


def test_the_finalise_dialog_waits_until_nothing_is_missing(qtbot: QtBot) -> None:
    waiting = FinaliseDialog(
        lifecycle.Standing(Phase.MODERATION, 2, ("2 answer(s) still need an agreed consensus score.",), ())
    )
    qtbot.addWidget(waiting)
    buttons = waiting.findChild(QDialogButtonBox)
    assert buttons is not None
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    ready = FinaliseDialog(lifecycle.Standing(Phase.MODERATION, 0, (), ("E1", "E2")))
    qtbot.addWidget(ready)
    buttons = ready.findChild(QDialogButtonBox)
    assert buttons is not None and buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
