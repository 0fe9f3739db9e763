"""The answer to a question: its notes, shared with the console, and its passages as HTML.

``notes`` is what the bot and ``report-bot ask`` both say above the passages (a question in
another language, the words corrected, not covered, only the closest passages), in the
question's language and in one order; each side only dresses it (Telegram in italics, the
terminal as it is). The passages themselves are Telegram's alone: headings, the answer
sentence in bold, long paragraphs folded into an expandable quote, and the inline-mode
results. Pure functions; the HTML rules and splitting are ``bot.conversation.markup``'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.conversation.lines import line
from bot.conversation.markup import (
    MESSAGE_LIMIT,
    chunks,
    escape,
    groups,
    mark_up,
    pack,
    visible_length,
)
from bot.conversation.views import SECTION_SEPARATOR, page_note, report_name, section_path
from retrieval import Hit, SearchResult

FOLD_LONGER_THAN = 400
"""Passages longer than this (characters) fold into an expandable quote."""


@dataclass(frozen=True, slots=True)
class Note:
    """One line said above the passages; an ``aside`` is set apart (italics in Telegram)."""

    text: str
    aside: bool = True


def notes(result: SearchResult, outline: str = "/sections") -> list[Note]:
    """What is said above the passages, in order; ``outline`` names where the report's
    outline is (a command of the bot, or of the command line)."""
    said: list[Note] = []
    language = language_note(result, outline)
    if language:
        said.append(Note(language))
    if result.corrections:
        shown = ", ".join(c.replacement for c in result.corrections)
        said.append(Note(f"Showing results for {shown}"))
    if not result.hits:
        if not language:  # a foreign question's note already says it was not found
            said.append(Note(not_covered(result.language, outline), aside=False))
    elif result.verdict == "closest":
        said.append(Note(closest_caveat(result.language)))
    return said


def answer(result: SearchResult, name_reports: bool = False) -> list[str]:
    """The passages for a question, under their headings, in as few messages as fit.

    With ``name_reports`` (a library of several reports) each passage's heading starts
    with its report's title and date. The bot's own lines are in the question's language
    (``bot.conversation.lines``); the passages stay as the report has them.
    """
    return [text for text, _ in answer_messages(result, name_reports)]


def answer_messages(
    result: SearchResult, name_reports: bool = False
) -> list[tuple[str, tuple[int, ...]]]:
    """``answer``'s messages, each with the hits (their indices) whose passage starts in it,
    so the buttons of each passage go under the message that shows it."""
    said = [f"<i>{escape(n.text)}</i>" if n.aside else escape(n.text) for n in notes(result)]
    if not result.hits:
        return [(text, ()) for text in pack(said)]
    blocks: list[tuple[str, int | None]] = [(text, None) for text in said]
    for number, hit in enumerate(result.hits):
        pieces = passage(hit, name_reports=name_reports)
        blocks += [(piece, number if first else None) for first, piece in _firsts(pieces)]
    messages = []
    for group in groups([text for text, _ in blocks]):
        owned = tuple(o for _, o in (blocks[i] for i in group) if o is not None)
        messages.append(("\n\n".join(blocks[i][0] for i in group), owned))
    return messages


def _firsts(items: Sequence[str]) -> Iterable[tuple[bool, str]]:
    return ((number == 0, item) for number, item in enumerate(items))


def not_covered(language: str = "en", outline: str = "/sections") -> str:
    """The reply when no passage is relevant enough."""
    return line("not_covered", language, outline=outline)


def language_note(result: SearchResult, outline: str = "/sections") -> str | None:
    """A line on a question in another language than the report's English, or None.

    ``outline`` names where the report's outline is (a command of the bot or the CLI).
    """
    if not result.foreign:
        return None
    if result.hits:
        return line("foreign_found", result.language)
    return line("foreign_not_found", result.language, outline=outline)


def closest_caveat(language: str = "en") -> str:
    """The line above passages that are only the closest ones (verdict "closest")."""
    return line("closest", language)


def passage(hit: Hit, limit: int = MESSAGE_LIMIT, name_reports: bool = False) -> list[str]:
    """One hit as HTML blocks: heading, then the passage, split if it alone is too long.

    The answer sentence(s) are bold and the question's words underlined. A long passage
    shows its answer sentence first and folds the whole paragraph into an expandable
    quote, so a reply stays short on a phone while the context is one tap away.
    """
    heading = section_path(hit.paragraph.section) + page_note(hit.paragraph)
    if name_reports:
        heading = f"{report_name(hit.report)}\n{heading}"
    text = hit.paragraph.text
    if len(text) > FOLD_LONGER_THAN and hit.sentences:
        lead = " … ".join(mark_up(text, s, e, (), hit.matches) for s, e in hit.sentences)
        top = f"{heading}\n<b>{lead}</b>"
        budget = limit - visible_length(top) - 2
        if budget >= FOLD_LONGER_THAN:
            quoted = [
                f"<blockquote expandable>{body}</blockquote>"
                for body in _marked_chunks(hit, budget)
            ]
            return [f"{top}\n{quoted[0]}", *quoted[1:]]
    blocks = _marked_chunks(hit, limit - visible_length(heading) - 2)
    return [f"{heading}\n{blocks[0]}", *blocks[1:]]


def _marked_chunks(hit: Hit, budget: int) -> list[str]:
    """The paragraph marked up, in pieces of at most ``budget`` UTF-16 units."""
    text = hit.paragraph.text
    return [
        mark_up(text, start, end, hit.sentences, hit.matches) for start, end in chunks(text, budget)
    ]


def inline_title(hit: Hit, *, closest: bool = False) -> str:
    """For inline mode: the section path, marked when the passage is only the closest one."""
    path = SECTION_SEPARATOR.join(hit.paragraph.section)
    return f"Closest match · {path}" if closest else path


def inline_example_title(question: str) -> str:
    """For an empty inline query: an example question to try."""
    return f"Try: {question}"


def inline_description(hit: Hit, length: int = 120) -> str:
    """For inline mode: the start of the answer sentence (or of the paragraph)."""
    text = hit.paragraph.text
    start, end = hit.sentences[0] if hit.sentences else (0, len(text))
    snippet = text[start:end]
    return snippet if len(snippet) <= length else snippet[: length - 1].rstrip() + "…"


def inline_message(hit: Hit) -> str:
    """For inline mode: the passage with its heading and its report's title, in one message."""
    footer = f"\n\n<i>From {escape(hit.report.title)}</i>"
    blocks = passage(hit, MESSAGE_LIMIT - visible_length(footer) - 1)
    more = "…" if len(blocks) > 1 else ""
    return f"{blocks[0]}{more}{footer}"
