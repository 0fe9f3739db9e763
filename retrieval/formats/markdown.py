"""Markdown, read with markdown-it-py (CommonMark, tables, YAML front matter).

A real parser rather than line patterns: headings count wherever they stand (inside ``>``
quotes too), setext headings are headings, and a paragraph's text is what a reader sees,
with emphasis, links and images rendered as their words. The title is front matter's
``title:``, else a first heading (whose level then no longer counts), else the first line.
Lists and tables are paragraphs of their own, one item or row a line; a list joins the
paragraph before it when that paragraph ends with a colon.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from retrieval.formats.outline import Block, assemble, promote_under_title
from retrieval.formats.tables import table_text
from retrieval.report import Report, ReportError

_SPACES = re.compile(r"[ \t]+")


def parse_markdown(text: str, *, source: str = "") -> Report:
    """Parse Markdown text into a ``Report``."""
    where = source or "the report"
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    parser = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    tokens = parser.parse(text)
    front_title = _front_matter_title(tokens)
    blocks = _blocks(tokens)
    if not blocks and front_title is None:
        raise ReportError(f"Report is empty: {where}")
    first = blocks[0] if blocks else None
    if (
        first is not None
        and first.heading
        and (front_title is None or first.text.casefold() == front_title.casefold())
    ):
        title = first.text
        blocks = promote_under_title(blocks[1:], first.level or 1)
    elif front_title is not None:
        title = front_title
    elif first is not None:
        title, rest = _first_line(parser, text, first, _first_block_end(tokens))
        blocks = ([rest] if rest else []) + blocks[1:]
    else:  # pragma: no cover - blocks is non-empty here
        raise ReportError(f"Report is empty: {where}")
    return assemble(title, blocks, source=source, format="markdown")


def looks_like_markdown(text: str, *, setext: bool = False) -> bool:
    """Whether text is Markdown: it has front matter or ``#`` headings (or, with ``setext``,
    underlined headings). Plain text saved as ``.md`` has none and is read as plain text."""
    if text.removeprefix("\ufeff").startswith("---\n"):
        return True
    pattern = r"^(?:#{1,6}\s+\S|(?:=+|-+)$)" if setext else r"^#{1,6}\s+\S"
    return any(re.match(pattern, line.strip()) for line in text.splitlines())


def _front_matter_title(tokens: Sequence[Token]) -> str | None:
    for token in tokens:
        if token.type != "front_matter":
            continue
        try:
            meta = yaml.safe_load(token.content)
        except yaml.YAMLError:
            return None
        title = meta.get("title") if isinstance(meta, dict) else None
        return _SPACES.sub(" ", str(title)).strip() or None if title else None
    return None


def _blocks(tokens: Sequence[Token]) -> list[Block]:
    """Headings and paragraphs in reading order, lists and tables folded into paragraphs."""
    blocks: list[Block] = []
    lists: list[list[int]] = []  # one counter per open list; 0 marks a bullet list
    rows: list[list[str]] = []
    cells: list[str] = []
    table_line = 0
    item_has_text = False
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 0
        kind = token.type
        if kind == "heading_open":
            text = render_inline(tokens[index + 1])
            if text:
                blocks.append(Block(text, line, heading=True, level=int(token.tag[1:])))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            lists.append([int(start) - 1 if start is not None else 0, kind == "ordered_list_open"])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            lists[-1][0] += 1
            item_has_text = False
        elif kind == "inline" and lists and tokens[index - 1].type == "paragraph_open":
            text = render_inline(token)
            if item_has_text:
                last = blocks[-1]
                blocks[-1] = Block(f"{last.text} {text}", last.line)
            else:
                counter, ordered = lists[-1]
                marker = f"{counter}." if ordered else "•"
                _add_item(blocks, "  " * (len(lists) - 1) + f"{marker} {text}", line, len(lists))
                item_has_text = True
        elif kind == "table_open":
            rows, table_line = [], line
        elif kind == "tr_open":
            cells = []
        elif kind == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            cells.append(render_inline(token))
        elif kind == "tr_close":
            rows.append(cells)
        elif kind == "table_close":
            blocks.append(Block(table_text(rows), table_line))
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
            text = render_inline(token)
            if text:
                blocks.append(Block(text, line))
        elif kind in ("fence", "code_block") and token.content.strip():
            blocks.append(Block(token.content.strip("\n"), line))
    return blocks


def _add_item(blocks: list[Block], text: str, line: int, depth: int) -> None:
    """Add a list item to the list it continues, or to the paragraph introducing it."""
    last = blocks[-1] if blocks else None
    if last is not None and not last.heading and (_is_list(last) or last.text.endswith(":")):
        blocks[-1] = Block(f"{last.text}\n{text}", last.line)
    else:
        blocks.append(Block(text, line))


def _is_list(block: Block) -> bool:
    final = block.text.rsplit("\n", 1)[-1].lstrip()
    return final.startswith("• ") or bool(re.match(r"\d+\. ", final))


def render_inline(token: Token) -> str:
    """An inline token's text as a reader sees it: no emphasis marks, link and image words."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return _SPACES.sub(" ", "".join(parts)).strip()


def _first_block_end(tokens: Sequence[Token]) -> int:
    """The line after the document's first block (0-based, as markdown-it maps lines)."""
    return next(t.map[1] for t in tokens if t.map and t.type != "front_matter")


def _first_line(parser: MarkdownIt, text: str, first: Block, end: int) -> tuple[str, Block | None]:
    """The title from the first paragraph's first line, and the rest of that paragraph."""
    lines = text.split("\n")
    following = max(end, first.line)
    title = _render_source(parser, lines[first.line - 1])
    rest = _render_source(parser, "\n".join(lines[first.line : following]))
    return title, Block(rest, first.line + 1) if rest else None


def _render_source(parser: MarkdownIt, source: str) -> str:
    tokens = parser.parseInline(source.strip())
    return " ".join(render_inline(t) for t in tokens).strip()
