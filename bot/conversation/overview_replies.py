"""Replies to a reader's first questions: the overview, a section's lead, how a follow-up
was read. Pure functions of facts (``retrieval.understanding``) to Telegram HTML.

The report's words are quoted as they are; the bot's own words (labels, hints, "Read as")
are in the question's language (``bot.conversation.lines``).
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence

from bot.conversation.answers import FOLD_LONGER_THAN
from bot.conversation.catalogue import Place
from bot.conversation.lines import line
from bot.conversation.markup import pack
from bot.conversation.views import section_path
from retrieval import Paragraph
from retrieval.intent import Reading
from retrieval.overview import Overview
from retrieval.understanding import SectionLead

OVERVIEWS_SHOWN = 3
"""A library's gist question gets this many reports' overviews; /reports lists the rest."""
LEAD_CHARACTERS = 1_200
"""A lead longer than this is cut: it is a teaser, and its section's command opens it all
(and a paragraph of any length must fit in one message)."""


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _quote(paragraph: Paragraph) -> str:
    """A lead as the report writes it, folded into an expandable quote when long."""
    text = _escape(textwrap.shorten(paragraph.text, LEAD_CHARACTERS, placeholder=" …"))
    return f"<blockquote expandable>{text}</blockquote>" if len(text) > FOLD_LONGER_THAN else text


def overview(
    overviews: Sequence[Overview],
    numbers: Sequence[int],
    language: str = "en",
    conclusion_first: bool = False,
) -> list[str]:
    """The gist of each report: title and date, summary and conclusion leads, outline.

    ``numbers`` are the reports' numbers in the library, for the /s3 and /r2s3 commands;
    the conclusion comes first when it was asked for ("what does it conclude?").
    """
    blocks: list[str] = []
    if language != "en":
        blocks.append(f"<i>{_escape(line('in_english', language))}</i>")
    for number, found in zip(numbers[:OVERVIEWS_SHOWN], overviews, strict=False):
        blocks.append(f"<b>{_escape(found.report.name)}</b>")
        for label, lead in found.leads(conclusion_first):
            blocks.append(f"<i>{_escape(line(label, language))}</i>\n{_quote(lead)}")
        sections = [
            f"• {_escape(s.title)}  /{Place(number, s.number).token}" for s in found.outline
        ]
        blocks.append("\n".join([f"<i>{_escape(line('outline', language))}</i>", *sections]))
    if len(overviews) > OVERVIEWS_SHOWN:
        blocks.append(f"… /reports ({len(overviews)})")
    blocks.append(f"<i>{_escape(line('overview_hint', language))}</i>")
    return pack(blocks)


def section_lead(found: SectionLead, report_number: int, language: str = "en") -> list[str]:
    """A section's first paragraph under its heading, and the command for all of it."""
    heading = section_path(found.lead.section)
    command = "/" + Place(report_number, found.section.number).token
    hint = f"<i>{_escape(line('whole_section', language, command=command))}</i>"
    return pack([f"{heading}\n{_quote(found.lead)}", hint])


def reading_line(reading: Reading) -> str | None:
    """How a follow-up or "more" was read, as plain text; None for any other message."""
    if reading.kind == "more":
        return line("more_of", reading.language, previous=reading.previous)
    if reading.kind == "follow_up" and reading.replaced:
        return line("read_as", reading.language, query=reading.query)
    if reading.kind == "follow_up":
        return line("read_with", reading.language, previous=reading.previous)
    return None


def reading_note(reading: Reading) -> str | None:
    """``reading_line`` in italics, for the chat."""
    said = reading_line(reading)
    return None if said is None else f"<i>{_escape(said)}</i>"
