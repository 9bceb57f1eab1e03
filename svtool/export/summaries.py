"""Assessment summaries (Procurement Act 2023 s.50, Procurement Regulations 2024 r.31): one PDF per bidder, in a
file whose name is unique on every system (docs/reports.md). What each says is in summary_content.py."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from svtool.domain.results import BidderResult
from svtool.export.pdf import furniture
from svtool.export.pdf_style import Cancelled, document, numbered_canvas
from svtool.export.report_data import ExportCancelled, ReportData
from svtool.export.summary_content import story

#: Names Windows reserves whatever the extension (CON.pdf is the console): never the start of a file name.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
)


def _slug(text: str, limit: int) -> str:
    """Letters and digits of any script, the rest as single hyphens (no '&', '/', ':' or trailing dots that a
    file system would refuse or change), at most `limit` characters."""
    normal = unicodedata.normalize("NFC", text)
    return re.sub(r"[\W_]+", "-", normal).strip("-")[:limit].strip("-")


def summary_file_names(bidders: Iterable[BidderResult]) -> dict[str, str]:
    """Each bidder's summary file name, by bidder id: unique ignoring case (Windows and macOS do), never a
    reserved name, and carrying the bidder id so that 'A&B Care Ltd' and 'A B Care Ltd' stay apart."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for bidder in bidders:
        stem = "-".join(p for p in ("assessment-summary", _slug(bidder.bidder_id, 40), _slug(bidder.name, 60)) if p)
        if stem.split(".")[0].casefold() in WINDOWS_RESERVED:  # cannot happen with the prefix; kept as the rule
            stem = f"_{stem}"
        candidate, number = stem, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{stem}-{number}"
        taken.add(candidate.casefold())
        names[bidder.bidder_id] = f"{candidate}.pdf"
    return names


def write_summaries(data: ReportData, folder: Path, cancelled: Cancelled = lambda: False) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    names = summary_file_names(data.results.bidders)
    written = []
    for bidder in data.results.bidders:
        if cancelled():
            raise ExportCancelled
        path = folder / names[bidder.bidder_id]
        write_summary(data, bidder, path)
        written.append(path)
    return written


def write_summary(data: ReportData, bidder: BidderResult, path: Path) -> None:
    build = document(str(path), f"Assessment summary: {bidder.name}", "Assessment summary")
    build.build(
        story(data, bidder), canvasmaker=numbered_canvas(furniture(data, f"Assessment summary for {bidder.name}"))
    )
