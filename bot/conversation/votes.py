"""Readers' 👍 / 👎 under an answer, stored with the question the answer quotes.

A vote ticks its button (👍 ✓); a tap on the ticked button withdraws the vote, and a tap on
the other one changes it. The keyboard is the message's own with only the votes redrawn.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message
from telegram.error import BadRequest

from bot.conversation import keyboards
from bot.conversation.callbacks import Action, Kind
from bot.conversation.state import BotState

logger = logging.getLogger(__name__)


async def vote(query: CallbackQuery, message: Message, action: Action, bot_state: BotState) -> None:
    """Store or withdraw a 👍 or 👎 for the passages under ``message`` (``bot.conversation.taps``
    said thanks), and show the reader's vote on its button.

    Each passage is stored as (report file name and version, paragraph), so the feedback
    report finds it in the right report even after more reports join the folder, and
    knows when the report has changed since.
    """
    question = message.reply_to_message.text if message.reply_to_message else ""
    withdrawn = action.value == 1
    if bot_state.feedback:
        catalogue = bot_state.catalogue
        passages = [
            (catalogue.vote_key(passage.report), passage.paragraph)
            for passage in action.passages
            if catalogue.report(passage.report) is not None
        ]
        user = query.from_user.id
        if withdrawn:
            bot_state.feedback.withdraw_vote(user, question or "", passages)
        else:
            bot_state.feedback.record_vote(user, question or "", action.kind is Kind.LIKE, passages)
    if message.reply_markup is None:
        return
    markup = keyboards.with_vote(message.reply_markup, None if withdrawn else action.kind)
    try:
        await message.edit_reply_markup(markup)
    except BadRequest as error:  # not modified (a repeated tap), or the message is gone
        logger.info("Vote stored; its button not redrawn: %s", error)
