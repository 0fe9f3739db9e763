"""PDF, read with pdfminer.six: text lines with their fonts and places, then a report.

pdfminer.six (MIT, pure Python, maintained) gives every character's font, size and
position and the document's outline (bookmarks); pdfplumber adds table tools on top of it
that reports do not need, and PDFium's bindings give less font detail. From the lines:

* running headers, footers and page numbers go: a line in the top or bottom margin whose
  text (digits aside) repeats on at least half the pages, or that is only a page number;
* footnotes (smaller lines at the foot of a page, starting with a marker) are kept apart,
  in a "Footnotes" section at the end, each with its page; superscript note markers in
  body text are dropped;
* two-column pages are read column by column, full-width lines breaking the columns;
* headings are lines larger than body text, or bold lines of body size that have a
  heading's shape; levels follow the sizes, or the outline's levels when it has one, or
  the heading numbers ("2.13") when most headings have them;
* table-of-contents lines (dot leaders and a page number) are left out, and so is the
  rest of a page made of them, headings aside;
* paragraphs are re-flowed across lines, columns and pages, and a word hyphenated at a line
  end is joined (a hyphen the document uses elsewhere in that word is kept).

``Paragraph.line`` is the line on its page, counted in reading order without running
headers; ``Paragraph.page`` the page where the paragraph starts.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path
from typing import Any, cast

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTComponent, LTPage, LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFNoOutlines
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSLiteral

from retrieval.formats.numbering import heading_number
from retrieval.formats.outline import Block, assemble
from retrieval.formats.shapes import is_caption, is_list_item
from retrieval.report import Report, ReportError

FOOTNOTES = "Footnotes"
MARGIN = 0.1
"""Top and bottom share of a page where running headers and footers are looked for."""
HEADING_SIZE = 1.15
"""A line this many times the body size, or more, is a heading."""
FOOTNOTE_SIZE = 0.92
"""A line this many times the body size, or less, at a page's foot can be a footnote."""

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(?:\d+|[ivxlc]+)(?:\s*(?:of|/)\s*\d+)?$", re.IGNORECASE)
_NOTE_MARKER = re.compile(r"^(?:\d{1,3}|[*†‡§])(?:[.)]\s*|\s+|(?=[A-Z]))")
# A table of contents line: "3 Utilities . . . . . . 5" (dot leaders, then a page number).
_TABLE_OF_CONTENTS = re.compile(r"(?:\.\s?){4,}\s*(?:\d+|[ivxlc]+)?$")
_HEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s+")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st"})
_SENTENCE_END = re.compile(r"[.!?:…][\"”’')\]]*$")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text on a page, with the typography that tells what it is."""

    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page_height: float
    column: str = "full"
    """"left", "right" or "full" on a two-column page; "full" elsewhere."""


def parse_pdf(raw: bytes, *, source: str = "") -> Report:
    """Parse a PDF's text layer into a ``Report``."""
    where = source or "the PDF"
    try:
        pages, outline, info_title = _read(raw)
    except ReportError:
        raise
    except Exception as error:  # pdfminer raises many unrelated types for broken files
        raise ReportError(f"Cannot read the PDF {where}: {type(error).__name__}") from None
    lines = [line for page in pages for line in page]
    if not lines:
        raise ReportError(
            f"The PDF {where} has no text layer (a scanned document?): run OCR on it first, "
            "for example with ocrmypdf, and serve the result."
        )
    body_size = _body_size(lines)
    pages = _without_running_lines(pages, body_size)
    pages = [_without_table_of_contents(page, body_size) for page in pages]
    pieces: list[_Piece] = []
    notes: list[_Piece] = []
    split = [_split_footnotes(page, body_size) for page in pages]
    ordered = [_reading_order(body) for body, _foot in split]
    spacing = _line_spacing(ordered)
    for body, (_body, foot) in zip(ordered, split, strict=True):
        pieces += _page_pieces(body, body_size, spacing)
        notes += _footnote_pieces(foot, first_line=len(body) + 1)
    hyphenated = _hyphenated_words(lines)
    title, pieces = _title(_across_pages(pieces), info_title, where)
    blocks = _blocks(pieces, outline, hyphenated)
    if notes:
        top = min((b.level or 1 for b in blocks if b.heading), default=1)
        blocks.append(Block(FOOTNOTES, notes[0].line, heading=True, level=top))
        blocks += [Block(reflow(n.text, hyphenated), n.line, page=n.page) for n in notes]
    return assemble(title, blocks, source=source, format="pdf")


