"""Score a retriever on a question file, or on the whole evaluation collection.

Question files are read by ``retrieval.questions``. For an unanswerable question the right
verdict is "not covered" (or at least the caveat of "closest"). Every question is asked as
the bot reads it (``retrieval.understanding``): a gist question is right when the overview
is given, a follow-up is ranked after its context. Those two kinds are scored on rows of
their own, outside the overall figures.

The collection (``eval/manifest.json``) names each report, its question files and its part:
``tune`` (constants are chosen on it) or ``heldout`` (only ever measured). Splitting by
report, not by question, keeps a report's wording out of the part that judges the tuning.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from retrieval.config import Verdict
from retrieval.formats import read as load
from retrieval.index import QuestionError, Ranker
from retrieval.questions import NEGATIVES, Question, load_questions
from retrieval.report import Report, ReportError
from retrieval.understanding import understand

__all__ = [  # Question and load_questions live in retrieval.questions; imported from here too
    "Entry",
    "Outcome",
    "Question",
    "Scores",
    "ask_index",
    "collection_scores",
    "evaluate_collection",
    "load_manifest",
    "load_questions",
    "score",
]

ALL = "all"
OTHER_LANGUAGE = "other-language"
GIST = "gist"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the retriever returned for one question."""

    question: Question
    lines: tuple[int, ...]
    """Report lines of the hits, best first."""
    verdict: Verdict = "answered"
    overview: bool = False
    """Whether the report's overview was given (the right reply to a gist question)."""

    @property
    def first_gold_rank(self) -> int | None:
        """1-based rank of the first answering hit, or None; 1 for an overview given to a
        gist question, which answers it whatever its leads' lines."""
        if self.overview and self.question.kind == GIST:
            return 1
        for rank, line in enumerate(self.lines, start=1):
            if line in self.question.gold:
                return rank
        return None


@dataclass(frozen=True, slots=True)
class Scores:
    """Metrics over a group of answerable questions, and rejection of unanswerable ones."""

    kind: str
    answerable: int
    hit_at_1: float
    hit_at_3: float
    mrr_at_10: float
    answerable_without_hits: int
    """Answerable questions refused ("not covered"): the worst mistake."""
    answerable_caveated: int
    """Answerable questions shown under the "closest passages" caveat."""
    unanswerable: int
    unanswerable_rejected: int
    """Unanswerable questions refused ("not covered")."""
    unanswerable_caveated: int
    """Unanswerable questions shown under the caveat: honest, if not ideal."""


def ask_index(index: Ranker, questions: Iterable[Question], k: int = 10) -> list[Outcome]:
    """Ask every question of ``index`` (any ranker) as the bot would, keeping the lines of
    what it shows: the overview's leads, a section's lead, or the top ``k`` hits. A
    follow-up is asked after its ``context``."""
    return [_ask(index, question, k) for question in questions]


def _ask(index: Ranker, question: Question, k: int) -> Outcome:
    try:
        understood = understand(index, question.question, question.context or "", k)
    except QuestionError:  # no searchable words: the reader is asked for some, no hits
        return Outcome(question, (), "not_covered")
    if understood.overviews:
        first = understood.reading.concluding
        lines = tuple(p.line for o in understood.overviews for p in o.paragraphs(first))
        return Outcome(question, lines, "answered", overview=True)
    shown = (understood.section.lead.line,) if understood.section else ()
    result = understood.result
    if result is None:
        return Outcome(question, shown)
    lines = shown + tuple(h.paragraph.line for h in result.hits if h.paragraph.line not in shown)
    return Outcome(question, lines, result.verdict)


@dataclass(frozen=True, slots=True)
class Entry:
    """One report of the evaluation collection and its questions."""

    id: str
    report: Path
    questions: tuple[Path, ...]
    part: str
    """``tune`` or ``heldout``."""


PARTS = ("tune", "heldout")


