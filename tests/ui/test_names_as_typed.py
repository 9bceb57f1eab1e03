"""Names and statements typed by people or taken from bidders' files are shown as typed, never read as markup, in
the labels that set them in bold (a bidder called "Care <Plus> & Co" must not lose its "<Plus>")."""

from __future__ import annotations

import dataclasses

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from svtool.domain.evaluation import Declaration
from svtool.ui.bidders_page import BiddersPage
from svtool.ui.main_window import MainWindow
from svtool.ui.panel_dialogs import DeclarationDialog, MitigationDialog, WorkingAsDialog
from svtool.ui.scoring_page import ScoringPage

BIDDER = "Care <Plus> & Co"
MEMBER = "Sam <b>Patel</b>"
STATEMENT = "My brother is a director of <i>Care Plus</i> & its parent"


def shown(label: QLabel) -> str:
    """What a person reads in the label: its text as Qt draws it."""
    document = QTextDocument()
    if label.textFormat() == label.textFormat().PlainText:
        document.setPlainText(label.text())
    else:
        document.setHtml(label.text())
    return document.toPlainText()


def labels_read(widget: QWidget) -> str:
    return "\n".join(shown(label) for label in widget.findChildren(QLabel))


def test_the_scoring_and_bidders_pages_show_a_bidders_name_as_typed(demo_window: MainWindow) -> None:
    document = demo_window.document
    assert document is not None
    setup = document.opened.evaluation
    renamed = dataclasses.replace(
        setup, bidders=tuple(dataclasses.replace(b, name=BIDDER) if b.id == "LHC" else b for b in setup.bidders)
    )
    assert document.change_setup(renamed, "Renamed a bidder")
    page = demo_window.page("Scoring")
    assert isinstance(page, ScoringPage)
    demo_window.go_to("Scoring")
    page.select(2, 1)  # Leigh Homecare's row, renamed
    assert shown(page.cell_title).startswith(BIDDER + "\n")
    bidders = demo_window.page("Bidders")
    assert isinstance(bidders, BiddersPage)
    demo_window.go_to("Bidders")
    bidders.select(next(r for r in range(bidders.model.rowCount()) if bidders.model.bidder(r).id == "LHC"))
    assert shown(bidders.commitments_label).startswith(f"Social value commitments: {BIDDER} (the measures")


def test_the_panels_dialogs_show_names_and_statements_as_typed(demo_window: MainWindow) -> None:
    state = demo_window.opened
    assert state is not None
    member = dataclasses.replace(state.evaluation.evaluators[0], name=MEMBER)
    bidder = dataclasses.replace(state.evaluation.bidders[0], name=BIDDER)
    interest = Declaration(member.id, bidder.id, True, STATEMENT, "2026-03-02")
    assert f"{MEMBER} declared an interest in {BIDDER} on 2026-03-02:\n{STATEMENT}" in labels_read(
        MitigationDialog(member, bidder, interest)
    )
    assert labels_read(DeclarationDialog(member, [bidder])).startswith(f"{MEMBER}: before you see any bid")
    assert labels_read(WorkingAsDialog([member], member.id, BIDDER)).startswith(f"{BIDDER}\nChoose who you are")
