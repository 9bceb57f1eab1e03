"""The Real Living Wage rate table: the rates shipped in resources/living_wage_rates.toml, plus any an officer added
in the app (Setup > Living wage rates...), kept in the user's configuration folder (docs/community-wealth.md).

An added rate lives in the user's folder, not in one evaluation, because a new rate is a fact about the world that
every later evaluation needs, and it must not wait for a release. What an evaluation applies is copied into it
(apply_rate_in_force: the rate, and where it came from), so the evaluation scores and reports the same on every
colleague's laptop and under `svtool verify`, whatever their own table holds.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import platformdirs

from svtool.domain.evaluation import Evaluation
from svtool.domain.living_wage import LivingWageRate, rate_in_force
from svtool.domain.text import refusal
from svtool.export.atomic import write_atomically
from svtool.frameworks.lines import toml_string
from svtool.paths import resource
from svtool.services.errors import UserError

FIELDS = ("label", "announced", "implement_by", "uk", "london")
RATES_FILE = "living_wage_rates.toml"
HIGHEST = Decimal(1000)  # pounds an hour: far above any rate, so a slip of the keyboard is caught


def user_rates_path() -> Path:
    """Where the rates an officer adds are kept ($SVTOOL_CONFIG_DIR, or the platform's configuration folder)."""
    base = os.environ.get("SVTOOL_CONFIG_DIR") or platformdirs.user_config_dir("svtool", appauthor=False)
    return Path(base) / RATES_FILE


def load_rates(path: Path | None = None) -> list[LivingWageRate]:
    """The rates in a table file, oldest first; a UserError naming the entry and field if one is wrong."""
    path = path or resource(RATES_FILE)
    rates = _read(path)
    if not rates:
        raise UserError(f"The living wage rate table {path.name} has no rates.")
    return sorted(rates, key=lambda r: r.announced)


def all_rates(user_path: Path | None = None) -> list[LivingWageRate]:
    """The shipped rates and the user's added ones, oldest first; an added rate with a shipped label replaces it."""
    user_path = user_path or user_rates_path()
    added = _read(user_path) if user_path.exists() else []
    labels = {r.label for r in added}
    return sorted([r for r in load_rates() if r.label not in labels] + added, key=lambda r: r.announced)


def _read(path: Path) -> list[LivingWageRate]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"The living wage rate table {path} cannot be read: {error}.") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"The living wage rate table {path} is not valid: {error}.") from None
    rates = []
    for number, entry in enumerate(document.get("rates", []), start=1):
        where = f"{path.name}, rate {number}"
        if not isinstance(entry, dict):
            raise UserError(f"{where}: each rate must be a [[rates]] table.")
        missing = [f for f in FIELDS if f not in entry]
        if missing:
            raise UserError(f"{where}: missing {', '.join(missing)}.")
        for key in ("announced", "implement_by"):
            if not isinstance(entry[key], date):
                raise UserError(f"{where}: {key} must be a date such as 2025-10-22.")
        for key in ("uk", "london"):
            value = entry[key]
            if isinstance(value, bool) or not isinstance(value, int | Decimal) or not 0 < value < HIGHEST:
                raise UserError(f"{where}: {key} must be an hourly rate in pounds, such as 13.45.")
        rates.append(
            LivingWageRate(
                str(entry["label"]),
                entry["announced"],
                entry["implement_by"],
                Decimal(entry["uk"]),
                Decimal(entry["london"]),
                str(entry.get("source", "")),
            )
        )
    return rates


def check_rate(rate: LivingWageRate, existing: list[LivingWageRate]) -> str | None:
    """Why a rate cannot be added, in words, or None."""
    for field, text in (("label", rate.label), ("source", rate.source)):
        if (why := refusal(f"The {field}", text)) is not None:
            return why
    if not rate.label.strip():
        return "Give the rate a label, such as 2026/27."
    if not rate.source.strip():
        return "Say where the rate was published (the Living Wage Foundation's announcement), for the reports."
    for name, amount in (("UK", rate.uk), ("London", rate.london)):
        if not amount.is_finite() or not Decimal(0) < amount < HIGHEST:
            return f"The {name} rate must be an hourly rate in pounds, such as 13.45."
    if rate.implement_by < rate.announced:
        return "Employers' deadline to pay it cannot come before the rate was announced."
    if any(r.label == rate.label for r in existing):
        return f"A {rate.label} rate is already in the table."
    if any(r.announced == rate.announced for r in existing):
        return f"A rate announced on {rate.announced.isoformat()} is already in the table."
    return None


def add_rate(rate: LivingWageRate, user_path: Path | None = None) -> None:
    """Add a rate to the user's table (written whole beside it, then renamed into place); UserError if it cannot."""
    user_path = user_path or user_rates_path()
    why = check_rate(rate, all_rates(user_path))
    if why is not None:
        raise UserError(why)
    before = (
        user_path.read_text(encoding="utf-8")
        if user_path.exists()
        else (
            "# Real Living Wage rates added in svtool (Setup > Living wage rates...). The shipped rates are read too.\n"
        )
    )
    entry = (
        f"\n[[rates]]\nlabel = {toml_string(rate.label)}\nannounced = {rate.announced.isoformat()}\n"
        f"implement_by = {rate.implement_by.isoformat()}\nuk = {format(rate.uk, 'f')}\n"
        f"london = {format(rate.london, 'f')}\nsource = {toml_string(rate.source)}\n"
    )
    try:
        user_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(user_path, lambda part: part.write_text(before + entry, encoding="utf-8"))
    except OSError as error:
        raise UserError(f"The rate could not be saved in {user_path}: {error.strerror or error}.") from None


def apply_rate_in_force(evaluation: Evaluation, rates: list[LivingWageRate]) -> Evaluation:
    """The evaluation with the rate in force at its tender date in its region, and where it came from; unchanged
    without a tender date. UserError if no rate had been announced by then."""
    on = evaluation.tender_date
    if on is None:
        return evaluation
    rate = rate_in_force(rates, on)
    if rate is None:
        raise UserError(
            f"No Real Living Wage rate in the table had been announced by {on.isoformat()}, the tender "
            "date. Check the date, or add the rate (Setup > Living wage rates...)."
        )
    source = f"the {rate.label} rate announced {rate.announced.isoformat()}"
    if rate.source:
        source += f" ({rate.source})"
    return replace(
        evaluation, living_wage_rate=rate.for_region(evaluation.living_wage_region), living_wage_source=source
    )
