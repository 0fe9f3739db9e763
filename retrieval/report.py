"""A report as values: its title, an outline of nested sections, and its paragraphs.

Every format (plain text, Markdown, PDF, web page, Word) is read by its own module of
``retrieval.formats`` into the same three values defined here. This module imports none of
them: the readers build on it, and ``retrieval.formats.read`` picks the reader for a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

INTRODUCTION = "Introduction"
"""The section invented for text before the first heading."""
WHOLE_TEXT = "Full text"
"""The one section of a report without headings."""

# Headings that by convention end a report's body and so return to the top level. Only
# conclusion-like words: "Summary", "About ..." or "Further ..." open ordinary sections too.
CLOSING_HEADING_WORDS = frozenset(
    {
        "conclusion",
        "conclusions",
        "concluding",
        "references",
        "bibliography",
        "endnotes",
        "notes",
        "appendix",
        "appendices",
        "annex",
        "annexes",
        "acknowledgements",
        "acknowledgments",
        "epilogue",
        "afterword",
    }
)
_CLOSING_MAX_WORDS = 4

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
# "July 6, 2025", "6 July 2025", "July 2025", "2025-07-06", "2025-07".
DATE = re.compile(
    rf"\b(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?, \d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}|{_MONTH} \d{{4}}"
    r"|(?:19|20)\d\d-[01]\d(?:-[0-3]\d)?)\b"
)


class ReportError(Exception):
    """A report that cannot be served; the message is meant for the person running the bot."""


def brief(reason: object, limit: int = 120) -> str:
    """A library's error message as one short printable line, for a ``ReportError``.

    Parsers put what they choked on in their messages (lxml quotes a binary file's first
    kilobytes); a log line naming a skipped file must stay one readable line.
    """
    text = " ".join("".join(c if c.isprintable() else " " for c in str(reason)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of body text and where it stands in the report."""

    number: int
    """1-based position among the report's paragraphs."""
    line: int
    """1-based line where the paragraph starts: of the file for text, Markdown and HTML; of
    its page's text for PDF; the paragraph's position in the document body for Word."""
    section: tuple[str, ...]
    """Heading path from the top level down to the paragraph's own section."""
    section_number: int
    """1-based number of the paragraph's section in the outline."""
    text: str
    page: int | None = None
    """1-based page the paragraph starts on, for formats that have pages (PDF); else None."""
    label: str | None = None
    """That page as the document prints it ("15", "iv"), from a PDF's page labels; None
    when the document has none. Cite it, with ``page`` beside it when the two differ."""


@dataclass(frozen=True, slots=True)
class Section:
    """One heading of the outline."""

    number: int
    """1-based position in the outline, in reading order."""
    title: str
    level: int
    """1 for top-level sections, 2 for their children, and so on."""
    path: tuple[str, ...]
    paragraphs: tuple[int, ...]
    """Numbers of the paragraphs directly under this heading (not under its children)."""


@dataclass(frozen=True, slots=True)
class Report:
    """A parsed report: nothing in it changes after ``parse``."""

    title: str
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    source: str = ""
    """Where the report was read from, for messages; empty for parsed strings."""
    format: str = "text"
    """The format it was read from: "text", "markdown", "pdf", "html" or "docx"."""

    @property
    def date(self) -> str | None:
        """The date the title names ("July 6, 2025"), else the file name's ("2025-07"), or None.

        Shown beside the title when several reports answer, to tell editions apart.
        """
        found = DATE.search(self.title) or DATE.search(Path(self.source).name)
        return found.group() if found else None

    @property
    def name(self) -> str:
        """The title, and the date after it when the title does not already say it."""
        date = self.date
        return self.title if date is None or date in self.title else f"{self.title} ({date})"

    def paragraph(self, number: int) -> Paragraph:
        """The paragraph with this 1-based number."""
        return self.paragraphs[number - 1]

    def section(self, number: int) -> Section:
        """The section with this 1-based outline number."""
        return self.sections[number - 1]

    def subtree(self, number: int) -> tuple[Paragraph, ...]:
        """Paragraphs of a section and of every section nested under it, in reading order."""
        root = self.section(number)
        depth = len(root.path)
        return tuple(p for p in self.paragraphs if p.section[:depth] == root.path)


def is_closing_heading(title: str) -> bool:
    """Whether a heading conventionally returns to the top level ("Conclusion", ...).

    Only short headings whose first word is conclusion-like ("Concluding remarks",
    "References", "Appendix A: Data"); numbering is ignored.
    """
    words = re.findall(r"[^\W\d_]+", title.casefold())
    return 0 < len(words) <= _CLOSING_MAX_WORDS and words[0] in CLOSING_HEADING_WORDS


# "Appendix A", "ANNEX 2: Data", "Appendix IV", "Appendix: Sources"; not a bare "Appendix",
# which a report can use as the name of a thing it describes (a schema's element).
_APPENDIX = re.compile(r"^(?:appendix|annex)\s*(?:[A-Z]\b|\d+\b|[IVXLC]+\b|:)", re.IGNORECASE)


def is_appendix(title: str) -> bool:
    """Whether a heading opens a labelled appendix or annex ("Appendix A", "ANNEX 2: Data")."""
    return bool(_APPENDIX.match(title.strip()))
