"""A PDF page's furniture and reading order: what is body text, in what order.

Running headers, footers, page numbers and tables of contents go; footnotes are set
apart; two-column pages are read column by column.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from retrieval.formats.pdf_text import Line

MARGIN = 0.1
"""Top and bottom share of a page where running headers and footers are looked for."""
RUN_REACH = 2
"""How many pages away a margin line may repeat to be a running header: two, since
facing pages often alternate their headers (the chapter's on the left, the book's on the
right)."""
HEADING_SIZE = 1.15
"""A line this many times the body size, or more, is a heading."""
FOOTNOTE_SIZE = 0.92
"""A line this many times the body size, or less, at a page's foot can be a footnote."""

PAGE_NUMBER = re.compile(r"^(?:page\s+)?(?:\d+|[ivxlc]+)(?:\s*(?:of|/)\s*\d+)?$", re.IGNORECASE)
NOTE_MARKER = re.compile(r"^(?:\d{1,3}|[*†‡§])(?:[.)]\s*|\s+|(?=[A-Z]))")
# A table of contents line: "3 Utilities . . . . . . 5" (dot leaders, then a page number).
_TABLE_OF_CONTENTS = re.compile(r"(?:\.\s?){4,}\s*(?:\d+|[ivxlc]+)?$")


def body_size_of(lines: Sequence[Line]) -> float:
    """The size most of the text is set in."""
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0]


def without_running_lines(pages: list[list[Line]], body_size: float) -> list[list[Line]]:
    """Pages without running headers, footers and page numbers.

    A running line sits in the top or bottom margin and is not set as large as a heading
    ("Chapter 3" at the top of each chapter's page stays). It goes when its text, digits
    aside, repeats on at least half the pages, or at the same height on a page at most
    two pages away: a header that changes by chapter ("Chapter 4: Function reference")
    repeats only through its chapter, on every page or every other one. A margin line that
    is only a page number goes too.
    """
    seen: Counter[str] = Counter()
    placed: list[set[tuple[str, int]]] = []
    for page in pages:
        margin = [line for line in page if _running(line, body_size)]
        seen.update({_furniture_key(line) for line in margin})
        placed.append({(_furniture_key(line), round(line.top)) for line in margin})
    repeated = {key for key, count in seen.items() if count >= max(2, len(pages) / 2)}

    def runs_on(index: int, line: Line) -> bool:
        spot = _furniture_key(line), round(line.top)
        nearby = (
            placed[max(0, index - RUN_REACH) : index] + placed[index + 1 : index + 1 + RUN_REACH]
        )
        return any(spot in other for other in nearby)

    return [
        [
            line
            for line in page
            if not (
                _running(line, body_size)
                and (
                    _furniture_key(line) in repeated
                    or PAGE_NUMBER.match(line.text)
                    or runs_on(index, line)
                )
            )
        ]
        for index, page in enumerate(pages)
    ]


def _running(line: Line, body_size: float) -> bool:
    """Whether a line could be a running header or footer: small enough, in a margin."""
    in_margin = line.bottom < line.page_height * MARGIN or line.top > line.page_height * (
        1 - MARGIN
    )
    return in_margin and line.size < body_size * HEADING_SIZE


def _furniture_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.casefold())


def without_table_of_contents(page: list[Line], body_size: float) -> list[Line]:
    """A page without its table-of-contents lines ("2.1 Syntax . . . . 5").

    On a page of three or more such lines, the page numbers and numbers set apart from
    their entries go too: only heading-sized lines ("Contents") stay.
    """
    entries = [line for line in page if _TABLE_OF_CONTENTS.search(line.text)]
    if len(entries) >= 3:
        return [
            line
            for line in page
            if line.size >= body_size * HEADING_SIZE
            and re.search(r"[^\W\d_]", line.text)
            and not _TABLE_OF_CONTENTS.search(line.text)
        ]
    return [line for line in page if line not in entries]


def split_footnotes(page: list[Line], body_size: float) -> tuple[list[Line], list[Line]]:
    """Body lines and footnote lines: small lines at the foot, from the first marked one."""
    ordered = sorted(page, key=lambda line: line.top)
    if not ordered:
        return [], []
    middle = (ordered[0].top + ordered[-1].bottom) / 2
    for index, line in enumerate(ordered):
        rest = ordered[index:]
        if (
            line.top > middle
            and NOTE_MARKER.match(line.text)
            and all(other.size <= body_size * FOOTNOTE_SIZE for other in rest)
        ):
            return ordered[:index], rest
    return ordered, []


def reading_order(lines: list[Line]) -> list[Line]:
    """Lines top to bottom; on a two-column page, each band of columns left then right.

    A band ends at a line that crosses the middle, or at a left-hand line that stands
    apart below both columns (a short heading or line after them).
    """
    if not lines:
        return []
    middle = (min(line.x0 for line in lines) + max(line.x1 for line in lines)) / 2
    sides = [_side(line, middle) for line in lines]
    if sides.count("left") < 3 or sides.count("right") < 3:
        return sorted(lines, key=lambda line: (line.top, line.x0))
    ordered: list[Line] = []
    band: list[Line] = []
    for line, side in sorted(zip(lines, sides, strict=True), key=lambda pair: pair[0].top):
        if side == "left" and band and not _in_band(line, band):
            ordered += _band(band)
            band = []
        if side == "full":
            ordered += [*_band(band), line]
            band = []
        else:
            band.append(replace(line, column=side))
    return ordered + _band(band)


def _in_band(line: Line, band: list[Line]) -> bool:
    """Whether a left-hand line belongs to the columns of ``band``."""
    rights = [other.bottom for other in band if other.column == "right"]
    lefts = [other.bottom for other in band if other.column == "left"]
    if not rights:
        return True
    near_right = line.top <= max(rights) + line.size
    near_left = bool(lefts) and line.top - max(lefts) < 2 * line.size
    return near_right or near_left


def _side(line: Line, middle: float) -> str:
    if line.x1 <= middle + 2:
        return "left"
    if line.x0 >= middle - 2:
        return "right"
    return "full"


def _band(lines: list[Line]) -> list[Line]:
    return sorted(lines, key=lambda line: (line.column != "left", line.top))
