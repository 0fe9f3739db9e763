"""From a PDF's pieces to the title and blocks: which headings stand, at what level.

The title is the first page's largest heading, the title page's other large lines are
metadata; levels come from the bookmarks, the heading numbers or the font sizes.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from pathlib import Path

from retrieval.formats.numbering import heading_chain, heading_number, list_runs
from retrieval.formats.outline import Block
from retrieval.formats.pdf_pieces import Piece, reflow
from retrieval.formats.pdf_text import Outline
from retrieval.report import ReportError

_HEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s+")
_CONTENTS = re.compile(r"^(?:table of )?contents$", re.IGNORECASE)


def title_of(pieces: list[Piece], info_title: str, where: str) -> tuple[str, list[Piece]]:
    """The title and the pieces left after it.

    The largest heading when no other heading is set that large and it is on the first
    page, or opens the second (a report after a one-page cover letter); else the
    Title metadata; else the file's name. A style shared by several headings ("Chapter 1",
    "Chapter 2") is a heading level, not the title.
    """
    if not pieces:
        raise ReportError(f"The PDF {where} has only running headers and page numbers.")
    styles = [p.style for p in pieces if p.style is not None]
    if styles:
        top = max(styles)
        first = next(p for p in pieces if p.style == top)
        after_cover = first.page == pieces[0].page + 1 and first.style == styles[0]
        opens = first.page == pieces[0].page or after_cover
        if opens and styles.count(top) == 1:
            return first.text, _title_page([p for p in pieces if p is not first], first.page)
    if info_title:
        return info_title, pieces
    return Path(where).stem.replace("_", " ").replace("-", " "), pieces


TITLE_PAGE_BODY_WORDS = 25
"""A title-page heading followed on its page by a paragraph this long opens the body."""


def _title_page(pieces: list[Piece], page: int) -> list[Piece]:
    """Pieces with the title page's other large lines made metadata, not headings.

    On the title's page, subtitles, authors, affiliations and dates are set large too;
    each is a heading only when it is numbered, a "Contents" heading, a paragraph of some
    length follows it on that page ("1. Introduction", an "Executive summary" that starts
    on page 1), or one comes before it: once the body has begun, a large line is the
    body's heading, even one followed at once by its first subheading.
    """
    out: list[Piece] = []
    for index, piece in enumerate(pieces):
        after = itertools.takewhile(
            lambda p: p.style is None and p.page == page, pieces[index + 1 :]
        )
        if (
            piece.page != page
            or piece.style is None
            or heading_number(piece.text)
            or _CONTENTS.match(piece.text)  # a table of contents starting on the title page
            or any(_body(p) for p in after)
            or any(_body(p) and p.page == page for p in pieces[:index])
        ):
            out.append(piece)
        elif piece.stacked and out and out[-1].style is None and pieces[index - 1].style:
            out[-1] = replace(out[-1], text=f"{out[-1].text} {piece.text}")  # one more author
        else:
            out.append(replace(piece, style=None))
    return out


def _body(piece: Piece) -> bool:
    """Whether ``piece`` is a paragraph of the body: long enough not to be a title page's."""
    return piece.style is None and len(piece.text.split()) >= TITLE_PAGE_BODY_WORDS


def blocks_of(pieces: list[Piece], outline: Outline, hyphenated: set[str]) -> list[Block]:
    """Blocks with heading levels from the outline when it has one, else from font sizes.

    Bookmarks that name fewer than half the headings (a Word export bookmarking only its
    title) say less than the fonts do, so the fonts decide then.
    """
    styles = sorted({p.style for p in pieces if p.style is not None}, reverse=True)
    rank = {style: level for level, style in enumerate(styles, start=1)}
    headed = [p for p in pieces if p.style is not None]
    if 2 * sum(_matching_entry(p, outline) is not None for p in headed) < len(headed):
        outline = []
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
            text = piece.text if piece.table else reflow(piece.text, hyphenated)
            blocks.append(Block(text, piece.line, page=piece.page))
        else:
            text = " ".join(piece.text.split())
            blocks.append(Block(text, piece.line, heading=True, level=level, page=piece.page))
    return _by_numbers(blocks)


def _by_numbers(blocks: list[Block]) -> list[Block]:
    """Let heading numbers decide the levels when at least half the headings have them.

    Fonts and bookmarks often nest "2.13" under "2.12" (a heading set a point smaller, a
    bookmark missing); numbers, where the report has them, say where each belongs. A bold
    numbered line that the document's numbering, read as a whole, leaves out is a list
    item, so it becomes body text (``heading_chain``).
    """
    numbers = [heading_number(b.text) if b.heading else None for b in blocks]
    headings = sum(b.heading for b in blocks)
    if not headings or 2 * sum(n is not None for n in numbers) < headings:
        return blocks
    at = [index for index, n in enumerate(numbers) if n is not None]
    found = [n for n in numbers if n is not None]
    lead_ins = [i > 0 and blocks[i - 1].text.rstrip().endswith(":") for i in at]
    chosen = {at[k] for k in heading_chain(found, list_runs(found, lead_ins))}
    out: list[Block] = []
    for index, (block, number) in enumerate(zip(blocks, numbers, strict=True)):
        if number is not None and index not in chosen:
            out.append(Block(block.text, block.line, page=block.page))
        elif block.heading:
            out.append(replace(block, level=None, numbered=number))
        else:
            out.append(block)
    return out


def _matching_entry(piece: Piece, outline: Outline) -> tuple[int, str, int] | None:
    """The bookmark naming this piece on its page, if any."""
    if len(piece.text) > 200:
        return None
    # Bookmarks often leave out the heading's number: "Naming" for "2.2 Naming".
    names = {_comparable(piece.text), _comparable(_HEADING_NUMBER.sub("", piece.text))} - {""}
    return next((e for e in outline if e[2] == piece.page and _comparable(e[1]) in names), None)


def _comparable(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()
