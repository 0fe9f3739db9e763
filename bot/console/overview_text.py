"""The command line's renderings of a reader's first questions: the overview, a section's
lead, and how a follow-up was read (plain text and JSON; no Telegram here)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Any

from bot.conversation.lines import line
from bot.conversation.overview_replies import reading_line
from retrieval import Paragraph
from retrieval.intent import Reading
from retrieval.overview import Overview
from retrieval.understanding import SectionLead

SECTION_SEPARATOR = " › "


def _wrapped(paragraph: Paragraph, width: int) -> list[str]:
    return textwrap.wrap(paragraph.text, width=width, initial_indent="  ", subsequent_indent="  ")


def overview_text(
    overviews: Sequence[Overview],
    language: str = "en",
    conclusion_first: bool = False,
    width: int = 88,
) -> str:
    """Each report's title and date, its summary and conclusion leads (the conclusion first
    when it was asked for), and its outline."""
    lines: list[str] = []
    if language != "en":
        lines += [line("in_english", language), ""]
    for found in overviews:
        lines += [found.report.name, ""]
        for key, lead in found.leads(conclusion_first):
            lines += [line(key, language), *_wrapped(lead, width), ""]
        lines.append(line("outline", language))
        lines += [f"  {s.number}. {s.title}" for s in found.outline]
        lines.append("")
    return "\n".join(lines).rstrip()


def section_text(found: SectionLead, width: int = 88) -> str:
    """A section's lead under its heading path."""
    path = SECTION_SEPARATOR.join(found.lead.section)
    return "\n".join([path, *_wrapped(found.lead, width)])


def reading_prefix(reading: Reading) -> str:
    """How a follow-up was read, and a blank line; empty for any other question."""
    said = reading_line(reading)
    return f"{said}\n\n" if said else ""


def _lead(paragraph: Paragraph | None) -> dict[str, Any] | None:
    if paragraph is None:
        return None
    return {
        "section": list(paragraph.section),
        "paragraph": paragraph.number,
        "line": paragraph.line,
        "page": paragraph.page,
        "text": paragraph.text,
    }


def overview_json(question: str, overviews: Sequence[Overview]) -> str:
    """``report-bot ask --json`` for a gist question: one JSON object, no hits."""
    records = [
        {
            "title": found.report.title,
            "date": found.report.date,
            "path": found.report.source,
            "summary": _lead(found.summary),
            "conclusion": _lead(found.conclusion),
            "outline": [{"number": s.number, "title": s.title} for s in found.outline],
        }
        for found in overviews
    ]
    return json.dumps(
        {"query": question, "reading": "gist", "hits": [], "overview": records},
        ensure_ascii=False,
    )
