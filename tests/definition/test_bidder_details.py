"""Definition fields for a bidder's own details and community wealth building (docs/definition-format.md)."""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from decimal import Decimal

import pytest

from svtool.definition.reader import read_definition_text
from svtool.definition.writer import write_definition_text
from svtool.domain.evaluation import Attribute, Evaluation, Reservation, SupplyLink
from svtool.domain.living_wage import Region
from svtool.frameworks.problems import FrameworkInvalid
from tests.definition.test_definition import line_of, problems
from tests.domain.builders import care_tender


def detailed() -> Evaluation:
    base = care_tender(local_boundary=("WN1", "M46"))
    a, b, c = base.bidders
    bidders = (
        dataclasses.replace(
            a,
            address="1 Mesnes Street, Wigan",
            postcode="WN1 1AA",
            identifier="IP031234",
            supply_chain=(SupplyLink("WN2 3CD", Decimal("40.5")), SupplyLink("M46 0AA")),
            reserved_eligible=True,
            reserved_reason="42% of staff disabled (payroll audit)",
        ),
        dataclasses.replace(
            b,
            identifier="CDP-PAAA-1234-ABCD",
            postcode="EC1A 1BB",
            reserved_eligible=False,
            reserved_reason="Not a supported employment provider",
        ),
        c,
    )
    return dataclasses.replace(
        base,
        bidders=bidders,
        tender_date=date(2025, 12, 1),
        living_wage_region=Region.LONDON,
        living_wage_rate=Decimal("14.80"),
        living_wage_source="Living Wage Foundation 2025/26, announced 2025-10-22",
        reservation=Reservation.SUPPORTED_EMPLOYMENT,
        cwb_targets={Attribute.SME: Decimal(30), Attribute.LOCAL: Decimal("50.5")},
    )


def test_details_round_trip() -> None:
    evaluation = detailed()
    text = write_definition_text(evaluation)
    assert 'postcode = "WN1 1AA"' in text and "tender_date = 2025-12-01" in text
    assert 'supply_chain = [{ postcode = "WN2 3CD", share = 40.5 }, { postcode = "M46 0AA" }]' in text
    assert read_definition_text(text) == evaluation
    assert write_definition_text(read_definition_text(text)) == text
    # None of it is written for an evaluation without it, so older definitions read and write the same.
    plain = write_definition_text(care_tender())
    assert "postcode" not in plain and "tender_date" not in plain and "reservation" not in plain


def test_postcodes_are_normalised_and_dates_may_be_text() -> None:
    text = (
        write_definition_text(detailed())
        .replace('postcode = "WN1 1AA"', 'postcode = "wn11aa"')
        .replace("tender_date = 2025-12-01", 'tender_date = "2025-12-01"')
    )
    evaluation = read_definition_text(text)
    assert evaluation.bidders[0].postcode == "WN1 1AA" and evaluation.tender_date == date(2025, 12, 1)


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ('postcode = "WN1 1AA"', 'postcode = "WN1 1A"', "postcode", "'WN1 1A' is not a UK postcode"),
        ('postcode = "WN1 1AA"', "postcode = 5", "postcode", "should be text"),
        ("tender_date = 2025-12-01", 'tender_date = "1 Dec"', "tender_date", "is not a date"),
        ("tender_date = 2025-12-01", "tender_date = 5", "tender_date", "is not a date"),
        (
            'living_wage_region = "london"',
            'living_wage_region = "wales"',
            "living_wage_region",
            "not one of the choices",
        ),
        ('reservation = "supported_employment"', 'reservation = "mates"', "reservation", "not one of the choices"),
        ("reserved_eligible = true", 'reserved_eligible = "yes"', "reserved_eligible", "should be true or false"),
        ("share = 40.5", "share = 140", "supply_chain", "share should be a per cent from 0 to 100"),
        ("share = 40.5", "share = nan", "supply_chain", "share should be a per cent"),
        ('{ postcode = "WN2 3CD"', '{ postcode = "nowhere"', "supply_chain", "'nowhere' is not a UK postcode"),
        ('{ postcode = "WN2 3CD"', '{ colour = "red", postcode = "WN2 3CD"', "supply_chain", "'colour'"),
        ("supply_chain = [", 'supply_chain = "WN2" #[', "supply_chain", "should be a list of suppliers"),
        ('"sme" = 30', '"smee" = 30', "cwb_targets", "'smee' is not a bidder attribute"),
        ('"sme" = 30', '"sme" = 300', "cwb_targets", "above 100 per cent"),
    ],
)
def test_bad_details_give_located_problems(old: str, new: str, field: str, message: str) -> None:
    text = write_definition_text(detailed())
    assert old in text
    text = text.replace(old, new, 1)
    if new.endswith("#["):  # the rest of the list left as a comment
        text = text.replace(new, new.split(" #")[0] + " #", 1)
    found = [p for p in problems(text) if p.field == field]
    assert found, problems(text)
    assert message in found[0].message and found[0].where.line == line_of(text, new.split(" #")[0])


def test_seeded_fuzz_of_the_new_fields() -> None:
    """Random values in each new field give a located problem or a valid evaluation, never a crash."""
    rng = random.Random(1213)
    base = write_definition_text(detailed())
    values = [
        '"WN1 1AA"',
        '"x"',
        '""',
        "1",
        "-1",
        "1e999",
        "nan",
        "true",
        "[]",
        "{}",
        '["a"]',
        "2025-13-01",
        "2025-01-01",
        "{ postcode = 5 }",
        '[{ share = "a" }]',
        '[{ postcode = "WN1 1AA", share = -1 }]',
        '"\\u0007"',
        '"' + "W" * 300 + '"',
        "{ sme = -5 }",
        "{ local = 1e30 }",
        '"london"',
        '"public_service_mutual"',
    ]
    fields = [
        "postcode",
        "address",
        "identifier",
        "supply_chain",
        "reserved_eligible",
        "reserved_reason",
        "tender_date",
        "living_wage_region",
        "living_wage_source",
        "reservation",
        "cwb_targets",
    ]
    outcomes = {"read": 0, "refused": 0}
    for _ in range(400):
        lines = base.splitlines()
        for _edit in range(rng.randint(1, 3)):
            field = rng.choice(fields)
            at = [n for n, line in enumerate(lines) if line.startswith(f"{field} = ")]
            value = rng.choice(values)
            if at:
                lines[rng.choice(at)] = f"{field} = {value}"
        try:
            read_definition_text("\n".join(lines), "fuzz.toml")
            outcomes["read"] += 1
        except FrameworkInvalid as refused:
            outcomes["refused"] += 1
            assert refused.problems and all(str(p).startswith("fuzz.toml") for p in refused.problems)
    assert outcomes["read"] and outcomes["refused"]
