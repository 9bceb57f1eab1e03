"""The evaluation workbook for finance and audit: every figure on the Summary is a live formula over the detail.

Sheets: Summary; Setup; one detail sheet per envelope (a row per bidder and question, working in formulas);
Scores by evaluator; Moderation (individual scores beside the stage score used); Commitments (social value
commitments x proxy values, local spend with LM3, living wage); Sensitivity; Audit log.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from svtool.domain.evaluation import (
    CeilingAction,
    CommitmentValueMethod,
    LivingWageMethod,
    LocalSpendMethod,
    PercentBasis,
    PriceFormula,
    PriceMethod,
    QualityBasis,
    Question,
    ScaleMethod,
    UnmoderatedRule,
    ValueBasis,
)
from svtool.domain.numbers import show
from svtool.domain.results import RELATIVE_ENVELOPE, RELATIVE_QUESTION, QuestionResult
from svtool.export.report_data import ExportCancelled, ReportData

GBP = '"£"#,##0.00'
POINTS = "0.00"
SHARE = "0.00%"
PERCENT_NUMBER = '0.00"%"'
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
Cancelled = Callable[[], bool]
#: Where each detail sheet keeps its points, for the Summary's SUMIFS (known when the sheet is laid out).
POINTS_COLUMN: dict[str, str] = {}


def _number(value: Decimal | Fraction | int | None) -> float | None:
    return None if value is None else float(value)


def _safe_title(name: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:28] or "Sheet"
    candidate, n = title, 2
    while candidate.lower() in used:
        candidate, n = f"{title[:25]} {n}", n + 1
    used.add(candidate.lower())
    return candidate


def _setup_sheet(sheet: Worksheet, headers: Sequence[str], widths: Sequence[int], title: str) -> None:
    sheet.append(list(headers))
    for index, cell in enumerate(sheet[1], start=1):
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = widths[index - 1] if index <= len(widths) else 12
    sheet.row_dimensions[1].height = 30  # room for headings that wrap onto two lines
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    _print_setup(sheet, title)


def _print_setup(sheet: Worksheet, title: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = title
    sheet.oddFooter.center.text = "Page &P of &N"


def _text(sheet: Worksheet, row: int, column: int, value: str) -> None:
    cell = sheet.cell(row, column)
    cell.value = value
    cell.data_type = "s"  # a name or reason beginning with '=' stays text


def write_workbook(data: ReportData, path: Path, cancelled: Cancelled = lambda: False) -> None:
    """Write the workbook. `cancelled` is asked between sheets; if it says yes, ExportCancelled is raised and
    nothing is saved."""
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    used = {"summary", "scores by evaluator", "sensitivity", "audit log"}
    steps: list[Callable[[], None]] = []
    setup = book.create_sheet("Setup")
    used.add("setup")
    moderation = book.create_sheet("Moderation")
    used.add("moderation")
    social = book.create_sheet("Commitments")
    used.add("commitments")
    stage_cells = _moderation_sheet(moderation, data)
    value_cells = _social_value_sheet(social, data)
    envelope_sheets = {}
    for envelope in data.evaluation.envelopes:
        sheet = book.create_sheet(_safe_title(envelope.name, used))
        envelope_sheets[envelope.id] = sheet
    steps.append(lambda: _setup(setup, data, book))

    def detail_sheets() -> None:
        for envelope in data.evaluation.envelopes:
            _envelope_sheet(envelope_sheets[envelope.id], data, envelope.id, stage_cells, value_cells)

    steps.append(detail_sheets)
    steps.append(lambda: _summary(summary, data, envelope_sheets))
    steps.append(lambda: _scores_sheet(book.create_sheet("Scores by evaluator"), data))
    steps.append(lambda: _sensitivity_sheet(book.create_sheet("Sensitivity"), data))
    steps.append(lambda: _audit_sheet(book.create_sheet("Audit log"), data))
    for step in steps:
        if cancelled():
            raise ExportCancelled
        step()
    order = ["Summary", "Setup", *[envelope_sheets[v.id].title for v in data.evaluation.envelopes],
             "Scores by evaluator", "Moderation", "Commitments", "Sensitivity", "Audit log"]
    for position, title in enumerate(order):
        book.move_sheet(title, offset=position - book.sheetnames.index(title))
    book.active = 0
    if cancelled():
        raise ExportCancelled
    book.save(path)


def _setup(sheet: Worksheet, data: ReportData, book: Workbook) -> None:
    e = data.evaluation
    _print_setup(sheet, f"{e.title}: setup")
    sheet.column_dimensions["A"].width = 30
    for letter in "BCDEFGHI":
        sheet.column_dimensions[letter].width = 18
    rows: list[tuple[str, Any, str | None]] = [
        ("Evaluation", e.title, None), ("Reference", e.reference, None),
        ("Contract value", _number(e.contract_value), GBP),
        ("Price formula", e.price.formula.value.replace("_", " "), None),
        ("Mean formula: points per 1%", _number(e.price.mean_points_per_percent), POINTS),
        ("Abnormally low below (%)", _number(e.price.abnormally_low_percent), PERCENT_NUMBER),
        ("Affordability ceiling", e.price.ceiling.value.replace("_", " ") if e.price.ceiling else "none", None),
        ("Budget (£)", _number(e.price.budget), GBP),
        ("A bid above the ceiling is", {CeilingAction.EXCLUDE: "excluded", CeilingAction.FLAG: "flagged"}[
            e.price.ceiling_action] if e.price.ceiling else "", None),
        ("Unmoderated stage score", e.panel.unmoderated_rule.value, None),
        ("Divergence flag at (points)", _number(e.panel.divergence_points), POINTS),
        ("Reasons counted as short below (words)", e.panel.reason_min_words, None),
        ("LM3 local re-spend (%)", _number(e.lm3_respend_percent), PERCENT_NUMBER),
        ("Real Living Wage rate (£/hour)", _number(e.living_wage_rate), GBP),
    ]
    for stage in e.stages:
        rows.append((f"Split: {stage.name} (%)", _number(e.split.get(stage.id, Decimal(0))), PERCENT_NUMBER))
    for number, (label, value, fmt) in enumerate(rows, start=1):
        sheet.cell(number, 1, label).font = Font(bold=True)
        cell = sheet.cell(number, 2, value)
        if fmt:
            cell.number_format = fmt
    book.defined_names["ContractValue"] = DefinedName("ContractValue", attr_text=f"{quote_sheetname('Setup')}!$B$3")
    row = len(rows) + 2
    for heading, headers, lines in (
        ("Envelopes", ("ID", "Envelope", "Kind", "Weight", "Minimum % of scale marks", "Quality basis"),
         [(v.id, v.name, v.kind.value, _number(v.weight), _number(v.min_percent),
           v.quality_basis.value.replace("_", " ")) for v in e.envelopes]),
        ("Questions", ("ID", "Envelope", "Question", "Weight", "Method", "Scale", "Stages", "Minimum score"),
         [(q.id, q.envelope_id, q.title, _number(q.weight), _method_text(q, data),
           q.method.scale_id if isinstance(q.method, ScaleMethod) else "",
           ", ".join(e.stages_of(q)), _number(q.method.min_score) if isinstance(q.method, ScaleMethod) else None)
          for q in e.questions]),
        ("Scales", ("Scale", "Value", "Label", "Descriptor"),
         [(s.name, _number(p.value), p.label, p.descriptor) for s in e.scales for p in s.points]),
    ):
        sheet.cell(row, 1, heading).font = Font(bold=True, size=12)
        row += 1
        for column, header in enumerate(headers, start=1):
            sheet.cell(row, column, header).font = Font(bold=True)
        for line in lines:
            row += 1
            for column, value in enumerate(line, start=1):
                if isinstance(value, str):
                    _text(sheet, row, column, value)
                else:
                    sheet.cell(row, column, value)
        row += 2


def _method_text(question: Question, data: ReportData) -> str:
    method = question.method
    if isinstance(method, ScaleMethod):
        return "scored by the panel on the scale" + (", relative to the best"
                                                     if method.basis is QualityBasis.RELATIVE_TO_BEST else "")
    if isinstance(method, PriceMethod):
        return f"price: {data.evaluation.price.formula.value.replace('_', ' ')}"
    if isinstance(method, CommitmentValueMethod):
        return f"social value offered: {method.basis.value.replace('_', ' ')}"
    kind = "local spend" if isinstance(method, LocalSpendMethod) else "living wage"
    return f"{kind}: {method.basis.value.replace('_', ' ')}, target {method.target_percent}%"


def _moderation_sheet(sheet: Worksheet, data: ReportData) -> dict[tuple[str, str, str], str]:
    """Each bidder's stage scores: the evaluators' scores, then the score used (moderated, or their mean or
    median as a formula). Returns where each stage score stands, for the envelope sheets to refer to."""
    e = data.evaluation
    evaluators = list(e.evaluators)
    first = 4
    headers = ["Bidder", "Question", "Stage", *[v.name for v in evaluators], "Spread", "Stage score used", "Basis",
               "Moderation rationale"]
    _setup_sheet(sheet, headers, [28, 10, 12, *[14] * len(evaluators), 9, 12, 12, 60], f"{e.title}: moderation")
    cells: dict[tuple[str, str, str], str] = {}
    rule = "MEDIAN" if e.panel.unmoderated_rule is UnmoderatedRule.MEDIAN else "AVERAGE"
    row = 1
    for bidder in data.results.bidders:
        for question_id, result in bidder.questions.items():
            for stage in result.stages:
                row += 1
                _text(sheet, row, 1, bidder.name)
                sheet.cell(row, 2, question_id)
                sheet.cell(row, 3, data.stage_names().get(stage.stage_id, stage.stage_id))
                given = {s.evaluator_id: s.value for s in stage.scores}
                for offset, evaluator in enumerate(evaluators):
                    sheet.cell(row, first + offset, _number(given.get(evaluator.id)))
                span = f"{get_column_letter(first)}{row}:{get_column_letter(first + len(evaluators) - 1)}{row}"
                spread, used, basis, why = (first + len(evaluators) + n for n in range(4))
                sheet.cell(row, spread, f"=IF(COUNT({span})=0,\"\",MAX({span})-MIN({span}))" if evaluators else None)
                if stage.moderation is not None:
                    sheet.cell(row, used, _number(stage.moderation.value))
                    _text(sheet, row, why, stage.moderation.rationale)
                elif stage.scores:
                    sheet.cell(row, used, f"={rule}({span})")
                else:
                    sheet.cell(row, used, 0)
                sheet.cell(row, used).number_format = POINTS
                sheet.cell(row, basis, stage.basis)
                sheet.cell(row, why).alignment = Alignment(wrap_text=True, vertical="top")
                cells[(bidder.bidder_id, question_id, stage.stage_id)] = \
                    f"{quote_sheetname(sheet.title)}!${get_column_letter(used)}${row}"
    return cells


def _social_value_sheet(sheet: Worksheet, data: ReportData) -> dict[tuple[str, str], str]:
    """Commitments x proxy values per bidder and question, local spend with LM3, living wage; returns where each
    bidder's input for each quantitative question stands."""
    e = data.evaluation
    _setup_sheet(sheet, ["Bidder", "Question", "Measure", "Quantity committed", "Proxy (£ per unit)", "Value (£)"],
                 [30, 10, 16, 18, 18, 16], f"{e.title}: social value")
    cells: dict[tuple[str, str], str] = {}
    bids = {b.bidder_id: b for b in e.bids}
    row = 1
    quantitative = [q for q in e.questions if isinstance(q.method, CommitmentValueMethod)]
    for bidder in e.bidders:
        commitments = bids[bidder.id].commitments if bidder.id in bids else {}
        for question in quantitative:
            assert isinstance(question.method, CommitmentValueMethod)
            start = row + 1
            for measure, proxy in question.method.proxies.items():
                row += 1
                _text(sheet, row, 1, bidder.name)
                sheet.cell(row, 2, question.id)
                sheet.cell(row, 3, measure)
                sheet.cell(row, 4, _number(commitments.get(measure, Decimal(0))))
                sheet.cell(row, 5, _number(proxy)).number_format = GBP
                sheet.cell(row, 6, f"=D{row}*E{row}").number_format = GBP
            cells[(bidder.id, question.id)] = f"SUM({quote_sheetname(sheet.title)}!$F${start}:$F${row})"
    row += 2
    sheet.cell(row, 1, "Local spend and living wage").font = Font(bold=True, size=12)
    row += 1
    headers = ["Bidder", "Question", "Measure", "Committed (%)", "Local spend R2 (£)", "Re-spent R3 (£)",
               "LM3 (reported, not scored)"]
    for column, header in enumerate(headers, start=1):
        sheet.cell(row, column, header).font = Font(bold=True)
    for bidder in e.bidders:
        commitments = bids[bidder.id].commitments if bidder.id in bids else {}
        for question in e.questions:
            method = question.method
            if not isinstance(method, LocalSpendMethod | LivingWageMethod):
                continue
            row += 1
            _text(sheet, row, 1, bidder.name)
            sheet.cell(row, 2, question.id)
            sheet.cell(row, 3, method.measure_id)
            sheet.cell(row, 4, _number(commitments.get(method.measure_id, Decimal(0)))).number_format = PERCENT_NUMBER
            cells[(bidder.id, question.id)] = f"{quote_sheetname(sheet.title)}!$D${row}"
            if isinstance(method, LocalSpendMethod) and e.lm3_respend_percent is not None:
                sheet.cell(row, 5, f"=D{row}/100*ContractValue").number_format = GBP
                sheet.cell(row, 6, f"=E{row}*{float(e.lm3_respend_percent)}/100").number_format = GBP
                sheet.cell(row, 7, f"=(ContractValue+E{row}+F{row})/ContractValue").number_format = POINTS
            if isinstance(method, LivingWageMethod) and method.accredited_measure_id:
                accredited = commitments.get(method.accredited_measure_id, Decimal(0)) >= 1
                sheet.cell(row, 5, "Accredited Living Wage Employer" if accredited else "")
    return cells


