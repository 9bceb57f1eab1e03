"""The Setup page's Checks list counts weak reasons (issue 11), worked out off the GUI thread and only while shown.

The evaluation is built here, not taken from the demonstration, whose reasons are being rewritten."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import svtool.ui.reason_checker
from svtool.domain.evaluation import Evaluation, Score
from svtool.domain.reason_checks import ReasonCheck
from svtool.services.analysis import check_reasons
from svtool.services.evaluations import create_evaluation, open_evaluation
from svtool.ui.main_window import MainWindow
from svtool.ui.setup_page import SetupPage
from tests.domain.builders import weak_reasons

pytestmark = pytest.mark.gui

LINES = [
    "Warning: 4 reasons are shorter than 10 words.",
    "Warning: 3 reasons are reused word for word across bidders.",
    "Warning: 2 reasons restate the scale descriptor or the question.",
    "Warning: 1 consensus rationale is shorter than 10 words.",
    "Warning: 2 consensus rationales are reused word for word across bidders.",
    "Warning: 1 consensus rationale restates the scale descriptor or the question.",
]


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    create_evaluation(weak_reasons(), tmp_path / "reasons.svt", "tester").close()
    window = MainWindow(open_evaluation(tmp_path / "reasons.svt"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _count_checks(monkeypatch: pytest.MonkeyPatch, runs: list[Evaluation]) -> None:
    """Each evaluation the Setup page's checker checks is added to runs (check_reasons is the function
    svtool.ui.reason_checker imported from svtool.services.analysis)."""

    def counted(evaluation: Evaluation) -> tuple[ReasonCheck, ...]:
        runs.append(evaluation)
        return check_reasons(evaluation)

    monkeypatch.setattr(svtool.ui.reason_checker, "check_reasons", counted)


def reason_lines(page: SetupPage) -> list[str]:
    texts = [page.checks.item(i).text() for i in range(page.checks.count())]
    return [t for t in texts if " reason" in t or "rationale" in t]


def test_the_checks_list_counts_weak_reasons_and_names_the_cases(window: MainWindow, qtbot: QtBot) -> None:
    window.go_to("Setup")
    page = window.page("Setup")
    assert isinstance(page, SetupPage)
    qtbot.waitUntil(lambda: reason_lines(page) == LINES)
    short = page.checks.item([page.checks.item(i).text() for i in range(page.checks.count())].index(LINES[0]))
    assert "Evaluator 1 – National Care plc – Q1 (Written): Reason is 2 words" in short.toolTip()
    page.checks.setCurrentItem(short)  # the keyboard's way to the same list
    assert page.check_details.text().startswith(
        "Evaluator 1 – Ashton Care Co-operative – Q1 (Written): Reason is 4 words; at least 10 words are expected."
    )
    assert page.check_details.text().count("\n") == 3 and page.check_details.isVisible()  # all four named


def test_a_new_score_is_checked_when_the_setup_page_is_next_shown(
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.go_to("Setup")
    page = window.page("Setup")
    assert isinstance(page, SetupPage)
    qtbot.waitUntil(lambda: reason_lines(page) == LINES)
    runs: list[Evaluation] = []
    _count_checks(monkeypatch, runs)
    window.go_to("Scoring")
    assert page.document.record_score(Score("e2", "C", "S3", "written", Decimal(2), "Vague."))
    qtbot.wait(2 * page.reasons.SETTLE_MS)
    assert runs == []  # nobody is looking: nothing is worked out
    window.go_to("Setup")
    qtbot.waitUntil(lambda: "Warning: 5 reasons are shorter than 10 words." in reason_lines(page))
    assert len(runs) == 1 and len(runs[0].scores) == 11
    assert page.document.record_score(Score("e2", "B", "S3", "written", Decimal(2), "Brief."))  # while shown
    qtbot.waitUntil(lambda: "Warning: 6 reasons are shorter than 10 words." in reason_lines(page))
    assert len(runs) == 2


def test_only_changes_the_checks_read_start_them_again(
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.go_to("Setup")
    page = window.page("Setup")
    assert isinstance(page, SetupPage)
    qtbot.waitUntil(lambda: reason_lines(page) == LINES)
    runs: list[Evaluation] = []
    _count_checks(monkeypatch, runs)
    e = page.document.evaluation
    assert page.document.change_setup(dataclasses.replace(e, contract_value=Decimal(3_000_000)), "value")
    qtbot.wait(2 * page.reasons.SETTLE_MS)
    assert runs == []  # the checks do not read the contract value
    e = page.document.evaluation  # Q2 retitled: the two reasons given for it now restate its title
    title = "Retention figures over three years, named lead, mobilisation in Wigan"
    retitled = tuple(dataclasses.replace(q, title=title) if q.id == "Q2" else q for q in e.questions)
    assert page.document.change_setup(dataclasses.replace(e, questions=retitled), "retitle Q2")
    qtbot.waitUntil(lambda: "Warning: 4 reasons restate the scale descriptor or the question." in reason_lines(page))
    assert len(runs) == 1


def test_the_word_minimum_is_set_on_the_setup_page(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.go_to("Setup")
    page = window.page("Setup")
    assert isinstance(page, SetupPage)
    qtbot.waitUntil(lambda: reason_lines(page) == LINES)
    assert page.min_words.text() == "10"
    for refused in ("0", "ten", "201"):
        page.min_words.setText(refused)
        page.min_words.editingFinished.emit()
        assert "must be a whole number from 1 to 200" in window.message.label.text()
        assert page.min_words.text() == "10"
    page.min_words.setText("3")
    page.min_words.editingFinished.emit()
    stored = open_evaluation(window.opened.location)  # type: ignore[union-attr]
    assert stored.evaluation.panel.reason_min_words == 3
    stored.close()
    qtbot.waitUntil(lambda: reason_lines(page)[:1] == ["Warning: 2 reasons are shorter than 3 words."])
    assert not any("rationale is shorter" in line for line in reason_lines(page))
