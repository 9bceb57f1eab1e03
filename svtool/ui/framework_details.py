"""The details pane text for a framework, theme, outcome or measure, as simple HTML."""

from __future__ import annotations

from html import escape

from svtool.domain.framework import (
    KNOWN_TAGS,
    ROLE_WORDS,
    UNITS,
    Framework,
    Measure,
    MeasureKind,
    MeasureRole,
    Outcome,
    Theme,
)
from svtool.domain.numbers import money


def _row(label: str, value: str) -> str:
    return f"<tr><th align='left' valign='top'>{escape(label)}</th><td>{escape(value)}</td></tr>" if value else ""


def framework_html(framework: Framework) -> str:
    info = framework.info
    rows = "".join(
        [
            _row("Publisher", info.publisher),
            _row("Version", info.version),
            _row("Published", info.published),
            _row("Licence", info.licence),
            _row("Source", info.source),
            _row("Link", info.url),
            _row("Contents", framework.contents()),
            _row("Note", info.note),
        ]
    )
    return f"<h2>{escape(info.name)}</h2><p>{escape(info.description)}</p><table cellspacing='6'>{rows}</table>"


def node_html(framework: Framework, node: Theme | Outcome | Measure) -> str:
    caveat = _caveat(node.unconfirmed, node.note)
    if isinstance(node, Theme):
        return (
            f"<p style='color:#555'>{escape(framework.theme_words[0].capitalize())} {escape(node.id)}</p>"
            f"<h2>{escape(node.title)}</h2><p>{escape(node.description)}</p>{caveat}"
            f"<p>{len(framework.outcomes_of(node.id))} outcomes.</p>"
        )
    if isinstance(node, Outcome):
        theme = framework.theme(node.theme_id)
        return (
            f"<p style='color:#555'>Outcome {escape(node.id)} under {escape(theme.title)}</p>"
            f"<h2>{escape(node.title)}</h2><p>{escape(node.description)}</p>{caveat}"
            f"<p>{len(framework.measures_of(node.id))} measures.</p>"
        )
    outcome = framework.outcome(node.outcome_id)
    role = ROLE_WORDS[node.role][0].capitalize()
    return (
        f"<p style='color:#555'>{escape(role)} {escape(node.id)} under {escape(outcome.title)}</p>"
        f"<h2>{escape(node.label)}</h2><p>{escape(node.description)}</p>{caveat}"
        f"<table cellspacing='6'>{_measure_rows(node)}</table>"
    )


def _caveat(unconfirmed: bool, note: str) -> str:
    """Wording not checked against the source is said so before anyone copies it into a tender."""
    warning = (
        ("<p style='color:#8a4b00'><b>Unconfirmed:</b> this wording was not checked against the published source.</p>")
        if unconfirmed
        else ""
    )
    return warning + (f"<p style='color:#555'>{escape(note)}</p>" if note else "")


def _measure_rows(measure: Measure) -> str:
    if measure.role is MeasureRole.REPORTING_METRIC:
        assessed = f"Reported during the contract, in {UNITS.get(measure.unit or '', measure.unit or '')}"
    elif measure.kind is MeasureKind.QUALITATIVE:
        assessed = "Qualitative: a method statement scored on the evaluation's scale"
    else:
        assessed = f"Quantitative: the bidder commits {UNITS.get(measure.unit or '', measure.unit or '')}"
    proxy = ""
    if measure.proxy:
        proxy = (
            f"{money(measure.proxy.value)} of social value per unit ({measure.proxy.year} prices). "
            f"Source: {measure.proxy.source}"
        )
    target = ""
    if measure.target is not None:
        target = f"{measure.target}{'%' if measure.unit == '%' else ' ' + (measure.unit or '')}"
        if measure.target_note:
            target += f": {measure.target_note}"
    tags = ", ".join(f"{t} ({KNOWN_TAGS[t]})" if t in KNOWN_TAGS else t for t in measure.tags)
    return "".join(
        [
            _row("Assessed", assessed),
            _row("Proxy value", proxy),
            _row("Target", target),
            _row("Evidence", measure.evidence),
            _row("Tags", tags),
        ]
    )
