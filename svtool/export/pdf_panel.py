"""The panel in the report: who declared what and how it was mitigated (Procurement Act 2023 ss.81-83), how the
panel moderated (from the audit trail), and the sign-off page (docs/reports.md, docs/panel.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from svtool.domain.evaluation import Evaluation, Mitigation
from svtool.domain.panel import undeclared
from svtool.export.pdf_style import CONTENT_WIDTH, Cancelled, para, styles, table, text
from svtool.export.report_data import AuditLine, ReportData

MITIGATIONS = {
    Mitigation.CARRY_ON: "carries on",
    Mitigation.OFF_BIDDER: "takes no part in this bidder",
    Mitigation.STAND_DOWN: "stood down from the panel",
}

#: The signatures a cabinet report usually carries; recorded sign-offs are listed above them.
SIGNATORIES = ("Lead procurement officer", "Head of service", "Legal services", "Finance (section 151 officer)")


def _bidder_name(e: Evaluation, bidder_id: str) -> str:
    return next((b.name for b in e.bidders if b.id == bidder_id), bidder_id)


def interests(data: ReportData) -> list[str]:
    """Each declared interest and its mitigation, in a sentence (the executive summary lists them too)."""
    e = data.evaluation
    names = {m.id: m.name for m in e.evaluators}
    return [
        f"{names.get(d.evaluator_id, d.evaluator_id)} declared an interest in {_bidder_name(e, d.bidder_id)}: "
        f"{d.statement} Mitigation: "
        + (f"{MITIGATIONS[d.mitigation]}. {d.mitigation_reason}" if d.mitigation else "not yet decided.")
        for d in e.declarations
        if d.conflict
    ]


def missing_declarations(data: ReportData) -> int:
    e = data.evaluation
    return sum(len(undeclared(e, m.id)) for m in e.evaluators if not m.stood_down)


def conflicts(data: ReportData, _: Cancelled) -> list[Any]:
    st, e = styles(), data.evaluation
    rows = [["Panel member", "Conflicts of interest declared (Procurement Act 2023 ss.81-83)", "Declared"]]
    for member in e.evaluators:
        mine = [d for d in e.declarations if d.evaluator_id == member.id]
        missing = len(undeclared(e, member.id))
        declared = [d for d in mine if d.conflict]
        words = [
            f"{_bidder_name(e, d.bidder_id)}: {d.statement} Mitigation: "
            + (f"{MITIGATIONS[d.mitigation]}. {d.mitigation_reason}" if d.mitigation else "not yet decided.")
            for d in declared
        ]
        if mine and not declared:
            words.append("No interest in any bidder." if not missing else "No interest in the bidders declared about.")
        if missing:
            words.append(f"No declaration yet about {missing} bidder(s).")
        role = member.role.value.replace("_", " ") + (f"; stood down: {member.stood_down}" if member.stood_down else "")
        rows.append([f"{member.name} ({role})", " ".join(words), max((d.declared_on for d in mine), default="–")])
    return [
        CondPageBreak(60 * mm),
        para("7. The panel: conflicts of interest and moderation", st["h1"]),
        para("Conflicts of interest", st["h2"]),
        table(rows, [55 * mm, CONTENT_WIDTH - 85 * mm, 30 * mm]),
    ]


@dataclass(frozen=True)
class ModerationEntry:
    """One audit entry that agreed, changed or withdrew a consensus score."""

    line: AuditLine
    bidder: str
    question: str
    stage: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def change(self) -> str:
        old = None if self.before is None else self.before.get("value")
        new = None if self.after is None else self.after.get("value")
        if old is None:
            return f"agreed {new}"
        if new is None:
            return f"withdrew {old}"
        if old != new:
            return f"{old} to {new}"
        edited = [
            name
            for name in ("rationale", "feedback")
            if self.before and self.after and self.before.get(name) != self.after.get(name)
        ]
        return f"{new} kept; {' and '.join(edited) or 'record'} edited"


def _json(value: str | None) -> dict[str, Any] | None:
    if not value:
        return None
    loaded = json.loads(value)
    return loaded if isinstance(loaded, dict) else None


def moderation_entries(data: ReportData) -> list[ModerationEntry]:
    """The moderation record: every 'moderate' (and withdrawn consensus) entry in the audit trail."""
    names = data.stage_names()
    questions = {q.id: q.id for q in data.evaluation.questions}
    bidders = {b.id: b.name for b in data.evaluation.bidders}
    out = []
    for line in data.audit:
        if line.entity != "moderation" or line.action not in ("moderate", "clear"):
            continue
        bidder, question, stage = [*line.key.split("/"), "", "", ""][:3]
        out.append(
            ModerationEntry(
                line,
                bidders.get(bidder, bidder),
                questions.get(question, question),
                names.get(stage, stage),
                _json(line.old),
                _json(line.new),
            )
        )
    return out


def _when(at: str) -> str:
    return at[:16].replace("T", " ")


def moderation_summary(data: ReportData, _: Cancelled) -> list[Any]:
    st = styles()
    moderated, total = data.answers
    entries = moderation_entries(data)
    out: list[Any] = [
        para("Moderation", st["h2"]),
        para(
            f"The panel has agreed a consensus score for {moderated} of the {total} answers; "
            f"{total - moderated} are provisional.",
            st["body"],
        ),
    ]
    if entries:
        who = sorted({e.line.actor for e in entries})
        out.append(
            para(
                f"The audit trail records {len(entries)} moderation entries between "
                f"{_when(entries[0].line.at)} and {_when(entries[-1].line.at)} (UTC), made by "
                f"{'; '.join(who)}. Appendix D lists who agreed or changed each consensus score, when, and "
                "what changed.",
                st["body"],
            )
        )
    elif moderated:
        out.append(
            para(
                "The consensus scores came with the evaluation when its file was created or imported "
                "(audit entry 1); the audit trail holds no separate moderation entries.",
                st["body"],
            )
        )
    return out


def moderation_record(data: ReportData, _: Cancelled) -> list[Any]:
    """Appendix D: the moderation record, one line per audit entry."""
    entries = moderation_entries(data)
    if not entries:
        return []
    st = styles()
    rows = [["Entry", "When (UTC)", "Who", "Answer", "Change"]]
    rows += [
        [str(e.line.seq), _when(e.line.at), e.line.actor, f"{e.bidder}, {e.question}, {e.stage}", e.change]
        for e in entries
    ]
    widths = [13 * mm, 27 * mm, 42 * mm, CONTENT_WIDTH - 122 * mm, 40 * mm]
    return [
        CondPageBreak(60 * mm),
        para("Appendix D. Moderation record", st["h1"]),
        para(
            "Every consensus score agreed, changed or withdrawn, from the audit trail. The rationale for each "
            "is in Appendix B.",
            st["body"],
        ),
        table(rows, widths, numeric_from=None),
    ]


def sign_off(data: ReportData, _: Cancelled) -> list[Any]:
    """The sign-off page: what has been recorded, then rows tall enough to sign by hand."""
    st = styles()
    out: list[Any] = [PageBreak(), para("8. Sign-off", st["h1"])]
    if data.sign_offs:
        rows = [["Name", "Role", "Statement", "Date"]]
        rows += [[s.name, s.role, s.statement, s.date] for s in data.sign_offs]
        out += [
            para("Recorded sign-offs", st["h2"]),
            table(rows, [40 * mm, 35 * mm, CONTENT_WIDTH - 100 * mm, 25 * mm]),
        ]
    else:
        out.append(para("No sign-offs recorded yet.", st["body"]))
    if not data.final:
        out.append(
            para(
                f"This report is {data.status.value.upper()}: it is not to be signed as a decision until the "
                "evaluation is final.",
                st["body"],
            )
        )
    rows = [["Role", "Name", "Signature", "Date"]] + [[role, "", "", ""] for role in SIGNATORIES]
    out += [
        Spacer(1, 4 * mm),
        para("Signatures", st["h2"]),
        table(rows, [48 * mm, 45 * mm, CONTENT_WIDTH - 123 * mm, 30 * mm], row_height=18 * mm),
        Spacer(1, 4 * mm),
        text(
            f"Signed for the report taken from audit entry {data.head_seq} (hash {data.head_hash or 'none'}). "
            "'svtool verify' checks the trail's hash chain up to that entry.",
            st["small"],
        ),
    ]
    return out
