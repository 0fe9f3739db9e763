"""Examples drawn from the served reports' own headings, for /start, /help and the menu."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from retrieval import LibraryRanker, QuestionError, Report, Section
from retrieval.report import INTRODUCTION, WHOLE_TEXT, is_closing_heading


@dataclass(frozen=True, slots=True)
class Examples:
    """What the bot suggests trying, taken from the reports it serves."""

    questions: tuple[str, ...]
    """Questions the ranker answers, about different parts of the reports."""
    heading: str
    """Words that open a section with ``/section``: a short heading."""


def examples(index: LibraryRanker, count: int = 3) -> Examples:
    """Up to ``count`` answerable questions and a short heading from the served reports."""
    return Examples(example_questions(index, count), example_heading(index.reports))


def example_questions(index: LibraryRanker, count: int = 3) -> tuple[str, ...]:
    """Up to ``count`` questions about the reports' sections that the index can answer.

    A heading that is already a question is asked as it is; another becomes "Tell me about
    ...". Sections with text of their own are used, one per top-level
    part first so the examples show the report's range; opening and closing sections are
    skipped, since they are about everything.
    """
    found: list[str] = []
    for section in _candidates(index.reports):
        question = first_question((section,))
        try:
            answered = bool(index.search(question, k=1).hits)
        except QuestionError:
            answered = False
        if answered:
            found.append(question)
        if len(found) == count:
            break
    return tuple(found)


def first_question(sections: Sequence[Section]) -> str:
    """A question about the first of ``sections`` worth asking about, without searching."""
    for section in sections:
        if section.paragraphs and not _about_everything(section):
            return _question_about(section.title)
    return "What is this report about?"


def example_heading(reports: Sequence[Report], most_words: int = 3) -> str:
    """The shortest heading of a section with text (``/section Iran``), or a number."""
    headings = [s.title for s in _candidates(reports) if len(s.title.split()) <= most_words]
    return min(headings, key=len, default="3")


def _candidates(reports: Sequence[Report]) -> Iterator[Section]:
    """Sections with text of their own, one per top-level part of each report first."""
    for report in reports:
        usable = [s for s in report.sections if s.paragraphs and not _about_everything(s)]
        first_of_each_part = list({s.path[0]: s for s in reversed(usable)}.values())[::-1]
        firsts = {s.number for s in first_of_each_part}  # a set: reports of 19,000 sections
        yield from first_of_each_part
        yield from (s for s in usable if s.number not in firsts)


def _about_everything(section: Section) -> bool:
    return section.title in (INTRODUCTION, WHOLE_TEXT) or is_closing_heading(section.title)


def _question_about(title: str) -> str:
    return title if title.endswith("?") else f"Tell me about {title}"
