"""What a search returns: ranked hits and the verdict on them, and the ranker's protocol.

Shared by every ranker (``retrieval.index.Index`` over words, ``retrieval.hybrid`` over
words and meaning) and by everything that shows their results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from retrieval.config import Verdict
from retrieval.language import ENGLISH
from retrieval.report import Paragraph, Report
from retrieval.spelling import Correction


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked paragraph, with what made it match."""

    rank: int
    score: float
    paragraph: Paragraph
    sentences: tuple[tuple[int, int], ...]
    """Character offsets of the sentence(s) that best answer, in ``paragraph.text``."""
    matches: tuple[tuple[int, int], ...]
    """Character offsets of every report word in the paragraph that matched the question."""
    report: Report = field(compare=False, repr=False)
    """The report the paragraph belongs to: a paragraph is addressed by (report, number),
    one report being a library of one."""
    components: tuple[tuple[str, float], ...] = ()
    """Per-stage scores behind ``score`` when several rankers were fused ("bm25", ...)."""

    @property
    def matched(self) -> tuple[str, ...]:
        """The distinct report words that matched, in reading order."""
        words = (self.paragraph.text[start:end] for start, end in self.matches)
        return tuple(dict.fromkeys(words))


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits for a question, best first, and the spelling corrections applied to it."""

    query: str
    hits: tuple[Hit, ...]
    corrections: tuple[Correction, ...] = field(default=())
    foreign: bool = False
    """Whether the question looked written in another language than the report's English
    (then any hits were found by meaning alone)."""
    verdict: Verdict = "answered"
    """"answered"; "closest" when the hits are only the closest passages and the report may
    not answer the question directly; "not_covered" when nothing matches (and no hits)."""
    language: str = ENGLISH
    """ISO 639-1 code of the question's language (``retrieval.language``), for replies in it."""


class Ranker(Protocol):
    """What the bot, the command line and the evaluation need of a ranker.

    ``Index`` (BM25) and ``retrieval.hybrid.HybridIndex`` (BM25 + embeddings) both fit.
    Every ranker serves a library: one report is a library of one.
    """

    @property
    def reports(self) -> tuple[Report, ...]:
        """Every report it serves, in order; its hits name theirs."""
        ...

    def search(self, question: str, k: int = 3, alone: str = "") -> SearchResult:
        """The ``k`` best passages for ``question`` and the verdict on them.

        With ``alone``, the message of a follow-up that ``question`` reads with its
        context, passages are ranked by both scores blended (``follow_up_weight``).
        """
        ...


class QuestionError(ValueError):
    """A question that cannot be searched; the message is meant for the reader."""