# Reading the file


def _read(raw: bytes) -> tuple[list[list[Line]], list[tuple[int, str, int]], str]:
    """Lines of every page, the outline as (level, title, page), and the Title metadata."""
    document = PDFDocument(PDFParser(BytesIO(raw)))
    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=LAParams(boxes_flow=None))
    interpreter = PDFPageInterpreter(resources, device)
    pages: list[list[Line]] = []
    page_numbers: dict[int, int] = {}
    for number, page in enumerate(PDFPage.create_pages(document), start=1):
        page_numbers[cast(int, page.pageid)] = number
        interpreter.process_page(page)
        layout = device.get_result()
        pages.append(list(_lines(layout, number)))
    return pages, _outline(document, page_numbers), _info_title(document)


def _lines(layout: LTPage, page: int) -> Iterator[Line]:
    """The page's text lines, split where a wide gap shows two columns side by side."""
    for line in _text_lines(layout):
        chars = [c for c in line if isinstance(c, LTChar)]
        for piece in _split_at_gaps(chars):
            made = _line(piece, page, layout.height)
            if made is not None:
                yield made


def _text_lines(item: LTComponent) -> Iterator[LTTextLine]:
    if isinstance(item, LTTextLine):
        yield item
    elif isinstance(item, LTTextContainer | LTPage):
        for child in item:
            yield from _text_lines(child)


def _split_at_gaps(chars: list[LTChar]) -> Iterator[list[LTChar]]:
    piece: list[LTChar] = []
    for char in chars:
        if piece and char.x0 - piece[-1].x1 > 1.5 * max(char.size, piece[-1].size):
            yield piece
            piece = []
        piece.append(char)
    if piece:
        yield piece


def _line(chars: list[LTChar], page: int, height: float) -> Line | None:
    """A line from its characters; superscript note markers are left out."""
    size = statistics.median(c.size for c in chars)
    kept = [c for c in chars if not _is_superscript(c, size)]
    text = _text(chars, kept)
    if not text:
        return None
    fonts = Counter(_BOLD.search(c.fontname) is not None for c in kept if c.get_text().strip())
    return Line(
        text=text,
        page=page,
        x0=min(c.x0 for c in chars),
        x1=max(c.x1 for c in chars),
        top=height - max(c.y1 for c in chars),
        bottom=height - min(c.y0 for c in chars),
        size=round(size * 2) / 2,
        bold=fonts[True] > fonts[False],
        page_height=height,
    )


def _is_superscript(char: LTChar, size: float) -> bool:
    return char.get_text().isdigit() and char.size < 0.8 * size


def _text(chars: list[LTChar], kept: list[LTChar]) -> str:
    """Text of the kept characters, with spaces where the page leaves a gap."""
    out: list[str] = []
    previous: LTChar | None = None
    kept_ids = {id(c) for c in kept}
    for char in chars:
        if id(char) not in kept_ids:
            continue
        gap = previous is not None and char.x0 - previous.x1 > 0.15 * char.size
        if gap and out and out[-1] != " ":
            out.append(" ")
        out.append(char.get_text())
        previous = char
    return re.sub(r"\s+", " ", "".join(out).translate(_LIGATURES)).strip()


def _outline(document: PDFDocument, page_numbers: dict[int, int]) -> list[tuple[int, str, int]]:
    """The bookmarks as (level, title, page); empty when there are none."""
    try:
        entries = list(document.get_outlines())
    except PDFNoOutlines:
        return []
    outline: list[tuple[int, str, int]] = []
    for level, title, dest, action, _se in entries:
        page = _destination_page(document, dest, action, page_numbers)
        if page is not None and isinstance(title, str) and title.strip():
            outline.append((level, " ".join(title.split()), page))
    return outline


