"""What makes an evaluation file an evaluator's pack (docs/panel.md): facts kept in the file's svtool_meta table.

A pack is an ordinary evaluation file holding one member's part of an evaluation. It records the evaluation it
came from (the hash of that evaluation's first audit entry, which no other evaluation shares), the member, when it
was exported, and once the member submits, when it was sealed and the seal: a hash over its content.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from svtool.store.models import AuditRow, Meta

_PREFIX = "pack_"
_FIELDS = ("source", "source_title", "member", "exported_at", "exported_by", "sealed_at", "seal")


@dataclass(frozen=True)
class PackInfo:
    source: str  # the identity of the evaluation the pack was exported from
    source_title: str
    member: str  # the panel member's id
    exported_at: str
    exported_by: str
    sealed_at: str = ""
    seal: str = ""

    @property
    def sealed(self) -> bool:
        return bool(self.seal)


def identity(session: Session) -> str:
    """An evaluation's identity: the hash of its first audit entry (its creation), unique to it."""
    return session.scalar(select(AuditRow.hash).where(AuditRow.seq == 1)) or ""


def read_pack_info(session: Session) -> PackInfo | None:
    """The pack's facts, or None for an ordinary evaluation."""
    rows = {m.key[len(_PREFIX) :]: m.value for m in session.scalars(select(Meta).where(Meta.key.like(f"{_PREFIX}%")))}
    if "member" not in rows:
        return None
    return PackInfo(**{name: rows.get(name, "") for name in _FIELDS})


def write_pack_info(session: Session, info: PackInfo) -> None:
    for name in _FIELDS:
        session.merge(Meta(key=_PREFIX + name, value=getattr(info, name)))
