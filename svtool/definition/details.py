"""The definition fields of a bidder's own details and of community wealth building (docs/definition-format.md,
docs/community-wealth.md): read with located problems, written so that reading back gives the same values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from svtool.definition.fields import Fields, sane
from svtool.domain.evaluation import Attribute, Bidder, Evaluation, Reservation, SupplyLink
from svtool.domain.living_wage import Region
from svtool.domain.postcodes import PostcodeError, normalise_postcode
from svtool.frameworks.lines import toml_string as q

BIDDER_FIELDS = ("address", "postcode", "identifier", "supply_chain", "reserved_eligible", "reserved_reason")
EVALUATION_FIELDS = ("tender_date", "living_wage_region", "living_wage_source", "reservation", "cwb_targets")
SUPPLIER_FIELDS = ("postcode", "share")


def _postcode(f: Fields, key: str, text: str) -> str:
    try:
        return normalise_postcode(text)
    except PostcodeError as problem:
        f.problem(key, str(problem))
        return ""


def read_bidder(f: Fields) -> dict[str, Any]:
    """A bidder's own details as Bidder keyword arguments."""
    links = []
    raw = f.values.get("supply_chain")
    if raw is not None:
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            f.problem(
                "supply_chain",
                "should be a list of suppliers",
                'Write supply_chain = [{ postcode = "WN1 1AA", share = 20 }].',
            )
            raw = []
        for number, item in enumerate(raw, start=1):
            unknown = [k for k in item if k not in SUPPLIER_FIELDS]
            if unknown:
                f.problem(
                    "supply_chain",
                    f"supplier {number} has '{unknown[0]}', which is not a field there",
                    "Give each supplier a postcode and, where known, its share of the spend (per cent).",
                )
            postcode = item.get("postcode")
            if not isinstance(postcode, str) or not postcode.strip():
                f.problem("supply_chain", f"supplier {number} has no postcode", 'Write postcode = "WN1 1AA".')
                continue
            normalised = _postcode(f, "supply_chain", postcode)
            share = item.get("share")
            if share is not None and (
                isinstance(share, bool)
                or not isinstance(share, int | Decimal)
                or sane(Decimal(share)) is not None
                or not 0 <= share <= 100
            ):
                f.problem(
                    "supply_chain",
                    f"supplier {number}'s share should be a per cent from 0 to 100, but is {share!r}",
                    "Write share = 20 (per cent of the spend), or leave it out.",
                )
                share = None
            if normalised:
                links.append(SupplyLink(normalised, Decimal(share) if share is not None else None))
    eligible = f.values.get("reserved_eligible")
    if eligible is not None and not isinstance(eligible, bool):
        f.problem(
            "reserved_eligible",
            f"should be true or false, but is {eligible!r}",
            "Write reserved_eligible = true or false, or leave it out while not yet recorded.",
        )
        eligible = None
    return {
        "address": f.text("address", required=False),
        "postcode": _postcode(f, "postcode", f.text("postcode", required=False)),
        "identifier": f.text("identifier", required=False).strip(),
        "supply_chain": tuple(links),
        "reserved_eligible": eligible,
        "reserved_reason": f.text("reserved_reason", required=False),
    }


def read_evaluation(top: Fields) -> dict[str, Any]:
    """The evaluation's community wealth building settings as Evaluation keyword arguments."""
    tender: date | None = None
    raw = top.values.get("tender_date")
    if isinstance(raw, date):
        tender = raw
    elif isinstance(raw, str):
        try:
            tender = date.fromisoformat(raw.strip())
        except ValueError:
            top.problem("tender_date", f"{raw!r} is not a date", "Write tender_date = 2025-12-01.")
    elif raw is not None:
        top.problem("tender_date", f"{raw!r} is not a date", "Write tender_date = 2025-12-01.")
    targets: dict[Attribute, Decimal] = {}
    for name, value in (top.numbers_by_name("cwb_targets") or {}).items():
        try:
            attribute = Attribute(name)
        except ValueError:
            top.problem(
                "cwb_targets",
                f"'{name}' is not a bidder attribute",
                f"Use any of: {', '.join(a.value for a in Attribute)}.",
            )
            continue
        if value > 100:
            top.problem("cwb_targets", f"the {name} target of {value} is above 100 per cent", "Give 0 to 100.")
            continue
        targets[attribute] = value
    return {
        "tender_date": tender,
        "living_wage_region": top.choice("living_wage_region", Region, Region.UK) or Region.UK,
        "living_wage_source": top.text("living_wage_source", required=False),
        "reservation": top.choice("reservation", Reservation) if top.has("reservation") else None,
        "cwb_targets": targets,
    }


def write_bidder(bidder: Bidder) -> list[str]:
    out = [
        f"{key} = {q(value)}"
        for key, value in (
            ("address", bidder.address),
            ("postcode", bidder.postcode),
            ("identifier", bidder.identifier),
        )
        if value
    ]
    if bidder.supply_chain:
        out.append(
            "supply_chain = ["
            + ", ".join(
                "{ postcode = "
                + q(link.postcode)
                + ("" if link.share is None else f", share = {format(link.share, 'f')}")
                + " }"
                for link in bidder.supply_chain
            )
            + "]"
        )
    if bidder.reserved_eligible is not None:
        out.append(f"reserved_eligible = {'true' if bidder.reserved_eligible else 'false'}")
    if bidder.reserved_reason:
        out.append(f"reserved_reason = {q(bidder.reserved_reason)}")
    return out


def write_evaluation(e: Evaluation) -> list[str]:
    out = []
    if e.tender_date is not None:
        out.append(f"tender_date = {e.tender_date.isoformat()}")
    if e.living_wage_region is not Region.UK:
        out.append(f"living_wage_region = {q(e.living_wage_region.value)}")
    if e.living_wage_source:
        out.append(f"living_wage_source = {q(e.living_wage_source)}")
    if e.reservation is not None:
        out.append(f"reservation = {q(e.reservation.value)}")
    if e.cwb_targets:
        out.append(
            "cwb_targets = { "
            + ", ".join(f"{q(a.value)} = {format(v, 'f')}" for a, v in sorted(e.cwb_targets.items()))
            + " }"
        )
    return out
