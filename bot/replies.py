"""Every text the bot sends, as Telegram HTML that Telegram accepts: pure functions, no network.

All report and user text is escaped here, once, by ``_escape``; nothing else builds HTML.
Messages are split at passage boundaries to stay within Telegram's limit of 4096 UTF-16
code units of visible text (tags excluded, entities counted as one character).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from retrieval import Hit, Report, SearchResult

MESSAGE_LIMIT = 4096
"""Telegram's limit, in UTF-16 code units of the text after entity parsing."""
SECTION_SEPARATOR = " › "

_TAG = re.compile(r"<[^>]+>")


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def visible_length(message_html: str) -> int:
    """Length Telegram counts: UTF-16 code units of the text once tags and entities are parsed."""
    text = html.unescape(_TAG.sub("", message_html))
    return len(text.encode("utf-16-le")) // 2


def section_path(path: Sequence[str]) -> str:
    """A heading path as one bold line."""
    return f"<b>{_escape(SECTION_SEPARATOR.join(path))}</b>"


def welcome(report: Report, examples: Sequence[str], commands: Sequence[tuple[str, str]]) -> str:
    """/start: what the bot is, which report it serves, what to ask."""
    lines = [
        "Hello! I answer questions about this report:",
        f"<b>{_escape(report.title)}</b>",
        "",
        "Ask me anything in plain words and I reply with the passages that answer it, "
        "each under its section heading.",
    ]
    if examples:
        lines += ["", "For example:"]
        lines += [f"• {_escape(example)}" for example in examples]
    lines += ["", *command_lines(commands)]
    return "\n".join(lines)


def help_text(commands: Sequence[tuple[str, str]]) -> str:
    """/help: how to ask, and the commands."""
    return "\n".join(
        [
            "<b>How to ask</b>",
            "Send a question in plain words, such as a name, a place or a topic. "
            "I show the best-matching passages with the answer sentence in bold and "
            "your words underlined.",
            "",
            *command_lines(commands),
        ]
    )


def command_lines(commands: Sequence[tuple[str, str]]) -> list[str]:
    """One line per command: ``/name - description``."""
    return ["<b>Commands</b>", *(f"/{name} - {_escape(text)}" for name, text in commands)]


def outline(report: Report) -> list[str]:
    """/sections: the outline, nested and numbered, split into messages that fit."""
    lines = [f"{'    ' * (s.level - 1)}{s.number}. {_escape(s.title)}" for s in report.sections]
    return pack([f"<b>{_escape(report.title)}</b>\n", *lines], separator="\n")


def answer(result: SearchResult) -> list[str]:
    """The passages for a question, under their headings, in as few messages as fit."""
    notes = []
    if result.note:
        notes.append(f"<i>{_escape(result.note)}</i>")
    if result.corrections:
        shown = ", ".join(_escape(c.replacement) for c in result.corrections)
        notes.append(f"<i>Showing results for {shown}</i>")
    if not result.hits:
        return pack(notes if result.note else [*notes, not_covered()])
    return pack([*notes, *(block for hit in result.hits for block in passage(hit))])


def not_covered() -> str:
    """The reply when no passage is relevant enough."""
    return (
        "The report does not seem to cover that. "
        "Try other words, or see /sections for what it does cover."
    )


def no_searchable_words() -> str:
    """The reply to a message with nothing to search (only stop words or symbols)."""
    return "Please ask with a few words, for example a name, a place or a topic."


def not_text() -> str:
    """The reply to stickers, photos, voice notes and other non-text messages."""
    return "I can only read text. Send your question in words, or see /sections or /help."


def unknown_command() -> str:
    """The reply to a command the bot does not have."""
    return "I don't know that command. See /help for the ones I have."


def not_allowed() -> str:
    """The reply to a reader outside the allowlist."""
    return "Sorry, this bot answers a private audience only. Ask its owner for access."


def slow_down() -> str:
    """The one note a flooding reader gets before further questions are dropped."""
    return "You are asking faster than I can read. Please wait a little before the next question."


def something_went_wrong() -> str:
    """The reply when a handler failed; the details go to the log, not to the reader."""
    return "Sorry, something went wrong while answering. Please try again in a moment."


def passage(hit: Hit, limit: int = MESSAGE_LIMIT) -> list[str]:
    """One hit as HTML blocks: heading, then the paragraph, split if it alone is too long.

    The answer sentence(s) are bold and the question's words underlined.
    """
    heading = section_path(hit.paragraph.section)
    budget = limit - visible_length(heading) - 2
    chunks = list(_chunks(hit.paragraph.text, budget))
    blocks = []
    for number, (start, end) in enumerate(chunks):
        body = mark_up(hit.paragraph.text, start, end, hit.sentences, hit.matches)
        blocks.append(f"{heading}\n{body}" if number == 0 else body)
    return blocks


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
        out.append(_escape(text[position:following]))
    return "".join(out)


def pack(blocks: Sequence[str], limit: int = MESSAGE_LIMIT, separator: str = "\n\n") -> list[str]:
    """Join blocks with ``separator`` into as few messages as fit within ``limit``.

    Every block must fit on its own (``passage`` ensures that for report text).
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}{separator}{block}" if current else block
        if current and visible_length(candidate) > limit:
            messages.append(current)
            current = block
        else:
            current = candidate
    if current:
        messages.append(current)
    return messages


def _chunks(text: str, limit: int) -> Iterable[tuple[int, int]]:
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
