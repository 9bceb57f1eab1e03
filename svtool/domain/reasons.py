"""Reasons that defend a score: warn (never refuse) when a reason is short, reused or restates the criteria.

Every score needs a reason (docs/scoring-method.md); a note that only paraphrases the criteria does not defend
it. The rules, on *normalised* text (Unicode NFKC, case-folded, apostrophes dropped, split into words of
letters and digits, so case, spacing and punctuation never matter):

- **short**: fewer than ``min_words`` words (an empty reason is short).
- **reused**: the same normalised reason given for two or more different bidders, by any evaluators, on any
  questions; each score involved is reported, naming the other bidders.
- **restates**: take the reason's different words, less ``STOP_WORDS``; if any are left and at least
  ``RESTATES_PERCENT`` of them appear in the words of the scale point (its label and descriptor), or of the
  question's title, or of the two together, the reason restates that text. (A reason the descriptor or title
  contains word for word is always caught: every one of its words is in that text.)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import islice

from svtool.domain.evaluation import Evaluation, Moderation, ScaleMethod, Score

#: The fewest words a reason should have, where an evaluation does not set its own (PanelSettings.reason_min_words).
MIN_WORDS = 10
#: The most an evaluation may ask: beyond it, nearly every reason would be counted as weak.
MOST_WORDS = 200
#: The share (per cent) of a reason's own words that, found in a criterion's text, make it a restatement.
RESTATES_PERCENT = 80
#: Words that say nothing about the answer: grammar, and the words any note about a bid uses.
STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "their",
        "they",
        "them",
        "we",
        "our",
        "has",
        "have",
        "had",
        "very",
        "also",
        "some",
        "all",
        "any",
        "there",
        "here",
        "bidder",
        "bidders",
        "bid",
        "bids",
        "tender",
        "answer",
        "answers",
        "response",
        "responses",
        "submission",
        "score",
        "scored",
    }
)
_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = str.maketrans("", "", "'\u2019")
#: ASCII fast path, the same words as _WORD finds: letters lower-cased, digits kept, everything else a space.
_ASCII = bytes(c | 32 if chr(c).isalpha() else c if chr(c).isdigit() else 32 for c in range(128)) + bytes(128)
_NAMED = 3  # other bidders (and each one's questions) named in a message before "and n more"


class ReasonProblem(StrEnum):
    SHORT = "short"
    REUSED = "reused"
    RESTATES = "restates"


@dataclass(frozen=True)
class ReasonWarning:
    """One problem with one score's reason (or, with evaluator_id "", one moderated score's rationale)."""

    problem: ReasonProblem
    evaluator_id: str
    bidder_id: str
    question_id: str
    stage_id: str
    message: str  # plain English for a council officer


def words(text: str) -> tuple[str, ...]:
    """The normalised words of a text: case, spacing, apostrophes and other punctuation removed."""
    if text.isascii():
        return tuple(text.encode("ascii").translate(_ASCII, b"'").decode("ascii").split())
    return tuple(_WORD.findall(unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)))


def _content(joined: str) -> frozenset[str]:
    """A normalised text's different words, less the stop words."""
    return frozenset(joined.split()) - STOP_WORDS


def _restates(content: frozenset[str], sources: list[tuple[str, frozenset[str]]]) -> str | None:
    """The criteria texts (name, content) that a reason's content restates, named for the message, or None."""
    need = RESTATES_PERCENT * len(content)
    for name, source in sources:
        if 100 * len(content & source) >= need:
            return name
    if len(sources) == 2 and 100 * (len(content) - len(content - sources[0][1] - sources[1][1])) >= need:
        return f"{sources[0][0]} and {sources[1][0]}"
    return None


def _count(n: int) -> str:
    return f"{n} word" if n == 1 else f"{n} words"


def _listed(items: list[str], total: int, last: str = " and ") -> str:
    """Items named in English; those beyond the ones given are counted, not named."""
    if total > len(items):
        return f"{', '.join(items)} and {total - len(items)} more"
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])}{last}{items[-1]}"


_Item = tuple[str, str, str, str, Decimal, str]  # evaluator, bidder, question, stage, value, text


