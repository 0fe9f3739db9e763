"""Thin async handlers: an update goes to retrieval, the result to ``replies``, then out.

Shared objects live in ``application.bot_data[STATE]`` (set by ``bot.app``), never in
module globals, so tests can build several applications side by side.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import replies
from bot.fair_use import FairUse, Verdict
from retrieval import QuestionError, Ranker
from retrieval.analyze import clean_question

logger = logging.getLogger(__name__)

STATE = "report_bot"
"""Key of the ``BotState`` in ``application.bot_data``."""

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "what this bot does, with example questions"),
    ("help", "how to ask"),
    ("sections", "the report's outline"),
)


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
    """What every handler needs, built once in ``bot.app``."""

    index: Ranker
    top_k: int
    examples: tuple[str, ...]
    max_question_words: int
    access: Access
    fair_use: FairUse


def _state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    state = context.bot_data[STATE]
    assert isinstance(state, BotState)
    return state


async def _reply_all(message: Message, texts: list[str], quote: bool = False) -> None:
    """Send ``texts`` in order; with ``quote``, the first one replies to ``message``."""
    for number, text in enumerate(texts):
        await message.reply_text(text, do_quote=quote and number == 0)


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Before any handler: refuse readers outside the allowlist, slow down flooding ones."""
    state = _state(context)
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    user_id = user.id if user else None
    if not state.access.allows(user_id, chat.id if chat else None):
        if message and update.message:  # answer new messages only, not edits
            await message.reply_text(replies.not_allowed())
        raise ApplicationHandlerStop
    if user_id is None or message is None:
        return
    verdict = state.fair_use.check(user_id, time.monotonic())
    if verdict is Verdict.WARN:
        await message.reply_text(replies.slow_down())
    if verdict is not Verdict.ANSWER:
        raise ApplicationHandlerStop


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the reader, name the report and suggest questions."""
    state = _state(context)
    if update.effective_message:
        welcome = replies.welcome(state.index.report, state.examples, COMMANDS)
        await update.effective_message.reply_text(welcome)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to ask and list the commands."""
    if update.effective_message:
        await update.effective_message.reply_text(replies.help_text(COMMANDS))


async def sections(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the report's outline."""
    if update.effective_message:
        await _reply_all(update.effective_message, replies.outline(_state(context).index.report))


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a question (new or edited) with the passages that match it."""
    message = update.effective_message
    if message is None or not message.text:
        return
    state = _state(context)
    try:
        await message.reply_chat_action(ChatAction.TYPING)
    except TelegramError as error:  # the indicator is a courtesy; the answer matters
        logger.info("Typing indicator not shown: %s", error)
    question = clean_question(message.text, state.max_question_words)
    try:
        result = state.index.search(question, state.top_k)
    except QuestionError:
        await message.reply_text(replies.no_searchable_words())
        return
    # Quoting the question ties each answer to it when a reader asks several in a row.
    await _reply_all(message, replies.answer(result), quote=True)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a reader who sent a sticker, photo or voice note that only text is read."""
    if update.effective_message:
        await update.effective_message.reply_text(replies.not_text())


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point a reader who typed an unknown command to /help."""
    if update.effective_message:
        await update.effective_message.reply_text(replies.unknown_command())


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a failed handler and, where a reader is waiting, say that something went wrong."""
    logger.error("Handling an update failed", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await context.bot.send_message(update.effective_chat.id, replies.something_went_wrong())
    except TelegramError as error:
        logger.warning("Could not tell the reader about the failure: %s", error)
