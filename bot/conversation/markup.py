"""Telegram HTML and its limits: outside text escaped once, measured, marked up and split.

All report and user text is escaped here, by ``escape``; nothing else builds HTML from it.
Messages are split at passage boundaries to stay within Telegram's limit of 4096 UTF-16
code units of visible text (tags excluded, entities counted as one character).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

MESSAGE_LIMIT = 4096
"""Telegram's limit, in UTF-16 code units of the text after entity parsing."""

_TAG = re.compile(r"<[^>]+>")


def escape(text: str) -> str:
    """Outside text (a report's, a reader's) as HTML text: the one place it is escaped."""
    return html.escape(text, quote=False)


def visible_length(message_html: str) -> int:
    """Length Telegram counts: UTF-16 code units of the text once tags and entities are parsed."""
    text = html.unescape(_TAG.sub("", message_html))
    return len(text.encode("utf-16-le")) // 2


def pieces(text: str) -> list[str]:
    """Report text cut into pieces that fit a message on their own."""
    return [text[start:end] for start, end in chunks(text, MESSAGE_LIMIT - 200)]


def mark_up(
    text: str,
    start: int,
    end: int,
    sentences: Iterable[tuple[int, int]],
    words: Iterable[tuple[int, int]],
) -> str:
    """HTML for ``text[start:end]`` with ``sentences`` bold and ``words`` underlined.

    Words never cross sentence boundaries, so the tags nest properly.
    """
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for tag, spans in (("b", sentences), ("u", words)):
        for span_start, span_end in spans:
            s, e = max(span_start, start), min(span_end, end)
            if s < e:
                opens.setdefault(s, []).append(tag)
                closes.setdefault(e, []).insert(0, tag)
    cuts = sorted({start, end, *opens, *closes})
    out: list[str] = []
    for position, following in zip(cuts, [*cuts[1:], end], strict=True):
        out += [f"</{tag}>" for tag in closes.get(position, [])]
        out += [f"<{tag}>" for tag in opens.get(position, [])]
        out.append(escape(text[position:following]))
    return "".join(out)


def pack(blocks: Sequence[str], limit: int = MESSAGE_LIMIT, separator: str = "\n\n") -> list[str]:
    """Join blocks with ``separator`` into as few messages as fit within ``limit``.

    Every block must fit on its own (``passage`` ensures that for report text).
    """
    joined = (
        separator.join(blocks[i] for i in group) for group in groups(blocks, limit, separator)
    )
    return [message for message in joined if message]


def groups(
    blocks: Sequence[str], limit: int = MESSAGE_LIMIT, separator: str = "\n\n"
) -> list[list[int]]:
    """Which blocks (their indices) ``pack`` puts in each message: an answer's buttons go
    under the message that shows their passage."""
    found: list[list[int]] = []
    current = ""
    for number, block in enumerate(blocks):
        candidate = f"{current}{separator}{block}" if current else block
        if not found or (current and visible_length(candidate) > limit):
            found.append([number])
            current = block
        else:
            found[-1].append(number)
            current = candidate
    return found


def chunks(text: str, limit: int) -> Iterable[tuple[int, int]]:
    """Offsets of consecutive pieces of ``text``, each at most ``limit`` UTF-16 units.

    Cuts at the last white space that fits, or mid-word for a word longer than the limit.
    """
    start = 0
    while start < len(text):
        end = _fitting_end(text, start, limit)
        if end < len(text):
            space = text.rfind(" ", start + 1, end + 1)
            if space > start:
                end = space
        yield start, end
        start = end
        while start < len(text) and text[start] == " ":
            start += 1


def _fitting_end(text: str, start: int, limit: int) -> int:
    """The largest end such that ``text[start:end]`` is at most ``limit`` UTF-16 units."""
    units = 0
    for position in range(start, len(text)):
        units += 2 if ord(text[position]) > 0xFFFF else 1
        if units > limit:
            return max(position, start + 1)
    return len(text)
