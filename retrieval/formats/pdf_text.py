"""Text lines of a PDF with their fonts and places, read with pdfminer.six.

pdfminer.six gives every character's font name, size and position, and the outline
(bookmarks); this module turns them into ``Line`` values, one per line of a page, split
where a wide gap shows two columns side by side. Superscript note markers are left out.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any, cast

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTComponent, LTPage, LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFNoOutlines
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psexceptions import PSException
from pdfminer.psparser import PSLiteral

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st"})

Outline = list[tuple[int, str, int]]
"""Bookmarks as (level, title, page)."""


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
    table: bool = False
    """A whole table written as text, a row a line (``pdf_tables``), not a line of text."""


def read_pages(raw: bytes) -> tuple[list[list[Line]], Outline, str, list[str]]:
    """Lines of every page, the outline as (level, title, page), the Title metadata, and
    the page labels (each page as printed; empty when the PDF has none)."""
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
    labels = _page_labels(document, len(pages))
    return pages, _outline(document, page_numbers), _info_title(document), labels


def _page_labels(document: PDFDocument, count: int) -> list[str]:
    """The pages as printed ("i", "ii", "1", "A-1"), from the catalogue's /PageLabels.

    pdfminer's iterator goes on past the last page, so it is cut at ``count``. A PDF
    without labels, or with a broken label tree, has none: pages are then cited by their
    place in the file.
    """
    try:
        labels = list(itertools.islice(document.get_page_labels(), count))
    except (PSException, KeyError, TypeError, ValueError):  # none, or a damaged number tree
        return []
    return labels if len(labels) == count else []


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


def _outline(document: PDFDocument, page_numbers: dict[int, int]) -> Outline:
    """The bookmarks as (level, title, page); empty when there are none."""
    try:
        entries = list(document.get_outlines())
    except PDFNoOutlines:
        return []
    outline: Outline = []
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
