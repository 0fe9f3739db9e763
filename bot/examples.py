"""Example questions drawn from the report's own headings, for /start."""

from __future__ import annotations

from retrieval import QuestionError, Ranker, Section
from retrieval.report import INTRODUCTION, WHOLE_TEXT, is_closing_heading


def example_questions(index: Ranker, count: int = 3) -> tuple[str, ...]:
    """Up to ``count`` questions about the report's sections that the index can answer.

    A heading that is already a question is asked as it is; another becomes "Tell me about
    ...". Sections with text of their own are used, one per top-level
    part first so the examples show the report's range; opening and closing sections are
    skipped, since they are about everything.
    """
    candidates = [s for s in index.report.sections if s.paragraphs and not _about_everything(s)]
    first_of_each_part = list({s.path[0]: s for s in reversed(candidates)}.values())[::-1]
    ordered = first_of_each_part + [s for s in candidates if s not in first_of_each_part]
    examples: list[str] = []
    for section in ordered:
        question = _question_about(section.title)
        try:
            answered = bool(index.search(question, k=1).hits)
        except QuestionError:
            answered = False
        if answered:
            examples.append(question)
        if len(examples) == count:
            break
    return tuple(examples)


def _about_everything(section: Section) -> bool:
    return section.title in (INTRODUCTION, WHOLE_TEXT) or is_closing_heading(section.title)


def _question_about(title: str) -> str:
    return title if title.endswith("?") else f"Tell me about {title}"
