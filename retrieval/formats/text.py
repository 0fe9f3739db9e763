"""Plain text: the first line is the title, headings are recognised by their shape.

Paragraphs are single lines, unless the text separates paragraphs with blank lines; then
consecutive lines are one paragraph re-flowed with single spaces, and a heading must stand
alone between blank lines. List items never become headings: consecutive items stay
together as one paragraph, one item a line, joined to the paragraph that introduces them
when it ends with a colon. Heading numbers ("2.1", "II.") decide nesting; a numbered list
("1. Cut taxes", "2. Raise spending") stays a list (see ``retrieval.formats.numbering``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from retrieval.formats.numbering import (
    HeadingNumber,
    heading_chain,
    heading_number,
    list_runs,
)
from retrieval.formats.outline import Block, assemble
from retrieval.formats.shapes import is_heading_like, is_list_item
from retrieval.report import Report, ReportError, is_appendix


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the file, numbered as an editor numbers it."""

    number: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Lines numbered from 1; only CR, LF and CRLF end a line (a BOM is dropped)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [Line(number, line) for number, line in enumerate(text.split("\n"), start=1)]


def parse_plain(text: str, *, source: str = "") -> Report:
    """Parse plain text into a ``Report``."""
    lines = split_lines(text)
    first = next((line for line in lines if line.text.strip()), None)
    if first is None:
        raise ReportError(f"Report is empty: {source or 'the report'}")
    body = [line for line in lines if line.number > first.number]
    return assemble(first.text.strip(), plain_blocks(body), source=source, format="text")


def plain_blocks(lines: list[Line]) -> list[Block]:
    """Headings and paragraphs of plain text, deciding first how paragraphs are separated."""
    filled = [line for line in lines if line.text.strip()]
    headings = {
        line.number for line, _following in itertools.pairwise(filled) if is_heading_like(line.text)
    }
    blank_separated = _separates_paragraphs_with_blank_lines(lines, headings)
    if blank_separated:
        # Where blank lines separate paragraphs, a heading stands alone between them.
        headings &= {run[0].number for run in _runs(lines) if len(run) == 1}
    numbers, listed = _numbering(filled, headings)
    headings -= listed
    led_in = _items_after_lead_in(filled, headings)
    headings -= led_in
    items = {line.number for line in filled if is_list_item(line.text)} | listed | led_in

    builder = _Builder()
    for run in _runs(lines):
        for index, line in enumerate(run):
            if line.number in headings:
                builder.heading(line, numbers.get(line.number))
            elif line.number in items:
                builder.item(line)
            elif blank_separated and index > 0:
                builder.continue_with(line)
            else:
                builder.paragraph(line)
        if blank_separated:
            builder.end_run()
    return builder.blocks


class _Builder:
    """Collects blocks, keeping list items with their list and their introduction."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._open_list = False  # the last paragraph is, or ends in, a list
        self._run_open = False  # the last paragraph can take more lines of its run

    def heading(self, line: Line, number: HeadingNumber | None) -> None:
        self.blocks.append(Block(line.text.strip(), line.number, heading=True, numbered=number))
        self._open_list = self._run_open = False

    def paragraph(self, line: Line) -> None:
        self.blocks.append(Block(line.text.strip(), line.number))
        self._open_list, self._run_open = False, True

    def continue_with(self, line: Line) -> None:
        if not self._run_open:
            self.paragraph(line)
            return
        last = self.blocks[-1]
        self.blocks[-1] = Block(f"{last.text} {line.text.strip()}", last.line)

    def item(self, line: Line) -> None:
        last = self.blocks[-1] if self.blocks else None
        joins = last is not None and not last.heading
        if joins and last is not None and (self._open_list or last.text.endswith(":")):
            self.blocks[-1] = Block(f"{last.text}\n{line.text.strip()}", last.line)
        else:
            self.blocks.append(Block(line.text.strip(), line.number))
        self._open_list = self._run_open = True

    def end_run(self) -> None:
        self._run_open = False


def _numbering(filled: list[Line], headings: set[int]) -> tuple[dict[int, HeadingNumber], set[int]]:
    """Heading numbers of the numbered headings, and the numbered lines that are a list.

    The headings' numbering is decided for the whole document (``heading_chain``): a
    numbered line is a heading when it belongs to the longest run of numbers that continue
    one another ("2.3", "2.4", "3", "3.1", ...). Lists are left out first: two or more
    consecutive numbered lines of one style and depth, and runs "1.", "2.", ... that follow
    a colon or restart a numbering already in use (``list_runs``).
    """
    found = {
        line.number: number
        for line in filled
        if line.number in headings and (number := heading_number(line.text)) is not None
    }
    in_runs: set[int] = set()
    for _key, group in itertools.groupby(
        filled,
        key=lambda line: (n.style, len(n.parts)) if (n := found.get(line.number)) else None,
    ):
        members = [line.number for line in group]
        if _key is not None and len(members) >= 2:
            in_runs.update(members)
    ends_with_colon = {
        after.number: before.text.rstrip().endswith(":")
        for before, after in itertools.pairwise(filled)
    }
    candidates = [n for n in found if n not in in_runs]
    numbers = [found[n] for n in candidates]
    lead_ins = [ends_with_colon.get(n, False) for n in candidates]
    chosen = heading_chain(numbers, list_runs(numbers, lead_ins))
    kept = {candidates[index]: numbers[index] for index in chosen}
    return kept, set(found) - set(kept)


def _items_after_lead_in(filled: list[Line], headings: set[int]) -> set[int]:
    """Heading-shaped lines that are the items of a list a colon introduces.

    After "The regime has three aims:", short unpunctuated lines ("Preventing unauthorised
    exports of weapons") are its items, up to the next line of body text. Numbered headings
    and appendices are never taken for items.
    """
    items: set[int] = set()
    open_list = False
    for line in filled:
        if (
            open_list
            and line.number in headings
            and heading_number(line.text) is None
            and not is_appendix(line.text)
        ):
            items.add(line.number)
            continue
        open_list = line.number not in headings and line.text.rstrip().endswith(":")
    return items


def _runs(lines: list[Line]) -> list[list[Line]]:
    """Groups of consecutive non-blank lines."""
    runs: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.text.strip():
            current.append(line)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _separates_paragraphs_with_blank_lines(lines: list[Line], headings: set[int]) -> bool:
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
