"""Web pages (a page saved from a browser), read with readability-lxml and lxml.

readability-lxml finds the article among navigation, cookie banners, teasers and comments
and returns it as HTML, its headings, bylines and captions kept (measured against
trafilatura in ``benchmarks/html_extractors.py``, which drops bylines and captions). Its
``h1``-``h6`` give the outline, with a leading ``h1`` as the title; lists and tables are
paragraphs of their own, one item or row a line. ``Paragraph.line`` is the line of the
saved file where the paragraph's element starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from lxml.etree import ParserError, _Element
from readability import Document

from retrieval.formats.outline import Block, assemble, promote_under_title
from retrieval.formats.tables import table_text
from retrieval.report import Report, ReportError, brief

_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_PARAGRAPHS = {"p", "figcaption", "pre", "dd", "dt", "address", "caption"}
_BLOCKS = {
    *_HEADINGS,
    *_PARAGRAPHS,
    "ul",
    "ol",
    "table",
    "div",
    "section",
    "article",
    "blockquote",
    "figure",
    "main",
    "header",
    "footer",
    "aside",
    "dl",
    "li",
}
_BOILERPLATE = re.compile(
    r"cookie|consent|newsletter|subscribe|signup|share|social|related|promo|advert|sponsor"
    r"|comment|breadcrumb|sidebar|popup|modal|banner",
    re.IGNORECASE,
)
_SKIPPED = {"script", "style", "noscript", "template", "button", "form", "nav"}


def parse_html(raw: bytes, *, source: str = "") -> Report:
    """Parse a saved web page into a ``Report`` of its article."""
    title, blocks = extract_article(raw, source=source)
    return assemble(title, blocks, source=source, format="html")


def extract_article(raw: bytes, *, source: str = "") -> tuple[str, list[Block]]:
    """The page's title and the article's headings and paragraphs with their lines."""
    where = source or "the web page"
    if not raw.strip():
        raise ReportError(f"Report is empty: {where}")
    try:
        page = Document(raw)
        article = lxml.html.fragment_fromstring(page.summary(html_partial=True))
        original = lxml.html.document_fromstring(raw)
    except (ParserError, ValueError) as error:
        raise ReportError(f"Cannot read the web page {where}: {brief(error)}") from None
    lines = _source_lines(original)
    blocks: list[Block] = []
    for text, level in _walk(_article_in_page(article, original)):
        last = blocks[-1] if blocks else None
        if not text:
            continue
        if (
            level is None
            and last
            and not last.heading
            and _is_list(text)
            and last.text.endswith(":")
        ):
            blocks[-1] = Block(f"{last.text}\n{text}", last.line)  # a list and its lead-in
        else:
            blocks.append(Block(text, lines.get(_key(text), 0), level is not None, level))
    if not blocks:
        raise ReportError(f"No article text found in the web page {where}.")
    first = blocks[0]
    if first.heading and first.level == 1:
        return first.text, promote_under_title(blocks[1:], 1)
    return _clean_title(page.short_title()) or first.text, blocks


def _article_in_page(article: _Element, page: _Element) -> _Element:
    """The element of the saved page that holds readability's article, else its copy.

    readability drops headings it finds too short (an ``h2`` alone in a ``section``);
    walking the page's own element that holds every article paragraph keeps them, while
    boilerplate inside it (newsletter boxes, share bars) is left out by its class or id.
    """
    wanted = {_text(p) for p in article.iter("p")} - {""}
    holders = [p for p in page.iter("p") if _text(p) in wanted]
    if not holders:
        return article
    common: _Element | None = holders[0]
    for holder in holders[1:]:
        while common is not None and holder not in common.iter():
            common = common.getparent()
    if common is None or common.tag in ("html", "body"):
        return article
    return common


def _walk(element: _Element) -> Iterator[tuple[str, int | None]]:
    """(text, heading level or None) for each block of the article, in reading order."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIPPED or tag == "aside" or _BOILERPLATE.search(_names(element)):
        return
    if tag in _HEADINGS:
        yield _text(element), _HEADINGS[tag]
    elif tag in ("ul", "ol"):
        yield "\n".join(_items(element, ordered=tag == "ol", depth=0)), None
    elif tag == "table":
        rows = [[_text(cell) for cell in row.iter("td", "th")] for row in element.iter("tr")]
        yield table_text(rows), None
    elif tag in _PARAGRAPHS or not any(_is_block(child) for child in element):
        yield _text(element), None
    else:
        for child in element:
            yield from _walk(child)


def _items(element: _Element, *, ordered: bool, depth: int) -> Iterator[str]:
    """A list's items, one a line, nested lists indented under their item."""
    number = 0
    for item in element:
        if item.tag != "li":
            continue
        number += 1
        marker = f"{number}." if ordered else "•"
        nested = [child for child in item if child.tag in ("ul", "ol")]
        own = _text(item, skip=nested)
        if own:
            yield "  " * depth + f"{marker} {own}"
        for sub in nested:
            yield from _items(sub, ordered=sub.tag == "ol", depth=depth + 1)


def _names(element: _Element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _is_list(text: str) -> bool:
    return text.startswith("• ") or text.startswith("1. ")


def _is_block(element: _Element) -> bool:
    return isinstance(element.tag, str) and element.tag in _BLOCKS


def _text(element: _Element, skip: list[_Element] | None = None) -> str:
    """An element's words as a reader sees them, leaving out ``skip`` and scripts."""
    parts: list[str] = []
    left_out = set(skip or [])

    def gather(node: _Element) -> None:
        if node in left_out or node.tag in _SKIPPED:
            return
        if node.tag == "br":
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            gather(child)
            if child.tail:
                parts.append(child.tail)

    gather(element)
    return " ".join("".join(parts).split())


def _source_lines(document: _Element) -> dict[str, int]:
    """The saved file's line of each block element, by its text (first one wins)."""
    lines: dict[str, int] = {}
    for element in document.iter(*_HEADINGS, *_PARAGRAPHS, "li", "td", "div", "blockquote"):
        key = _key(_text(element))
        if key and element.sourceline is not None:
            lines.setdefault(key, element.sourceline)
    return lines


def _key(text: str) -> str:
    return text.split("\n", 1)[0].removeprefix("• ").removeprefix("1. ").casefold()[:200]


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip()
