"""Documents that survive what people type: text of any length, and names in any script (docs/reports.md)."""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

from pypdf import PdfReader

from svtool.domain.evaluation import Evaluation, Mitigation
from svtool.export.pdf import write_report
from svtool.export.pdf_fonts import PLACEHOLDER
from svtool.export.summaries import summary_file_names, write_summaries
from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import create_evaluation
from svtool.services.reporting import report_data
from tests.export.helpers import pdf_fonts, pdf_text, render_pages

WORDS = (
    "the",
    "panel",
    "noted",
    "that",
    "rotas",
    "allow",
    "travel",
    "time",
    "between",
    "visits",
    "and",
    "carers",
    "know",
    "the",
    "people",
    "they",
    "support",
    "well",
)


def words(count: int, end: str) -> str:
    """`count` words of ordinary prose, the last one a marker to find at the end of the text."""
    return " ".join(WORDS[n % len(WORDS)] for n in range(count - 1)) + f" {end}."


def long_texts() -> Evaluation:
    """The demonstration with a 600-word rationale, a 150-word feedback, and 5,000-word reasons: an evaluator's,
    an exclusion's and a mitigation's."""
    e = demo_evaluation()
    rationale, feedback = words(600, "RationaleEnds"), words(150, "FeedbackEnds")
    moderations = tuple(
        dataclasses.replace(m, rationale=rationale, feedback=feedback)
        if (m.bidder_id, m.question_id, m.stage_id) == ("WSE", "Q1", "written")
        else m
        for m in e.moderations
    )
    scores = tuple(
        dataclasses.replace(s, reason=words(5000, "ReasonEnds"))
        if (s.evaluator_id, s.bidder_id, s.question_id, s.stage_id) == ("E2", "ACC", "Q1", "written")
        else s
        for s in e.scores
    )
    bidders = tuple(
        dataclasses.replace(b, excluded_reason=words(5000, "ExclusionEnds")) if b.id == "PSS" else b for b in e.bidders
    )
    declarations = tuple(
        dataclasses.replace(d, mitigation=Mitigation.CARRY_ON, mitigation_reason=words(5000, "MitigationEnds"))
        if d.conflict
        else d
        for d in e.declarations
    )
    return dataclasses.replace(e, moderations=moderations, scores=scores, bidders=bidders, declarations=declarations)


def complete(path: Path) -> str:
    """The PDF's text, having checked every page is there and renders."""
    pages = len(PdfReader(str(path)).pages)
    text = pdf_text(path)
    assert f"Page {pages} of {pages}" in text
    return text


def test_long_rationales_feedback_and_reasons_make_a_whole_report_and_every_summary(tmp_path: Path) -> None:
    opened = create_evaluation(long_texts(), tmp_path / "long.svt")
    try:
        data = report_data(opened)
    finally:
        opened.close()
    write_report(data, tmp_path / "long.pdf")
    report = complete(tmp_path / "long.pdf")
    assert "RationaleEnds" in report and "ExclusionEnds" in report and "MitigationEnds" in report
    pages = len(PdfReader(str(tmp_path / "long.pdf")).pages)
    assert len(render_pages(tmp_path / "long.pdf", tmp_path / "pages")) == pages
    written = write_summaries(data, tmp_path / "summaries")
    assert len(written) == len(data.results.bidders) == 6
    names = summary_file_names(data.results.bidders)
    texts = {b.bidder_id: complete(tmp_path / "summaries" / names[b.bidder_id]) for b in data.results.bidders}
    assert "ExclusionEnds" in texts["PSS"]
    winner = data.results.winner
    assert winner is not None and winner.bidder_id == "WSE"
    for bidder_id, text in texts.items():  # the winner's feedback is in every summary but the excluded one's own
        assert "FeedbackEnds" in text, bidder_id
        assert "RationaleEnds" not in text and "ReasonEnds" not in text, bidder_id


def arabic_words(text: str) -> list[str]:
    return [w for w in text.split() if any("\u0600" <= c <= "\u06ff" for c in w)]


def test_names_in_any_script_print_and_emoji_print_a_placeholder(tmp_path: Path) -> None:
    names = {
        "ACC": "北京护理服务有限公司",
        "NHG": "Ελληνική Φροντίδα ΑΕ",
        "LHC": "Общество Забота",
        "PSS": "شركة الرعاية المنزلية",
        "CUK": "ケア株式会社 돌봄 Care 🚀 Ltd 😊",
    }
    e = demo_evaluation()
    bidders = tuple(dataclasses.replace(b, name=names.get(b.id, b.name)) for b in e.bidders)
    opened = create_evaluation(dataclasses.replace(e, bidders=bidders), tmp_path / "names.svt")
    try:
        data = report_data(opened)
    finally:
        opened.close()
    path = tmp_path / "names.pdf"
    write_report(data, path)
    text = complete(path)
    for bidder_id in ("ACC", "NHG", "LHC"):
        assert names[bidder_id] in text, bidder_id
    assert f"ケア株式会社 돌봄 Care {PLACEHOLDER} Ltd {PLACEHOLDER}" in text  # emoji print as a visible box
    # Arabic is shaped (joined letter forms, from the presentation forms block) and set right to left, so a text
    # extractor reads back each word, in its shaped form, with the words in the order they appear on the page.
    assert any("\ufe70" <= c <= "\ufeff" for c in text)
    shown = {unicodedata.normalize("NFKC", w) for w in text.split()}
    assert all(word in shown for word in arabic_words(names["PSS"]))
    fonts = pdf_fonts(path)
    assert any("DroidSansFallback" in font for font in fonts) and any("DejaVuSans" in font for font in fonts)
    summaries = write_summaries(data, tmp_path / "summaries")
    arabic = next(p for p in summaries if "PSS" in p.name)
    assert "PSS" in arabic.name and all(
        word in {unicodedata.normalize("NFKC", w) for w in pdf_text(arabic).split()}
        for word in arabic_words(names["PSS"])
    )
    assert names["ACC"] in pdf_text(next(p for p in summaries if "ACC" in p.name))
