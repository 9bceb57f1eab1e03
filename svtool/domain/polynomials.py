"""Polynomials in one variable with exact rational coefficients, and their real roots in an interval.

The split sensitivity (sensitivity.py) writes each bidder's total as a ratio of such polynomials in one stage's
share of the split, so the shares at which two totals are level are roots (docs/scoring-method.md, "Sensitivity").
A root of a first-degree polynomial is found exactly. A root of a higher degree (which only quality relative to the
best, or a question scored in some but not all of three or more stages, can give) may be irrational: it is then
bracketed by exact bisection to within TOLERANCE, and recovered exactly when it is a fraction with a denominator
up to a million.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

#: Coefficients, the constant first; the zero polynomial is ().
Poly = tuple[Fraction, ...]

#: How closely a root that cannot be found exactly is bracketed.
TOLERANCE = Fraction(1, 10**24)
#: The largest denominator tried when recovering a bracketed root as an exact fraction.
SIMPLEST_DENOMINATOR = 10**6


def poly(*coefficients: Fraction | int) -> Poly:
    """A polynomial from its coefficients, constant first, without trailing zeros."""
    values = [Fraction(c) for c in coefficients]
    while values and values[-1] == 0:
        values.pop()
    return tuple(values)


def add(a: Poly, b: Poly) -> Poly:
    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
    return poly(*(x + (shorter[i] if i < len(shorter) else 0) for i, x in enumerate(longer)))


def sub(a: Poly, b: Poly) -> Poly:
    return add(a, scale(b, Fraction(-1)))


def scale(a: Poly, factor: Fraction) -> Poly:
    return poly(*(x * factor for x in a))


def mul(a: Poly, b: Poly) -> Poly:
    if not a or not b:
        return ()
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return poly(*out)


def value(a: Poly, x: Fraction) -> Fraction:
    total = Fraction(0)
    for coefficient in reversed(a):
        total = total * x + coefficient
    return total


def derivative(a: Poly) -> Poly:
    return poly(*(i * c for i, c in enumerate(a) if i))


def divide(a: Poly, b: Poly) -> tuple[Poly, Poly]:
    """Quotient and remainder of a / b (b not zero)."""
    remainder = list(a)
    quotient = [Fraction(0)] * max(len(a) - len(b) + 1, 0)
    while len(remainder) >= len(b) and remainder:
        factor = remainder[-1] / b[-1]
        shift = len(remainder) - len(b)
        quotient[shift] = factor
        for i, c in enumerate(b):
            remainder[shift + i] -= factor * c
        remainder.pop()  # its leading term is now 0
        while remainder and remainder[-1] == 0:
            remainder.pop()
    return poly(*quotient), poly(*remainder)


def gcd(a: Poly, b: Poly) -> Poly:
    """The greatest common divisor, monic (1 when they share no factor)."""
    while b:
        a, b = b, divide(a, b)[1]
    return scale(a, 1 / a[-1]) if a else poly(1)


@dataclass(frozen=True, order=True)
class Root:
    value: Fraction
    #: True when value is the root itself; False when the root is within TOLERANCE of it.
    exact: bool = True


def roots_between(a: Poly, low: Fraction, high: Fraction) -> list[Root]:
    """The roots strictly between low and high, lowest first, each once.

    Between consecutive roots of the derivative the polynomial is monotonic, so each stretch has at most one root,
    found where the sign changes. A root where the polynomial only touches zero is found when it is exact; one
    that is not exact changes no sign, so nothing that depends on a sign is missed. The zero polynomial has no
    roots to give (it is zero everywhere)."""
    if len(a) <= 1:
        return []
    if len(a) == 2:
        root = -a[0] / a[1]
        return [Root(root)] if low < root < high else []
    turning = roots_between(derivative(a), low, high)
    edges = [Root(low), *turning, Root(high)]
    found: list[Root] = []
    for start, end in itertools.pairwise(edges):
        at_start, at_end = value(a, start.value), value(a, end.value)
        if start.value != low and at_start == 0:
            found.append(start)
        elif at_start * at_end < 0:
            found.append(_bisect(a, start.value, end.value, at_start))
    return found


def _bisect(a: Poly, low: Fraction, high: Fraction, at_low: Fraction) -> Root:
    while high - low > TOLERANCE:
        middle = (low + high) / 2
        at_middle = value(a, middle)
        if at_middle == 0:
            return Root(middle)
        if (at_middle < 0) == (at_low < 0):
            low, at_low = middle, at_middle
        else:
            high = middle
    simplest = ((low + high) / 2).limit_denominator(SIMPLEST_DENOMINATOR)
    if low <= simplest <= high and value(a, simplest) == 0:
        return Root(simplest)
    return Root((low + high) / 2, exact=False)
