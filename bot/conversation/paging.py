"""Paging in place: ◀ Before / After ▶, Whole section and More ▾ replace the message they
are under, and "Back" shows the answer it was paged from again (the usual Telegram
pagination: one message, edited). A section longer than a message shows its first and
offers the rest below; a page of passages longer than a message sends the rest below.

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

from bot.conversation import answering, keyboards, navigation, replies, views
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


async def section(message: Message, action: Action, bot_state: BotState, bot: str) -> None:
    """Whole section, in place of the answer it is under (one opened elsewhere: below)."""
    if action.origin is None:
        await navigation.send_section(message, action.place, bot_state, bot)
        return
    report = bot_state.catalogue.report(action.report)
    assert report is not None, "checked by still_valid"
    link = navigation.link_to(action.place, bot_state, bot)
    first, *rest = views.section_view(report, action.value, link, most=1)
    keyboard = keyboards.section_keyboard(
        bot_state.catalogue, action.place, action.origin, bool(rest)
    )
    await show_in_place(message, first, keyboard)


async def more(
    message: Message, action: Action, bot_state: BotState, context: ContextTypes.DEFAULT_TYPE
) -> None:
    """More ▾: the next passages for the question, in place of the answer's last message;
    from a button made before it could come back, below."""
    if action.origin is None:
        await answering.more(message, action.value, bot_state, context)
        return
    parts = await answering.parts_after(message, action.value, bot_state, context)
    if not parts:
        return
    (text, keyboard), *rest = parts
    await show_in_place(message, text, keyboard)
    if rest and message.reply_to_message is not None:
        await answering.send_parts(message.reply_to_message, rest)


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
