"""WCAG 2.2 AA, checked from what the app draws with (docs/screens.md): contrast computed from the palette, the
stylesheet and the colour constants with WCAG's relative luminance, series told apart by more than colour, a
visible focus, a Tab chain that reaches every panel of every page, and names for assistive technology."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from svtool.domain.evaluation import Declaration
from svtool.export import pdf_charts
from svtool.paths import resource
from svtool.services import delivery, lifecycle
from svtool.services.demo import create_demo
from svtool.services.demo_delivery import _final
from svtool.services.evaluations import open_evaluation
from svtool.ui import colours, envelope_chart, unsaved
from svtool.ui.colours import contrast, luminance
from svtool.ui.delivery_dialogs import FollowUpDialog, NoticeDialog
from svtool.ui.delivery_kpi_dialogs import AddKpiDialog, KpiDialog, ThresholdsDialog
from svtool.ui.delivery_return_dialog import ReturnDialog
from svtool.ui.export_dialog import ExportDialog
from svtool.ui.lifecycle_dialogs import FinaliseDialog, ReopenDialog, SignOffDialog
from svtool.ui.living_wage_dialog import LivingWageDialog
from svtool.ui.main_window import PAGES, MainWindow
from svtool.ui.new_dialog import NewEvaluationDialog
from svtool.ui.panel_dialogs import DeclarationDialog, MitigationDialog, WorkingAsDialog
from svtool.ui.panel_members_dialog import NewMemberDialog, PanelMembersDialog, QuestionsDialog, ReasonDialog
from svtool.ui.results_working import WorkingDialog
from svtool.ui.shared_dialog import OpenSharedDialog

pytestmark = pytest.mark.gui
TEXT_AA, UI_AA = 4.5, 3.0


def test_the_luminance_formula_is_wcag_s() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert luminance("#808080") == pytest.approx(0.2158605, abs=1e-6)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the well-known AA grey


def _rules() -> list[tuple[str, dict[str, str]]]:
    """The stylesheet as (selector, {property: value}), comments removed."""
    text = re.sub(r"/\*.*?\*/", "", resource("style.qss").read_text(encoding="utf-8"), flags=re.S)
    rules = []
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
        properties = dict((k.strip(), v.strip()) for k, v in (p.split(":", 1) for p in body.split(";") if ":" in p))
        rules.append((selector.strip(), properties))
    return rules


def _hex(value: str) -> str | None:
    found = re.search(r"#[0-9a-fA-F]{6}\b", value)
    return found.group(0).lower() if found else None


def test_text_in_the_stylesheet_reads_at_4_5_to_1() -> None:
    checked = 0
    for selector, properties in _rules():
        fg = _hex(properties.get("color", "")) or _hex(properties.get("selection-color", ""))
        bg = _hex(properties.get("background", "")) or _hex(properties.get("selection-background-color", ""))
        if fg is None:
            continue
        on = bg or colours.WHITE if "messageBar" not in selector else bg
        assert on is not None
        assert contrast(fg, on) >= TEXT_AA, (selector, fg, on)
        if bg is None:  # text with no background of its own sits on the window's grey too
            assert contrast(fg, "#efefef") >= TEXT_AA, (selector, fg)
        checked += 1
    assert checked >= 6


def test_focus_rings_and_borders_stand_out_at_3_to_1() -> None:
    rings = [(s, _hex(p["border"])) for s, p in _rules() if ":focus" in s and "border" in p]
    assert {s.split(":")[0].split(",")[0] for s, _ in rings} >= {
        "QAbstractItemView",
        "QLineEdit",
        "QListWidget#navigation",
    }
    for selector, colour in rings:
        assert colour is not None
        neighbours = [colours.WHITE, colours.ALTERNATE, "#efefef"] + ([colours.SELECTION] if "item" in selector else [])
        for neighbour in neighbours:
            assert contrast(colour, neighbour) >= UI_AA, (selector, colour, neighbour)


def test_selection_and_cell_markings_meet_aa(qapp: QApplication) -> None:
    colours.apply_palette(qapp)
    palette = qapp.palette()
    highlight = palette.color(QPalette.ColorRole.Highlight).name()
    text = palette.color(QPalette.ColorRole.HighlightedText).name()
    assert contrast(highlight, text) >= TEXT_AA  # Fusion's own #308cc6 with white: 3.7
    assert contrast(highlight, palette.color(QPalette.ColorRole.Base).name()) >= UI_AA
    for marking in (colours.UNSCORED, colours.DIVERGENT):
        for row in (colours.WHITE, colours.ALTERNATE):
            assert contrast(marking, row) >= UI_AA, marking  # the cell stands out from its neighbours
        assert contrast(marking, colours.TEXT) >= TEXT_AA, marking  # and its text still reads


def test_chart_series_are_told_apart_by_more_than_colour() -> None:
    assert envelope_chart.PALETTE == colours.SERIES
    assert tuple(pdf_charts.SERIES) == colours.SERIES  # the report's chart draws with the same colours
    for series in colours.SERIES:
        assert contrast(series, colours.WHITE) >= TEXT_AA  # white gaps and labels read on every segment
    assert len(set(envelope_chart.PATTERNS)) == len(envelope_chart.PATTERNS) >= 3  # a pattern each


def _controls(page: QWidget) -> list[QWidget]:
    """The interactive controls shown on a page, as assistive technology meets them: a combo box's or a spin box's
    own line edit is part of it, and scroll bars belong to what they scroll."""
    kinds = (
        QAbstractItemView,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
        QComboBox,
        QAbstractButton,
        QAbstractSpinBox,
        QAbstractSlider,
    )
    return [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, kinds)
        and w.isVisible()
        and not isinstance(w, (QHeaderView, QScrollBar))
        and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))
    ]


def _tab_round(window: MainWindow, qtbot, page: QWidget) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """Press Tab (a real key press: a table that keeps Tab for its cells traps it) from the page list until the
    focus comes back round: the widgets it stops on, in order."""
    window.nav.setFocus()
    qtbot.waitUntil(window.nav.hasFocus)
    seen: list[QWidget] = []
    for _ in range(300):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is None or focus is window.nav:
            break
        if focus in seen:
            pytest.fail(f"Tab is trapped at {focus!r} on {page!r}")
        seen.append(focus)
    return seen


def test_tab_reaches_every_panel_of_every_page(demo_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    demo_window.activateWindow()
    qtbot.waitActive(demo_window)
    for name in PAGES:
        demo_window.go_to(name)
        page = demo_window.page(name)
        reached = _tab_round(demo_window, qtbot, page)
        panels = [
            w
            for w in _controls(page)
            if isinstance(w, (QAbstractItemView, QPlainTextEdit, QTextEdit)) and w.isEnabled()
        ]
        missed = [w.accessibleName() or repr(w) for w in panels if w not in reached]
        assert panels and not missed, (name, missed)


def test_every_control_has_a_name_for_assistive_technology(demo_window: MainWindow) -> None:
    unnamed = []
    for name in PAGES:
        demo_window.go_to(name)
        page = demo_window.page(name)
        labelled = {label.buddy() for label in page.findChildren(QLabel) if label.buddy() is not None}
        for control in _controls(page):
            text = control.text() if isinstance(control, QAbstractButton) else ""
            if not (control.accessibleName() or text.replace("&", "").strip() or control in labelled):
                unnamed.append(f"{name}: {type(control).__name__} {control.toolTip()!r}")
    assert unnamed == []


def test_the_main_grids_describe_themselves(demo_window: MainWindow) -> None:
    for name, attribute in (("Scoring", "grid"), ("Moderation", "table"), ("Results", "table")):
        grid = getattr(demo_window.page(name), attribute)
        assert grid.accessibleName() and len(grid.accessibleDescription()) > 20, name


def _read_out(control: QWidget) -> tuple[str, str]:
    """The name and the description that Qt's accessibility layer hands to a screen reader for the control."""
    interface = QAccessible.queryAccessibleInterface(control)
    assert interface is not None and interface.isValid(), control
    return interface.text(QAccessible.Text.Name).strip(), interface.text(QAccessible.Text.Description).strip()


