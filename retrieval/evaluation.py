"""Score a retriever on a question file (the format of shared/eval/questions_dev.jsonl).

Each line is ``{"id", "question", "gold": [line, ...], "also": [...], "kind"}`` where
``gold`` holds the 1-based report lines of the paragraphs that answer; an empty ``gold``
marks a question the report does not answer, for which the right result is no hits.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.index import Ranker
from retrieval.report import ReportError

ALL = "all"


@dataclass(frozen=True, slots=True)
class Question:
    """One question of an evaluation set."""

    id: str
    question: str
    gold: frozenset[int]
    kind: str

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the retriever returned for one question."""

    question: Question
    lines: tuple[int, ...]
    """Report lines of the hits, best first."""

    @property
    def first_gold_rank(self) -> int | None:
        """1-based rank of the first answering hit, or None."""
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
    unanswerable: int
    unanswerable_rejected: int


def load_questions(path: str | Path) -> list[Question]:
    """Read a JSONL question file, raising ``ReportError`` with the bad line on errors."""
    file = Path(path)
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ReportError(f"Cannot read question file {file}: {error.strerror}") from None
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            questions.append(
                Question(
                    str(data["id"]),
                    str(data["question"]),
                    frozenset(int(g) for g in data.get("gold", [])),
                    str(data.get("kind", "")),
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ReportError(f"{file}:{number}: not a question record ({error})") from None
    return questions


def run(questions: Iterable[Question], lines_for: Callable[[str], Sequence[int]]) -> list[Outcome]:
    """Ask every question; ``lines_for`` returns the report lines of the hits, best first."""
    return [Outcome(q, tuple(lines_for(q.question))) for q in questions]


def ask_index(index: Ranker, questions: Iterable[Question], k: int = 10) -> list[Outcome]:
    """Ask every question of ``index`` (any ranker), keeping the top ``k`` hits' lines."""
    return run(questions, lambda q: [hit.paragraph.line for hit in index.search(q, k).hits])


def score(outcomes: Sequence[Outcome]) -> list[Scores]:
    """Scores overall (kind ``all``), then per kind in order of first appearance."""
    kinds = list(dict.fromkeys(o.question.kind for o in outcomes))
    return [_score(ALL, outcomes)] + [
        _score(kind, [o for o in outcomes if o.question.kind == kind]) for kind in kinds
    ]


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
        unanswerable=len(unanswerable),
        unanswerable_rejected=sum(not o.lines for o in unanswerable),
    )
