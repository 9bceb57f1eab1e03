"""Typed reading of one TOML table, noting a located problem for each bad field instead of stopping."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from svtool.domain.text import flaw
from svtool.frameworks.problems import Location, Problem
from svtool.frameworks.records import did_you_mean

E = TypeVar("E", bound=StrEnum)

#: Fields that may run to several lines, so keep line breaks and tabs (domain/text.py); others are one line.
MULTI_LINE = frozenset(
    {
        "reason",
        "rationale",
        "feedback",
        "without",
        "statement",
        "mitigation_reason",
        "descriptor",
        "excluded_reason",
        "stood_down",
        "declaration",
    }
)

#: No figure in an evaluation comes near a thousand million million (pounds, points or per cent), or needs more
#: than twenty decimal places: a number outside that (1e999999, say) is a mistake, and refused rather than
#: carried into arithmetic and reports where it would only fail later.
LARGEST = Decimal(10) ** 15
MOST_PLACES = 20


def sane(number: Decimal) -> str | None:
    """Why a number read from a file cannot be used, or None."""
    if not number.is_finite():
        return "is not a number"
    if abs(number) >= LARGEST:
        return f"is too large (at most {LARGEST:,} is accepted)"
    if number.as_tuple().exponent < -MOST_PLACES:  # type: ignore[operator]
        return f"has more than {MOST_PLACES} decimal places"
    return None


class Fields:
    def __init__(
        self,
        values: Mapping[str, object],
        locate: Callable[[str | None], Location],
        label: str,
        allowed: tuple[str, ...],
        problems: list[Problem],
    ) -> None:
        self.values = values
        self.locate = locate
        self.label = label
        self.problems = problems
        for key in values:
            if key not in allowed:
                self.problem(
                    key,
                    f"'{key}' is not a field here{did_you_mean(key, allowed)}",
                    f"Fields allowed here: {', '.join(allowed)}.",
                )

    def problem(self, key: str | None, message: str, fix: str = "") -> None:
        self.problems.append(Problem(self.locate(key), self.label, key, message, fix))

    def has(self, key: str) -> bool:
        return self.values.get(key) is not None

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        value = self.values.get(key)
        if value is None:
            if required:
                self.problem(key, "is missing", f'Add {key} = "...".')
            return default
        if not isinstance(value, str):
            self.problem(key, f"should be text in quotes, but is {value!r}", f'Write {key} = "{value}".')
            return default
        if required and not value.strip():
            self.problem(key, "is empty", f"Fill in the {key}.")
        self._control_characters(key, value)
        return value

    def _control_characters(self, key: str, value: str) -> None:
        found = flaw(value, key in MULTI_LINE)
        if found is not None:
            what, position, fix = found
            self.problem(
                key,
                f"contains {what} at character {position}, which svtool does not accept",
                f"Remove it: {fix} (an escape such as \\u0007 in the file writes one).",
            )

    def number(self, key: str, required: bool = True, minimum: Decimal | None = Decimal(0)) -> Decimal | None:
        value = self.values.get(key)
        if value is None:
            if required:
                self.problem(key, "is missing", f"Add {key} = a number.")
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
            self.problem(key, f"{value!r} is not a number", "Write a plain number such as 12.50.")
            return None
        try:
            number = Decimal(value) if not isinstance(value, str) else Decimal(value.strip())
        except InvalidOperation:
            self.problem(key, f"{value!r} is not a number", "Write a plain number such as 12.50.")
            return None
        if (why := sane(number)) is not None:
            self.problem(key, f"{value!r} {why}", "Write a plain number such as 12.50.")
            return None
        if minimum is not None and number < minimum:
            self.problem(key, f"{number} is below {minimum}", f"Use {minimum} or more.")
            return None
        return number

    def whole(self, key: str, default: int, low: int, high: int) -> int:
        """A whole number from low to high inclusive; the default where the key is absent or wrong."""
        value = self.values.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(
                key,
                f"{value!r} is not a whole number from {low} to {high}",
                f"Write {key} = a whole number such as {default}.",
            )
            return default
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.values.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(key, f"should be true or false, but is {value!r}", f"Write {key} = true or false.")
            return default
        return value

    def choice(self, key: str, kind: type[E], default: E | None = None) -> E | None:
        value = self.values.get(key)
        if value is None:
            if default is None:
                self.problem(key, "is missing", f"Use one of: {', '.join(k.value for k in kind)}.")
            return default
        try:
            return kind(str(value))
        except ValueError:
            options = [k.value for k in kind]
            self.problem(
                key,
                f"{value!r} is not one of the choices{did_you_mean(str(value), options)}",
                f"Use one of: {', '.join(options)}.",
            )
            return default

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.values.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, "should be a list of text", f'Write {key} = ["a", "b"].')
            return ()
        for item in value:
            self._control_characters(key, item)
        return tuple(value)

    def numbers_by_name(self, key: str) -> dict[str, Decimal] | None:
        value = self.values.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(key, "should be a table of names and numbers", f"Write {key} = {{ name = 12.5 }}.")
            return None
        out: dict[str, Decimal] = {}
        for name, number in value.items():
            # NaN, infinities and absurd sizes are refused before any comparison (a NaN cannot be compared).
            if (
                isinstance(number, bool)
                or not isinstance(number, int | Decimal)
                or sane(Decimal(number)) is not None
                or number < 0
            ):
                self.problem(
                    key,
                    f"the value for '{name}' should be a number of 0 or more, but is {number!r}",
                    "Write a plain number such as 12.5.",
                )
                continue
            out[name] = Decimal(number)
        return out
