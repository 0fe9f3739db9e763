"""A question file of the evaluation collection: its records, read strictly.

A question file has one ``{"id", "question", "gold": [line, ...], "also": [...], "kind"}``
a line, where ``gold`` holds the 1-based report lines of the paragraphs that answer; an
empty ``gold`` marks a question the report does not answer (kind ``unanswerable``, with
``negative``: ``easy`` when the fact is simply absent, ``hard`` when the report's own names
are asked about a fact it lacks). ``gist`` questions ask for the whole report;
``followup`` ones carry the earlier question in ``context``; ``lang`` marks a question in
another language than the report's. The loader is strict: an unknown field, kind or gold
line is an error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from retrieval.report import Report, ReportError

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