def _destination_page(
    document: PDFDocument, dest: Any, action: Any, page_numbers: dict[int, int]
) -> int | None:
    target = resolve1(dest) if dest is not None else None
    if target is None and action is not None:
        target = resolve1(resolve1(action).get("D"))
    if isinstance(target, bytes | str | PSLiteral):
        name = target.name if isinstance(target, PSLiteral) else target
        target = resolve1(document.get_dest(name))
    if isinstance(target, dict):
        target = resolve1(target.get("D"))
    if isinstance(target, list) and target and isinstance(target[0], PDFObjRef):
        return page_numbers.get(target[0].objid)
    return None


def _info_title(document: PDFDocument) -> str:
    for info in document.info:
        title = resolve1(info.get("Title"))
        if isinstance(title, bytes):
            title = _decode_pdf_string(title)
        if isinstance(title, str) and title.strip():
            return " ".join(title.split())
    return ""


def _decode_pdf_string(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")


# Page furniture


def _body_size(lines: Sequence[Line]) -> float:
    """The size most of the text is set in."""
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0]


def _without_running_lines(pages: list[list[Line]], body_size: float) -> list[list[Line]]:
    """Pages without running headers, footers and page numbers.

    A running line sits in the top or bottom margin, is not set as large as a heading
    ("Chapter 3" at the top of each chapter's page stays), and its text, digits aside,
    repeats on at least half the pages; a margin line that is only a page number goes too.
    """
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_furniture_key(line) for line in page if _running(line, body_size)})
    repeated = {key for key, count in seen.items() if count >= max(2, len(pages) / 2)}
    return [
        [
            line
            for line in page
            if not (
                _running(line, body_size)
                and (_furniture_key(line) in repeated or _PAGE_NUMBER.match(line.text))
            )
        ]
        for page in pages
    ]


def _running(line: Line, body_size: float) -> bool:
    """Whether a line could be a running header or footer: small enough, in a margin."""
    in_margin = line.bottom < line.page_height * MARGIN or line.top > line.page_height * (
        1 - MARGIN
    )
    return in_margin and line.size < body_size * HEADING_SIZE


def _furniture_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.casefold())


def _without_table_of_contents(page: list[Line], body_size: float) -> list[Line]:
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


def _split_footnotes(page: list[Line], body_size: float) -> tuple[list[Line], list[Line]]:
    """Body lines and footnote lines: small lines at the foot, from the first marked one."""
    ordered = sorted(page, key=lambda line: line.top)
    if not ordered:
        return [], []
    middle = (ordered[0].top + ordered[-1].bottom) / 2
    for index, line in enumerate(ordered):
        rest = ordered[index:]
        if (
            line.top > middle
            and _NOTE_MARKER.match(line.text)
            and all(other.size <= body_size * FOOTNOTE_SIZE for other in rest)
        ):
            return ordered[:index], rest
    return ordered, []


def _reading_order(lines: list[Line]) -> list[Line]:
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


# Blocks


@dataclass(frozen=True, slots=True)
class _Piece:
    """A heading or paragraph of a page, its lines still apart (joined by newlines)."""

    text: str
    line: int
    page: int
    style: tuple[float, bool] | None = None
    """(size, bold) of a heading; None for body text."""


def _is_heading(line: Line, body_size: float) -> bool:
    if is_caption(line.text) or is_list_item(line.text) or _PAGE_NUMBER.match(line.text):
        return False
    words = len(line.text.split())
    if line.size >= body_size * HEADING_SIZE:
        return words <= 20
    return (
        line.bold
        and line.size >= body_size * 0.95
        and words <= 12
        and not line.text.endswith((".", ",", ";"))
    )


def _page_pieces(lines: list[Line], body_size: float, spacing: float) -> list[_Piece]:
    """Headings and paragraphs of one page, each with its line on the page."""
    pieces: list[_Piece] = []
    previous: Line | None = None
    for number, line in enumerate(lines, start=1):
        style = (line.size, line.bold) if _is_heading(line, body_size) else None
        last = pieces[-1] if pieces else None
        if last is None or previous is None:
            pieces.append(_Piece(line.text, number, line.page, style))
        elif style is not None and last.style == style and line.top - previous.bottom < line.size:
            pieces[-1] = replace(last, text=f"{last.text} {line.text}")  # a heading's 2nd line
        elif style is None and last.style is None and not _breaks(previous, line, spacing):
            pieces[-1] = replace(last, text=f"{last.text}\n{line.text}")
        else:
            pieces.append(_Piece(line.text, number, line.page, style))
        previous = line
    return pieces


