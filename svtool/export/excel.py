"""The evaluation workbook for finance and audit: every figure on the Summary is a live formula over the detail.

Sheets: Summary; Setup; one detail sheet per envelope (a row per bidder and question, working in formulas);
Scores by evaluator; Moderation (individual scores beside the stage score used); Commitments (social value
commitments x proxy values, local spend with LM3, living wage); Sensitivity; Audit log.

Each formula is stored with the engine's exact figure for it, so a previewer that does not calculate shows the
same figures as Excel, LibreOffice and svtool; text is never a formula and no id is pasted into one
(export/xlsx_cells.py says how). docs/scoring-method.md sets out the formulas the sheets spell out.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from svtool.domain.committed import committed as committed_figure
from svtool.domain.committed import full_time_year
from svtool.domain.evaluation import (
    CeilingAction,
    CommitmentValueMethod,
    LivingWageMethod,
    LocalSpendMethod,
    MeasureMethod,
    PercentBasis,
    PriceFormula,
    PriceMethod,
    QualityBasis,
    Question,
    ScaleMethod,
    UnmoderatedRule,
    ValueBasis,
)
from svtool.domain.results import RELATIVE_ENVELOPE, RELATIVE_QUESTION, BidderResult, QuestionResult, figure
from svtool.export.excel_community import community_sheet
from svtool.export.excel_records import audit_sheet, scores_sheet, sensitivity_sheet
from svtool.export.report_data import ExportCancelled, ReportData
from svtool.export.xlsx_cells import (
    GBP,
    PERCENT_NUMBER,
    POINTS,
    SHARE,
    Book,
    Cached,
    Sheet,
    cell,
    clean,
    column,
    exactly,
)
from svtool.memory import collector_paused

Cancelled = Callable[[], bool]
WRAP_TOP = {"text_wrap": True, "valign": "top"}
#: Where each cell the envelope sheets refer to stands, with its value: (formula fragment, value).
Cells = dict[Any, tuple[str, Cached]]


def write_workbook(data: ReportData, path: Path, cancelled: Cancelled = lambda: False) -> None:
    """Write the workbook. `cancelled` is asked between sheets; if it says yes, ExportCancelled is raised and
    nothing is saved (the caller writes to a temporary file: export/atomic.py). Half a million cell records are
    made with the cycle collector paused (svtool/memory.py): it would otherwise take a third of a large export."""
    with collector_paused():
        _write(data, path, cancelled)


def _write(data: ReportData, path: Path, cancelled: Cancelled) -> None:
    book = Book(path)
    e = data.evaluation
    book.workbook.set_properties({"title": clean(e.title), "author": "svtool", "comments": clean(data.marking)})
    summary, setup = book.sheet("Summary"), book.sheet("Setup")
    envelopes = {v.id: book.sheet(v.name) for v in e.envelopes}
    scores, moderation, social = book.sheet("Scores by evaluator"), book.sheet("Moderation"), book.sheet("Commitments")
    community = book.sheet("Community wealth")
    sensitivity, audit = book.sheet("Sensitivity"), book.sheet("Audit log")
    stage_cells: Cells = {}
    value_cells: Cells = {}
    last_rows: dict[str, int] = {}
    steps: list[Callable[[], None]] = [
        lambda: stage_cells.update(_moderation_sheet(moderation, data)),
        lambda: value_cells.update(_social_value_sheet(social, data)),
        lambda: _setup(setup, data, book),
        *[
            (
                lambda v=v: last_rows.update(
                    {v.id: _envelope_sheet(envelopes[v.id], data, v.id, stage_cells, value_cells)}
                )
            )
            for v in e.envelopes
        ],
        lambda: _summary(summary, data, envelopes, last_rows),
        lambda: scores_sheet(scores, data),
        lambda: community_sheet(community, data),
        lambda: sensitivity_sheet(sensitivity, data),
        lambda: audit_sheet(audit, data),
    ]
    for step in steps:
        if cancelled():
            raise ExportCancelled
        step()
    if cancelled():
        raise ExportCancelled
    book.close()


def _setup(sheet: Sheet, data: ReportData, book: Book) -> None:
    e = data.evaluation
    sheet.print_setup(f"{e.title}: setup")
    sheet.widths([30, *[18] * 8])
    rows: list[tuple[str, Any, str | None]] = [
        ("Evaluation", e.title, None),
        ("Reference", e.reference, None),
        ("Contract value", e.contract_value, GBP),
        ("Price formula", e.price.formula.value.replace("_", " "), None),
        ("Mean formula: points per 1%", e.price.mean_points_per_percent, POINTS),
        ("Abnormally low below (%)", e.price.abnormally_low_percent, PERCENT_NUMBER),
        ("Affordability ceiling", e.price.ceiling.value.replace("_", " ") if e.price.ceiling else "none", None),
        ("Budget (£)", e.price.budget, GBP),
        (
            "A bid above the ceiling is",
            {CeilingAction.EXCLUDE: "excluded", CeilingAction.FLAG: "flagged"}[e.price.ceiling_action]
            if e.price.ceiling
            else "",
            None,
        ),
        ("Unmoderated stage score", e.panel.unmoderated_rule.value, None),
        ("Divergence flag at (points)", e.panel.divergence_points, POINTS),
        ("Reasons counted as short below (words)", e.panel.reason_min_words, None),
        ("LM3 local re-spend (%)", e.lm3_respend_percent, PERCENT_NUMBER),
        ("Real Living Wage rate (£/hour)", e.living_wage_rate, GBP),
        ("Tender date", e.tender_date.isoformat() if e.tender_date else "", None),
        ("Living wage region", "London" if e.living_wage_region.value == "london" else "UK", None),
        ("Living wage rate source", e.living_wage_source, None),
    ]
    for stage in e.stages:
        rows.append((f"Split: {stage.name} (%)", e.split.get(stage.id, Decimal(0)), PERCENT_NUMBER))
    for row, (label, value, fmt) in enumerate(rows):
        sheet.text(row, 0, label, bold=True)
        sheet.value(row, 1, value, **({"num_format": fmt} if fmt else {}))
    book.workbook.define_name("ContractValue", f"={sheet.ref}!$B$3")  # the third row above
    row = len(rows) + 1
    for heading, headers, lines in (
        (
            "Envelopes",
            ("ID", "Envelope", "Kind", "Weight", "Minimum % of scale marks", "Quality basis"),
            [
                (v.id, v.name, v.kind.value, v.weight, v.min_percent, v.quality_basis.value.replace("_", " "))
                for v in e.envelopes
            ],
        ),
        (
            "Questions",
            ("ID", "Envelope", "Question", "Weight", "Method", "Scale", "Stages", "Minimum score"),
            [
                (
                    q.id,
                    q.envelope_id,
                    q.title,
                    q.weight,
                    _method_text(q, data),
                    q.method.scale_id if isinstance(q.method, ScaleMethod) else "",
                    ", ".join(e.stages_of(q)),
                    q.method.min_score if isinstance(q.method, ScaleMethod) else None,
                )
                for q in e.questions
            ],
        ),
        (
            "Scales",
            ("Scale", "Value", "Label", "Descriptor"),
            [(s.name, p.value, p.label, p.descriptor) for s in e.scales for p in s.points],
        ),
    ):
        sheet.text(row, 0, heading, bold=True, font_size=12)
        row += 1
        for col, header in enumerate(headers):
            sheet.text(row, col, header, bold=True)
        for line in lines:
            row += 1
            for col, value in enumerate(line):
                sheet.value(row, col, value)
        row += 2


def _method_text(question: Question, data: ReportData) -> str:
    method = question.method
    if isinstance(method, ScaleMethod):
        return "scored by the panel on the scale" + (
            ", relative to the best" if method.basis is QualityBasis.RELATIVE_TO_BEST else ""
        )
    if isinstance(method, PriceMethod):
        return f"price: {data.evaluation.price.formula.value.replace('_', ' ')}"
    if isinstance(method, CommitmentValueMethod):
        return f"social value offered: {method.basis.value.replace('_', ' ')}"
    if isinstance(method, MeasureMethod):
        target = (
            f", target {figure(Fraction(method.target), method.unit)}"
            if method.target is not None and method.basis is not PercentBasis.RELATIVE_TO_BEST
            else ""
        )
        return f"committed figure ({method.unit}): {method.basis.value.replace('_', ' ')}{target}"
    kind = "local spend" if isinstance(method, LocalSpendMethod) else "living wage"
    return f"{kind}: {method.basis.value.replace('_', ' ')}, target {method.target_percent}%"


def _moderation_sheet(sheet: Sheet, data: ReportData) -> Cells:
    """Each bidder's stage scores: the evaluators' scores, then the score used (moderated, or their mean or
    median as a formula). Returns where each stage score stands, with its value, for the envelope sheets."""
    e = data.evaluation
    evaluators = list(e.evaluators)
    first = 3
    headers = [
        "Bidder",
        "Question",
        "Stage",
        *[v.name for v in evaluators],
        "Spread",
        "Stage score used",
        "Basis",
        "Moderation rationale",
    ]
    sheet.table(headers, [28, 10, 12, *[14] * len(evaluators), 9, 12, 12, 60], f"{e.title}: moderation")
    spread, used, basis, why = (first + len(evaluators) + n for n in range(4))
    rule = "MEDIAN" if e.panel.unmoderated_rule is UnmoderatedRule.MEDIAN else "AVERAGE"
    names = data.stage_names()
    cells: Cells = {}
    row = 0
    for bidder in data.results.bidders:
        for question_id, result in bidder.questions.items():
            for stage in result.stages:
                row += 1
                sheet.text(row, 0, bidder.name)
                sheet.text(row, 1, question_id)
                sheet.text(row, 2, names.get(stage.stage_id, stage.stage_id))
                given = {s.evaluator_id: s.value for s in stage.scores}
                for offset, evaluator in enumerate(evaluators):
                    sheet.number(row, first + offset, given.get(evaluator.id))
                span = f"{cell(row, first)}:{cell(row, first + len(evaluators) - 1)}"
                if evaluators:
                    sheet.formula(row, spread, f'=IF(COUNT({span})=0,"",MAX({span})-MIN({span}))', stage.spread)
                if stage.moderation is not None:
                    sheet.number(row, used, stage.moderation.value, num_format=POINTS)
                    sheet.text(row, why, stage.moderation.rationale, **WRAP_TOP)
                    # As on the envelope sheets: sized here, or the wrapped lines print over the next row.
                    sheet.height(row, 12.5 * (1 + len(stage.moderation.rationale) // 58))
                else:
                    if stage.scores:
                        sheet.formula(row, used, f"={rule}({span})", stage.value, num_format=POINTS)
                    else:
                        sheet.number(row, used, 0, num_format=POINTS)
                    sheet.blank(row, why, **WRAP_TOP)
                sheet.text(row, basis, stage.basis)
                cells[(bidder.bidder_id, question_id, stage.stage_id)] = (
                    f"{sheet.ref}!{cell(row, used, absolute=True)}",
                    stage.value or 0,
                )
    return cells


def _social_value_sheet(sheet: Sheet, data: ReportData) -> Cells:
    """Commitments x proxy values per bidder and question, local spend with LM3, living wage; returns where each
    bidder's input for each quantitative question stands, with its value."""
    e = data.evaluation
    sheet.table(
        ["Bidder", "Question", "Measure", "Quantity committed", "Proxy (£ per unit)", "Value (£)"],
        [30, 10, 16, 18, 18, 16],
        f"{e.title}: social value",
    )
    cells: Cells = {}
    bids = {b.bidder_id: b for b in e.bids}
    row = 0
    quantitative = [q for q in e.questions if isinstance(q.method, CommitmentValueMethod)]
    for bidder in e.bidders:
        for question in quantitative:
            assert isinstance(question.method, CommitmentValueMethod)
            start, total = row + 1, Fraction(0)
            for measure, proxy in question.method.proxies.items():
                row += 1
                quantity = committed_figure(bids.get(bidder.id), measure, full_time_year(e))
                total += Fraction(quantity) * Fraction(proxy)
                sheet.text(row, 0, bidder.name)
                sheet.text(row, 1, question.id)
                sheet.text(row, 2, measure)
                sheet.number(row, 3, quantity)
                sheet.number(row, 4, proxy, num_format=GBP)
                sheet.formula(
                    row, 5, f"={cell(row, 3)}*{cell(row, 4)}", Fraction(quantity) * Fraction(proxy), num_format=GBP
                )
            cells[(bidder.id, question.id)] = (f"SUM({sheet.ref}!$F${start + 1}:$F${row + 1})", total)
    row += 2
    sheet.text(row, 0, "Committed figures: local spend, living wage and other measures", bold=True, font_size=12)
    row += 1
    for col, header in enumerate(
        [
            "Bidder",
            "Question",
            "Measure",
            "Committed",
            "Local spend R2 (£)",
            "Re-spent R3 (£)",
            "LM3 (reported, not scored)",
            "Unit",
            "Hours a week",
            "Weeks",
        ]
    ):
        sheet.text(row, col, header, bold=True)
    contract = Fraction(e.contract_value)
    full_time = full_time_year(e)
    for bidder in e.bidders:
        bid = bids.get(bidder.id)
        commitments = bid.commitments if bid is not None else {}
        for question in e.questions:
            method = question.method
            if not isinstance(method, LocalSpendMethod | LivingWageMethod | MeasureMethod):
                continue
            row += 1
            committed = committed_figure(bid, method.measure_id, full_time)
            unit = method.unit if isinstance(method, MeasureMethod) else "%"
            sheet.text(row, 0, bidder.name)
            sheet.text(row, 1, question.id)
            sheet.text(row, 2, method.measure_id)
            sheet.text(row, 7, unit)
            working = bid.working.get(method.measure_id) if bid is not None else None
            if working is not None and full_time > 0:  # an FTE given as hours and weeks, pro-rated live
                sheet.number(row, 8, working.hours_per_week)
                sheet.number(row, 9, working.weeks)
                sheet.formula(
                    row,
                    3,
                    f"={cell(row, 8)}*{cell(row, 9)}/({e.full_time_hours}*{e.full_time_weeks})",
                    committed,
                    num_format=FIGURE_FORMATS.get(unit, POINTS),
                )
            else:
                sheet.number(row, 3, committed, num_format=FIGURE_FORMATS.get(unit, POINTS))
            cells[(bidder.id, question.id)] = (f"{sheet.ref}!{cell(row, 3, absolute=True)}", committed)
            if isinstance(method, LocalSpendMethod) and e.lm3_respend_percent is not None:
                respend = Fraction(e.lm3_respend_percent)
                r2 = committed / 100 * contract
                r3 = r2 * respend / 100
                sheet.formula(row, 4, f"={cell(row, 3)}/100*ContractValue", r2, num_format=GBP)
                sheet.formula(row, 5, f"={cell(row, 4)}*{float(respend)}/100", r3, num_format=GBP)
                sheet.formula(
                    row,
                    6,
                    f"=(ContractValue+{cell(row, 4)}+{cell(row, 5)})/ContractValue",
                    (contract + r2 + r3) / contract if contract else None,
                    num_format=POINTS,
                )
            if isinstance(method, LivingWageMethod) and method.accredited_measure_id:
                accredited = commitments.get(method.accredited_measure_id, Decimal(0)) >= 1
                sheet.text(row, 4, "Accredited Living Wage Employer" if accredited else "")
    return cells


