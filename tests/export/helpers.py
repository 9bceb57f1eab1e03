"""Open exported files the way people do: a workbook in LibreOffice, a PDF as text and as page images."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

from tests.conftest import require_tool


def libreoffice_sheet(workbook: Path, sheet_number: int, scratch: Path) -> list[list[str]]:
    """The sheet's cells as LibreOffice computes and shows them (formulas recalculated), via CSV."""
    soffice = require_tool("soffice")
    out = scratch / f"lo-{workbook.stem}-{sheet_number}"
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{scratch}/lo-profile", "--convert-to",
                    f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,{sheet_number}",
                    "--outdir", str(out), str(workbook)], check=True, capture_output=True, timeout=240)
    (produced,) = list(out.glob("*.csv"))
    with produced.open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


def pdf_text(path: Path) -> str:
    """The PDF's text with line breaks and runs of spaces folded, as a reader takes it in."""
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages).split())


def render_pages(path: Path, scratch: Path) -> list[Path]:
    """Every page rendered to PNG by poppler's pdftoppm (fails if any page cannot be rendered)."""
    pdftoppm = require_tool("pdftoppm")
    scratch.mkdir(parents=True, exist_ok=True)
    prefix = scratch / path.stem
    subprocess.run([pdftoppm, "-r", "40", "-png", str(path), str(prefix)], check=True, capture_output=True,
                   timeout=240)
    return sorted(scratch.glob(f"{path.stem}*.png"))
