"""From a PDF page's ordered lines to pieces: headings and paragraphs, lines still apart.

Headings are lines larger than body text, bold body-size lines shaped like a heading, or
centred capitals; paragraphs end at wide gaps and indents, go on across columns and pages
in mid-sentence, and are re-flowed with line-end hyphens undone. ``pdf_blocks`` then
decides the title and the headings' levels.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, replace

from retrieval.formats.pdf_page import HEADING_SIZE, NOTE_MARKER, PAGE_NUMBER
from retrieval.formats.pdf_text import Line
from retrieval.formats.shapes import is_caption, is_list_item

_SENTENCE_END = re.compile(r"[.!?:…][\"”’')\]]*$")


LONG_LINE = 40
"""Characters in a line of running text, for finding where a page's text stands."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A heading or paragraph of a page, its lines still apart (joined by newlines)."""

    text: str
    line: int
    page: int
    style: tuple[float, bool] | None = None
    """(size, bold) of a heading; None for body text."""
    table: bool = False
    """A table, its rows already written out a line each: never joined or re-flowed."""
    stacked: bool = False
    """A heading line set right under one of its style, not its wrapped rest (an author
    under another): on a title page, the two are one paragraph of metadata."""


def _is_heading(line: Line, body_size: float, centre: float, width: float) -> bool:
    if is_caption(line.text) or is_list_item(line.text) or PAGE_NUMBER.match(line.text):
        return False
    words = len(line.text.split())
    if line.size >= body_size * HEADING_SIZE:
        return words <= 20
    if words <= 12 and _centred_capitals(line, centre, width):
        return True
    return (
        line.bold
        and line.size >= body_size * 0.95
        and words <= 12
        and not line.text.endswith((".", ",", ";"))
    )


def _centred_capitals(line: Line, centre: float, width: float) -> bool:
    """A line in capitals, centred on the text and narrower than it: "PURPOSE OF THE BILL".

    Government printers set section headings so, in small capitals no larger than the
    body; a heading wrapped over two lines may end its first line with a comma.
    """
    letters = [c for c in line.text if c.isalpha()]
    return (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and not line.text.endswith((".", ";", ":"))
        and line.x1 - line.x0 < 0.8 * width
        and abs((line.x0 + line.x1) / 2 - centre) < 0.03 * width
    )


def page_pieces(lines: list[Line], body_size: float, spacing: float) -> list[Piece]:
    """Headings and paragraphs of one page, each with its line on the page.

    The text's centre and width are those of its median long line, so notes and slugs in
    the margin do not move them.
    """
    pieces: list[Piece] = []
    previous: Line | None = None
    long = [line for line in lines if len(line.text) >= LONG_LINE] or lines
    if long:
        left = statistics.median(line.x0 for line in long)
        right = statistics.median(line.x1 for line in long)
    else:
        left = right = 0.0
    centre, width = (left + right) / 2, right - left
    edges = {line.column: max(o.x1 for o in lines if o.column == line.column) for line in lines}
    for number, line in enumerate(lines, start=1):
        heading = not line.table and _is_heading(line, body_size, centre, width)
        style = (line.size, line.bold) if heading else None
        last = pieces[-1] if pieces else None
        if last is None or previous is None or line.table or last.table:
            pieces.append(Piece(line.text, number, line.page, style, table=line.table))
        elif style is not None and last.style == style and line.top - previous.bottom < line.size:
            if _wrapped(previous, line, edges[line.column]):
                pieces[-1] = replace(last, text=f"{last.text} {line.text}")  # its 2nd line
            else:
                pieces.append(Piece(line.text, number, line.page, style, stacked=True))
        elif style is None and last.style is None and not _breaks(previous, line, spacing):
            pieces[-1] = replace(last, text=f"{last.text}\n{line.text}")
        else:
            pieces.append(Piece(line.text, number, line.page, style))
        previous = line
    return pieces


def _wrapped(previous: Line, line: Line, edge: float) -> bool:
    """Whether ``line`` is the wrapped rest of the heading line above it.

    A heading wraps where the next word does not fit, or where its author broke it by hand,
    which leaves the first line the longer or ending mid-phrase ("Appendix A:", "...,") or
    the next one in lower case. A line with room for the next line's first word and shorter
    than that line otherwise ends its heading: "Highlights" over "2019 Legislative Data and
    Transparency Conference", in one style, are two headings.
    """
    word = line.text.split()[0]
    width = line.x1 - line.x0
    fits = width * len(word) / len(line.text) < edge - previous.x1
    return (
        not fits
        or previous.x1 - previous.x0 >= width
        or previous.text.endswith((",", ";", ":", "-", "–", "&"))
        or word[0].islower()
    )