#: How a committed figure is shown, by unit; other units as plain numbers to two places.
FIGURE_FORMATS = {"%": PERCENT_NUMBER, "GBP": GBP}

ENVELOPE_HEADERS = ["Bidder ID", "Bidder", "Question", "Question title", "Formula", "Weight", "Takes part"]


def _envelope_sheet(sheet: Sheet, data: ReportData, envelope_id: str, stage_cells: Cells, value_cells: Cells) -> int:
    """One envelope's detail: a row per bidder and question, working in formulas. Returns its last row (0-based)."""
    e = data.evaluation
    stages = list(e.stages)
    envelope = e.envelope(envelope_id)
    questions = [q for q in e.questions if q.envelope_id == envelope_id]
    headers = [
        *ENVELOPE_HEADERS,
        *[h for s in stages for h in (f"{s.name} score", f"{s.name} share (%)")],
        "Input",
        "Reference",
        "Target / maximum",
        "Share of marks",
        "Points",
        "Working",
    ]
    sheet.table(
        headers, [9, 24, 8, 26, 18, 8, 8, *[9] * (2 * len(stages)), 13, 13, 10, 9, 8, 50], f"{e.title}: {envelope.name}"
    )
    col = {name: index for index, name in enumerate(headers)}
    names = data.stage_names()
    row = 0
    for bidder in data.results.bidders:
        for question in questions:
            result = bidder.questions[question.id]
            row += 1
            sheet.text(row, 0, bidder.bidder_id)
            sheet.text(row, 1, bidder.name)
            sheet.text(row, 2, question.id)
            sheet.text(row, 3, question.title)
            sheet.text(row, 4, result.formula)
            sheet.number(row, 5, question.weight, num_format=POINTS)
            # An excluded bidder keeps its scale scores, except where they are scored relative to the best.
            sheet.boolean(
                row, 6, not bidder.excluded or (isinstance(question.method, ScaleMethod) and result.share is not None)
            )
            _EnvelopeRow(sheet, data, col, row, bidder, stage_cells, value_cells).write(question, result)
            working = result.explain(names)
            if result.formula.endswith(f", {RELATIVE_ENVELOPE}"):
                working += " The share is the engine's, written as a value: the workbook does not recalculate it."
            sheet.text(row, col["Working"], working, **WRAP_TOP)
            # Spreadsheets do not grow a row for wrapped text they did not lay out themselves: size it here.
            sheet.height(row, 12.5 * (1 + len(working) // 55))
    return row


class _EnvelopeRow:
    """The formulas of one row of an envelope sheet, each written with the engine's figure for it."""

    def __init__(
        self,
        sheet: Sheet,
        data: ReportData,
        col: dict[str, int],
        row: int,
        bidder: BidderResult,
        stage_cells: Cells,
        value_cells: Cells,
    ) -> None:
        self.sheet, self.data, self.col, self.row, self.bidder = sheet, data, col, row, bidder
        self.stage_cells, self.value_cells = stage_cells, value_cells
        self.at = {name: cell(row, index) for name, index in col.items()}

    def same_question(self) -> str:
        """The ranges and criteria of *IFS over this question's rows for bidders that take part."""
        letter = {name: column(self.col[name]) for name in ("Input", "Question", "Takes part")}
        return (
            f"${letter['Input']}:${letter['Input']},${letter['Question']}:${letter['Question']},"
            f"{exactly(self.at['Question'])},${letter['Takes part']}:${letter['Takes part']},TRUE"
        )

    def put(self, name: str, formula: str, value: Cached, **style: Any) -> None:
        self.sheet.formula(self.row, self.col[name], formula, value, **style)

    def number(self, name: str, value: Fraction | Decimal | int | None, **style: Any) -> None:
        self.sheet.number(self.row, self.col[name], value, **style)

    def write(self, question: Question, result: QuestionResult) -> None:
        method = question.method
        inp, ref, target, takes = (self.at[n] for n in ("Input", "Reference", "Target / maximum", "Takes part"))
        inputs = result.inputs
        relative = f'=IF({takes},IF({ref}<=0,0,{inp}/{ref}),"")'
        share: str | None
        if isinstance(method, ScaleMethod):
            self._stages(result)
            self.number("Target / maximum", inputs["maximum"])
            if result.formula.endswith(f", {RELATIVE_ENVELOPE}"):
                # Scaled by the envelope's marks / the best bidder's envelope total: a maximum over per-bidder
                # sums, which these rows do not hold, so the engine's share is written as a value (the Working
                # says so).
                self.number("Share of marks", result.share, num_format=SHARE)
                share = None
            elif result.formula.endswith(f", {RELATIVE_QUESTION}"):  # relative to the best compliant score
                self.put(
                    "Reference", f"=_xlfn.MAXIFS({self.same_question()})", inputs.get("best", 0), num_format=POINTS
                )
                share = relative
            else:
                share = f"={inp}/{target}"
        elif isinstance(method, PriceMethod):
            share = self._price(inp, ref, target, takes, inputs)
        elif isinstance(method, CommitmentValueMethod):
            formula, value = self.value_cells[(self.bidder.bidder_id, question.id)]
            self.put("Input", f"={formula}", value, num_format=GBP)
            if method.basis is ValueBasis.RELATIVE_TO_BEST:
                self.put("Reference", f"=_xlfn.MAXIFS({self.same_question()})", inputs.get("best", 0), num_format=GBP)
                share = relative
            else:
                self.number("Target / maximum", method.target_percent or 0)
                share = f"=MIN(1,{inp}/ContractValue*100/{target})"
        else:
            assert isinstance(method, LocalSpendMethod | LivingWageMethod | MeasureMethod)
            formula, value = self.value_cells[(self.bidder.bidder_id, question.id)]
            unit = method.unit if isinstance(method, MeasureMethod) else "%"
            self.put("Input", f"={formula}", value, num_format=FIGURE_FORMATS.get(unit, POINTS))
            self.number(
                "Target / maximum",
                method.target_percent
                if not isinstance(method, MeasureMethod)
                else method.target
                if method.target is not None
                else 0,
            )
            if result.formula == "accredited":
                share = "=1"
            elif method.basis is PercentBasis.RELATIVE_TO_BEST:
                self.put("Reference", f"=_xlfn.MAXIFS({self.same_question()})", inputs.get("best", 0))
                share = relative
            elif method.basis is PercentBasis.PASS_FAIL:
                share = f"=IF({inp}>={target},1,0)"
            else:
                share = f"=MIN(1,{inp}/{target})"
        if share is not None:
            self.put("Share of marks", share, result.share, num_format=SHARE)
        points = self.at["Share of marks"]
        self.put("Points", f'=IF({points}="","",{self.at["Weight"]}*{points})', result.contribution, num_format=POINTS)

    def _stages(self, result: QuestionResult) -> None:
        """A scale question's stage scores (from the Moderation sheet) and shares, combined into the input."""
        first = self.col["Takes part"] + 1
        parts = []
        for n, stage in enumerate(self.data.evaluation.stages):
            if stage.id not in result.split:
                continue
            score_cell, share_cell = cell(self.row, first + 2 * n), cell(self.row, first + 2 * n + 1)
            formula, value = self.stage_cells[(self.bidder.bidder_id, result.question_id, stage.id)]
            self.sheet.formula(self.row, first + 2 * n, f"={formula}", value)
            self.sheet.number(self.row, first + 2 * n + 1, result.split[stage.id])
            parts.append(f"{score_cell}*{share_cell}/100")
        if parts:
            self.put("Input", "=" + "+".join(parts), result.raw or 0, num_format=POINTS)
        else:
            self.number("Input", 0, num_format=POINTS)

    def _price(self, inp: str, ref: str, target: str, takes: str, inputs: Any) -> str:
        self.number("Input", self.bidder.price, num_format=GBP)
        formula = self.data.evaluation.price.formula
        same = self.same_question()
        if formula is PriceFormula.LOWEST:
            self.put("Reference", f"=_xlfn.MINIFS({same})", inputs.get("lowest", 0), num_format=GBP)
            return f'=IF({takes},IF({inp}="",0,{ref}/{inp}),"")'
        if formula is PriceFormula.MEAN:
            self.put("Reference", f"=AVERAGEIFS({same})", inputs.get("mean", "#DIV/0!"), num_format=GBP)
            self.number("Target / maximum", self.data.evaluation.price.mean_points_per_percent)
            return f'=IF({takes},IF({inp}="",0,MAX(0,MIN(1,0.5+({ref}-{inp})/{ref}*{target}))),"")'
        if formula is PriceFormula.RANGE:
            self.put("Reference", f"=_xlfn.MINIFS({same})", inputs.get("lowest", 0), num_format=GBP)
            self.put("Target / maximum", f"=_xlfn.MAXIFS({same})", inputs.get("highest", 0), num_format=GBP)
            return f'=IF({takes},IF({inp}="",0,IF({target}={ref},1,({target}-{inp})/({target}-{ref}))),"")'
        return f'=IF({takes},0,"")'  # price per quality point: price earns no points of its own


def _summary(sheet: Sheet, data: ReportData, envelope_sheets: dict[str, Sheet], last_rows: dict[str, int]) -> None:
    """One row per bidder: each envelope's points summed from its sheet by bidder id, compared exactly (EXACT:
    no wildcards, case counts), never by a criterion an id could turn into a pattern; then the total."""
    e = data.evaluation
    envelopes = list(e.envelopes)
    headers = [
        "Rank",
        "Bidder ID",
        "Bidder",
        *[f"{v.name} ({v.weight})" for v in envelopes],
        "Total",
        "Status",
        "Reasons",
    ]
    sheet.table(headers, [7, 10, 34, *[14] * len(envelopes), 10, 14, 50], f"{e.title}: summary")
    first, total_col = 3, 3 + len(envelopes)
    winner = data.results.winner
    for row, bidder in enumerate(data.results.bidders, start=1):
        sheet.value(row, 0, bidder.rank if bidder.rank else "excluded")
        sheet.text(row, 1, bidder.bidder_id)
        sheet.text(row, 2, bidder.name)
        for n, envelope in enumerate(envelopes):
            target = envelope_sheets[envelope.id]
            last = max(last_rows.get(envelope.id, 1), 1) + 1
            points = column(_points_column(data))
            formula = (
                f"=SUMPRODUCT(--EXACT({target.ref}!$A$2:$A${last},{cell(row, 1)}),"
                f"{target.ref}!${points}$2:${points}${last})"
            )
            sheet.formula(row, first + n, formula, bidder.envelope_totals[envelope.id], num_format=POINTS)
        sheet.formula(
            row, total_col, f"=SUM({cell(row, first)}:{cell(row, total_col - 1)})", bidder.total, num_format=POINTS
        )
        status = (
            "Excluded" if bidder.excluded else "Recommended" if winner and winner.bidder_id == bidder.bidder_id else ""
        )
        sheet.text(row, total_col + 1, status)
        sheet.text(row, total_col + 2, " ".join(bidder.exclusion_reasons), **WRAP_TOP)
    row = len(data.results.bidders) + 2
    notes = [("Recommendation", f"Award to {winner.name}." if winner else "No single recommended bidder (a tie).")]
    if data.split is not None:
        notes.append(("Sensitivity", data.split.statement))
    notes.append(
        (
            "Rounding",
            "Figures are shown to 2 decimal places, rounded half up. The workbook works them out "
            "with the spreadsheet's own arithmetic from the detail sheets; each formula also "
            "carries svtool's exact figure, which a viewer that does not calculate shows.",
        )
    )
    for offset, (label, text) in enumerate(notes):
        sheet.text(row + offset, 2, label, bold=True, valign="top")
        # Long sentences wrap inside the table's width, so printing fits the page at a readable size.
        sheet.merged_text(row + offset, first, len(headers) - 1, text, **WRAP_TOP)
        sheet.height(row + offset, 15 * (1 + len(text) // 110))


def _points_column(data: ReportData) -> int:
    """The Points column of every envelope sheet (they share one layout)."""
    return len(ENVELOPE_HEADERS) + 2 * len(data.evaluation.stages) + 4
