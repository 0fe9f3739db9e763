"""What a reader's request costs: which fair-use budget (``bot.storage.fair_use.Cost``) it spends.

Searching ranks every paragraph (and embeds the question); reading shows what is already
there. So a question, ``/ask``, ``/section`` by words and an inline query are searches;
everything else a reader sends (a command, ``/s3``, ``/section 3``, a sticker, an empty
inline query, which shows examples) is reading. Button taps are judged in ``bot.conversation.taps``,
always as reading (More ▾ searches again, but for a question already counted).
"""

from __future__ import annotations

import re

from telegram import Update

from bot.conversation.catalogue import parse_token
from bot.storage.fair_use import Cost

_COMMAND = re.compile(r"^/(\w+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)
SEARCHING_COMMANDS = frozenset({"ask", "section"})
"""Commands that search when they carry words (``/section`` by number or ``s3`` does not)."""


def cost_of(update: Update) -> Cost:
    """The budget ``update`` spends (group chatter never reaches this: it is not counted)."""
    if update.inline_query is not None:
        return Cost.SEARCH if update.inline_query.query.strip() else Cost.READING
    message = update.effective_message
    text = (message.text or "").strip() if message else ""
    if not text:
        return Cost.READING  # a sticker, a photo, a voice note: a hint is sent
    command = _COMMAND.match(text)
    if command is None:
        return Cost.SEARCH
    name, argument = command.group(1).casefold(), (command.group(2) or "").strip()
    if name not in SEARCHING_COMMANDS or not argument:
        return Cost.READING
    if name == "section" and (argument.isdigit() or parse_token(argument)):
        return Cost.READING
    return Cost.SEARCH
