"""Open exported files the way people do: a workbook in LibreOffice, a PDF as text and as page images."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path
from typing import cast

from tests.conftest import require_tool

#: LibreOffice's own setting (Tools > Options > Calc > Formula > Recalculation on file load, Excel 2007 and newer):
#: 0 is "Always recalculate". Its default trusts the values stored with the formulas, which svtool now writes, so
#: without this a test would read back svtool's own figures instead of LibreOffice's arithmetic.
RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def _recalculating_profile(scratch: Path) -> str:
    """A LibreOffice user profile that recalculates every formula when it opens a workbook."""
    user = scratch / "lo-profile" / "user"
    user.mkdir(parents=True, exist_ok=True)
    settings = user / "registrymodifications.xcu"
    if "OOXMLRecalcMode" not in (settings.read_text(encoding="utf-8") if settings.exists() else ""):
        settings.write_text(RECALCULATE_ON_LOAD, encoding="utf-8")
    return f"-env:UserInstallation=file://{scratch}/lo-profile"


def _convert(workbook: Path, scratch: Path, target: str, out: Path) -> Path:
    soffice = require_tool("soffice")
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            "--headless",
            _recalculating_profile(scratch),
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    (produced,) = list(out.glob(f"*.{target.split(':')[0]}"))
    return produced


def libreoffice_sheet(workbook: Path, sheet_number: int, scratch: Path) -> list[list[str]]:
    """The sheet's cells as LibreOffice computes and shows them (every formula recalculated), via CSV."""
    produced = _convert(
        workbook,
        scratch,
        f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,{sheet_number}",
        scratch / f"lo-{workbook.stem}-{sheet_number}",
    )
    with produced.open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


def libreoffice_recalculated(workbook: Path, scratch: Path) -> Path:
    """The workbook as LibreOffice saves it after recalculating every formula: its stored values are LibreOffice's."""
    return _convert(workbook, scratch, "xlsx:Calc MS Excel 2007 XML", scratch / f"lo-{workbook.stem}-xlsx")


def pdf_text(path: Path) -> str:
    """The PDF's text with line breaks and runs of spaces folded, as a reader takes it in."""
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages).split())


def pdf_fonts(path: Path) -> set[str]:
    """The base font names the PDF's pages use. pypdf types a page's resources as any PDF object, so each level
    is read as the dictionary the PDF format says it is."""
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    fonts: set[str] = set()
    for page in PdfReader(str(path)).pages:
        resources = cast(DictionaryObject, page["/Resources"].get_object())
        for font in cast(DictionaryObject, resources["/Font"].get_object()).values():
            fonts.add(str(cast(DictionaryObject, font.get_object())["/BaseFont"]))
    return fonts


def render_pages(path: Path, scratch: Path) -> list[Path]:
    """Every page rendered to PNG by poppler's pdftoppm (fails if any page cannot be rendered)."""
    pdftoppm = require_tool("pdftoppm")
    scratch.mkdir(parents=True, exist_ok=True)
    prefix = scratch / path.stem
    subprocess.run([pdftoppm, "-r", "40", "-png", str(path), str(prefix)], check=True, capture_output=True, timeout=240)
    return sorted(scratch.glob(f"{path.stem}*.png"))
