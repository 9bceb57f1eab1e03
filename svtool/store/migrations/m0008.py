"""Schema 8 -> 9: the bidder's own details and community wealth building (docs/community-wealth.md).

A bidder gains its address, postcode (which decides whether it is local), identifier (Companies House number or
Central Digital Platform unique identifier), supply chain postcodes with their spend shares, and its eligibility
for a reserved contract. The evaluation gains the tender date and region the Real Living Wage is taken for, where
the rate came from, a reservation (Procurement Act 2023 s.32 or s.33) and community wealth building targets.

Nothing stored is rewritten: a bidder ticked local by hand stays local until it has a postcode, so an older
evaluation scores, reports and verifies as before.
"""

from __future__ import annotations

from sqlalchemy import Connection


def upgrade(connection: Connection) -> None:
    for table, column in (
        ("bidder", "address TEXT NOT NULL DEFAULT ''"),
        ("bidder", "postcode VARCHAR(16) NOT NULL DEFAULT ''"),
        ("bidder", "identifier TEXT NOT NULL DEFAULT ''"),
        ("bidder", "supply_chain TEXT NOT NULL DEFAULT '[]'"),
        ("bidder", "reserved_eligible BOOLEAN"),
        ("bidder", "reserved_reason TEXT NOT NULL DEFAULT ''"),
        ("evaluation", "tender_date VARCHAR(10)"),
        ("evaluation", "living_wage_region VARCHAR(16) NOT NULL DEFAULT 'uk'"),
        ("evaluation", "living_wage_source TEXT NOT NULL DEFAULT ''"),
        ("evaluation", "reservation VARCHAR(32)"),
        ("evaluation", "cwb_targets TEXT NOT NULL DEFAULT '{}'"),
    ):
        connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column}")
