"""A report as values: its title, an outline of nested sections, and its paragraphs.

Two input shapes are understood:

* Markdown: lines starting with ``#`` .. ``######`` are headings with explicit levels.
* Plain text: headings are recognised from the text's own shape (see ``is_heading_like``),
  and nesting is derived by three rules, applied in reading order:

  1. A heading immediately followed by another heading opens a group: it sits at the top
     level and the stacked headings below it each go one level deeper.
  2. A heading followed by body text sits at the deepest level of the current group (the
     top level when no group is open).
  3. A conventional closing heading ("Conclusion", "Summary", "References", ...) closes the
     group and sits at the top level.

In both shapes the first non-empty line is the report's title, and text before the first
heading belongs to a section called "Introduction". Paragraphs are single lines, unless the
text separates paragraphs with blank lines, in which case consecutive lines are one
paragraph re-flowed with single spaces, and a plain-text heading must stand alone between
blank lines.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

INTRODUCTION = "Introduction"
WHOLE_TEXT = "Full text"

MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 90

# Headings that by convention end a report's body and so return to the top level.
CLOSING_HEADING_WORDS = frozenset(
    {
        "conclusion",
        "conclusions",
        "concluding",
        "summary",
        "references",
        "bibliography",
        "notes",
        "endnotes",
        "sources",
        "appendix",
        "appendices",
        "acknowledgements",
        "acknowledgments",
        "epilogue",
        "afterword",
        "about",
        "further",
    }
)

_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
# "July 6, 2025", "6 July 2025", "July 2025", "2025-07-06", "2025-07".
_DATE = re.compile(
    rf"\b(?:{_MONTH} \d{{1,2}}, \d{{4}}|\d{{1,2}} {_MONTH} \d{{4}}|{_MONTH} \d{{4}}"
    r"|(?:19|20)\d\d-[01]\d(?:-[0-3]\d)?)\b"
)
_SENTENCE_END = (".", ",", ";", ":", "!", "…")


class ReportError(Exception):
    """A report that cannot be served; the message is meant for the person running the bot."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of body text and where it stands in the report."""

    number: int
    """1-based position among the report's paragraphs."""
    line: int
    """1-based line of the report file where the paragraph starts."""
    section: tuple[str, ...]
    """Heading path from the top level down to the paragraph's own section."""
    section_number: int
    """1-based number of the paragraph's section in the outline."""
    text: str


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

    @property
    def date(self) -> str | None:
        """The date the title names ("July 6, 2025"), else the file name's ("2025-07"), or None.

        Shown beside the title when several reports answer, to tell editions apart.
        """
        found = _DATE.search(self.title) or _DATE.search(Path(self.source).name)
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


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class _Block:
    """A heading or a paragraph before nesting is known."""

    line: int
    text: str
    heading_level: int | None = None
    """Explicit Markdown level; None for plain-text headings and for body text."""
    is_heading: bool = False


