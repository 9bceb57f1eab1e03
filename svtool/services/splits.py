"""A question's own stage split, as the lead types it on the Setup page ("70/30"), read and checked.

docs/scoring-method.md ("Questions"): a question may have its own split over the stages it is scored in, adding
up to 100; without one it uses the evaluation's. The page shows and reads the shares in the question's stage order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from svtool.domain.evaluation import Evaluation, Question, ScaleMethod
from svtool.services.errors import UserError

HUNDRED = Decimal(100)


def split_text(evaluation: Evaluation, question: Question) -> str:
    """The question's own split as typed ("70/30"), or "" where it uses the evaluation's."""
    method = question.method
    if not isinstance(method, ScaleMethod) or method.split is None:
        return ""
    return "/".join(_plain(method.split.get(stage, Decimal(0))) for stage in evaluation.stages_of(question))


def read_split(evaluation: Evaluation, question: Question, text: str) -> dict[str, Decimal] | None:
    """The split typed for a question: None for blank (use the evaluation's), else stage id -> per cent.

    Raises UserError, in words that say what to type, for anything that is not one share per stage, each from 0 to
    100, adding up to 100."""
    stages = evaluation.stages_of(question)
    names = {s.id: s.name for s in evaluation.stages}
    example = "/".join(["70", "30", "0", "0"][: len(stages)]) if len(stages) > 1 else "100"
    wanted = (
        f"Give {question.id}'s own split as {len(stages)} shares in per cent, "
        f"{' / '.join(names[s] for s in stages)}, such as {example}, or leave it blank to use the "
        "evaluation's split."
    )
    parts = [p for p in re.split(r"[\s/,;:]+", text.replace("%", " ").strip()) if p]
    if not parts:
        return None
    try:
        shares = [Decimal(p) for p in parts]
    except InvalidOperation:
        raise UserError(f"'{text.strip()}' is not a split. {wanted}") from None
    if len(shares) != len(stages):
        raise UserError(
            f"'{text.strip()}' gives {len(shares)} share{'s' if len(shares) != 1 else ''}, but "
            f"{question.id} is scored in {len(stages)} stage{'s' if len(stages) != 1 else ''}. "
            f"{wanted}"
        )
    if any(not s.is_finite() or not 0 <= s <= HUNDRED for s in shares):
        raise UserError(f"Each share must be from 0 to 100 per cent; '{text.strip()}' is not. {wanted}")
    total = sum(shares, Decimal(0))
    if total != HUNDRED:
        raise UserError(f"The shares for {question.id} add up to {_plain(total)}%, not 100%. {wanted}")
    return dict(zip(stages, shares, strict=True))


def describe(evaluation: Evaluation, split: Mapping[str, Decimal]) -> str:
    """A split in words, for the audit trail: "written 70% / interview 30%"."""
    names = {s.id: s.name.lower() for s in evaluation.stages}
    return " / ".join(f"{names.get(stage, stage)} {_plain(share)}%" for stage, share in split.items())


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
