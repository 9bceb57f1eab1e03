"""The workbook's record sheets, which hold no formulas: Scores by evaluator, Sensitivity and the Audit log
(export/excel.py lays out the rest; export/xlsx_cells.py writes the cells)."""

from __future__ import annotations

from svtool.domain.numbers import show
from svtool.export.report_data import ReportData
from svtool.export.xlsx_cells import POINTS, Sheet


def scores_sheet(sheet: Sheet, data: ReportData) -> None:
    e = data.evaluation
    sheet.table(
        ["Evaluator", "Bidder", "Question", "Stage", "Score", "Reason"],
        [28, 28, 10, 12, 8, 90],
        f"{e.title}: scores by evaluator",
    )
    evaluators = {v.id: v.name for v in e.evaluators}
    bidders = {b.id: b.name for b in e.bidders}
    stages = data.stage_names()
    for row, score in enumerate(e.scores, start=1):
        sheet.text(row, 0, evaluators.get(score.evaluator_id, score.evaluator_id))
        sheet.text(row, 1, bidders.get(score.bidder_id, score.bidder_id))
        sheet.text(row, 2, score.question_id)
        sheet.text(row, 3, stages.get(score.stage_id, score.stage_id))
        sheet.number(row, 4, score.value, num_format=POINTS)
        sheet.text(row, 5, score.reason)


def sensitivity_sheet(sheet: Sheet, data: ReportData) -> None:
    sheet.print_setup(f"{data.evaluation.title}: sensitivity")
    sheet.widths([30, 40, 100])
    row = 0
    if data.split is not None:
        sheet.text(row, 0, "Stage split", bold=True, font_size=12)
        sheet.text(row, 2, data.split.statement)
        names = data.stage_names()
        for stage in data.split.stages:  # the exact stretches of each stage's share, and who is first on each
            row += 1
            sheet.text(row, 0, f"{names[stage.stage_id]} share (%)", bold=True)
            sheet.text(row, 1, "Ranked first", bold=True)
            for segment in stage.segments:
                row += 1
                sheet.text(row, 0, f"{show(segment.low)} to {show(segment.high)}")
                sheet.text(row, 1, data.bidder_name(segment.winner_id) if segment.winner_id else "no single bidder")
        row += 2
    sheet.text(row, 0, "Envelope weights", bold=True, font_size=12)
    for weight in data.weights:
        row += 1
        sheet.text(row, 0, data.evaluation.envelope(weight.envelope_id).name)
        sheet.text(row, 1, f"{show(weight.holds_from)} to {show(weight.holds_to)} points")
        sheet.text(row, 2, weight.statement)


def audit_sheet(sheet: Sheet, data: ReportData) -> None:
    sheet.table(
        ["Entry", "When (UTC)", "Who", "Action", "What", "Which", "Before", "After", "Reason"],
        [7, 28, 24, 11, 12, 24, 40, 40, 40],
        f"{data.evaluation.title}: audit log",
    )
    for row, line in enumerate(data.audit, start=1):
        sheet.number(row, 0, line.seq)
        for col, text in enumerate(
            (line.at, line.actor, line.action, line.entity, line.key, line.old or "", line.new or "", line.reason),
            start=1,
        ):
            sheet.text(row, col, text)
    sheet.text(
        len(data.audit) + 2,
        0,
        f"This workbook was taken from the evaluation as stored at audit entry "
        f"{data.head_seq}, whose hash is {data.head_hash or 'none'}.",
    )