def load(path: str | Path) -> Report:
    """Read and parse a report file, raising ``ReportError`` with a readable reason."""
    file = Path(path)
    if not file.exists():
        raise ReportError(f"Report file not found: {file}")
    if file.is_dir():
        raise ReportError(f"Report path is a folder, not a file: {file}")
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise ReportError(f"Cannot read report file {file}: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReportError(f"Report file is not UTF-8 text: {file}") from None
    return parse(text, source=str(file))


def parse(text: str, *, source: str = "") -> Report:
    """Parse report text (plain or Markdown) into a ``Report``."""
    where = source or "the report"
    lines = _split_lines(text)
    first = next((line for line in lines if line.text.strip()), None)
    if first is None:
        raise ReportError(f"Report is empty: {where}")
    body = [line for line in lines if line.number > first.number]
    markdown = any(_MARKDOWN_HEADING.match(line.text.strip()) for line in lines)
    title_match = _MARKDOWN_HEADING.match(first.text.strip()) if markdown else None
    title = title_match.group(2) if title_match else first.text.strip()
    blocks = _markdown_blocks(body) if markdown else _plain_blocks(body)
    if title_match:
        blocks = _promote_under_title(blocks, len(title_match.group(1)))
    report = _assemble(title, blocks, source)
    if not report.paragraphs:
        raise ReportError(f"Report has no paragraphs, only a title and headings: {where}")
    return report


def is_heading_like(text: str) -> bool:
    """Whether a line has the shape of a heading: short, capitalised, not a sentence.

    A question ("What is behind the scenes?") can be a heading; a line ending in a full
    stop, comma, colon or semicolon cannot.
    """
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_HEADING_CHARS:
        return False
    if len(stripped.split()) > MAX_HEADING_WORDS:
        return False
    if stripped.endswith(_SENTENCE_END):
        return False
    first = stripped[0]
    return first.isdigit() or first.isupper() or unicodedata.category(first) == "Pi"


def is_closing_heading(title: str) -> bool:
    """Whether a heading conventionally returns to the top level ("Conclusion", ...)."""
    words = re.findall(r"[^\W\d_]+", title.casefold())
    return bool(words) and words[0] in CLOSING_HEADING_WORDS


def _split_lines(text: str) -> list[_Line]:
    """Lines numbered as an editor numbers them; only CR, LF and CRLF end a line."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [_Line(number, line) for number, line in enumerate(text.split("\n"), start=1)]


def _runs(lines: list[_Line]) -> list[list[_Line]]:
    """Groups of consecutive non-blank lines."""
    runs: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.text.strip():
            current.append(line)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _join(lines: list[_Line]) -> str:
    return " ".join(line.text.strip() for line in lines)


def _markdown_blocks(lines: list[_Line]) -> list[_Block]:
    blocks: list[_Block] = []
    for run in _runs(lines):
        pending: list[_Line] = []
        for line in run:
            match = _MARKDOWN_HEADING.match(line.text.strip())
            if match is None:
                pending.append(line)
                continue
            if pending:
                blocks.append(_Block(pending[0].number, _join(pending)))
                pending = []
            blocks.append(_Block(line.number, match.group(2), len(match.group(1)), True))
        if pending:
            blocks.append(_Block(pending[0].number, _join(pending)))
    return blocks


def _plain_blocks(lines: list[_Line]) -> list[_Block]:
    """Headings and paragraphs of plain text, deciding first how paragraphs are separated."""
    candidates = [line for line in lines if line.text.strip()]
    headings = {
        line.number
        for line, _following in itertools.pairwise(candidates)
        if is_heading_like(line.text)
    }
    blank_separated = _separates_paragraphs_with_blank_lines(lines, headings)
    if blank_separated:
        # Where blank lines separate paragraphs, a heading stands alone between them.
        headings = {run[0].number for run in _runs(lines) if len(run) == 1} & headings
    blocks: list[_Block] = []
    for run in _runs(lines):
        pending: list[_Line] = []
        for line in run:
            if line.number in headings:
                if pending:
                    blocks.append(_Block(pending[0].number, _join(pending)))
                    pending = []
                blocks.append(_Block(line.number, line.text.strip(), None, True))
            elif blank_separated:
                pending.append(line)
            else:
                blocks.append(_Block(line.number, line.text.strip()))
        if pending:
            blocks.append(_Block(pending[0].number, _join(pending)))
    return blocks


def _separates_paragraphs_with_blank_lines(lines: list[_Line], headings: set[int]) -> bool:
    """True when some blank line stands between two lines of body text.

    Then blank lines are what separate paragraphs, and a run of lines is one wrapped
    paragraph; otherwise every line is a paragraph of its own.
    """
    previous_body: bool | None = None
    saw_blank = False
    for line in lines:
        if not line.text.strip():
            saw_blank = True
            continue
        is_body = line.number not in headings
        if is_body and previous_body and saw_blank:
            return True
        previous_body = is_body
        saw_blank = False
    return False


def _promote_under_title(blocks: list[_Block], title_level: int) -> list[_Block]:
    """Lift headings one level when the title was itself the report's only top heading."""
    if any(b.heading_level is not None and b.heading_level <= title_level for b in blocks):
        return blocks
    return [
        _Block(b.line, b.text, b.heading_level - title_level, True)
        if b.heading_level is not None
        else b
        for b in blocks
    ]


def _plain_levels(blocks: list[_Block]) -> list[int]:
    """Levels of the plain-text headings among ``blocks``, by the module's three rules."""
    levels: list[int] = []
    group_depth = 0  # level of the deepest heading in the open group; 0 when none is open
    previous_was_heading = False
    for index, block in enumerate(blocks):
        if not block.is_heading:
            previous_was_heading = False
            continue
        opens_group = index + 1 < len(blocks) and blocks[index + 1].is_heading
        if is_closing_heading(block.text):
            level, group_depth = 1, int(opens_group)
        elif previous_was_heading and group_depth:
            group_depth += 1
            level = group_depth
        elif opens_group:
            level, group_depth = 1, 1
        else:
            level = group_depth or 1
        levels.append(level)
        previous_was_heading = True
    return levels


def _assemble(title: str, blocks: list[_Block], source: str) -> Report:
    heading_blocks = [b for b in blocks if b.is_heading]
    if heading_blocks and all(b.heading_level is not None for b in heading_blocks):
        lowest = min(b.heading_level or 1 for b in heading_blocks)
        levels = [(b.heading_level or 1) - lowest + 1 for b in heading_blocks]
    else:
        levels = _plain_levels(blocks)
    level_of = dict(zip((id(b) for b in heading_blocks), levels, strict=True))

    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    path: tuple[str, ...] = ()
    section_paragraphs: list[int] = []

    def close_section() -> None:
        if sections:
            sections[-1] = _with_paragraphs(sections[-1], section_paragraphs)

    for block in blocks:
        if block.is_heading:
            close_section()
            level = min(level_of[id(block)], len(path) + 1)
            path = (*path[: level - 1], block.text)
            sections.append(Section(len(sections) + 1, block.text, len(path), path, ()))
            section_paragraphs = []
            continue
        if not sections:
            name = INTRODUCTION if heading_blocks else WHOLE_TEXT
            path = (name,)
            sections.append(Section(1, name, 1, path, ()))
        number = len(paragraphs) + 1
        paragraphs.append(Paragraph(number, block.line, path, len(sections), block.text))
        section_paragraphs.append(number)
    close_section()
    return Report(title, tuple(sections), tuple(paragraphs), source)


def _with_paragraphs(section: Section, numbers: list[int]) -> Section:
    return Section(section.number, section.title, section.level, section.path, tuple(numbers))
