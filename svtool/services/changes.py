"""What an operation changed, so that each page redraws only that (the idea of anki's OpChanges).

Every operation on an open evaluation, local or arriving from another session, returns one Changes. Pages look at
the parts they show: the Scoring grid the score keys, the Bidders grid the bidder ids, every page the setup flag.
"""

from __future__ import annotations

from dataclasses import dataclass

ScoreKey = tuple[str, str, str, str]  # evaluator, bidder, question, stage
CellKey = tuple[str, str, str]  # bidder, question, stage


@dataclass(frozen=True)
class Changes:
    #: Scores entered, changed or withdrawn.
    scores: frozenset[ScoreKey] = frozenset()
    #: Consensus scores recorded, changed or withdrawn.
    moderations: frozenset[CellKey] = frozenset()
    #: Bidders whose row changed in place: name, attributes, price, exclusion or commitments.
    bidders: frozenset[str] = frozenset()
    #: Anything else in the setup: details, envelopes, questions, scales, stages, split, panel, rules.
    setup: bool = False
    #: Rows were added or removed (bidders, questions, evaluators, stages): grids rebuild their rows and columns.
    structure: bool = False
    #: The change was made by another session (another window, or a colleague on the shared database).
    foreign: bool = False

    @property
    def empty(self) -> bool:
        return not (self.scores or self.moderations or self.bidders or self.setup or self.structure)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.scores | other.scores,
            self.moderations | other.moderations,
            self.bidders | other.bidders,
            self.setup or other.setup,
            self.structure or other.structure,
            self.foreign or other.foreign,
        )


NOTHING = Changes()