def _line_spacing(pages: list[list[Line]]) -> float:
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


def _footnote_pieces(lines: list[Line], first_line: int) -> list[_Piece]:
    """One piece per footnote: a marked line and the lines that continue it."""
    notes: list[_Piece] = []
    for number, line in enumerate(lines, start=first_line):
        if _NOTE_MARKER.match(line.text) or not notes:
            notes.append(_Piece(line.text, number, line.page))
        else:
            notes[-1] = replace(notes[-1], text=f"{notes[-1].text}\n{line.text}")
    return notes


def _hyphenated_words(lines: Iterable[Line]) -> set[str]:
    """Hyphenated words the document writes inside lines ("region-wide")."""
    words: set[str] = set()
    for line in lines:
        words.update(w.casefold() for w in re.findall(r"\w+-\w+", line.text))
    return words


def _across_pages(pieces: list[_Piece]) -> list[_Piece]:
    """Join a paragraph that a page break cut mid-sentence to its continuation."""
    joined: list[_Piece] = []
    for piece in pieces:
        last = joined[-1] if joined else None
        if (
            last is not None
            and piece.style is None
            and last.style is None
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


def _title(pieces: list[_Piece], info_title: str, where: str) -> tuple[str, list[_Piece]]:
    """The title and the pieces left after it.

    The largest heading on the first page when no other heading is set that large; else
    the Title metadata; else the file's name. A style shared by several headings
    ("Chapter 1", "Chapter 2") is a heading level, not the title.
    """
    if not pieces:
        raise ReportError(f"The PDF {where} has only running headers and page numbers.")
    styles = [p.style for p in pieces if p.style is not None]
    if styles:
        top = max(styles)
        first = next(p for p in pieces if p.style == top)
        if first.page == pieces[0].page and styles.count(top) == 1:
            return first.text, [p for p in pieces if p is not first]
    if info_title:
        return info_title, pieces
    return Path(where).stem.replace("_", " ").replace("-", " "), pieces


def _blocks(
    pieces: list[_Piece], outline: list[tuple[int, str, int]], hyphenated: set[str]
) -> list[Block]:
    """Blocks with heading levels from the outline when it has one, else from font sizes."""
    styles = sorted({p.style for p in pieces if p.style is not None}, reverse=True)
    rank = {style: level for level, style in enumerate(styles, start=1)}
    deepest = max((level for level, _title, _page in outline), default=0)
    remaining = list(outline)
    blocks: list[Block] = []
    for piece in pieces:
        entry = _matching_entry(piece, remaining) if outline else None
        if entry is not None:
            remaining.remove(entry)
            level: int | None = entry[0]
        elif piece.style is not None:
            level = deepest + 1 if outline else rank[piece.style]
        else:
            level = None
        if level is None:
            text = reflow(piece.text, hyphenated)
            blocks.append(Block(text, piece.line, page=piece.page))
        else:
            text = " ".join(piece.text.split())
            blocks.append(Block(text, piece.line, heading=True, level=level, page=piece.page))
    return _by_numbers(blocks)


def _by_numbers(blocks: list[Block]) -> list[Block]:
    """Let heading numbers decide the levels when at least half the headings have them.

    Fonts and bookmarks often nest "2.13" under "2.12" (a heading set a point smaller, a
    bookmark missing); numbers, where the report has them, say where each belongs.
    """
    numbers = [heading_number(b.text) if b.heading else None for b in blocks]
    headings = sum(b.heading for b in blocks)
    if not headings or 2 * sum(n is not None for n in numbers) < headings:
        return blocks
    return [
        replace(b, level=None, numbered=n) if b.heading else b
        for b, n in zip(blocks, numbers, strict=True)
    ]


def _matching_entry(
    piece: _Piece, outline: list[tuple[int, str, int]]
) -> tuple[int, str, int] | None:
    """The bookmark naming this piece on its page, if any."""
    if len(piece.text) > 200:
        return None
    # Bookmarks often leave out the heading's number: "Naming" for "2.2 Naming".
    names = {_comparable(piece.text), _comparable(_HEADING_NUMBER.sub("", piece.text))} - {""}
    return next((e for e in outline if e[2] == piece.page and _comparable(e[1]) in names), None)


def _comparable(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()
