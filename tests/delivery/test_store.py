"""The record after award in the store: a schema 9 file migrates (m0009) and can be awarded, every delivery write
is replayed by verify, and a delivery row changed outside svtool is caught (docs/delivery.md, docs/audit-trail.md)."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from svtool.cli import main
from svtool.services import delivery, lifecycle
from svtool.services.evaluations import open_evaluation
from svtool.services.session import OpenEvaluation


def _as_schema_9(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        for table, column in (
            ("evaluation", "full_time_hours"),
            ("evaluation", "full_time_weeks"),
            ("commitment", "hours_per_week"),
            ("commitment", "weeks"),
        ):  # schema 11
            connection.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        for table in ("shortfall", "kpi_rating", "delivery_figure", "delivery_return", "kpi", "contract"):
            connection.execute(f"DROP TABLE {table}")
        connection.execute("UPDATE svtool_meta SET value = '9' WHERE key = 'schema_version'")
    connection.close()


def _record_everything(opened: OpenEvaluation) -> None:
    opened.act_as("E1", "tester")
    delivery.award(opened, "E1", "2027", "year", 3)
    delivery.add_kpi(opened, "E1", "Apprenticeships", "people", Decimal(9), "Officer", "apprenticeships")
    delivery.set_kpi(opened, "E1", "K3", profile=(Decimal(2), Decimal(3), Decimal(4)))
    delivery.set_thresholds(opened, "E1", Decimal(90), Decimal(70))
    delivery.record_return(
        opened,
        "2027",
        Decimal(1500000),
        {"K1": (Decimal(70), "plan"), "K2": (Decimal(100), ""), "K3": (Decimal(1), "")},
        "app",
    )
    delivery.record_return(opened, "2027", Decimal(1500000), {"K3": (Decimal("1.5"), "corrected")}, "app")
    delivery.record_shortfall(opened, "K3", "2027", "College intake cancelled.", "A second intake.")
    delivery.follow_up(opened, "K3", "2027", "Second intake begun.", True)
    delivery.rate(opened, "E1", "K3", "2027", "Approaching target", "Behind, with an action agreed.")


def test_an_older_file_migrates_and_every_delivery_write_is_replayed(
    final_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _as_schema_9(final_file)
    opened = open_evaluation(final_file)
    content = lifecycle.content_hash(opened.current())
    _record_everything(opened)
    d = delivery.awarded(delivery.load(opened))
    k3 = d.figure("K3", "2027")
    assert k3 is not None and k3.delivered == Decimal("1.5") and d.contract.green_at == 90
    assert lifecycle.content_hash(opened.current()) == content  # the final evaluation itself is unchanged
    actions = [(line.action, line.actor) for line in opened.audit_trail()[-9:]]
    assert actions == [("delivery", "Sam Patel, commissioning manager (tester)")] * 9
    opened.close()
    assert main(["verify", str(final_file)]) == 0
    with sqlite3.connect(final_file) as connection:
        connection.execute("UPDATE delivery_figure SET delivered = '9' WHERE kpi_id = 'K3'")
    connection.close()
    capsys.readouterr()
    assert main(["verify", str(final_file)]) == 1
    assert (
        "In the delivery_figure table, the row for KPI K3, period 2027, field 'delivered': the file holds '9', "
        "but replaying the audit trail gives '1.5'"
    ) in capsys.readouterr().out


def test_only_a_final_evaluation_is_awarded(final_file: Path) -> None:
    opened = open_evaluation(final_file)
    opened.act_as("E1", "tester")
    lifecycle.reopen(opened, "E1", "A price was mistyped.")
    with pytest.raises(Exception, match="Only a final evaluation can be awarded"):
        delivery.award(opened, "E1", "2027-Q1")
    opened.close()
