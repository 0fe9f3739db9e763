"""Examples drawn from the served reports' own headings, for /start, /help, the menu and an
empty inline query."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from retrieval import Hit, QuestionError, Ranker, Report, Section
from retrieval.report import INTRODUCTION, WHOLE_TEXT, is_closing_heading

GENERIC_HEADING_WORDS = frozenset(
    """
    a about abstract acknowledgements acknowledgments acronyms an and annex annexes appendix
    approach at authors background chapter conclusion conclusions contents context discussion
    disclaimer endnotes executive figures findings foreword glance glossary highlights in
    introduction key list main messages method methodology methods note notes objectives of
    overview part preface purpose recommendations references remarks report results scope
    section study summary table tables the this
    """.split()
)
"""Words of headings that name a part of any report rather than a topic ("Executive
summary", "Key findings", "About this report"): a heading made of these alone (numbering
aside) makes a poor example, "Tell me about Executive summary"."""
_ROMAN = re.compile(r"^[ivxlc]+$")


@dataclass(frozen=True, slots=True)
class Examples:
    """What the bot suggests trying, taken from the reports it serves."""

    questions: tuple[str, ...]
    """Questions the ranker answers, about different parts of the reports."""
    heading: str
    """Words that open a section with ``/section``: a short heading."""
    answers: tuple[Hit, ...] = ()
    """The best passage for each question, found when the examples were chosen: what an
    empty inline query offers without searching again."""


def examples(index: Ranker, count: int = 3) -> Examples:
    """Up to ``count`` answerable questions and a short heading from the served reports."""
    found = _answered(index, count)
    return Examples(
        tuple(q for q, _ in found), example_heading(index.reports), tuple(h for _, h in found)
    )


def example_questions(index: Ranker, count: int = 3) -> tuple[str, ...]:
    """Up to ``count`` questions about the reports' sections that the index can answer.

    A heading that is already a question is asked as it is; another becomes "Tell me about
    ...". Sections with text of their own are used, one per top-level
    part first so the examples show the report's range; opening and closing sections, and
    those whose heading names no topic ("Executive summary"), are skipped, since they are
    about everything.
    """
    return tuple(question for question, _ in _answered(index, count))


def _answered(index: Ranker, count: int) -> list[tuple[str, Hit]]:
    found: list[tuple[str, Hit]] = []
    for section in _candidates(index.reports):
        question = first_question((section,))
        try:
            hits = index.search(question, k=1).hits
        except QuestionError:
            hits = ()
        if hits:
            found.append((question, hits[0]))
        if len(found) == count:
            break
    return found


def names_a_topic(title: str) -> bool:
    """Whether a heading names something the report is about, not a part any report has."""
    words = re.findall(r"[^\W\d_]+", title.casefold())
    return any(w not in GENERIC_HEADING_WORDS and not _ROMAN.match(w) for w in words)


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
    title = section.title
    return (
        title in (INTRODUCTION, WHOLE_TEXT) or is_closing_heading(title) or not names_a_topic(title)
    )


def _question_about(title: str) -> str:
    return title if title.endswith("?") else f"Tell me about {title}"
