"""A report's overview, and a section's lead, as facts for a reader's first questions.

"What is this about?", "tl;dr" and "what does it conclude?" are answered by the report's own
words, not by ranking: its title and date, the lead of its own summary (or introduction, or
first paragraph), the lead of its conclusion, and its top-level outline. "What does the
section on Iran say?" is answered by that section's lead. A lead is a section's first
paragraph: where the writer states what the section is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from retrieval import analyze
from retrieval.report import Paragraph, Report, Section

# A heading's first word that names the report's own summary, by the usual conventions of
# think tanks, agencies and journals ("Summary", "Executive summary", "Key points",
# "Abstract"); failing those, the introduction's lead, then the first paragraph.
SUMMARY_WORDS = frozenset({"summary", "abstract", "overview", "key", "highlights", "executive"})
INTRODUCTION_WORDS = frozenset({"introduction", "foreword", "preface"})
CONCLUSION_WORDS = frozenset({"conclusion", "conclusions", "concluding"})


@dataclass(frozen=True, slots=True)
class Overview:
    """What a report says it is about: its summary and conclusion leads and its outline."""

    report: Report
    summary: Paragraph | None
    """The lead of the report's own summary or introduction, else its first paragraph."""
    conclusion: Paragraph | None
    """The lead of its conclusion, when a heading says "Conclusion"."""
    outline: tuple[Section, ...]
    """The top-level sections, in reading order."""

    def leads(
        self, conclusion_first: bool = False
    ) -> tuple[tuple[Literal["summary", "conclusion"], Paragraph], ...]:
        """The leads shown, each with its kind: summary first, or the conclusion first when
        it was asked for ("what does it conclude?")."""
        leads: tuple[tuple[Literal["summary", "conclusion"], Paragraph | None], ...] = (
            ("summary", self.summary),
            ("conclusion", self.conclusion),
        )
        ordered = leads[::-1] if conclusion_first else leads
        return tuple((kind, lead) for kind, lead in ordered if lead is not None)

    def paragraphs(self, conclusion_first: bool = False) -> tuple[Paragraph, ...]:
        """The leads shown, in the order of ``leads``."""
        return tuple(dict.fromkeys(lead for _, lead in self.leads(conclusion_first)))


def overview(report: Report) -> Overview:
    """The overview of one report."""
    summary = _lead_of_first(report, SUMMARY_WORDS, first_word=True)
    if summary is None:
        summary = _lead_of_first(report, INTRODUCTION_WORDS, first_word=True)
    if summary is None and report.paragraphs:
        summary = report.paragraphs[0]
    conclusion = _lead_of_first(report, CONCLUSION_WORDS, first_word=False, last=True)
    if conclusion == summary:
        conclusion = None
    top = min((s.level for s in report.sections), default=1)
    outline = tuple(s for s in report.sections if s.level == top)
    return Overview(report, summary, conclusion, outline)


def lead(report: Report, section: Section) -> Paragraph | None:
    """A section's first paragraph: its own, else that of its first subsection."""
    paragraphs = report.subtree(section.number)
    return paragraphs[0] if paragraphs else None


def find_section(reports: Sequence[Report], topic: str) -> tuple[Report, Section] | None:
    """The section whose heading best names ``topic`` ("Iran", "Turkey's view").

    Headings are compared by search terms (stemmed, so "Iran's" meets "Iran"): the
    heading holding the largest share of the topic's terms wins, the shallower one on a
    tie, then the first. None when no heading shares a term with the topic.
    """
    wanted = set(analyze.terms(topic))
    if not wanted:
        return None
    best: tuple[float, int, int, int] | None = None
    found: tuple[Report, Section] | None = None
    for number, report in enumerate(reports):
        for section in report.sections:
            shared = len(wanted & set(analyze.terms(section.title)))
            if not shared:
                continue
            key = (-shared / len(wanted), section.level, number, section.number)
            if best is None or key < best:
                best, found = key, (report, section)
    return found


def _lead_of_first(
    report: Report, words: frozenset[str], *, first_word: bool, last: bool = False
) -> Paragraph | None:
    """The lead of the first (or last) section whose heading holds one of ``words``."""
    sections = reversed(report.sections) if last else iter(report.sections)
    for section in sections:
        title = [analyze.fold(word).strip(".:;,!?()") for word in section.title.split()]
        if words & set(title[:1] if first_word else title):
            return lead(report, section)
    return None
