"""Which handler gets an update, and the gate every update passes first.

The gate refuses readers outside the allowlist and slows down flooding ones, each request
spending the fair-use budget of what it costs (``bot.conversation.costs``); group chatter
not addressed to the bot stops here. ``add_handlers`` is the one routing table: a new
command is a handler in its module plus one line here and one in ``bot.conversation.menu``.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineQueryResultsButton, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.conversation import answering, buttons, inline, navigation, removal, replies, uploads
from bot.conversation.costs import cost_of
from bot.conversation.entry import Entry, admit
from bot.conversation.state import state
from bot.storage.fair_use import Cost

logger = logging.getLogger(__name__)


def add_handlers(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Route every kind of update; within a group the first matching handler wins."""
    application.add_handler(TypeHandler(Update, gate), group=-1)
    application.add_handler(CommandHandler("start", navigation.start))
    application.add_handler(CommandHandler("help", navigation.help_command))
    application.add_handler(CommandHandler("about", navigation.about))
    application.add_handler(CommandHandler("sections", navigation.sections))
    application.add_handler(CommandHandler("reports", navigation.reports))
    application.add_handler(CommandHandler("section", navigation.section))
    application.add_handler(CommandHandler("ask", answering.ask))
    application.add_handler(
        MessageHandler(filters.Regex(navigation.SECTION_COMMAND), navigation.section)
    )
    application.add_handler(CommandHandler("remove", removal.remove))  # owners only
    application.add_handler(CommandHandler("stats", removal.stats))  # owners only
    application.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    application.add_handler(MessageHandler(filters.TEXT, answering.answer))
    application.add_handler(MessageHandler(filters.Document.ALL, uploads.document))
    application.add_handler(MessageHandler(filters.ALL, not_text))
    application.add_handler(CallbackQueryHandler(buttons.button))
    application.add_handler(InlineQueryHandler(inline.inline_query))
    application.add_error_handler(report_error)


def _is_for_bot(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether an update asks something of the bot (group chatter does not)."""
    message = update.effective_message
    if message is None or message.chat.type == ChatType.PRIVATE:
        return True
    if message.text and message.text.startswith("/"):
        return True
    return answering.question_for_bot(message, context.bot.username, context.bot.id) is not None


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Before any handler: refuse readers outside the allowlist, slow down flooding ones
    (``bot.conversation.entry``).

    Button taps are not seen here: ``bot.conversation.taps`` judges them as they arrive.
    """
    bot_state = state(context)
    if update.callback_query:
        return  # judged and answered on arrival by bot.conversation.taps
    if not _is_for_bot(update, context):
        raise ApplicationHandlerStop  # group chatter: not ours to answer or to count
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    user_id = user.id if user else None
    asked = user_id is not None and (message is not None or update.inline_query is not None)
    cost = cost_of(update) if asked else None  # a member update, say, costs nothing
    entry = await admit(bot_state, user_id, chat.id if chat else None, cost)
    if entry is Entry.ANSWER:
        return
    if entry is Entry.REFUSED:
        if message and update.message:  # answer new messages only, not edits
            await message.reply_text(replies.not_allowed())
        elif update.inline_query:
            await update.inline_query.answer([], cache_time=0, is_personal=True)
    elif update.inline_query:  # no chat to write to: an empty list that says why
        button = InlineQueryResultsButton(replies.slow_down_inline(), start_parameter="help")
        await update.inline_query.answer([], cache_time=0, is_personal=True, button=button)
    elif message and entry is Entry.WARN:
        await message.reply_text(replies.slow_down(cost is Cost.SEARCH))
    raise ApplicationHandlerStop


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a reader who sent a sticker, photo or voice note that only text is read."""
    message = update.effective_message
    if message and message.chat.type == ChatType.PRIVATE:
        await message.reply_text(replies.not_text())


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point a reader who typed an unknown command to /help."""
    message = update.effective_message
    if message and _command_is_ours(message.text or "", context.bot.username):
        await message.reply_text(replies.unknown_command())


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a failed handler and, where a reader is waiting, say that something went wrong."""
    logger.error("Handling an update failed", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await context.bot.send_message(update.effective_chat.id, replies.something_went_wrong())
    except TelegramError as error:
        logger.warning("Could not tell the reader about the failure: %s", error)


def _command_is_ours(text: str, username: str) -> bool:
    """A command without a bot suffix, or with ours (in a group others may be addressed)."""
    command = text.split(maxsplit=1)[0] if text else ""
    _, _, suffix = command.partition("@")
    return not suffix or suffix.casefold() == username.casefold()
