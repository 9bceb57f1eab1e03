"""Write an Evaluation as definition text; reading it back gives an equal Evaluation."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from svtool.definition import details
from svtool.definition.reader import FORMAT_VERSION
from svtool.domain.evaluation import (
    CeilingAction,
    CommitmentValueMethod,
    Evaluation,
    LivingWageMethod,
    LocalSpendMethod,
    MeasureMethod,
    PriceMethod,
    QualityBasis,
    Role,
    ScaleMethod,
)
from svtool.frameworks.lines import toml_string as q


def _n(value: Decimal) -> str:
    return format(value, "f")


def _table(values: Mapping[str, Decimal]) -> str:
    return "{ " + ", ".join(f"{q(k)} = {_n(v)}" for k, v in values.items()) + " }" if values else "{}"


def _list(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


def write_definition_text(evaluation: Evaluation) -> str:
    e = evaluation
    out = [
        f"# {' '.join(e.title.split())}",
        "# An svtool evaluation definition: see docs/definition-format.md.",
        "",
        "[evaluation]",
        f"format = {FORMAT_VERSION}",
        f"title = {q(e.title)}",
    ]
    if e.reference:
        out.append(f"reference = {q(e.reference)}")
    out.append(f"contract_value = {_n(e.contract_value)}")
    if e.framework_id:
        out.append(f"framework = {q(e.framework_id)}")
    out += [
        f"split = {_table(e.split)}",
        f"unmoderated_rule = {q(e.panel.unmoderated_rule.value)}",
        f"divergence_points = {_n(e.panel.divergence_points)}",
        f"reason_min_words = {e.panel.reason_min_words}",
        f"price_formula = {q(e.price.formula.value)}",
        f"mean_points_per_percent = {_n(e.price.mean_points_per_percent)}",
        f"abnormally_low_percent = {_n(e.price.abnormally_low_percent)}",
        f"abnormally_low_reference = {q(e.price.abnormally_low_reference.value)}",
    ]
    if e.price.pre_tender_estimate is not None:
        out.append(f"pre_tender_estimate = {_n(e.price.pre_tender_estimate)}")
    if e.price.ceiling is not None:
        out += [f"price_ceiling = {q(e.price.ceiling.value)}", f"ceiling_action = {q(e.price.ceiling_action.value)}"]
    elif e.price.ceiling_action is not CeilingAction.EXCLUDE:
        out.append(f"ceiling_action = {q(e.price.ceiling_action.value)}")
    for key, value in (
        ("budget", e.price.budget),
        ("lm3_respend_percent", e.lm3_respend_percent),
        ("living_wage_rate", e.living_wage_rate),
    ):
        if value is not None:
            out.append(f"{key} = {_n(value)}")
    if e.local_boundary:
        out.append(f"local_boundary = {_list(e.local_boundary)}")
    out += details.write_evaluation(e)
    if (e.full_time_hours, e.full_time_weeks) != (Decimal("37.5"), Decimal(52)):  # not written at the default
        out += [f"full_time_hours = {_n(e.full_time_hours)}", f"full_time_weeks = {_n(e.full_time_weeks)}"]
    if e.exclusive_measures:
        out.append("exclusive_measures = [" + ", ".join(_list(sorted(g)) for g in e.exclusive_measures) + "]")
    if e.finalised is not None:
        out += [
            f"finalised_by = {q(e.finalised.by)}",
            f"finalised_at = {q(e.finalised.at)}",
            f"final_content = {q(e.finalised.content)}",
        ]
    for stage in e.stages:
        out += ["", "[[stages]]", f"id = {q(stage.id)}", f"name = {q(stage.name)}"]
        if stage.gated:
            out.append("gated = true")
    for scale in e.scales:
        out += ["", "[[scales]]", f"id = {q(scale.id)}", f"name = {q(scale.name)}"]
        if scale.continuous:
            out.append("continuous = true")
        out.append("points = [")
        for p in scale.points:
            out.append(f"  {{ value = {_n(p.value)}, label = {q(p.label)}, descriptor = {q(p.descriptor)} }},")
        out.append("]")
    for env in e.envelopes:
        out += [
            "",
            "[[envelopes]]",
            f"id = {q(env.id)}",
            f"name = {q(env.name)}",
            f"kind = {q(env.kind.value)}",
            f"weight = {_n(env.weight)}",
        ]
        if env.min_percent is not None:
            out.append(f"min_percent = {_n(env.min_percent)}")
        if env.quality_basis is not QualityBasis.ABSOLUTE:
            out.append(f"quality_basis = {q(env.quality_basis.value)}")
    for question in e.questions:
        out += [
            "",
            "[[questions]]",
            f"id = {q(question.id)}",
            f"envelope = {q(question.envelope_id)}",
            f"title = {q(question.title)}",
            f"weight = {_n(question.weight)}",
        ]
        method = question.method
        if isinstance(method, ScaleMethod):
            out += ['method = "scale"', f"scale = {q(method.scale_id)}"]
            if method.stages:
                out.append(f"stages = {_list(method.stages)}")
            if method.split is not None:
                out.append(f"split = {_table(method.split)}")
            if method.min_score is not None:
                out.append(f"min_score = {_n(method.min_score)}")
            if method.basis is not QualityBasis.ABSOLUTE:
                out.append(f"basis = {q(method.basis.value)}")
        elif isinstance(method, PriceMethod):
            out.append('method = "price"')
        elif isinstance(method, CommitmentValueMethod):
            out += [
                'method = "commitment_value"',
                f"proxies = {_table(method.proxies)}",
                f"basis = {q(method.basis.value)}",
            ]
            if method.target_percent is not None:
                out.append(f"target_percent = {_n(method.target_percent)}")
        elif isinstance(method, MeasureMethod):
            out += ['method = "measure"', f"unit = {q(method.unit)}", f"basis = {q(method.basis.value)}"]
            if method.target is not None:
                out.append(f"target = {_n(method.target)}")
            if method.tags:
                out.append(f"tags = {_list(list(method.tags))}")
        elif isinstance(method, LocalSpendMethod | LivingWageMethod):
            kind = "local_spend" if isinstance(method, LocalSpendMethod) else "living_wage"
            out += [
                f"method = {q(kind)}",
                f"basis = {q(method.basis.value)}",
                f"target_percent = {_n(method.target_percent)}",
            ]
            if isinstance(method, LivingWageMethod):
                if method.accredited_measure_id:
                    out.append(f"accredited_measure = {q(method.accredited_measure_id)}")
                if method.hourly_rate_measure_id:
                    out.append(f"hourly_rate_measure = {q(method.hourly_rate_measure_id)}")
        measure = question.measure_id or (
            method.measure_id if isinstance(method, LocalSpendMethod | LivingWageMethod | MeasureMethod) else None
        )
        if measure:
            out.append(f"measure = {q(measure)}")
    bids = {b.bidder_id: b for b in e.bids}
    for bidder in e.bidders:
        out += ["", "[[bidders]]", f"id = {q(bidder.id)}", f"name = {q(bidder.name)}"]
        if bidder.attributes:
            out.append(f"attributes = {_list(sorted(a.value for a in bidder.attributes))}")
        if bidder.excluded_reason:
            out.append(f"excluded_reason = {q(bidder.excluded_reason)}")
        out += details.write_bidder(bidder)
        bid = bids.get(bidder.id)
        if bid is not None and bid.price is not None:
            out.append(f"price = {_n(bid.price)}")
        if bid is not None and bid.commitments:
            out.append(f"commitments = {_table(bid.commitments)}")
        if bid is not None and bid.working:
            out.append(
                "working = { "
                + ", ".join(f"{q(m)} = [{_n(w.hours_per_week)}, {_n(w.weeks)}]" for m, w in bid.working.items())
                + " }"
            )
    for evaluator in e.evaluators:
        out += ["", "[[evaluators]]", f"id = {q(evaluator.id)}", f"name = {q(evaluator.name)}"]
        if evaluator.role is not Role.EVALUATOR:
            out.append(f"role = {q(evaluator.role.value)}")
        if evaluator.questions:
            out.append(f"questions = {_list(list(evaluator.questions))}")
        if evaluator.stood_down:
            out.append(f"stood_down = {q(evaluator.stood_down)}")
    for d in e.declarations:
        out += [
            "",
            "[[declarations]]",
            f"evaluator = {q(d.evaluator_id)}",
            f"bidder = {q(d.bidder_id)}",
            f"conflict = {'true' if d.conflict else 'false'}",
            f"statement = {q(d.statement)}",
            f"declared_on = {q(d.declared_on)}",
        ]
        if d.mitigation is not None:
            out += [f"mitigation = {q(d.mitigation.value)}", f"mitigation_reason = {q(d.mitigation_reason)}"]
    for sub in e.submissions:
        out += [
            "",
            "[[submissions]]",
            f"evaluator = {q(sub.evaluator_id)}",
            f"stage = {q(sub.stage_id)}",
            f"submitted_at = {q(sub.submitted_at)}",
        ]
    for s in e.scores:
        out += [
            "",
            "[[scores]]",
            f"evaluator = {q(s.evaluator_id)}",
            f"bidder = {q(s.bidder_id)}",
            f"question = {q(s.question_id)}",
            f"stage = {q(s.stage_id)}",
            f"value = {_n(s.value)}",
            f"reason = {q(s.reason)}",
        ]
    for m in e.moderations:
        out += [
            "",
            "[[moderations]]",
            f"bidder = {q(m.bidder_id)}",
            f"question = {q(m.question_id)}",
            f"stage = {q(m.stage_id)}",
            f"value = {_n(m.value)}",
            f"rationale = {q(m.rationale)}",
        ]
        out += [
            f"{name} = {q(text)}"
            for name, text in (("feedback", m.feedback), ("basis", m.basis), ("without", m.without))
            if text
        ]
    for signed in e.signoffs:
        out += [
            "",
            "[[signoffs]]",
            f"evaluator = {q(signed.evaluator_id)}",
            f"statement = {q(signed.statement)}",
            f"signed_at = {q(signed.signed_at)}",
            f"content = {q(signed.content)}",
        ]
    return "\n".join(out) + "\n"