def _warnings(evaluation: Evaluation, items: list[_Item], min_words: int, noun: str) -> list[ReasonWarning]:
    # Few long-lived containers, so that 60,000 reasons do not keep the garbage collector busy.
    normal: dict[str, str] = {}  # reason -> its normalised words joined by spaces
    first: dict[str, str] = {}  # normalised reason -> the first bidder given it
    shared: dict[str, dict[str, dict[str, None]]] = {}  # reused reason -> bidder -> its questions, in order
    for _, bidder, _, _, _, text in items:
        joined = normal.get(text)
        if joined is None:
            joined = normal[text] = " ".join(words(text))
        if joined and first.setdefault(joined, bidder) != bidder:
            shared[joined] = {}
    for _, bidder, question, _, _, text in items:
        if (group := shared.get(normal[text])) is not None:
            group.setdefault(bidder, {})[question] = None
    titles = {
        q.id: (f"the question title ({q.title})", _content(" ".join(words(q.title)))) for q in evaluation.questions
    }
    scale_of = {q.id: q.method.scale_id for q in evaluation.questions if isinstance(q.method, ScaleMethod)}
    scales = {s.id: s for s in evaluation.scales}
    points: dict[tuple[str, Decimal], tuple[str, frozenset[str]] | None] = {}
    names = {b.id: b.name for b in evaluation.bidders}
    reused: dict[tuple[str, str], str] = {}  # (normalised reason, bidder) -> message

    out: list[ReasonWarning] = []
    for evaluator, bidder, question, stage, value, text in items:
        joined = normal[text]
        size = joined.count(" ") + 1 if joined else 0
        if size < min_words:
            said = "empty" if size == 0 else _count(size)
            out.append(
                ReasonWarning(
                    ReasonProblem.SHORT,
                    evaluator,
                    bidder,
                    question,
                    stage,
                    f"{noun} is {said}; at least {_count(min_words)} are expected.",
                )
            )
        if (group := shared.get(joined)) is not None:
            if (joined, bidder) not in reused:
                others = islice((b for b in group if b != bidder), _NAMED)
                named = [
                    f"{names.get(b, b)} ({_listed(list(islice(group[b], _NAMED)), len(group[b]), ', ')})"
                    for b in others
                ]
                listed = _listed(named, len(group) - 1)
                reused[joined, bidder] = f"Same {noun.lower()} word for word as for {listed}."
            out.append(ReasonWarning(ReasonProblem.REUSED, evaluator, bidder, question, stage, reused[joined, bidder]))
        if not (content := _content(joined)):
            continue
        scale_id = scale_of.get(question, "")
        if (scale_id, value) not in points:
            scale = scales.get(scale_id)
            point = scale.descriptor_for(value) if scale is not None else None
            points[scale_id, value] = (
                None
                if point is None
                else (
                    f"the scale descriptor for {point.value.normalize():f} ({point.label})",
                    _content(" ".join(words(f"{point.label} {point.descriptor}"))),
                )
            )
        sources = [s for s in (points[scale_id, value], titles.get(question)) if s is not None]
        if restated := _restates(content, sources):
            out.append(
                ReasonWarning(
                    ReasonProblem.RESTATES, evaluator, bidder, question, stage, f"{noun} restates {restated}."
                )
            )
    return out


def reason_warnings(evaluation: Evaluation, scores: Iterable[Score], min_words: int = MIN_WORDS) -> list[ReasonWarning]:
    """Every problem with the scores' reasons, in score order (short, reused, restates for each)."""
    items = [(s.evaluator_id, s.bidder_id, s.question_id, s.stage_id, s.value, s.reason) for s in scores]
    return _warnings(evaluation, items, min_words, "Reason")


def rationale_warnings(
    evaluation: Evaluation, moderations: Iterable[Moderation], min_words: int = MIN_WORDS
) -> list[ReasonWarning]:
    """The same checks for moderated scores' rationales; their warnings have evaluator_id ""."""
    items = [("", m.bidder_id, m.question_id, m.stage_id, m.value, m.rationale) for m in moderations]
    return _warnings(evaluation, items, min_words, "Rationale")


def reason_counts(warnings: Iterable[ReasonWarning]) -> dict[ReasonProblem, int]:
    """How many warnings of each kind (every kind present, zero if none), for a list of checks."""
    counted = Counter(w.problem for w in warnings)
    return {problem: counted[problem] for problem in ReasonProblem}
