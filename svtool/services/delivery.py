"""After award (docs/delivery.md): the lead awards a final evaluation to its recommended bidder, whose commitments
become the contract's KPIs; the supplier's returns, the lead's annual ratings and shortfalls with their actions are
recorded. Every write is one audited entry of rows before and after (OpenEvaluation.write_rows), which
`svtool verify` replays; nothing here changes the evaluation itself, so its content hash stands.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from svtool.domain.delivery import (
    Contract,
    Delivery,
    Figure,
    Frequency,
    Kpi,
    KpiRating,
    PeriodReturn,
    Rating,
    Role,
    Shortfall,
    behind,
    even_profile,
    implausible,
    kpi_minimum_problem,
    open_follow_ups,
    period_labels,
    spend_problem,
)
from svtool.domain.delivery_notice import notice_text
from svtool.domain.evaluation import Evaluation, LivingWageMethod, LocalSpendMethod
from svtool.domain.text import refusal
from svtool.services.errors import UserError
from svtool.services.frameworks import load_framework
from svtool.services.panel import acting_lead
from svtool.services.session import OpenEvaluation
from svtool.services.setup_writes import RowWrite
from svtool.store.delivery import Stored, read_delivery


@dataclass(frozen=True)
class Loaded:
    """The record after award as stored now (None: not awarded), with each row's version for the next write."""

    delivery: Delivery | None
    stored: Stored

    def version(self, table: str, key: tuple[Any, ...]) -> int:
        return self.stored[table][key][1]

    def values(self, table: str, key: tuple[Any, ...]) -> dict[str, Any] | None:
        found = self.stored[table].get(key)
        return None if found is None else found[0]


def load(opened: OpenEvaluation) -> Loaded:
    with opened.document.reading() as session:
        stored = read_delivery(session)
    return Loaded(_delivery(opened.evaluation, stored), stored)


def delivery_of(opened: OpenEvaluation) -> Delivery | None:
    return load(opened).delivery


