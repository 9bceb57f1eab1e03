"""Read an evaluation definition file into a domain Evaluation, or a list of located problems."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from svtool.definition import details, panel_checks
from svtool.definition.fields import Fields, sane
from svtool.domain.evaluation import (
    MEASURE_UNITS,
    AbnormallyLowReference,
    Attribute,
    Bid,
    Bidder,
    CeilingAction,
    CeilingReference,
    CommitmentValueMethod,
    Declaration,
    Envelope,
    EnvelopeKind,
    Evaluation,
    Evaluator,
    Finalised,
    FteWorking,
    LivingWageMethod,
    LocalSpendMethod,
    MeasureMethod,
    Method,
    Mitigation,
    Moderation,
    PanelSettings,
    PercentBasis,
    PriceFormula,
    PriceMethod,
    PriceSettings,
    QualityBasis,
    Question,
    Role,
    Scale,
    ScaleMethod,
    ScalePoint,
    Score,
    SignOff,
    Stage,
    Submission,
    UnmoderatedRule,
    ValueBasis,
)
from svtool.domain.reasons import MOST_WORDS
from svtool.domain.validation import Severity, validate_setup
from svtool.frameworks.lines import LineIndex, parse_toml, read_text_file
from svtool.frameworks.problems import FrameworkInvalid, Location, Problem
from svtool.frameworks.records import ID_PATTERN, did_you_mean

#: The newest definition format this svtool reads and writes.
FORMAT_VERSION = 1

SECTIONS = (
    "evaluation",
    "stages",
    "scales",
    "envelopes",
    "questions",
    "bidders",
    "evaluators",
    "declarations",
    "submissions",
    "scores",
    "moderations",
    "signoffs",
)
EVALUATION_FIELDS = (
    "format",
    "title",
    "reference",
    "contract_value",
    "framework",
    "split",
    "unmoderated_rule",
    "divergence_points",
    "reason_min_words",
    "price_formula",
    "mean_points_per_percent",
    "abnormally_low_percent",
    "abnormally_low_reference",
    "pre_tender_estimate",
    "price_ceiling",
    "ceiling_action",
    "budget",
    "lm3_respend_percent",
    "living_wage_rate",
    "exclusive_measures",
    "local_boundary",
    "finalised_by",
    "finalised_at",
    "final_content",
    "full_time_hours",
    "full_time_weeks",
    *details.EVALUATION_FIELDS,
)
QUESTION_FIELDS = (
    "id",
    "envelope",
    "title",
    "weight",
    "method",
    "measure",
    "scale",
    "stages",
    "split",
    "min_score",
    "proxies",
    "basis",
    "target_percent",
    "accredited_measure",
    "hourly_rate_measure",
    "unit",
    "target",
    "tags",
)
METHODS = ("scale", "price", "commitment_value", "local_spend", "living_wage", "measure")


def _framework_id(top: Fields) -> str | None:
    """The framework is named by its id in svtool's library, never by a path: a definition passed on from
    elsewhere must not make svtool open a file of its choosing (/dev/zero, or another person's files)."""
    given = top.text("framework", required=False)
    if not given:
        return None
    if not ID_PATTERN.match(given):
        top.problem(
            "framework",
            f"'{given[:60]}' is not a framework id",
            "Give the id of a framework in svtool's library, as 'svtool frameworks list' shows it (such as "
            '"ppn-002"), not the path of a file. Import a framework file first to use it.',
        )
        return None
    return given


def read_definition_file(path: Path) -> Evaluation:
    return read_definition_text(read_text_file(path), path.name)


def read_definition_text(text: str, source: str = "<text>") -> Evaluation:
    """Parse, check and build an evaluation; raise FrameworkInvalid (the shared located-problems error)."""
    document = parse_toml(text, source)
    index = LineIndex(text)
    problems: list[Problem] = []
    for key in document:
        if key not in SECTIONS:
            problems.append(
                Problem(
                    index.locator(source, "", 0)(key),
                    "the file",
                    key,
                    f"'{key}' is not a section of a definition file{did_you_mean(key, SECTIONS)}",
                    f"Sections: [evaluation], then [[{']], [['.join(SECTIONS[1:])}]].",
                )
            )

    def tables(section: str) -> list[tuple[dict[str, Any], Any, int]]:
        value = document.get(section, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            problems.append(
                Problem(
                    index.locator(source, "", 0)(section),
                    "the file",
                    section,
                    "should be a list of tables",
                    f"Write each one under its own [[{section}]].",
                )
            )
            return []
        return [(item, index.locator(source, section, n), n + 1) for n, item in enumerate(value)]

    head = document.get("evaluation")
    if not isinstance(head, dict):
        raise FrameworkInvalid(
            [
                Problem(
                    Location(source, line=1),
                    "the file",
                    None,
                    "has no [evaluation] table",
                    "Start the file with [evaluation], giving its title and contract value.",
                )
            ]
        )
    top = Fields(head, index.locator(source, "evaluation", 0), "the [evaluation] table", EVALUATION_FIELDS, problems)
    version = top.number("format", required=False)
    if version is not None and version > FORMAT_VERSION:
        raise FrameworkInvalid(
            [
                Problem(
                    top.locate("format"),
                    top.label,
                    "format",
                    f"this file uses format {version}, from a newer svtool; this svtool reads format {FORMAT_VERSION}",
                    "Update svtool to open it.",
                )
            ]
        )

    stages = [
        Stage(f.text("id"), f.text("name"), f.boolean("gated"))
        for f in _each(tables("stages"), "stage", ("id", "name", "gated"), problems)
    ]
    scales = [
        _scale(f, problems) for f in _each(tables("scales"), "scale", ("id", "name", "continuous", "points"), problems)
    ]
    envelopes = []
    for f in _each(
        tables("envelopes"), "envelope", ("id", "name", "kind", "weight", "min_percent", "quality_basis"), problems
    ):
        envelopes.append(
            Envelope(
                f.text("id"),
                f.text("name"),
                f.choice("kind", EnvelopeKind) or EnvelopeKind.OTHER,
                f.number("weight") or Decimal(0),
                f.number("min_percent", required=False),
                f.choice("quality_basis", QualityBasis, QualityBasis.ABSOLUTE) or QualityBasis.ABSOLUTE,
            )
        )
    questions = [
        q for f in _each(tables("questions"), "question", QUESTION_FIELDS, problems) if (q := _question(f)) is not None
    ]
    bidders, bids = [], []
    for f in _each(
        tables("bidders"),
        "bidder",
        ("id", "name", "attributes", "excluded_reason", "price", "commitments", "working", *details.BIDDER_FIELDS),
        problems,
    ):
        attributes = []
        for attribute in f.texts("attributes"):
            try:
                attributes.append(Attribute(attribute))
            except ValueError:
                f.problem(
                    "attributes",
                    f"'{attribute}' is not a bidder attribute",
                    f"Use any of: {', '.join(a.value for a in Attribute)}.",
                )
        bidder = Bidder(
            f.text("id"),
            f.text("name"),
            frozenset(attributes),
            f.text("excluded_reason", required=False) or None,
            **details.read_bidder(f),
        )
        bidders.append(bidder)
        bids.append(
            Bid(bidder.id, f.number("price", required=False), f.numbers_by_name("commitments") or {}, _working(f))
        )
    evaluators, declarations, submissions = [], [], []
    for f in _each(
        tables("evaluators"),
        "evaluator",
        ("id", "name", "role", "questions", "stood_down", "conflict", "declaration", "declared_on"),
        problems,
    ):
        evaluator = Evaluator(
            f.text("id"),
            f.text("name"),
            f.choice("role", Role, Role.EVALUATOR) or Role.EVALUATOR,
            f.texts("questions"),
            f.text("stood_down", required=False) or None,
        )
        evaluators.append(evaluator)
        if f.has("declaration"):  # format 1: one declaration for every bidder (docs/definition-format.md)
            declarations += [
                Declaration(evaluator.id, b.id, f.boolean("conflict"), f.text("declaration"), f.text("declared_on"))
                for b in bidders
            ]
    declared: list[tuple[Fields, Declaration]] = []
    for f in _each(
        tables("declarations"),
        "declaration",
        ("evaluator", "bidder", "conflict", "statement", "declared_on", "mitigation", "mitigation_reason"),
        problems,
    ):
        declared.append(
            (
                f,
                Declaration(
                    f.text("evaluator"),
                    f.text("bidder"),
                    f.boolean("conflict"),
                    f.text("statement"),
                    f.text("declared_on"),
                    f.choice("mitigation", Mitigation) if f.has("mitigation") else None,
                    f.text("mitigation_reason", required=False),
                ),
            )
        )
    declarations += [d for _f, d in declared]
    for f in _each(tables("submissions"), "submission", ("evaluator", "stage", "submitted_at"), problems):
        submissions.append(Submission(f.text("evaluator"), f.text("stage"), f.text("submitted_at")))
    signed = [
        (f, SignOff(f.text("evaluator"), f.text("statement"), f.text("signed_at"), f.text("content")))
        for f in _each(tables("signoffs"), "signoff", ("evaluator", "statement", "signed_at", "content"), problems)
    ]
    finalised = None
    if top.has("finalised_by") or top.has("finalised_at") or top.has("final_content"):
        finalised = Finalised(top.text("finalised_by"), top.text("finalised_at"), top.text("final_content"))
    score_tables = _each(
        tables("scores"), "score", ("evaluator", "bidder", "question", "stage", "value", "reason"), problems
    )
    scores = [
        (
            f,
            Score(
                f.text("evaluator"),
                f.text("bidder"),
                f.text("question"),
                f.text("stage"),
                f.number("value") or Decimal(0),
                f.text("reason", required=False),
            ),
        )
        for f in score_tables
    ]
    moderation_tables = _each(
        tables("moderations"),
        "moderation",
        ("bidder", "question", "stage", "value", "rationale", "feedback", "basis", "without"),
        problems,
    )
    moderations = [
        (
            f,
            Moderation(
                f.text("bidder"),
                f.text("question"),
                f.text("stage"),
                f.number("value") or Decimal(0),
                f.text("rationale", required=False),
                f.text("feedback", required=False),
                f.text("basis", required=False),
                f.text("without", required=False),
            ),
        )
        for f in moderation_tables
    ]

    split = top.numbers_by_name("split") or {}
    groups = head.get("exclusive_measures", [])
    if not isinstance(groups, list) or not all(
        isinstance(g, list) and all(isinstance(m, str) for m in g) for g in groups
    ):
        top.problem(
            "exclusive_measures",
            "should be a list of lists of measure ids",
            'Write exclusive_measures = [["CWB-LS1", "CWB-LS3"]].',
        )
        groups = []
    evaluation = Evaluation(
        title=top.text("title"),
        contract_value=top.number("contract_value") or Decimal(0),
        envelopes=tuple(envelopes),
        questions=tuple(questions),
        scales=tuple(scales),
        stages=tuple(stages),
        split=split,
        bidders=tuple(bidders),
        bids=tuple(bids),
        evaluators=tuple(evaluators),
        scores=tuple(s for _, s in scores),
        moderations=tuple(m for _, m in moderations),
        price=PriceSettings(
            formula=top.choice("price_formula", PriceFormula, PriceFormula.LOWEST) or PriceFormula.LOWEST,
            mean_points_per_percent=top.number("mean_points_per_percent", required=False) or Decimal(1),
            abnormally_low_percent=_or(top.number("abnormally_low_percent", required=False), Decimal(20)),
            abnormally_low_reference=top.choice(
                "abnormally_low_reference", AbnormallyLowReference, AbnormallyLowReference.MEAN_OF_OTHERS
            )
            or AbnormallyLowReference.MEAN_OF_OTHERS,
            pre_tender_estimate=top.number("pre_tender_estimate", required=False),
            ceiling=top.choice("price_ceiling", CeilingReference) if top.has("price_ceiling") else None,
            ceiling_action=top.choice("ceiling_action", CeilingAction, CeilingAction.EXCLUDE) or CeilingAction.EXCLUDE,
            budget=top.number("budget", required=False),
        ),
        panel=PanelSettings(
            top.choice("unmoderated_rule", UnmoderatedRule, UnmoderatedRule.MEAN) or UnmoderatedRule.MEAN,
            _or(top.number("divergence_points", required=False), Decimal(2)),
            top.whole("reason_min_words", 10, 1, MOST_WORDS),
        ),
        exclusive_measures=tuple(frozenset(g) for g in groups),
        lm3_respend_percent=top.number("lm3_respend_percent", required=False),
        living_wage_rate=top.number("living_wage_rate", required=False),
        reference=top.text("reference", required=False),
        framework_id=_framework_id(top),
        declarations=tuple(declarations),
        submissions=tuple(submissions),
        local_boundary=tuple(d.strip().upper() for d in top.texts("local_boundary")),
        signoffs=tuple(s for _f, s in signed),
        finalised=finalised,
        full_time_hours=_or(top.number("full_time_hours", required=False), Decimal("37.5")),
        full_time_weeks=_or(top.number("full_time_weeks", required=False), Decimal(52)),
        **details.read_evaluation(top),
    )
    if problems:
        raise FrameworkInvalid(_sorted(problems))
    for issue in validate_setup(evaluation):
        if issue.severity is Severity.ERROR:
            problems.append(Problem(top.locate(None), issue.where, None, issue.message))
    if not problems:
        panel_checks.check_panel(evaluation, scores, moderations, problems)
        panel_checks.check_declarations(evaluation, declared, problems)
        panel_checks.check_signoffs(evaluation, top, signed)
    if problems:
        raise FrameworkInvalid(_sorted(problems))
    return evaluation


def _or(value: Decimal | None, default: Decimal) -> Decimal:
    return default if value is None else value


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.where.line or 0)


def _each(
    items: list[tuple[dict[str, Any], Any, int]], kind: str, allowed: tuple[str, ...], problems: list[Problem]
) -> list[Fields]:
    out = []
    for values, locate, number in items:
        ident = values.get("id")
        label = f"{kind} '{ident}'" if isinstance(ident, str) else f"{kind} {number}"
        out.append(Fields(values, locate, label, allowed, problems))
    return out


def _scale(f: Fields, problems: list[Problem]) -> Scale:
    points = []
    raw = f.values.get("points")
    if not isinstance(raw, list) or not raw:
        f.problem(
            "points",
            "should be a list of points",
            'Write points = [{ value = 0, label = "No response", descriptor = "..." }, ...].',
        )
    else:
        for number, point in enumerate(raw, start=1):
            if not isinstance(point, dict):
                f.problem("points", f'point {number} should be {{ value = ..., label = "..." }}')
                continue
            inner = Fields(
                point, _at(f, "points"), f"{f.label}, point {number}", ("value", "label", "descriptor"), problems
            )
            points.append(
                ScalePoint(
                    inner.number("value") or Decimal(0), inner.text("label"), inner.text("descriptor", required=False)
                )
            )
    return Scale(f.text("id"), f.text("name"), tuple(points), f.boolean("continuous"))


def _at(f: Fields, key: str) -> Callable[[str | None], Location]:
    """A locator that points every field of a nested table at its parent's key."""
    return lambda _field: f.locate(key)


def _question(f: Fields) -> Question | None:
    method_name = f.text("method")
    method: Method
    if method_name == "scale":
        method = ScaleMethod(
            f.text("scale"),
            f.texts("stages"),
            f.numbers_by_name("split"),
            f.number("min_score", required=False),
            f.choice("basis", QualityBasis, QualityBasis.ABSOLUTE) or QualityBasis.ABSOLUTE,
        )
    elif method_name == "price":
        method = PriceMethod()
    elif method_name == "commitment_value":
        method = CommitmentValueMethod(
            f.numbers_by_name("proxies") or {},
            f.choice("basis", ValueBasis, ValueBasis.RELATIVE_TO_BEST) or ValueBasis.RELATIVE_TO_BEST,
            f.number("target_percent", required=False),
        )
    elif method_name in ("local_spend", "living_wage"):
        basis = f.choice("basis", PercentBasis, PercentBasis.LINEAR_TO_TARGET) or PercentBasis.LINEAR_TO_TARGET
        target = _or(f.number("target_percent", required=False), Decimal(100))
        if method_name == "local_spend":
            method = LocalSpendMethod(f.text("measure"), basis, target)
        else:
            method = LivingWageMethod(
                f.text("measure"),
                basis,
                target,
                f.text("accredited_measure", required=False) or None,
                f.text("hourly_rate_measure", required=False) or None,
            )
    elif method_name == "measure":
        unit = f.text("unit")
        if unit and unit not in MEASURE_UNITS:
            f.problem(
                "unit",
                f"'{unit}' is not a unit a committed figure is scored in{did_you_mean(unit, MEASURE_UNITS)}",
                f"Use one of: {', '.join(MEASURE_UNITS)}.",
            )
        method = MeasureMethod(
            f.text("measure"),
            unit,
            f.choice("basis", PercentBasis, PercentBasis.LINEAR_TO_TARGET) or PercentBasis.LINEAR_TO_TARGET,
            f.number("target", required=False),
            f.texts("tags"),
        )
    else:
        if method_name:
            f.problem(
                "method",
                f"'{method_name}' is not a scoring method{did_you_mean(method_name, METHODS)}",
                f"Use one of: {', '.join(METHODS)}.",
            )
        return None
    # A local spend or living wage question's measure belongs to its method; other questions may name the
    # framework measure they assess. A committed-figure question assesses its method's measure.
    measure = None if method_name in ("local_spend", "living_wage") else f.text("measure", required=False) or None
    return Question(
        f.text("id"), f.text("envelope"), f.text("title"), f.number("weight") or Decimal(0), method, measure
    )


def _working(f: Fields) -> dict[str, FteWorking]:
    """FTE commitments given as hours a week and weeks: working = { M1 = [20, 39] }."""
    value = f.values.get("working")
    if value is None:
        return {}
    fix = "Write working = { MEASURE = [hours a week, weeks] }, such as working = { CWB-AP1 = [20, 39] }."
    if not isinstance(value, dict):
        f.problem("working", "should be a table of measures and [hours a week, weeks]", fix)
        return {}
    out: dict[str, FteWorking] = {}
    for name, pair in value.items():
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and all(
                not isinstance(n, bool) and isinstance(n, int | Decimal) and sane(Decimal(n)) is None and n >= 0
                for n in pair
            )
        ):
            f.problem(
                "working",
                f"the value for '{name}' should be [hours a week, weeks], two numbers of 0 or more, but is {pair!r}",
                fix,
            )
            continue
        out[name] = FteWorking(Decimal(pair[0]), Decimal(pair[1]))
    return out
