"""A message read in its conversation: the overview, a section's lead, the next passages,
a follow-up, or a search, with the chat's short memory kept up to date.

``respond`` is what ``bot.conversation.answering`` calls for every question: it reads the
message after the reader's last question (``bot.conversation.memory``), ranks off the event
loop, and returns the reply's texts, or the passages to show and a line on how they were
read.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.conversation import overview_replies, replies
from bot.conversation.memory import Who
from bot.conversation.state import BotState
from retrieval import SearchResult
from retrieval.analyze import clean_question
from retrieval.understanding import Understood, blended, understand


@dataclass(frozen=True, slots=True)
class Reply:
    """What to send, and the passages it shows (None for an overview or a section lead)."""

    texts: list[str]
    """What to send when no passages are shown (an overview, a section's lead, no more)."""
    result: SearchResult | None
    """The passages to show (``bot.conversation.answering`` lays them out with buttons)."""
    understood: Understood
    shown_before: int = 0
    """Passages of the same question shown before these ("more"), for the buttons."""
    note: str | None = None
    """How a follow-up or "more" was read, to go above the passages."""


async def respond(bot_state: BotState, who: Who, question: str) -> Reply:
    """Answer ``question`` as meant after ``who``'s last question, and remember it.

    Raises ``QuestionError`` only for a search with nothing to search.
    """
    recent = bot_state.memory.recall(who)
    previous, shown, alone = (recent.query, recent.shown, recent.alone) if recent else ("", 0, "")
    cleaned = clean_question(question, bot_state.max_question_words)
    loop = asyncio.get_running_loop()
    asked = (bot_state.index, cleaned, previous, bot_state.top_k, shown, alone)
    understood = await loop.run_in_executor(bot_state.searcher, understand, *asked)
    reading = understood.reading
    if understood.overviews:
        numbers = [bot_state.catalogue.number(o.report) for o in understood.overviews]
        texts = overview_replies.overview(
            understood.overviews, numbers, reading.language, reading.concluding
        )
        return Reply(texts, None, understood)
    if understood.section is not None:
        number = bot_state.catalogue.number(understood.section.report)
        texts = overview_replies.section_lead(understood.section, number, reading.language)
        return Reply(texts, None, understood)
    result = understood.result
    assert result is not None, "a search, a follow-up or more always ranks"
    note = overview_replies.reading_note(reading)
    if reading.kind == "more":
        bot_state.memory.remember(who, reading.query, shown + len(result.hits), alone)
        if not result.hits:
            return Reply([replies.no_more(reading.language)], None, understood)
    elif result.hits:
        bot_state.memory.remember(who, reading.query, len(result.hits), blended(reading))
    return Reply([], result, understood, shown if reading.kind == "more" else 0, note)