def _delivery(e: Evaluation, stored: Stored) -> Delivery | None:
    contract = stored["contract"].get((1,))
    if contract is None:
        return None
    c = contract[0]
    supplier = next((b.name for b in e.bidders if b.id == c["bidder_id"]), c["bidder_id"])
    return Delivery(
        Contract(
            c["bidder_id"],
            supplier,
            c["awarded_by"],
            c["awarded_at"],
            c["start"],
            Frequency(c["frequency"]),
            c["periods"],
            e.contract_value,
            c["green_at"],
            c["amber_at"],
        ),
        tuple(
            Kpi(
                k[0],
                v["title"],
                v["unit"],
                v["committed"],
                tuple(Decimal(p) for p in json.loads(v["profile"])),
                v["owner"],
                v["measure_id"],
                Role(v["role"]),
            )
            for k, (v, _) in stored["kpi"].items()
        ),
        tuple(
            PeriodReturn(k[0], v["spend"], v["received_at"], v["source"])
            for k, (v, _) in stored["delivery_return"].items()
        ),
        tuple(Figure(k[0], k[1], v["delivered"], v["evidence"]) for k, (v, _) in stored["delivery_figure"].items()),
        tuple(
            KpiRating(k[0], k[1], Rating(v["rating"]), v["reason"], v["rated_by"], v["rated_at"])
            for k, (v, _) in stored["kpi_rating"].items()
        ),
        tuple(
            Shortfall(k[0], k[1], v["explanation"], v["action"], v["recorded_by"], v["follow_up"], bool(v["closed"]))
            for k, (v, _) in stored["shortfall"].items()
        ),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def awarded(loaded: Loaded) -> Delivery:
    if loaded.delivery is None:
        raise UserError(
            "The contract has not been awarded yet: the lead awards the final evaluation first "
            "('svtool delivery award', or the Delivery page)."
        )
    return loaded.delivery


def _text(subject: str, text: str, multiline: bool = True, required: bool = True) -> str:
    problem = refusal(subject, text, multiline)
    if problem:
        raise UserError(problem)
    if required and not text.strip():
        raise UserError(f"{subject} is empty: write it, so the record says why.")
    return text.strip()


# The award -----------------------------------------------------------------------------------------------------------


def _measure_facts(e: Evaluation) -> dict[str, tuple[str, str, Role]]:
    """Each commitment measure's title, unit and role, from the evaluation's framework where it can be found."""
    facts: dict[str, tuple[str, str, Role]] = {}
    try:
        framework = load_framework(e.framework_id) if e.framework_id else None
    except UserError:
        framework = None
    roles: dict[str, Role] = {}
    for q in e.questions:
        if isinstance(q.method, LocalSpendMethod):
            roles[q.method.measure_id] = Role.LOCAL_SPEND
        elif isinstance(q.method, LivingWageMethod):
            roles[q.method.measure_id] = Role.LIVING_WAGE
    for measure_id in e.commitment_measures():
        measure = framework.measure(measure_id) if framework is not None else None
        role = roles.get(measure_id, Role.SERVICE)
        if measure is not None and role is Role.SERVICE:
            role = next((Role(t) for t in measure.tags if t in ("local-jobs", "apprenticeships")), Role.SERVICE)
        facts[measure_id] = (
            (measure.title, measure.unit or "number", role) if measure is not None else (measure_id, "number", role)
        )
    return facts


def award(opened: OpenEvaluation, lead_id: str, start: str, frequency: str = "quarter", periods: int = 8) -> list[str]:
    """The lead awards the final evaluation to its recommended bidder: the bid's commitments become the contract's
    KPIs, each profiled evenly over the term. Returns what the contract still needs (s.52), in plain sentences."""
    lead = acting_lead(opened, lead_id)
    opened.refresh()
    e = opened.evaluation
    if e.finalised is None:
        raise UserError("Only a final evaluation can be awarded: the lead finalises it first (docs/lifecycle.md).")
    loaded = load(opened)
    if loaded.delivery is not None:
        raise UserError(f"The contract was already awarded, to {loaded.delivery.contract.supplier}.")
    winner = opened.results().winner
    if winner is None:
        raise UserError(
            "The evaluation recommends no bidder (none ranked first on its own), so it cannot be awarded here."
        )
    try:
        kind = Frequency(frequency)
        labels = period_labels(start, kind, periods)
    except ValueError as error:
        raise UserError(f"The contract term cannot be set: {error}.") from None
    if not 1 <= periods <= 200:
        raise UserError("A contract term runs for 1 to 200 reporting periods.")
    bid = next((b for b in e.bids if b.bidder_id == winner.bidder_id), None)
    facts = _measure_facts(e)
    writes = [
        RowWrite(
            "contract",
            (1,),
            None,
            {
                "bidder_id": winner.bidder_id,
                "awarded_by": lead.id,
                "awarded_at": _now(),
                "start": labels[0],
                "frequency": kind.value,
                "periods": periods,
                "green_at": Decimal(95),
                "amber_at": Decimal(80),
            },
            0,
        )
    ]
    commitments = [(m, q) for m, q in (bid.commitments.items() if bid else ()) if m in facts]
    for n, (measure_id, quantity) in enumerate(commitments, 1):
        title, unit, role = facts[measure_id]
        writes.append(
            _kpi_write(
                f"K{n}",
                n,
                title,
                measure_id,
                unit,
                role,
                quantity,
                even_profile(quantity, periods, unit in ("%", "yes/no")),
                "",
            )
        )
    opened.write_rows(
        writes, f"{lead.name} awards the contract to {winner.name}: {len(commitments)} KPI(s) from its commitments"
    )
    after = awarded(load(opened))
    return [p for p in (kpi_minimum_problem(after.contract.value, after.kpis),) if p]


def _kpi_write(
    kpi_id: str,
    position: int,
    title: str,
    measure_id: str | None,
    unit: str,
    role: Role,
    committed: Decimal,
    profile: tuple[Decimal, ...],
    owner: str,
) -> RowWrite:
    return RowWrite(
        "kpi",
        (kpi_id,),
        None,
        {
            "position": position,
            "title": title,
            "measure_id": measure_id,
            "unit": unit,
            "role": role.value,
            "committed": committed,
            "profile": json.dumps([format(p, "f") for p in profile]),
            "owner": owner,
        },
        0,
    )


def add_kpi(
    opened: OpenEvaluation,
    lead_id: str,
    title: str,
    unit: str,
    committed: Decimal,
    owner: str = "",
    role: str = "",
    profile: tuple[Decimal, ...] | None = None,
) -> str:
    """The lead adds a KPI not tied to a commitment (service quality, say); its id."""
    lead = acting_lead(opened, lead_id)
    loaded = load(opened)
    delivery = awarded(loaded)
    title, owner = _text("The KPI's title", title, False), _text("The KPI's owner", owner, False, required=False)
    if not unit.strip() or refusal("The unit", unit):
        raise UserError("Give the KPI's unit (%, people, GBP, hours, yes/no...), on one line.")
    problem = implausible(unit, committed)
    if problem:
        raise UserError(f"The target {format(committed, 'f')} {problem}.")
    try:
        kpi_role = Role(role)
    except ValueError:
        raise UserError(
            f"'{role}' is not a KPI role: use one of {', '.join(r.value for r in Role if r.value)}, or none."
        ) from None
    count = delivery.contract.periods
    shape = _profile(profile, count, unit, committed)
    taken = {k.id for k in delivery.kpis}
    n = len(delivery.kpis) + 1
    while f"K{n}" in taken:
        n += 1
    opened.write_rows(
        [_kpi_write(f"K{n}", n, title, None, unit.strip(), kpi_role, committed, shape, owner)],
        f"{lead.name} adds KPI K{n}: {title}",
    )
    return f"K{n}"


def _profile(profile: tuple[Decimal, ...] | None, count: int, unit: str, committed: Decimal) -> tuple[Decimal, ...]:
    if profile is None:
        return even_profile(committed, count, unit in ("%", "yes/no"))
    if len(profile) != count:
        raise UserError(f"The profile gives {len(profile)} figure(s); the contract has {count} reporting periods.")
    for period, value in enumerate(profile, 1):
        problem = implausible(unit, value)
        if problem:
            raise UserError(f"The profile's figure for period {period} {problem}.")
    return profile


def set_kpi(
    opened: OpenEvaluation,
    lead_id: str,
    kpi_id: str,
    profile: tuple[Decimal, ...] | None = None,
    owner: str | None = None,
    title: str | None = None,
) -> None:
    """The lead sets a KPI's profile over the term, its owner or its title, in one audited write."""
    lead = acting_lead(opened, lead_id)
    loaded = load(opened)
    kpi = awarded(loaded).kpi(kpi_id)
    if kpi is None:
        raise UserError(f"There is no KPI '{kpi_id}' on this contract.")
    after: dict[str, Any] = {}
    if profile is not None:
        shape = _profile(profile, len(kpi.profile), kpi.unit, kpi.committed)
        after["profile"] = json.dumps([format(p, "f") for p in shape])
    if owner is not None:
        after["owner"] = _text("The KPI's owner", owner, False, required=False)
    if title is not None:
        after["title"] = _text("The KPI's title", title, False)
    before = loaded.values("kpi", (kpi_id,)) or {}
    after = {k: v for k, v in after.items() if before.get(k) != v}
    if after:
        opened.write_rows(
            [RowWrite("kpi", (kpi_id,), {k: before[k] for k in after}, after, loaded.version("kpi", (kpi_id,)))],
            f"{lead.name} changes KPI {kpi_id}",
        )


def set_thresholds(opened: OpenEvaluation, lead_id: str, green_at: Decimal, amber_at: Decimal) -> None:
    """The per cent of profile at which a KPI is green, and amber (below amber: red)."""
    lead = acting_lead(opened, lead_id)
    loaded = load(opened)
    awarded(loaded)
    if not (Decimal(0) < amber_at <= green_at <= Decimal(200)):
        raise UserError("The thresholds must be 0 < amber <= green <= 200 (per cent of profile).")
    before = loaded.values("contract", (1,)) or {}
    opened.write_rows(
        [
            RowWrite(
                "contract",
                (1,),
                {"green_at": before["green_at"], "amber_at": before["amber_at"]},
                {"green_at": green_at, "amber_at": amber_at},
                loaded.version("contract", (1,)),
            )
        ],
        f"{lead.name} sets the RAG thresholds: green from {green_at}%, amber from {amber_at}%",
    )


# Returns -------------------------------------------------------------------------------------------------------------


def check_return(
    delivery: Delivery, period: str, spend: Decimal | None, figures: dict[str, tuple[Decimal, str]]
) -> list[str]:
    """Every reason a return cannot be saved, in plain sentences (empty: it can)."""
    problems = []
    if period not in delivery.contract.labels:
        problems.append(
            f"'{period}' is not one of this contract's reporting periods "
            f"({delivery.contract.labels[0]} to {delivery.contract.labels[-1]})."
        )
    if spend is not None and (problem := spend_problem(spend, delivery.contract.value)):
        problems.append(f"The contract spend {problem}.")
    for kpi_id, (value, evidence) in figures.items():
        kpi = delivery.kpi(kpi_id)
        if kpi is None:
            problems.append(f"There is no KPI '{kpi_id}' on this contract.")
            continue
        if problem := implausible(kpi.unit, value):
            problems.append(f"KPI {kpi_id} ({kpi.title}): the delivered figure {problem}.")
        if problem := refusal(f"KPI {kpi_id}'s evidence", evidence, True):
            problems.append(problem)
    return problems


def record_return(
    opened: OpenEvaluation, period: str, spend: Decimal | None, figures: dict[str, tuple[Decimal, str]], source: str
) -> None:
    """Save one period's return whole (a later return for the same period corrects it), or nothing."""
    loaded = load(opened)
    delivery = awarded(loaded)
    problems = check_return(delivery, period, spend, figures)
    if not figures:
        problems.append("The return gives no delivered figure.")
    if problems:
        raise UserError("The return was not saved:\n- " + "\n- ".join(problems))
    writes = [_write(loaded, "delivery_return", (period,), {"spend": spend, "received_at": _now(), "source": source})]
    for kpi_id, (value, evidence) in figures.items():
        writes.append(
            _write(loaded, "delivery_figure", (kpi_id, period), {"delivered": value, "evidence": evidence.strip()})
        )
    opened.write_rows([w for w in writes if w is not None], f"Return for {period} recorded ({source})")


def _write(loaded: Loaded, table: str, key: tuple[Any, ...], after: dict[str, Any]) -> RowWrite | None:
    """A row written as `after`: inserted, or only the columns that differ updated (None: nothing differs)."""
    before = loaded.values(table, key)
    if before is None:
        return RowWrite(table, key, None, after, 0)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    if not changed:
        return None
    return RowWrite(table, key, {k: before[k] for k in changed}, changed, loaded.version(table, key))


# The annual assessment, shortfalls -----------------------------------------------------------------------------------


def rate(opened: OpenEvaluation, lead_id: str, kpi_id: str, assessment: str, rating: str, reason: str) -> None:
    """The lead rates a KPI for the year ending with `assessment` (s.71), with reasons."""
    lead = acting_lead(opened, lead_id)
    loaded = load(opened)
    delivery = awarded(loaded)
    kpi = delivery.kpi(kpi_id)
    if kpi is None:
        raise UserError(f"There is no KPI '{kpi_id}' on this contract.")
    if assessment not in delivery.contract.assessments:
        raise UserError(
            f"'{assessment}' does not end a contract year; the assessments end with "
            f"{', '.join(delivery.contract.assessments)}."
        )
    choice = next((r for r in Rating if r.value.lower() == rating.strip().lower()), None)
    if choice is None:
        raise UserError(f"'{rating}' is not a rating: use one of {', '.join(r.value for r in Rating)}.")
    why = _text("The reasons for the rating", reason)
    write = _write(
        loaded,
        "kpi_rating",
        (kpi_id, assessment),
        {"rating": choice.value, "reason": why, "rated_by": lead.id, "rated_at": _now()},
    )
    if write is not None:
        opened.write_rows([write], f"{lead.name} rates KPI {kpi_id} for the year to {assessment}: {choice.value}", why)


def record_shortfall(opened: OpenEvaluation, kpi_id: str, period: str, explanation: str, action: str) -> None:
    """A KPI behind its profile: the supplier's explanation and the action agreed, followed up next period."""
    loaded = load(opened)
    delivery = awarded(loaded)
    if delivery.kpi(kpi_id) is None:
        raise UserError(f"There is no KPI '{kpi_id}' on this contract.")
    if period not in delivery.contract.labels:
        raise UserError(f"'{period}' is not one of this contract's reporting periods.")
    write = _write(
        loaded,
        "shortfall",
        (kpi_id, period),
        {
            "explanation": _text("The supplier's explanation", explanation),
            "action": _text("The agreed action", action),
            "recorded_by": opened.actor,
        },
    )
    if write is not None:
        opened.write_rows([write], f"Shortfall on KPI {kpi_id} in {period}: action agreed")


def follow_up(opened: OpenEvaluation, kpi_id: str, period: str, note: str, closed: bool) -> None:
    """What became of a shortfall's action, recorded at the next return; closed when it is put right."""
    loaded = load(opened)
    awarded(loaded)
    if loaded.values("shortfall", (kpi_id, period)) is None:
        raise UserError(f"There is no shortfall recorded on KPI {kpi_id} in {period}.")
    write = _write(loaded, "shortfall", (kpi_id, period), {"follow_up": _text("The follow-up", note), "closed": closed})
    if write is not None:
        opened.write_rows(
            [write], f"Shortfall on KPI {kpi_id} in {period} followed up" + (": closed" if closed else "")
        )


def needs(delivery: Delivery) -> list[str]:
    """What the contract's record still needs, in plain sentences: KPIs (s.52), shortfalls to explain, follow-ups."""
    found = [p for p in (kpi_minimum_problem(delivery.contract.value, delivery.kpis),) if p]
    recorded = {(s.kpi_id, s.period) for s in delivery.shortfalls}
    for kpi in delivery.kpis:
        covered = False  # one shortfall stands for the whole run of periods the KPI stays behind
        for period in delivery.reported():
            if delivery.figure(kpi.id, period) is None:
                continue
            if not behind(delivery, kpi, period):
                covered = False
            elif (kpi.id, period) in recorded:
                covered = True
            elif not covered:
                found.append(
                    f"KPI {kpi.id} ({kpi.title}) is behind its profile after {period}: record the "
                    "supplier's explanation and the action agreed."
                )
                covered = True  # said once a run
    reported = delivery.reported()
    if reported:
        for s in open_follow_ups(delivery, reported[-1]):
            if not s.follow_up:
                found.append(f"The action agreed on KPI {s.kpi_id} in {s.period} is to be followed up.")
    return found


def notice(opened: OpenEvaluation, assessment: str) -> str:
    delivery = awarded(load(opened))
    if assessment not in delivery.contract.assessments:
        raise UserError(
            f"'{assessment}' does not end a contract year; the assessments end with "
            f"{', '.join(delivery.contract.assessments)}."
        )
    return notice_text(delivery, opened.evaluation.title, opened.evaluation.reference, assessment)