def line_spacing(pages: list[list[Line]]) -> float:
    """The usual gap between two lines of a paragraph in this document."""
    gaps = [
        b.top - a.bottom
        for lines in pages
        for a, b in itertools.pairwise(lines)
        if a.column == b.column and a.size == b.size and 0 <= b.top - a.bottom < 3 * a.size
    ]
    return statistics.median_low(gaps) if gaps else 0.0


def _breaks(previous: Line, line: Line, spacing: float) -> bool:
    """Whether ``line`` starts a new paragraph after ``previous`` on the same page."""
    if _starts_item(previous.text, line.text) or is_caption(line.text):
        return True
    if is_caption(previous.text):
        return True
    if line.column != previous.column or line.top < previous.top:
        return _ends_sentence(previous.text)  # a column break mid-sentence goes on
    if line.top - previous.bottom > spacing + 0.5 * line.size:
        return True
    indented = line.x0 > previous.x0 + line.size
    return indented and _ends_sentence(previous.text)


def _ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence: "done.", "done.”", "(see above.)"; not "(P.L. 95-91)"."""
    return bool(_SENTENCE_END.search(text))


def _starts_item(previous: str, line: str) -> bool:
    """Whether a line opens a list item rather than continuing the line before.

    A bullet always does; a dash or a list number ("– ", "a) ") only after a line that
    ends a sentence or is an item itself, since a wrapped line may start with a dash.
    """
    if not is_list_item(line):
        return False
    if line[0] in "•▪●◦■□➢►✓":
        return True
    return _ends_sentence(previous) or is_list_item(previous)


def footnote_pieces(lines: list[Line], first_line: int) -> list[Piece]:
    """One piece per footnote: a marked line and the lines that continue it."""
    notes: list[Piece] = []
    for number, line in enumerate(lines, start=first_line):
        if NOTE_MARKER.match(line.text) or not notes:
            notes.append(Piece(line.text, number, line.page))
        else:
            notes[-1] = replace(notes[-1], text=f"{notes[-1].text}\n{line.text}")
    return notes


def hyphenated_words(lines: Iterable[Line]) -> set[str]:
    """Hyphenated words the document writes inside lines ("region-wide")."""
    words: set[str] = set()
    for line in lines:
        words.update(w.casefold() for w in re.findall(r"\w+-\w+", line.text))
    return words


def across_pages(pieces: list[Piece]) -> list[Piece]:
    """Join a paragraph that a page break cut mid-sentence to its continuation."""
    joined: list[Piece] = []
    for piece in pieces:
        last = joined[-1] if joined else None
        if (
            last is not None
            and piece.style is None
            and last.style is None
            and not (piece.table or last.table)
            and last.page != piece.page
            and not _ends_sentence(last.text)
            and not is_list_item(piece.text)
            and not is_caption(piece.text)
            # An item without a full stop ends there, unless the next page goes on in
            # lower case.
            and (piece.text[:1].islower() or not is_list_item(last.text.rsplit("\n", 1)[-1]))
        ):
            joined[-1] = replace(last, text=f"{last.text}\n{piece.text}")
        else:
            joined.append(piece)
    return joined


def reflow(text: str, hyphenated: set[str]) -> str:
    """Lines of a paragraph as one: spaces between them, line-end hyphens undone.

    A list item keeps its own line. A word hyphenated at a line end is joined without its
    hyphen unless the document writes it with one elsewhere ("region-wide").
    """
    lines = text.split("\n")
    out = lines[0]
    for line in lines[1:]:
        head = re.search(r"(\w+)[-\xad]$", out)
        tail = re.match(r"([a-z]\w*)", line)
        if head and tail:
            keep = f"{head.group(1)}-{tail.group(1)}".casefold() in hyphenated
            out = f"{out}{line}" if keep else f"{out[:-1]}{line}"
        elif _starts_item(out.rsplit("\n", 1)[-1], line):
            out = f"{out}\n{line}"
        else:
            out = f"{out} {line}"
    return out