def test_a_description_is_read_from_the_description_else_the_tool_tip(qtbot) -> None:  # type: ignore[no-untyped-def]
    """What the test below relies on, checked in this PySide6 rather than assumed: an empty accessible description
    falls back to the tool tip, a set one wins, and a line edit's placeholder (an example) stands in otherwise."""
    button, line = QPushButton("Save"), QLineEdit()
    for widget in (button, line):
        qtbot.addWidget(widget)
    assert _read_out(button) == ("Save", "")
    button.setToolTip("Saves the score (Ctrl+Enter)")
    assert _read_out(button)[1] == "Saves the score (Ctrl+Enter)"
    button.setAccessibleDescription("Saves the score typed for the selected answer")
    assert _read_out(button)[1] == "Saves the score typed for the selected answer"
    line.setPlaceholderText("such as 40")
    assert "such as 40" in _read_out(line)[1]  # hence the test below does not count a placeholder as a description


@pytest.fixture
def delivering_window(qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window on a demonstration whose contract is awarded, so the Delivery page and its dialogs show everything."""
    path = tmp_path / "awarded.svt"
    create_demo(path).close()
    opened = open_evaluation(path)
    _final(opened)
    delivery.award(opened, "E1", "2027-Q1")
    opened.close()
    window = MainWindow(open_evaluation(path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _undescribed(where: str, root: QWidget) -> tuple[int, list[str]]:
    """How many controls under root were checked, and those a screen reader could not describe: no description,
    the name said again, or only the placeholder's example."""
    missing = []
    controls = _controls(root)
    for control in controls:
        name, description = _read_out(control)
        placeholder = control.placeholderText().strip() if isinstance(control, QLineEdit) else ""
        if not name or not description or description.casefold() in (name.casefold(), placeholder.casefold()):
            missing.append(f"{where}: {type(control).__name__} {name!r} described as {description!r}")
    return len(controls), missing


def test_every_control_on_every_page_has_a_description(demo_window: MainWindow, delivering_window: MainWindow) -> None:
    """WCAG 2.2 AA (1.3.1, 4.1.2): a screen reader says what each control does or what to enter, and in what form,
    not only its name. The Delivery page is checked again once a contract is awarded, when its controls appear."""
    checked: dict[str, int] = {}
    missing: list[str] = []
    for window, names in ((demo_window, PAGES), (delivering_window, ("Delivery",))):
        for name in names:
            window.go_to(name)
            count, lacking = _undescribed(name, window.page(name))
            checked[name] = checked.get(name, 0) + count
            missing += lacking
    assert missing == [], "\n".join(missing)
    assert all(count >= 2 for count in checked.values()), checked
    assert sum(checked.values()) >= 90, checked  # the pages hold 99 controls: none were skipped unseen


def test_every_control_in_the_main_dialogs_has_a_description(qtbot, delivering_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Each dialog built as the window builds it, with the least number of controls it shows (its buttons count):
    a dialog that came up emptier than that would pass unseen."""
    state, document = delivering_window.opened, delivering_window.document
    assert state is not None and document is not None
    e = state.evaluation
    member, bidder = e.evaluators[0], e.bidders[0]
    interest = Declaration(member.id, bidder.id, True, "My brother works there", "2026-03-02")
    questions = [(q.id, q.title) for q in e.questions]
    stages = [(s.id, s.name) for s in e.stages]
    dialogs: dict[str, tuple[QWidget, int]] = {
        "Export": (ExportDialog(state), 3),
        "New evaluation": (NewEvaluationDialog(), 3),
        "Open a shared evaluation": (OpenSharedDialog(), 3),
        "Living wage rates": (LivingWageDialog(document), 3),
        "Follow up a shortfall": (FollowUpDialog(state), 3),
        "Assessment notice": (NoticeDialog(state), 3),
        "Edit KPI": (KpiDialog(state, "E1", "K1"), 3),
        "Add KPI": (AddKpiDialog(state, "E1"), 3),
        "RAG thresholds": (ThresholdsDialog(state, "E1"), 3),
        "Return": (ReturnDialog(state, "2027-Q2"), 3),
        "Who is working?": (WorkingAsDialog(list(e.evaluators), member.id, "Demo"), 3),
        "Declarations": (DeclarationDialog(member, list(e.bidders)), 3),
        "Decide on an interest": (MitigationDialog(member, bidder, interest), 4),
        "Panel members": (PanelMembersDialog(document), 6),
        "Add a panel member": (NewMemberDialog(questions), 5),
        "Questions for a member": (QuestionsDialog(member, questions), 3),
        "Stand down": (ReasonDialog("Stand a member down", "Why?"), 3),
        "Reopen submitted scores": (ReasonDialog("Reopen submitted scores", "Why?", None, stages), 4),
        "Sign off": (SignOffDialog(member, lifecycle.STATEMENT, lifecycle.standing(state)), 3),
        "Finalise": (FinaliseDialog(lifecycle.standing(state)), 2),
        "Reopen the final evaluation": (ReopenDialog(), 3),
        "The working": (WorkingDialog(e, document.results, bidder.id), 2),
        "Not saved yet": (unsaved.question(None, "The score you typed for ACC on Q1")[0], 3),
    }
    checked, missing = 0, list[str]()
    for where, (dialog, floor) in dialogs.items():
        qtbot.addWidget(dialog)
        dialog.show()
        count, lacking = _undescribed(where, dialog)
        assert count >= floor, (where, count)
        checked, missing = checked + count, missing + lacking
        dialog.close()
    assert missing == [], "\n".join(missing)
    assert checked >= 115, checked  # the 23 dialogs hold 122 controls: none were skipped unseen


def test_the_start_page_and_the_message_bar_describe_their_controls(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """With no evaluation open the window shows the start page (and the framework library); with one open, a
    problem with an edit shows in the message bar, whose button dismisses it."""
    empty = MainWindow()
    qtbot.addWidget(empty)
    empty.show()
    qtbot.waitExposed(empty)
    checked: dict[str, int] = {}
    missing: list[str] = []
    for name in ("Start", "Frameworks"):
        empty.go_to(name)
        checked[name], lacking = _undescribed(name, empty.page(name))
        missing += lacking
    demo_window.message.show_message("That score is not on the scale: 0 to 10")
    checked["Message bar"], lacking = _undescribed("Message bar", demo_window.message)
    missing += lacking
    assert missing == [], "\n".join(missing)
    assert checked["Start"] >= 5 and checked["Frameworks"] >= 2 and checked["Message bar"] == 1, checked
