"""The Bidders grid's model, without a window: it shows the document's state and redraws only what changed."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from svtool.domain.evaluation import Bid
from svtool.services.evaluations import open_evaluation
from svtool.ui.bidders_model import HEADERS, PRICE_COLUMN, BiddersModel
from svtool.ui.document import EvaluationDocument


@pytest.fixture
def model(qapp, demo_file: Path) -> BiddersModel:  # type: ignore[no-untyped-def]
    document = EvaluationDocument(open_evaluation(demo_file, actor="Sam Patel"))
    document.stop()  # polled by hand below
    edits: list[tuple[int, int, object]] = []

    def edit(row: int, column: int, value: object) -> bool:
        edits.append((row, column, value))
        return True

    made = BiddersModel(document, edit)
    made.edits = edits  # type: ignore[attr-defined]
    return made


def _with_price(model: BiddersModel, row: int, price: str) -> object:
    e = model.document.evaluation
    bidder = e.bidders[row].id
    return dataclasses.replace(
        e, bids=tuple(Bid(b.bidder_id, Decimal(price), b.commitments) if b.bidder_id == bidder else b for b in e.bids)
    )


def test_the_model_shows_the_bidders_and_hands_edits_to_the_page(model: BiddersModel) -> None:
    assert model.rowCount() == 6 and model.columnCount() == len(HEADERS)  # with the eligibility columns (reserved)
    assert model.index(0, 0).data() == "Ashton Care Co-operative"
    assert model.index(0, PRICE_COLUMN).data().startswith("£")
    assert model.index(0, PRICE_COLUMN).data(Qt.ItemDataRole.TextAlignmentRole)
    assert model.setData(model.index(2, PRICE_COLUMN), "4,000,000")
    assert model.setData(model.index(2, 1), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.edits == [(2, PRICE_COLUMN, "4,000,000"), (2, 1, True)]  # type: ignore[attr-defined]


def test_a_price_edit_redraws_one_row(model: BiddersModel, qtbot) -> None:  # type: ignore[no-untyped-def]
    changed: list[tuple[int, int, int, int]] = []
    resets: list[bool] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), a.column(), b.row(), b.column())))
    model.modelReset.connect(lambda: resets.append(True))
    assert model.document.change_setup(_with_price(model, 3, "4321000"), "enter a price")  # type: ignore[arg-type]
    assert changed == [(3, 0, 3, len(HEADERS) - 1)] and not resets
    assert model.index(3, PRICE_COLUMN).data() == "£4,321,000.00"


def test_another_sessions_price_arrives_as_one_row(model: BiddersModel, demo_file: Path) -> None:
    changed: list[int] = []
    model.dataChanged.connect(lambda a, *_: changed.append(a.row()))
    other = open_evaluation(demo_file, actor="Jo Robinson")
    other.change_setup(_with_price(model, 1, "3999999"), "enter a price")  # type: ignore[arg-type]
    assert model.document.poll().bidders == {other.evaluation.bidders[1].id}
    assert changed == [1]
    assert model.index(1, PRICE_COLUMN).data() == "£3,999,999.00"


def test_a_bidder_added_elsewhere_resets_the_rows(model: BiddersModel, demo_file: Path) -> None:
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    other = open_evaluation(demo_file, actor="Jo Robinson")
    e = other.evaluation
    other.change_setup(
        dataclasses.replace(
            e,
            bidders=(*e.bidders, dataclasses.replace(e.bidders[0], id="NEW", name="New Care Ltd")),
            bids=(*e.bids, Bid("NEW")),
        ),
        "add a bidder",
    )
    model.document.poll()
    assert resets == [True] and model.rowCount() == 7
    assert model.index(6, 0).data() == "New Care Ltd"
    assert not model.index(0, 0).parent().isValid() and model.rowCount(QModelIndex()) == 7


def test_local_is_redrawn_when_the_boundary_moves(model: BiddersModel) -> None:
    from svtool.ui.bidders_model import LOCAL_COLUMN

    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), a.column(), b.row(), b.column())))
    leeds = [model.bidder(r).id for r in range(model.rowCount())].index("NHG")
    assert model.index(leeds, LOCAL_COLUMN).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    e = model.document.evaluation
    assert model.document.change_setup(dataclasses.replace(e, local_boundary=(*e.local_boundary, "LS1")), "add LS1")
    assert changed == [(0, LOCAL_COLUMN, 5, LOCAL_COLUMN)]
    assert model.index(leeds, LOCAL_COLUMN).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
