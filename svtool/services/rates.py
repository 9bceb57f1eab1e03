"""Load the Real Living Wage rate table (resources/living_wage_rates.toml, or a council's own copy)."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

from svtool.domain.living_wage import LivingWageRate
from svtool.paths import resource
from svtool.services.errors import UserError

FIELDS = ("label", "announced", "implement_by", "uk", "london")


def load_rates(path: Path | None = None) -> list[LivingWageRate]:
    """The rates in a table file, oldest first; a UserError naming the entry and field if one is wrong."""
    path = path or resource("living_wage_rates.toml")
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"The living wage rate table {path.name} cannot be read: {error}.") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"The living wage rate table {path.name} is not valid: {error}.") from None
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
            if isinstance(value, bool) or not isinstance(value, int | Decimal) or value <= 0:
                raise UserError(f"{where}: {key} must be an hourly rate in pounds, such as 13.45.")
        rates.append(LivingWageRate(str(entry["label"]), entry["announced"], entry["implement_by"],
                                    Decimal(entry["uk"]), Decimal(entry["london"])))
    if not rates:
        raise UserError(f"The living wage rate table {path.name} has no rates.")
    return sorted(rates, key=lambda r: r.announced)