def load_manifest(path: str | Path) -> list[Entry]:
    """The collection's reports, paths resolved against the manifest's folder."""
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        entries = [
            Entry(
                str(item["id"]),
                file.parent / item["report"],
                tuple(file.parent / q for q in item["questions"]),
                str(item["part"]),
            )
            for item in data["reports"]
        ]
    except OSError as error:
        raise ReportError(f"Cannot read manifest {file}: {error.strerror}") from None
    except (ValueError, KeyError, TypeError) as error:
        raise ReportError(f"{file}: not an evaluation manifest ({error})") from None
    for entry in entries:
        if entry.part not in PARTS:
            raise ReportError(f"{file}: {entry.id} has part {entry.part!r}, not one of {PARTS}")
    return entries


def evaluate_collection(
    entries: Sequence[Entry], ranker_for: Callable[[Report], Ranker], k: int = 10
) -> list[tuple[Entry, list[Outcome]]]:
    """Ask each report's questions of a ranker over that report alone."""
    results = []
    for entry in entries:
        report = load(entry.report)
        ranker = ranker_for(report)
        questions = [q for path in entry.questions for q in load_questions(path, report)]
        results.append((entry, ask_index(ranker, questions, k)))
    return results


def collection_scores(results: Sequence[tuple[Entry, list[Outcome]]]) -> list[Scores]:
    """Rows for the collection table: each report, then each part overall and per kind.

    A row's ``kind`` names its group: ``report:<id>``, ``<part>`` or ``<part>:<kind>``.
    """
    rows = [
        _score(f"report:{entry.id}", [o for o in outcomes if not o.question.conversational])
        for entry, outcomes in results
    ]
    for part in PARTS:
        outcomes = [o for entry, each in results if entry.part == part for o in each]
        if outcomes:
            rows += [replace(s, kind=_part_kind(part, s.kind)) for s in score(outcomes)]
    return rows


def _part_kind(part: str, kind: str) -> str:
    return part if kind == ALL else f"{part}:{kind}"


def score(outcomes: Sequence[Outcome]) -> list[Scores]:
    """Scores overall (kind ``all``), per kind in order of first appearance, per negative,
    then the questions in other languages than the report's (``other-language``).

    Gist and follow-up questions count on their own rows only, never in ``all`` or
    ``other-language``, so the floors on ``all`` keep measuring ordinary questions.
    """
    ordinary = [o for o in outcomes if not o.question.conversational]
    kinds = list(dict.fromkeys(o.question.kind for o in outcomes))
    rows = [_score(ALL, ordinary)]
    for kind in kinds:
        group = [o for o in outcomes if o.question.kind == kind]
        rows.append(_score(kind, group))
        if kind == "unanswerable":
            rows += [
                _score(f"{kind}:{negative}", [o for o in group if o.question.negative == negative])
                for negative in NEGATIVES
                if any(o.question.negative == negative for o in group)
            ]
    foreign = [o for o in ordinary if o.question.language]
    return rows + ([_score(OTHER_LANGUAGE, foreign)] if foreign else [])


def _score(kind: str, outcomes: Sequence[Outcome]) -> Scores:
    answerable = [o for o in outcomes if o.question.answerable]
    unanswerable = [o for o in outcomes if not o.question.answerable]
    ranks = [o.first_gold_rank for o in answerable]
    count = len(answerable) or 1
    return Scores(
        kind=kind,
        answerable=len(answerable),
        hit_at_1=sum(r == 1 for r in ranks) / count,
        hit_at_3=sum(r is not None and r <= 3 for r in ranks) / count,
        mrr_at_10=sum(1 / r for r in ranks if r is not None and r <= 10) / count,
        answerable_without_hits=sum(not o.lines for o in answerable),
        answerable_caveated=sum(o.verdict == "closest" for o in answerable),
        unanswerable=len(unanswerable),
        unanswerable_rejected=sum(not o.lines for o in unanswerable),
        unanswerable_caveated=sum(bool(o.lines) and o.verdict == "closest" for o in unanswerable),
    )
