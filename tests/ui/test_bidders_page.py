"""The Bidders page in a real (offscreen) window: the selected bidder's commitments."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from svtool.services.evaluations import open_evaluation
from svtool.ui.bidders_page import BiddersPage
from svtool.ui.document import EvaluationDocument
from tests.ui.conftest import cell

pytestmark = pytest.mark.gui


def test_a_measure_the_framework_no_longer_has_is_named_not_a_crash(qtbot, demo_file: Path) -> None:  # type: ignore[no-untyped-def]
    document = EvaluationDocument(open_evaluation(demo_file, actor="Sam Patel"))
    document.stop()
    page = BiddersPage(document)
    qtbot.addWidget(page)
    framework = page._framework
    measures = document.evaluation.commitment_measures()
    assert framework is not None and len(measures) >= 2
    # A later version of the framework drops the first measure the evaluation counts.
    page._framework = dataclasses.replace(
        framework, measures=tuple(m for m in framework.measures if m.id != measures[0])
    )
    page._show_commitments(0)
    rows = [[cell(page.commitments, r, c).text() for c in range(3)] for r in range(page.commitments.rowCount())]
    assert len(rows) == len(measures)
    assert rows[0] == [measures[0], "(not in this framework)", ""]
    kept = framework.measure(measures[1])
    assert rows[1] == [measures[1], kept.title, kept.unit or ""]
    document.opened.close()


def test_the_framework_trees_heading_uses_the_frameworks_own_word(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from svtool.services import frameworks as service
    from svtool.ui.framework_model import FrameworkTreeModel

    model = FrameworkTreeModel(service.load_framework("ppn-002"))
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Mission / outcome / measure"
    model.set_framework(service.load_framework("cwb-local"))
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Theme / outcome / measure"
