"""UK postcodes, the boundary and the computed "local" attribute (docs/community-wealth.md)."""

from __future__ import annotations

import dataclasses
import random
import string

import pytest

from svtool.domain.community_wealth import shares
from svtool.domain.engine import evaluate
from svtool.domain.evaluation import Attribute, Bidder, Reservation
from svtool.domain.postcodes import (
    PostcodeError,
    attributes_of,
    in_boundary,
    local_status,
    normalise_postcode,
    parse_district,
    parse_postcode,
)
from svtool.domain.validation import Severity, validate_setup
from tests.domain.builders import care_tender


@pytest.mark.parametrize(
    ("given", "outward", "shown"),
    [
        ("M1 1AE", "M1", "M1 1AE"),  # A9 9AA
        ("M60 1NW", "M60", "M60 1NW"),  # A99 9AA
        ("W1A 1HQ", "W1A", "W1A 1HQ"),  # A9A 9AA
        ("WN1 1AA", "WN1", "WN1 1AA"),  # AA9 9AA
        ("WN12 3XY", "WN12", "WN12 3XY"),  # AA99 9AA
        ("EC1A 1BB", "EC1A", "EC1A 1BB"),  # AA9A 9AA
        ("GIR 0AA", "GIR", "GIR 0AA"),
        ("gir0aa", "GIR", "GIR 0AA"),
        ("wn11aa", "WN1", "WN1 1AA"),  # no space, lower case
        ("  ec1a  1bb ", "EC1A", "EC1A 1BB"),  # spaces anywhere
        ("Wn1 1aA", "WN1", "WN1 1AA"),
    ],
)
def test_every_format_is_read_and_normalised(given: str, outward: str, shown: str) -> None:
    postcode = parse_postcode(given)
    assert postcode.outward == outward and str(postcode) == shown == normalise_postcode(given)


@pytest.mark.parametrize(
    "given",
    [
        "",
        "   ",
        "WN1",
        "1AA",
        "WN1 AAA",
        "WN1 1A",
        "WNA 1AA",
        "W 1AA",
        "WN123 1AA",
        "ABC1 1AA",
        "WN1-1AA",
        "WN1 1AA X",
        "GIR 1AA",
        "ＷＮ１ １ＡＡ",
        "WN1 1Aé",
        "WN1\x001AA",
        "1WN 1AA",
        "WN1 11A",
    ],
)
def test_invalid_postcodes_are_refused_with_a_clear_message(given: str) -> None:
    with pytest.raises(PostcodeError) as refused:
        parse_postcode(given)
    message = str(refused.value)
    assert "postcode" in message and "WN1 1AA" in message  # says what to write


def test_empty_normalises_to_empty_and_a_very_long_text_is_refused_quickly() -> None:
    assert normalise_postcode("  ") == ""
    with pytest.raises(PostcodeError, match="too long"):
        parse_postcode("W" * 100_000)


def test_districts() -> None:
    assert [parse_district(d) for d in ("wn1", " M60 ", "EC1A", "GIR")] == ["WN1", "M60", "EC1A", "GIR"]
    for bad in ("WN1 1AA", "1WN", "", "W"):
        with pytest.raises(PostcodeError, match="not a postcode district"):
            parse_district(bad)


def test_the_district_decides_who_is_local() -> None:
    boundary = ("WN1", "WN2", "M46")
    assert in_boundary("wn1 1aa", boundary) and in_boundary("M46 9XY", boundary)
    assert not in_boundary("WN12 1AA", boundary)  # WN12 is not WN1: whole districts, not prefixes
    assert not in_boundary("M4 6AA", boundary) and not in_boundary("nonsense", boundary)
    inside = Bidder("A", "Ashton", frozenset({Attribute.SME}), postcode="WN1 1AA")
    outside = Bidder("B", "National", frozenset({Attribute.SME, Attribute.LOCAL}), postcode="SW1A 1AA")
    legacy = Bidder("C", "Leigh", frozenset({Attribute.LOCAL}))
    assert attributes_of(inside, boundary) == {Attribute.SME, Attribute.LOCAL}
    assert attributes_of(outside, boundary) == {Attribute.SME}  # a tick by hand does not beat the postcode
    assert local_status(outside, boundary).why == "its postcode district SW1A is outside the boundary"
    assert local_status(legacy, boundary) == local_status(legacy, ()) and local_status(legacy, ()).local
    assert not local_status(inside, ()).local and "no local boundary" in local_status(inside, ()).why


