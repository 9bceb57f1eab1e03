"""What a delivery report shows (docs/delivery.md), worked out once for the PDF and the workbook alike."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from svtool.domain.delivery import Delivery, Kpi, Point, Rag, Standing, Wealth, series, standing, wealth
from svtool.domain.delivery_notice import figure


@dataclass(frozen=True)
class KpiView:
    kpi: Kpi
    now: Standing
    points: tuple[Point, ...]


@dataclass(frozen=True)
class DeliveryReport:
    title: str
    reference: str
    delivery: Delivery
    respend_percent: Decimal | None
    head_seq: int
    head_hash: str
    needs: tuple[str, ...]
    notices: tuple[tuple[str, str], ...]  # (assessment, notice text) for each year with a rating

    @property
    def upto(self) -> str | None:
        reported = self.delivery.reported()
        return reported[-1] if reported else None

    def kpis(self) -> tuple[KpiView, ...]:
        upto = self.upto
        return tuple(
            KpiView(k, standing(self.delivery, k, upto), series(self.delivery, k, upto)) for k in self.delivery.kpis
        )

    def wealth(self) -> Wealth:
        return wealth(self.delivery, self.respend_percent, self.upto)


def percent_text(value: Fraction | None) -> str:
    return "-" if value is None else figure(value, "%")


RAG_WORDS = {Rag.GREEN: "GREEN", Rag.AMBER: "AMBER", Rag.RED: "RED", Rag.NONE: "no return yet"}
