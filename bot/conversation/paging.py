"""Paging in place: ◀ Before / After ▶ replace the message they are under, and "Back" shows
the answer it was paged from again (the usual Telegram pagination: one message, edited).

Nothing is kept per chat: the paragraph to show is in the button, and "Back" asks the
quoted question again (``bot.conversation.callbacks.Origin`` says which part of which
answer), so paging works after a restart as well. A message Telegram will not edit any
more (deleted, say) gets the view as a new message instead.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.conversation import answering, keyboards, replies, views
from bot.conversation.callbacks import Action, Origin
from bot.conversation.state import BotState, names_reports

logger = logging.getLogger(__name__)


async def paragraph(message: Message, action: Action, bot_state: BotState) -> None:
    """Show the paragraph ``action`` opens, with its neighbours, in place of ``message``."""
    catalogue = bot_state.catalogue
    report = catalogue.report(action.report)
    assert report is not None, "checked by still_valid"
    view = views.paragraph_view(report, action.value, names_reports(bot_state))
    keyboard = keyboards.paragraph_keyboard(catalogue, action.passage, action.origin)
    await show_in_place(message, view, keyboard)


async def back(
    message: Message, origin: Origin, bot_state: BotState, context: ContextTypes.DEFAULT_TYPE
) -> None:
    """Show again, in place of ``message``, the part of the answer it was paged from."""
    question = answering.quoted_question(message, context)
    if not question:
        await message.reply_text(replies.button_expired())
        return
    fresh = await answering.passages_after(question, origin.shown, bot_state)
    parts = answering.answer_parts(fresh, origin.shown, bot_state)
    text, keyboard = parts[min(origin.part, len(parts) - 1)]
    await show_in_place(message, text, keyboard)


async def show_in_place(message: Message, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Edit ``message`` to ``text`` and ``keyboard``; send them anew if it cannot be edited."""
    try:
        await message.edit_text(text, reply_markup=keyboard)
    except BadRequest as error:
        if "not modified" in error.message:
            return  # already showing it: a tap repeated after the first was shown
        logger.info("Paged view sent anew, the message could not be edited: %s", error)
        await message.reply_text(text, reply_markup=keyboard)