def test_seeded_fuzz_of_the_parser() -> None:
    """Random text never crashes the parser: it is refused with PostcodeError, or read into a postcode that
    reads back the same."""
    rng = random.Random(20251122)
    alphabet = string.ascii_letters + string.digits + "  -\t\n\x00é0Ａ"
    valid = 0
    for _ in range(5000):
        if rng.random() < 0.5:  # near misses: a real shape with an edit
            text = list(rng.choice(["WN1 1AA", "EC1A 1BB", "M60 1NW", "GIR 0AA", "W1A 1HQ"]))
            text[rng.randrange(len(text))] = rng.choice(alphabet)
            candidate = "".join(text)
        else:
            candidate = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        try:
            postcode = parse_postcode(candidate)
        except PostcodeError as refused:
            assert str(refused)
            continue
        valid += 1
        assert parse_postcode(str(postcode)) == postcode and str(postcode) == str(postcode).upper()
        assert 2 <= len(postcode.outward) <= 4 and len(postcode.inward) == 3
    assert valid > 100  # the near misses include real postcodes


def test_setup_checks_postcodes_supply_chains_and_reservations() -> None:
    from decimal import Decimal

    from svtool.domain.evaluation import SupplyLink

    base = care_tender()
    bad = dataclasses.replace(
        base.bidders[0],
        postcode="nonsense",
        supply_chain=(SupplyLink("WN1 1AA", Decimal(70)), SupplyLink("M1 1AE", Decimal(40))),
    )
    evaluation = dataclasses.replace(
        base,
        bidders=(bad, *base.bidders[1:]),
        reservation=Reservation.SUPPORTED_EMPLOYMENT,
        cwb_targets={Attribute.SME: Decimal(120)},
    )
    issues = validate_setup(evaluation)
    errors = [f"{i.where}: {i.message}" for i in issues if i.severity is Severity.ERROR]
    assert any("'nonsense' is not a UK postcode" in e for e in errors)
    assert any("add up to 110%" in e for e in errors)
    assert any("sme target of 120%" in e for e in errors)
    warnings = [i.message for i in issues if i.severity is Severity.WARNING]
    assert sum("no eligibility recorded for the reserved contract" in w for w in warnings) == 3


def test_a_reserved_contract_excludes_an_ineligible_bidder_with_its_reason() -> None:
    base = care_tender()
    ineligible = dataclasses.replace(
        base.bidders[1],
        reserved_eligible=False,
        reserved_reason="12% of its staff are disabled or disadvantaged, under 30%",
    )
    bidders = (dataclasses.replace(base.bidders[0], reserved_eligible=True), ineligible, base.bidders[2])
    unreserved = evaluate(dataclasses.replace(base, bidders=bidders))
    assert not unreserved.bidder("B").excluded
    results = evaluate(dataclasses.replace(base, bidders=bidders, reservation=Reservation.SUPPORTED_EMPLOYMENT))
    b = results.bidder("B")
    assert b.excluded and b.rank is None
    assert b.exclusion_reasons == (
        "Not eligible for this reserved contract (Procurement Act 2023 s.32, supported "
        "employment providers (at least 30% of staff disabled or disadvantaged)): 12% of "
        "its staff are disabled or disadvantaged, under 30%",
    )
    assert not results.bidder("C").excluded  # not yet recorded: warned in the setup, not excluded


def test_community_wealth_shares_of_bidders_and_of_the_recommended_value() -> None:
    from decimal import Decimal
    from fractions import Fraction

    base = care_tender(local_boundary=("WN1",), cwb_targets={Attribute.SME: Decimal(50), Attribute.LOCAL: Decimal(30)})
    a, b, c = base.bidders
    bidders = (
        dataclasses.replace(a, attributes=frozenset({Attribute.SME, Attribute.CO_OPERATIVE}), postcode="WN1 1AA"),
        dataclasses.replace(b, postcode="SW1A 1AA"),
        dataclasses.replace(c, attributes=frozenset({Attribute.SME}), postcode="WN1 2BB"),
    )
    evaluation = dataclasses.replace(base, bidders=bidders)
    results = evaluate(evaluation)
    winner = results.winner
    assert winner is not None
    found = {s.attribute: s for s in shares(evaluation, results)}
    assert (found[Attribute.SME].bidders, found[Attribute.SME].of_bidders) == (2, 3)
    assert found[Attribute.LOCAL].bidder_percent == Fraction(200, 3)
    assert found[Attribute.VCSE].bidders == 0 and found[Attribute.VCSE].value_percent == 0
    winner_is_sme = winner.bidder_id in ("A", "C")
    assert found[Attribute.SME].value_percent == (100 if winner_is_sme else 0)
    assert found[Attribute.SME].met is winner_is_sme
    assert found[Attribute.SME].value == (winner.price if winner_is_sme else 0)
    assert found[Attribute.CO_OPERATIVE].target is None and found[Attribute.CO_OPERATIVE].met is None
