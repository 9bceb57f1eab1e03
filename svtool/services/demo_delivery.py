"""The demonstration after award (docs/delivery.md): the home care evaluation moderated, signed off, finalised and
awarded to its recommended bidder, with two years of quarterly returns. Local spend and the Real Living Wage are
on track, apprenticeships fall behind and recover after an agreed action, and local jobs fail throughout.
Everything is fictional."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from svtool.domain.evaluation import Moderation
from svtool.services import delivery, lifecycle
from svtool.services.demo import create_demo
from svtool.services.moderation import cells
from svtool.services.session import OpenEvaluation

D = Decimal
LEAD = "E1"
START = "2027-Q1"
RATIONALE = (
    "The panel agreed the lower score: the evidence given was general, with no local example offered to support it."
)
SPEND = ("398000", "402500", "405000", "401200", "399800", "404300", "407900", "410600")
#: Delivered each quarter: local spend %, Real Living Wage %, apprenticeships, local jobs, visits on time %.
FIGURES = {
    "K1": ("79", "81", "82", "80", "83", "81", "82", "84"),
    "K2": ("100", "100", "100", "100", "100", "100", "100", "100"),
    "K3": ("2", "1", "0", "4", "3", "2", "2", "2"),
    "K4": ("3", "3", "2", "2", "2", "1", "2", "1"),
    "K5": ("96", "94", "95", "97", "96", "95", "96", "97"),
}
EVIDENCE = {
    "K1": "Spend by supplier with postcodes; the borough's share checked against the local boundary.",
    "K2": "Payroll extract of hourly rates for every care worker on the contract, travel time included.",
    "K3": "Apprenticeship agreements signed with Wigan and Leigh College.",
    "K4": "New starters on the contract with a home postcode in the borough.",
    "K5": "Electronic call monitoring: visits begun within 15 minutes of the planned time.",
}


def _final(opened: OpenEvaluation) -> None:
    """The panel agrees the answers still open, every member signs off, and the lead finalises."""
    opened.act_as(LEAD, "svtool demo")
    opened.moderate_many(
        [
            Moderation(
                *cell,
                min(s.value for s in opened.engine.counted_scores(cell).values()),
                RATIONALE,
                feedback="Your answer gave no local example.",
            )
            for cell in cells(opened)
            if cell not in opened.moderations
        ]
    )
    for member in ("E1", "E2", "E3"):
        opened.act_as(member, "svtool demo")
        lifecycle.sign(opened, member)
    opened.act_as(LEAD, "svtool demo")
    lifecycle.finalise(opened, LEAD)


def create_delivery_demo(path: Path) -> OpenEvaluation:
    opened = create_demo(path)
    try:
        _final(opened)
        delivery.award(opened, LEAD, START, "quarter", 8)
        delivery.set_kpi(opened, LEAD, "K1", owner="Commissioning manager")
        delivery.set_kpi(opened, LEAD, "K2", owner="Contracts officer")
        delivery.add_kpi(
            opened,
            LEAD,
            "Apprenticeships started on the contract",
            "people",
            D(16),
            "Contracts officer",
            "apprenticeships",
        )
        delivery.add_kpi(
            opened,
            LEAD,
            "Local residents recruited into jobs on the contract",
            "people",
            D(40),
            "Contracts officer",
            "local-jobs",
        )
        delivery.add_kpi(opened, LEAD, "Visits begun on time", "%", D(95), "Quality assurance officer")
        labels = delivery.awarded(delivery.load(opened)).contract.labels
        for n, period in enumerate(labels):
            delivery.record_return(
                opened, period, D(SPEND[n]), {k: (D(v[n]), EVIDENCE[k]) for k, v in FIGURES.items()}, "demo return"
            )
            _after_return(opened, n, period, labels)
        for kpi, year1, why1, year2, why2 in RATINGS:
            delivery.rate(opened, LEAD, kpi, labels[3], year1, why1)
            delivery.rate(opened, LEAD, kpi, labels[7], year2, why2)
    except BaseException:
        opened.close()
        raise
    return opened


def _after_return(opened: OpenEvaluation, n: int, period: str, labels: tuple[str, ...]) -> None:
    """The contract meeting after each return: shortfalls explained, actions agreed and followed up."""
    if n == 0:
        delivery.record_shortfall(
            opened,
            "K4",
            period,
            "Local recruitment fairs drew few applicants; most new starters live in Bolton.",
            "Advertise every vacancy through the borough's jobs brokerage first, and report applicants by postcode.",
        )
    if n == 1:
        delivery.record_shortfall(
            opened,
            "K3",
            period,
            "Wigan and Leigh College cancelled the spring intake of the care apprenticeship.",
            "A second intake in the autumn with the college, and two places held for people leaving care.",
        )
        delivery.follow_up(
            opened,
            "K4",
            labels[0],
            "Brokerage used for two vacancies; one local applicant appointed. Still well behind.",
            False,
        )
    if n == 2:
        delivery.follow_up(
            opened, "K3", labels[1], "Autumn intake agreed with the college; two places held for care leavers.", False
        )
    if n == 3:
        delivery.follow_up(
            opened, "K3", labels[1], "Autumn intake started: four apprentices, two of them care leavers.", False
        )
    if n == 4:
        delivery.follow_up(
            opened, "K3", labels[1], "Back on profile: ten apprenticeships started against ten profiled.", True
        )
    if n >= 2:
        delivery.follow_up(
            opened,
            "K4",
            labels[0],
            f"After {period}: the brokerage route has not raised local "
            "recruitment; escalated to the contract review board.",
            False,
        )


RATINGS = (
    (
        "K1",
        "Good",
        "Local spend at or above the 80% committed in every quarter but the first.",
        "Good",
        "Local spend held above 80% all year, and above 81% over the two years.",
    ),
    (
        "K2",
        "Good",
        "Every care worker paid at least the Real Living Wage, travel time included.",
        "Good",
        "Every care worker paid at least the Real Living Wage; the new rate paid from April.",
    ),
    (
        "K3",
        "Approaching target",
        "Behind after the college cancelled its spring intake; the autumn intake put it nearly back on profile.",
        "Good",
        "Sixteen apprenticeships started, as committed.",
    ),
    (
        "K4",
        "Inadequate",
        "Ten local residents recruited against twenty profiled, despite the agreed action.",
        "Inadequate",
        "Six more in year two: sixteen against forty. The action agreed has not worked.",
    ),
    (
        "K5",
        "Good",
        "Visits on time at or near the 95% target throughout.",
        "Good",
        "Visits on time above 95% in every quarter of the year.",
    ),
)
