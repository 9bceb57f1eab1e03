"""UK postcodes, and whether a bidder is local: its postcode district inside the evaluation's boundary.

A postcode is an outward code (the district, such as WN1 or M60) and an inward code (a digit and two letters),
in one of the Royal Mail formats A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA, plus the special GIR 0AA
(docs/community-wealth.md). The space is optional and lower case is accepted; postcodes are kept upper case with
one space, so that WN1 1AA, wn11aa and "WN1  1AA" are the same place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from svtool.domain.evaluation import Attribute, Bidder

#: The outward code: A9, A99, A9A, AA9, AA99 or AA9A.
_OUTWARD = r"[A-Z](?:[0-9][0-9A-Z]?|[A-Z][0-9][0-9A-Z]?)"
_POSTCODE = re.compile(rf"({_OUTWARD})([0-9][A-Z]{{2}})")
_DISTRICT = re.compile(rf"{_OUTWARD}|GIR")
EXAMPLE = "a postcode such as WN1 1AA (formats A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA or GIR 0AA)"
LONGEST = 16  # far more than any postcode, spaces included: anything longer is refused before matching


class PostcodeError(ValueError):
    """A postcode or district that is not in a UK format; the message says what was wrong and what to write."""


@dataclass(frozen=True)
class Postcode:
    outward: str  # the district, such as WN1
    inward: str  # such as 1AA

    def __str__(self) -> str:
        return f"{self.outward} {self.inward}"


def _squeezed(text: str) -> str:
    return "".join(text.split()).upper()


def parse_postcode(text: str) -> Postcode:
    """The postcode in text, normalised; PostcodeError saying why if it is not a UK postcode."""
    if len(text) > LONGEST:
        raise PostcodeError(f"'{text[:LONGEST]}...' is too long for a postcode: write {EXAMPLE}.")
    squeezed = _squeezed(text)
    if not squeezed:
        raise PostcodeError(f"The postcode is empty: write {EXAMPLE}.")
    if squeezed == "GIR0AA":
        return Postcode("GIR", "0AA")
    match = _POSTCODE.fullmatch(squeezed)
    if match is None or not text.isascii():
        raise PostcodeError(f"'{text.strip()}' is not a UK postcode: write {EXAMPLE}.")
    return Postcode(match.group(1), match.group(2))


def normalise_postcode(text: str) -> str:
    """The postcode upper case with one space (WN1 1AA), or "" for an empty one; PostcodeError if invalid."""
    return "" if not text.strip() else str(parse_postcode(text))


def parse_district(text: str) -> str:
    """A postcode district (outward code) such as WN1, normalised; PostcodeError if it is not one."""
    squeezed = _squeezed(text)
    if len(text) > LONGEST or not text.isascii() or _DISTRICT.fullmatch(squeezed) is None:
        raise PostcodeError(
            f"'{text.strip()[:LONGEST]}' is not a postcode district: write the first part of a "
            "postcode, such as WN1 or M60."
        )
    return squeezed


def in_boundary(postcode: str, boundary: Iterable[str]) -> bool:
    """Whether a postcode's district is one of the boundary's districts (False for an empty or invalid one)."""
    try:
        district = parse_postcode(postcode).outward
    except PostcodeError:
        return False
    return district in {_squeezed(d) for d in boundary}


@dataclass(frozen=True)
class LocalStatus:
    local: bool
    why: str  # in words, for the bidders page and the reports


def local_status(bidder: Bidder, boundary: tuple[str, ...]) -> LocalStatus:
    """Whether a bidder is local, computed from its postcode and the boundary.

    A bidder marked local by hand before postcodes were recorded (schema 8 or older) stays local until it has a
    postcode, so an older evaluation reports as it did; from a postcode on, the postcode decides.
    """
    if bidder.postcode:
        if not boundary:
            return LocalStatus(False, "no local boundary is set")
        try:
            district = parse_postcode(bidder.postcode).outward
        except PostcodeError:
            return LocalStatus(False, f"its postcode '{bidder.postcode}' is not valid")
        if in_boundary(bidder.postcode, boundary):
            return LocalStatus(True, f"its postcode district {district} is inside the boundary")
        return LocalStatus(False, f"its postcode district {district} is outside the boundary")
    if Attribute.LOCAL in bidder.attributes:
        return LocalStatus(True, "marked local by hand; no postcode recorded")
    return LocalStatus(False, "no postcode recorded")


def attributes_of(bidder: Bidder, boundary: tuple[str, ...]) -> frozenset[Attribute]:
    """The bidder's attributes with "local" computed (local_status) rather than as ticked."""
    others = bidder.attributes - {Attribute.LOCAL}
    return others | {Attribute.LOCAL} if local_status(bidder, boundary).local else others
