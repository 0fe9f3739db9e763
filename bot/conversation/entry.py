"""The one gate every request passes: who may use the bot, and what fair use lets through.

Messages, commands and inline queries pass it in ``bot.conversation.routing.gate``; button
taps, answered the moment they arrive, in ``bot.conversation.taps.acknowledge``. Each used
to check the allowlist and the fair-use budget in its own code; here is the one order: the
allowlist first (a reader refused spends nothing), then the budget the request spends
(``bot.conversation.costs``). What the reader is told stays with the caller: a reply in
the chat, an empty inline answer, a toast under a button.
"""

from __future__ import annotations

from enum import Enum

from bot.conversation.state import BotState
from bot.storage.fair_use import Admission, Cost


class Entry(Enum):
    """What the gate lets happen to one request."""

    REFUSED = "refused"
    """The reader is outside the allowlist (``ALLOWED_USER_IDS``, ``ALLOWED_CHAT_IDS``)."""
    ANSWER = "answer"
    WARN = "warn"
    """Over the budget for the first time in the window: told once to slow down."""
    DROP = "drop"
    """Over the budget again: dropped without a word."""


_BY_ADMISSION = {
    Admission.ANSWER: Entry.ANSWER,
    Admission.WARN: Entry.WARN,
    Admission.DROP: Entry.DROP,
}


async def admit(
    bot_state: BotState, user_id: int | None, chat_id: int | None, cost: Cost | None
) -> Entry:
    """Whether this user in this chat may be answered, and at what fair-use verdict;
    ``cost`` None: nothing to count (not something a reader asked for, or a tap that will
    do nothing)."""
    if not bot_state.access.allows(user_id, chat_id):
        return Entry.REFUSED
    if cost is None or user_id is None:
        return Entry.ANSWER
    return _BY_ADMISSION[await bot_state.fair_use.judge(user_id, cost)]
