"""Word files (.docx), read with python-docx.

Headings come from heading styles ("Heading 1".. "Heading 9", and styles built on them)
and from outline levels set on a paragraph or its style; the "Title" style, else the
document's Title property, else the first paragraph, is the title. List paragraphs
(numbered, or of a "List" style) and tables stay out of the heading structure: a list is
one paragraph with an item a line, joined to the paragraph that introduces it when that
ends with a colon, and a table is one paragraph with a row a line, each cell with its
column's header (``retrieval.formats.tables``).

Word files have no lines: ``Paragraph.line`` is the paragraph's position among the
body's paragraphs and tables. They have pages only as Word last laid them out: when the
file carries Word's rendered page breaks, ``Paragraph.page`` counts them; else it is None.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph as WordParagraph
from lxml.etree import XMLSyntaxError

from retrieval.formats.outline import Block, assemble, promote_under_title
from retrieval.formats.shapes import MAX_HEADING_WORDS, SENTENCE_END
from retrieval.formats.tables import table_text
from retrieval.report import Report, ReportError, brief

_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


def parse_docx(raw: bytes, *, source: str = "") -> Report:
    """Parse a Word file into a ``Report``."""
    where = source or "the Word file"
    try:
        document = Document(BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        reason = "not a Word .docx file" if not raw.startswith(b"PK") else brief(error)
        raise ReportError(f"Cannot read the Word file {where}: {reason}") from None
    except XMLSyntaxError as error:  # a zip whose document XML is cut or damaged
        raise ReportError(
            f"Cannot read the Word file {where}: its XML is damaged ({brief(error)})"
        ) from None
    title, blocks = _blocks(document)
    if not blocks and not title:
        raise ReportError(f"Report is empty: {where}")
    if not title:
        first = blocks[0]
        if first.heading and any(b.heading and b.level == first.level for b in blocks[1:]):
            # A level shared by several headings is the outline's, not the title's.
            title = Path(where).stem.replace("_", " ").replace("-", " ")
        else:
            title, blocks = first.text, blocks[1:]
            if first.heading:
                blocks = promote_under_title(blocks, first.level or 1)
    return assemble(title, blocks, source=source, format="docx")


def _blocks(document: DocumentObject) -> tuple[str, list[Block]]:
    """The title (empty when the file names none) and the body's blocks in order."""
    paged = document.element.body.find(f".//{qn('w:lastRenderedPageBreak')}") is not None
    page = 1
    title = ""
    titling = False  # the last paragraph was a line of the title
    blocks: list[Block] = []
    listed = False  # the last block ends in a list
    styled = any(_heading_level(p) is not None for p in document.paragraphs)
    for position, item in enumerate(_body(document), start=1):
        if isinstance(item, Table):
            text = _table_text(item)
            if text:
                blocks.append(Block(text, position, page=page if paged else None))
                listed = False
            continue
        breaks = item.rendered_page_breaks
        if breaks and breaks[0].preceding_paragraph_fragment is None:
            page, breaks = page + 1, breaks[1:]  # the paragraph opens the next page
        where = page if paged else None
        page += len(breaks)
        text = " ".join(item.text.split())
        if not text:
            continue
        style = item.style.name if item.style is not None else ""
        if style == "Title" and (titling or not title):
            title, titling = f"{title} {text}".strip(), True  # a title set over lines
            continue
        titling = False
        level = _heading_level(item)
        if level is None and not styled and _bold_heading(item, text):
            level = 1
        if level is not None:
            blocks.append(Block(text, position, heading=True, level=level, page=where))
            listed = False
        elif _is_list_item(item):
            last = blocks[-1] if blocks else None
            if last is not None and not last.heading and (listed or last.text.endswith(":")):
                blocks[-1] = Block(f"{last.text}\n• {text}", last.line, page=last.page)
            else:
                blocks.append(Block(f"• {text}", position, page=where))
            listed = True
        else:
            blocks.append(Block(text, position, page=where))
            listed = False
    title = title or " ".join((document.core_properties.title or "").split())
    return title, blocks


def _body(document: DocumentObject) -> Iterator[WordParagraph | Table]:
    yield from document.iter_inner_content()


def _heading_level(paragraph: WordParagraph) -> int | None:
    """Level from the outline level set on the paragraph or its style, or a heading style."""
    direct = _outline_level(paragraph._p.pPr)
    if direct is not None:
        return direct
    style: BaseStyle | None = paragraph.style
    while style is not None:
        match = _HEADING_STYLE.match(style.name or "")
        if match:
            return int(match.group(1))
        level = _outline_level(style.element.pPr)
        if level is not None:
            return level
        style = style.base_style if isinstance(style, ParagraphStyle) else None
    return None


def _bold_heading(paragraph: WordParagraph, text: str) -> bool:
    """A short line set wholly in bold, not ending like a sentence: a heading in a file
    whose author made headings by hand, without heading styles ("FR/CFR Pilot")."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    style_bold = paragraph.style is not None and bool(paragraph.style.font.bold)
    return (
        bool(runs)
        and all(run.bold or (run.bold is None and style_bold) for run in runs)
        and len(text.split()) <= MAX_HEADING_WORDS
        and not text.endswith(SENTENCE_END)
        and not _is_list_item(paragraph)
    )


def _outline_level(properties: BaseOxmlElement | None) -> int | None:
    """Word's 0-based outline level as a 1-based heading level (9 is body text)."""
    if properties is None:
        return None
    element = properties.find(qn("w:outlineLvl"))
    if element is None:
        return None
    value = int(element.get(qn("w:val"), "9"))
    return value + 1 if value < 9 else None


def _is_list_item(paragraph: WordParagraph) -> bool:
    properties = paragraph._p.pPr
    if properties is not None and properties.find(qn("w:numPr")) is not None:
        return True
    style: BaseStyle | None = paragraph.style
    while style is not None:
        if (style.name or "").startswith("List"):
            return True
        style_properties = style.element.pPr
        if style_properties is not None and style_properties.find(qn("w:numPr")) is not None:
            return True
        style = style.base_style if isinstance(style, ParagraphStyle) else None
    return False


def _table_text(table: Table) -> str:
    """A table as ``table_text`` writes it, a merged cell once."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if not cells or cells[-1] != text:
                cells.append(text)
        rows.append(cells)
    return table_text(rows)
