"""Score a retriever on a question file, or on the whole evaluation collection.

A question file has one ``{"id", "question", "gold": [line, ...], "also": [...], "kind"}``
a line, where ``gold`` holds the 1-based report lines of the paragraphs that answer; an
empty ``gold`` marks a question the report does not answer, for which the right verdict is
"not covered" (or at least the caveat of "closest").

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
from retrieval.index import Ranker
from retrieval.report import Report, ReportError, load

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
    verdict: Verdict = "answered"

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
    """Answerable questions refused ("not covered"): the worst mistake."""
    answerable_caveated: int
    """Answerable questions shown under the "closest passages" caveat."""
    unanswerable: int
    unanswerable_rejected: int
    """Unanswerable questions refused ("not covered")."""
    unanswerable_caveated: int
    """Unanswerable questions shown under the caveat: honest, if not ideal."""


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


def ask_index(index: Ranker, questions: Iterable[Question], k: int = 10) -> list[Outcome]:
    """Ask every question of ``index`` (any ranker), keeping the top ``k`` hits' lines."""
    outcomes = []
    for question in questions:
        result = index.search(question.question, k)
        lines = tuple(hit.paragraph.line for hit in result.hits)
        outcomes.append(Outcome(question, lines, result.verdict))
    return outcomes


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
        ranker = ranker_for(load(entry.report))
        questions = [q for path in entry.questions for q in load_questions(path)]
        results.append((entry, ask_index(ranker, questions, k)))
    return results


def collection_scores(results: Sequence[tuple[Entry, list[Outcome]]]) -> list[Scores]:
    """Rows for the collection table: each report, then each part overall and per kind.

    A row's ``kind`` names its group: ``report:<id>``, ``<part>`` or ``<part>:<kind>``.
    """
    rows = [_score(f"report:{entry.id}", outcomes) for entry, outcomes in results]
    for part in PARTS:
        outcomes = [o for entry, each in results if entry.part == part for o in each]
        if outcomes:
            rows += [replace(s, kind=_part_kind(part, s.kind)) for s in score(outcomes)]
    return rows


def _part_kind(part: str, kind: str) -> str:
    return part if kind == ALL else f"{part}:{kind}"


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
        answerable_caveated=sum(o.verdict == "closest" for o in answerable),
        unanswerable=len(unanswerable),
        unanswerable_rejected=sum(not o.lines for o in unanswerable),
        unanswerable_caveated=sum(bool(o.lines) and o.verdict == "closest" for o in unanswerable),
    )
