"""The Setup page's community wealth building: the targets for the share of the recommended contract value going to
SMEs, VCSEs, co-operatives, social enterprises and local organisations (reported beside the scores, never scored),
and whether the contract is reserved under the Procurement Act 2023 s.32 or s.33 (docs/community-wealth.md)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from svtool.domain.community_wealth import LABELS
from svtool.domain.evaluation import Attribute, Reservation
from svtool.domain.reserved import DESCRIPTIONS
from svtool.ui.document import EvaluationDocument
from svtool.ui.widgets import note, parse_amount, plain, quiet

NOT_RESERVED = "none"
#: The choices, each with the one line that explains it.
RESERVATIONS = (
    ("Not reserved", NOT_RESERVED, "Any supplier may bid; eligibility is not recorded."),
    (
        "Reserved: s.32 supported employment",
        Reservation.SUPPORTED_EMPLOYMENT.value,
        f"Only {DESCRIPTIONS[Reservation.SUPPORTED_EMPLOYMENT].split(', ', 1)[1]} may bid; record each "
        "bidder's eligibility on the Bidders page.",
    ),
    (
        "Reserved: s.33 public service mutuals",
        Reservation.PUBLIC_SERVICE_MUTUAL.value,
        f"Only {DESCRIPTIONS[Reservation.PUBLIC_SERVICE_MUTUAL].split(', ', 1)[1]} may bid; record each "
        "bidder's eligibility on the Bidders page.",
    ),
)


class CommunityWealthBox(QGroupBox):
    def __init__(self, document: EvaluationDocument, parent: QWidget | None = None) -> None:
        super().__init__("Community wealth building (reported beside the scores, not scored)", parent)
        self.document = document
        form = QFormLayout(self)
        form.addRow(
            note(
                "Targets: the share of the contract value awarded that should go to each kind of organisation, "
                "per cent (0 to 100). Leave one blank for no target."
            )
        )
        self.targets: dict[Attribute, QLineEdit] = {}
        for attribute, name in LABELS:
            line = QLineEdit()
            line.setAccessibleName(f"{name} target (% of the contract value awarded)")
            line.setPlaceholderText("no target")
            line.setAccessibleDescription("Per cent, 0 to 100, or blank for no target; reported, not scored")
            line.setMaximumWidth(160)
            line.editingFinished.connect(lambda a=attribute, n=name: self._target(a, n))
            self.targets[attribute] = line
            form.addRow(f"{name} target (%)", line)
        self.reservation = QComboBox()
        self.reservation.setAccessibleName("Reserved contract (Procurement Act 2023)")
        self.reservation.setAccessibleDescription("Whether only certain organisations may bid; others are excluded")
        for words, value, why in RESERVATIONS:
            self.reservation.addItem(words, value)
            self.reservation.setItemData(self.reservation.count() - 1, why, Qt.ItemDataRole.ToolTipRole)
        self.reservation.currentIndexChanged.connect(self._reservation)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setAccessibleName("What the reservation means")
        form.addRow("Reserved contract", self.reservation)
        form.addRow("", self.explanation)
        document.setup_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        e = self.document.evaluation
        with quiet(self.reservation, *self.targets.values()):
            for attribute, line in self.targets.items():
                line.setText(plain(e.cwb_targets.get(attribute)))
            self.reservation.setCurrentIndex(
                self.reservation.findData(e.reservation.value if e.reservation else NOT_RESERVED)
            )
        self.explanation.setText(RESERVATIONS[self.reservation.currentIndex()][2])

    def _target(self, attribute: Attribute, name: str) -> None:
        e = self.document.evaluation
        text = self.targets[attribute].text().strip()
        value = parse_amount(text)
        if (value is None and text) or (value is not None and not Decimal(0) <= value <= Decimal(100)):
            self.document.problem.emit(
                f"The {name} target must be a percentage from 0 to 100, such as 30, or blank for no target. "
                f"'{text}' is not."
            )
            return self.refresh()
        if value == e.cwb_targets.get(attribute):
            return None
        targets = {a: v for a, v in e.cwb_targets.items() if a is not attribute}
        if value is not None:
            targets[attribute] = value
        self.document.change_setup(
            dataclasses.replace(e, cwb_targets=targets),
            f"set the {name} target to {plain(value) + '%' if value is not None else 'none'}",
        )
        return None

    def _reservation(self) -> None:
        e = self.document.evaluation
        chosen = self.reservation.currentData()
        reservation = None if chosen == NOT_RESERVED else Reservation(chosen)
        if reservation == e.reservation:
            return
        words = RESERVATIONS[self.reservation.currentIndex()][0]
        self.document.change_setup(
            dataclasses.replace(e, reservation=reservation),
            "reserve the contract under s.32"
            if reservation is Reservation.SUPPORTED_EMPLOYMENT
            else "reserve the contract under s.33"
            if reservation is Reservation.PUBLIC_SERVICE_MUTUAL
            else f"set the contract as {words.lower()}",
        )