def _envelope_sheet(sheet: Worksheet, data: ReportData, envelope_id: str, stage_cells: dict[tuple[str, str, str],
                    str], value_cells: dict[tuple[str, str], str]) -> None:
    e = data.evaluation
    stages = list(e.stages)
    envelope = e.envelope(envelope_id)
    questions = [q for q in e.questions if q.envelope_id == envelope_id]
    headers = ["Bidder ID", "Bidder", "Question", "Question title", "Formula", "Weight", "Takes part",
               *[h for s in stages for h in (f"{s.name} score", f"{s.name} share (%)")],
               "Input", "Reference", "Target / maximum", "Share of marks", "Points", "Working"]
    _setup_sheet(sheet, headers, [9, 24, 8, 26, 18, 8, 8, *[9] * (2 * len(stages)), 13, 13, 10, 9, 8, 50],
                 f"{e.title}: {envelope.name}")
    col = {name: index for index, name in enumerate(headers, start=1)}
    POINTS_COLUMN[sheet.title] = get_column_letter(col["Points"])
    first_stage = col["Takes part"] + 1
    letter = {name: get_column_letter(index) for name, index in col.items()}
    row = 1
    names = data.stage_names()
    for bidder in data.results.bidders:
        for question in questions:
            result = bidder.questions[question.id]
            row += 1
            sheet.cell(row, 1, bidder.bidder_id)
            _text(sheet, row, 2, bidder.name)
            sheet.cell(row, 3, question.id)
            _text(sheet, row, 4, question.title)
            sheet.cell(row, 5, result.formula)
            sheet.cell(row, 6, _number(question.weight)).number_format = POINTS
            # An excluded bidder keeps its scale scores, except where they are scored relative to the best.
            sheet.cell(row, 7, not bidder.excluded or (isinstance(question.method, ScaleMethod)
                                                       and result.share is not None))
            _envelope_row(sheet, data, question, result, row, letter, first_stage, stages, stage_cells, value_cells,
                          bidder.bidder_id)
            working = result.explain(names)
            if result.formula.endswith(f", {RELATIVE_ENVELOPE}"):
                working += " The share is the engine's, written as a value: the workbook does not recalculate it."
            _text(sheet, row, col["Working"], working)
            sheet.cell(row, col["Working"]).alignment = Alignment(wrap_text=True, vertical="top")
            # Spreadsheets do not grow a row for wrapped text they did not lay out themselves: size it here.
            sheet.row_dimensions[row].height = 12.5 * (1 + len(working) // 55)
            sheet.cell(row, col["Share of marks"]).number_format = SHARE
            sheet.cell(row, col["Points"]).number_format = POINTS


def _envelope_row(sheet: Worksheet, data: ReportData, question: Question, result: QuestionResult, row: int,
                  letter: dict[str, str], first_stage: int, stages: list[Any],
                  stage_cells: dict[tuple[str, str, str], str], value_cells: dict[tuple[str, str], str],
                  bidder_id: str) -> None:
    method = question.method
    inp, ref, target = (f"{letter[c]}{row}" for c in ("Input", "Reference", "Target / maximum"))
    share_cell, points_cell = letter["Share of marks"], letter["Points"]
    same = (f"${letter['Input']}:${letter['Input']},${letter['Question']}:${letter['Question']},"
            f"C{row},${letter['Takes part']}:${letter['Takes part']},TRUE")
    takes_part = f"G{row}"
    share: str
    if isinstance(method, ScaleMethod):
        parts = []
        for n, stage in enumerate(stages):
            score_column = get_column_letter(first_stage + 2 * n)
            share_column = get_column_letter(first_stage + 2 * n + 1)
            if stage.id in result.split:
                sheet.cell(row, first_stage + 2 * n, f"={stage_cells[(bidder_id, question.id, stage.id)]}")
                sheet.cell(row, first_stage + 2 * n + 1, float(result.split[stage.id]))
                parts.append(f"{score_column}{row}*{share_column}{row}/100")
        sheet.cell(row, sheet_column(letter, "Input"), "=" + "+".join(parts) if parts else 0).number_format = POINTS
        sheet.cell(row, sheet_column(letter, "Target / maximum"), float(result.inputs["maximum"]))
        if result.formula.endswith(f", {RELATIVE_ENVELOPE}"):
            # Scaled by the envelope's marks / the best bidder's envelope total: a maximum over per-bidder sums,
            # which these rows do not hold, so the engine's share is written as a value (the Working says so).
            share = "" if result.share is None else float(result.share)  # type: ignore[assignment]
        elif result.formula.endswith(f", {RELATIVE_QUESTION}"):  # relative to the best compliant combined score
            sheet.cell(row, sheet_column(letter, "Reference"), f"=_xlfn.MAXIFS({same})").number_format = POINTS
            share = f'=IF({takes_part},IF({ref}<=0,0,{inp}/{ref}),"")'
        else:
            share = f"={inp}/{target}"
    elif isinstance(method, PriceMethod):
        price = data.results.bidder(bidder_id).price
        sheet.cell(row, sheet_column(letter, "Input"), _number(price)).number_format = GBP
        formula = data.evaluation.price.formula
        if formula is PriceFormula.LOWEST:
            sheet.cell(row, sheet_column(letter, "Reference"), f"=_xlfn.MINIFS({same})").number_format = GBP
            share = f'=IF({takes_part},IF({inp}="",0,{ref}/{inp}),"")'
        elif formula is PriceFormula.MEAN:
            sheet.cell(row, sheet_column(letter, "Reference"), f"=AVERAGEIFS({same})").number_format = GBP
            sheet.cell(row, sheet_column(letter, "Target / maximum"),
                       float(data.evaluation.price.mean_points_per_percent))
            share = f'=IF({takes_part},IF({inp}="",0,MAX(0,MIN(1,0.5+({ref}-{inp})/{ref}*{target}))),"")'
        elif formula is PriceFormula.RANGE:
            sheet.cell(row, sheet_column(letter, "Reference"), f"=_xlfn.MINIFS({same})").number_format = GBP
            sheet.cell(row, sheet_column(letter, "Target / maximum"), f"=_xlfn.MAXIFS({same})").number_format = GBP
            share = f'=IF({takes_part},IF({inp}="",0,IF({target}={ref},1,({target}-{inp})/({target}-{ref}))),"")'
        else:
            share = "=0"
    elif isinstance(method, CommitmentValueMethod):
        sheet.cell(row, sheet_column(letter, "Input"), f"={value_cells[(bidder_id, question.id)]}").number_format = GBP
        if method.basis is ValueBasis.RELATIVE_TO_BEST:
            sheet.cell(row, sheet_column(letter, "Reference"), f"=_xlfn.MAXIFS({same})").number_format = GBP
            share = f'=IF({takes_part},IF({ref}<=0,0,{inp}/{ref}),"")'
        else:
            sheet.cell(row, sheet_column(letter, "Target / maximum"), float(method.target_percent or 0))
            share = f"=MIN(1,{inp}/ContractValue*100/{target})"
    else:
        assert isinstance(method, LocalSpendMethod | LivingWageMethod)
        sheet.cell(row, sheet_column(letter, "Input"), f"={value_cells[(bidder_id, question.id)]}").number_format = \
            PERCENT_NUMBER
        sheet.cell(row, sheet_column(letter, "Target / maximum"), float(method.target_percent))
        if result.formula == "accredited":
            share = "=1"
        elif method.basis is PercentBasis.RELATIVE_TO_BEST:
            sheet.cell(row, sheet_column(letter, "Reference"), f"=_xlfn.MAXIFS({same})")
            share = f'=IF({takes_part},IF({ref}<=0,0,{inp}/{ref}),"")'
        elif method.basis is PercentBasis.PASS_FAIL:
            share = f"=IF({inp}>={target},1,0)"
        else:
            share = f"=MIN(1,{inp}/{target})"
    sheet[f"{share_cell}{row}"] = share
    sheet[f"{points_cell}{row}"] = f'=IF({share_cell}{row}="","",F{row}*{share_cell}{row})'


def sheet_column(letter: dict[str, str], name: str) -> int:
    return int(column_index_from_string(letter[name]))


def _summary(sheet: Worksheet, data: ReportData, envelope_sheets: dict[str, Worksheet]) -> None:
    e = data.evaluation
    envelopes = list(e.envelopes)
    headers = ["Rank", "Bidder", *[f"{v.name} ({v.weight})" for v in envelopes], "Total", "Status", "Reasons"]
    _setup_sheet(sheet, headers, [7, 34, *[14] * len(envelopes), 10, 14, 50], f"{e.title}: summary")
    for row, bidder in enumerate(data.results.bidders, start=2):
        sheet.cell(row, 1, bidder.rank if bidder.rank else "excluded")
        _text(sheet, row, 2, bidder.name)
        for n, envelope in enumerate(envelopes):
            target = envelope_sheets[envelope.id]
            points_column = POINTS_COLUMN[target.title]
            name = quote_sheetname(target.title)
            formula = f'=SUMIFS({name}!${points_column}:${points_column},{name}!$A:$A,"{bidder.bidder_id}")'
            sheet.cell(row, 3 + n, formula).number_format = POINTS
        total_column = 3 + len(envelopes)
        first, last = get_column_letter(3), get_column_letter(total_column - 1)
        sheet.cell(row, total_column, f"=SUM({first}{row}:{last}{row})").number_format = POINTS
        winner = data.results.winner
        status = "Excluded" if bidder.excluded else "Recommended" if winner and winner.bidder_id == bidder.bidder_id \
            else ""
        sheet.cell(row, total_column + 1, status)
        _text(sheet, row, total_column + 2, " ".join(bidder.exclusion_reasons))
    row = len(data.results.bidders) + 3
    winner = data.results.winner
    last = get_column_letter(len(headers))
    notes = [("Recommendation", f"Award to {winner.name}." if winner else "No single recommended bidder (a tie).")]
    if data.split is not None:
        notes.append(("Sensitivity", data.split.statement))
    notes.append(("Rounding", "Figures are shown to 2 decimal places; the workbook computes them with the "
                              "spreadsheet's own arithmetic from the detail sheets."))
    for offset, (label, text) in enumerate(notes):
        sheet.cell(row + offset, 2, label).font = Font(bold=True)
        sheet.cell(row + offset, 2).alignment = Alignment(vertical="top")
        # Long sentences wrap inside the table's width, so printing fits the page at a readable size.
        sheet.merge_cells(f"C{row + offset}:{last}{row + offset}")
        _text(sheet, row + offset, 3, text)
        sheet.cell(row + offset, 3).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row + offset].height = 15 * (1 + len(text) // 110)
    for reasons in range(2, len(data.results.bidders) + 2):
        sheet.cell(reasons, len(headers)).alignment = Alignment(wrap_text=True, vertical="top")


def _scores_sheet(sheet: Worksheet, data: ReportData) -> None:
    e = data.evaluation
    _setup_sheet(sheet, ["Evaluator", "Bidder", "Question", "Stage", "Score", "Reason"], [28, 28, 10, 12, 8, 90],
                 f"{e.title}: scores by evaluator")
    evaluators = {v.id: v.name for v in e.evaluators}
    bidders = {b.id: b.name for b in e.bidders}
    stages = data.stage_names()
    # Count rows here: openpyxl's max_row scans every cell, which would make this loop quadratic.
    for row, score in enumerate(e.scores, start=2):
        sheet.append([evaluators.get(score.evaluator_id, score.evaluator_id), bidders.get(score.bidder_id),
                      score.question_id, stages.get(score.stage_id), float(score.value), None])
        _text(sheet, row, 6, score.reason)


def _sensitivity_sheet(sheet: Worksheet, data: ReportData) -> None:
    _print_setup(sheet, f"{data.evaluation.title}: sensitivity")
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 100
    row = 1
    if data.split is not None:
        sheet.cell(row, 1, "Stage split").font = Font(bold=True, size=12)
        _text(sheet, row, 3, data.split.statement)
        names = data.stage_names()
        for stage in data.split.stages:  # the exact stretches of each stage's share, and who is first on each
            row += 1
            sheet.cell(row, 1, f"{names[stage.stage_id]} share (%)").font = Font(bold=True)
            sheet.cell(row, 2, "Ranked first").font = Font(bold=True)
            for segment in stage.segments:
                row += 1
                sheet.cell(row, 1, f"{show(segment.low)} to {show(segment.high)}")
                _text(sheet, row, 2, data.bidder_name(segment.winner_id) if segment.winner_id else "no single bidder")
        row += 2
    sheet.cell(row, 1, "Envelope weights").font = Font(bold=True, size=12)
    for weight in data.weights:
        row += 1
        sheet.cell(row, 1, data.evaluation.envelope(weight.envelope_id).name)
        sheet.cell(row, 2, f"{float(weight.holds_from):.2f} to {float(weight.holds_to):.2f} points")
        _text(sheet, row, 3, weight.statement)


def _audit_sheet(sheet: Worksheet, data: ReportData) -> None:
    _setup_sheet(sheet, ["Entry", "When (UTC)", "Who", "Action", "What", "Which", "Before", "After", "Reason"],
                 [7, 28, 24, 11, 12, 24, 40, 40, 40], f"{data.evaluation.title}: audit log")
    for row, line in enumerate(data.audit, start=2):
        sheet.append([line.seq, line.at, line.actor, line.action, line.entity, None, None, None, None])
        for column, value in ((6, line.key), (7, line.old or ""), (8, line.new or ""), (9, line.reason)):
            _text(sheet, row, column, value)
    row = len(data.audit) + 3
    _text(sheet, row, 1, f"This workbook was taken from the evaluation as stored at audit entry {data.head_seq}, "
                         f"whose hash is {data.head_hash or 'none'}.")
