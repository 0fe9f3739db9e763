"""Score a retriever on a question file, or on the whole evaluation collection.

A question file has one ``{"id", "question", "gold": [line, ...], "also": [...], "kind"}``
a line, where ``gold`` holds the 1-based report lines of the paragraphs that answer; an
empty ``gold`` marks a question the report does not answer (kind ``unanswerable``, with
``negative``: ``easy`` when the fact is simply absent, ``hard`` when the report's own names
are asked about a fact it lacks), for which the right verdict is "not covered" (or at least
the caveat of "closest"). ``gist`` questions ask for the whole report; ``followup`` ones
carry the earlier question in ``context``. Every question is asked as the bot reads it
(``retrieval.understanding``): a gist question is right when the overview is given, a
follow-up is ranked after its context. Those two kinds are scored on rows of their own,
outside the overall figures. ``lang`` marks a question in another language than the
report's. The loader is strict: an unknown field, kind or gold line is an error.

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
from retrieval.report import Report, ReportError
from retrieval.understanding import understand

ALL = "all"
OTHER_LANGUAGE = "other-language"
GIST = "gist"


KINDS = (
    "factual",
    "paraphrase",
    "name-variant",
    "typo",
    "section",
    "short",
    "long",
    "unanswerable",
    "gist",
    "followup",
)
NEGATIVES = ("easy", "hard")
CONVERSATIONAL = ("gist", "followup")
"""Kinds answered in their own way (the overview, the follow-up context): scored apart."""
FIELDS = frozenset(
    {"id", "question", "gold", "also", "kind", "lang", "source", "negative", "context"}
)


@dataclass(frozen=True, slots=True)
class Question:
    """One question of an evaluation set."""

    id: str
    question: str
    gold: frozenset[int]
    kind: str
    negative: str | None = None
    """``easy`` or ``hard`` for an unanswerable question (None: not marked)."""
    context: str | None = None
    """The earlier question of a follow-up, else None."""
    language: str = ""
    """ISO 639-1 code (``lang``) of a question in another language than the report's, else
    empty."""

    @property
    def answerable(self) -> bool:
        return bool(self.gold)

    @property
    def conversational(self) -> bool:
        """A gist or follow-up question: scored on its own rows."""
        return self.kind in CONVERSATIONAL


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


def load_questions(path: str | Path, report: Report | None = None) -> list[Question]:
    """Read a JSONL question file, raising ``ReportError`` with the bad line on errors.

    With ``report``, every gold and ``also`` line must be where one of its paragraphs starts.
    """
    file = Path(path)
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ReportError(f"Cannot read question file {file}: {error.strerror}") from None
    starts = None if report is None else frozenset(p.line for p in report.paragraphs)
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            questions.append(_question(json.loads(line), starts))
        except (ValueError, KeyError, TypeError) as error:
            raise ReportError(f"{file}:{number}: not a question record ({error})") from None
    return questions


def _question(data: dict[str, object], starts: frozenset[int] | None) -> Question:
    """One record, checked field by field; ``ValueError`` says what is wrong."""
    if unknown := sorted(set(data) - FIELDS):
        raise ValueError(f"unknown field(s) {', '.join(unknown)}")
    gold, also = _lines(data, "gold"), _lines(data, "also")
    kind, negative, context = data["kind"], data.get("negative"), data.get("context")
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if (kind == "unanswerable") == bool(gold):
        raise ValueError("an unanswerable question has no gold lines, and only it")
    if negative is not None and (kind != "unanswerable" or negative not in NEGATIVES):
        raise ValueError("negative is easy or hard, and only on an unanswerable question")
    if (kind == "followup") != isinstance(context, str) or context == "":
        raise ValueError("a followup question needs its earlier question in context, and only it")
    if starts is not None and (missing := sorted((gold | also) - starts)):
        raise ValueError(f"line(s) {missing} start no paragraph of the report")
    return Question(
        str(data["id"]),
        str(data["question"]),
        gold,
        str(kind),
        None if negative is None else str(negative),
        None if context is None else str(context),
        str(data.get("lang", "")),
    )


def _lines(data: dict[str, object], field: str) -> frozenset[int]:
    """A list of 1-based report lines."""
    value = data.get(field, [])
    if not isinstance(value, list) or not all(type(g) is int and g > 0 for g in value):
        raise ValueError(f"{field} is not a list of line numbers")
    return frozenset(value)


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
