"""The return workbook from and to the record (docs/delivery.md): a template per contract and period, written
whole or not at all, and a filled return imported whole or refused with every problem located."""

from __future__ import annotations

from pathlib import Path

from svtool.domain.delivery_notice import notice_text
from svtool.export.delivery_data import DeliveryReport
from svtool.export.delivery_pdf import build_delivery_pdf
from svtool.export.delivery_return import ReturnRefused, contract_id, read_return, write_return_template
from svtool.export.delivery_xlsx import write_delivery_xlsx
from svtool.services import delivery as service
from svtool.services.errors import UserError
from svtool.services.outputs import check_file, check_outputs
from svtool.services.session import OpenEvaluation
from svtool.services.storage import write_atomically


def write_template(opened: OpenEvaluation, period: str, destination: Path) -> None:
    d = service.awarded(service.load(opened))
    if period not in d.contract.labels:
        raise UserError(
            f"'{period}' is not one of this contract's reporting periods "
            f"({d.contract.labels[0]} to {d.contract.labels[-1]})."
        )
    check_file(destination, "the return template", opened.document.path)
    e = opened.evaluation
    write_atomically(destination, lambda part: write_return_template(d, e.reference, e.title, period, part))


def import_return(opened: OpenEvaluation, source: Path, period: str | None = None) -> str:
    """Read a filled return and save it; the period it was for. Refused (UserError, nothing saved) with the sheet,
    row, column and reason of every problem."""
    d = service.awarded(service.load(opened))
    e = opened.evaluation
    try:
        read = read_return(source, d, contract_id(d, e.reference, e.title), period)
    except ReturnRefused as refused:
        raise UserError(str(refused)) from None
    service.record_return(opened, read.period, read.spend, read.figures, f"workbook {source.name}")
    return read.period


def report_data(opened: OpenEvaluation) -> DeliveryReport:
    """The report's content, read in one go from what is stored now."""
    snapshot = opened.snapshot()
    loaded = service.load(opened)
    d = service.awarded(loaded)
    e = snapshot.evaluation
    notices = tuple(
        (a, notice_text(d, e.title, e.reference, a))
        for a in d.contract.assessments
        if any(r.assessment == a for r in d.ratings)
    )
    return DeliveryReport(
        e.title,
        e.reference,
        d,
        e.lm3_respend_percent,
        snapshot.head_seq,
        snapshot.head_hash,
        tuple(service.needs(d)),
        notices,
    )


def write_report(opened: OpenEvaluation, pdf: Path | None, xlsx: Path | None) -> None:
    """The delivery report as a PDF, a workbook or both; each destination checked first, each written whole."""
    if pdf is None and xlsx is None:
        raise UserError("Say where to write the report: --pdf OUT.pdf, --xlsx OUT.xlsx, or both.")
    check_outputs(xlsx, pdf, None, opened.document.path)
    data = report_data(opened)
    if pdf is not None:
        write_atomically(pdf, lambda part: build_delivery_pdf(data, str(part)))
    if xlsx is not None:
        write_atomically(xlsx, lambda part: write_delivery_xlsx(data, part))
