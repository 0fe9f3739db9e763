"""Readers' 👍 / 👎 under an answer, stored with the question the answer quotes."""

from __future__ import annotations

from telegram import CallbackQuery, Message

from bot.conversation.callbacks import Action, Kind
from bot.conversation.state import BotState


async def vote(query: CallbackQuery, message: Message, action: Action, bot_state: BotState) -> None:
    """Store a 👍 or 👎 for the passages under ``message`` (``bot.conversation.taps`` said thanks).

    Each passage is stored as (report file name and version, paragraph), so the feedback
    report finds it in the right report even after more reports join the folder, and
    knows when the report has changed since.
    """
    question = message.reply_to_message.text if message.reply_to_message else ""
    if bot_state.feedback:
        catalogue = bot_state.catalogue
        passages = [
            (catalogue.vote_key(passage.report), passage.paragraph)
            for passage in action.passages
            if catalogue.report(passage.report) is not None
        ]
        bot_state.feedback.record_vote(
            query.from_user.id, question or "", action.kind is Kind.LIKE, passages
        )
