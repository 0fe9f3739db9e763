"""``/remove`` and ``/stats``: an owner takes a report out of the library, or reads the numbers.

``/remove`` lists the reports as buttons; a tap asks for confirmation, and "Remove it"
deletes the report's file from ``REPORT_PATH``. The reload then stops serving it, and the
owner hears when it has. The buttons carry the report's tag (``bot.conversation.callbacks``),
so a report changed since the list was made is never removed by a stale button. The only
report is never removed: a bot with no report would not start again.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from telegram import CallbackQuery, Message, Update
from telegram.ext import ContextTypes

from bot.conversation import owner_replies as say
from bot.conversation.callbacks import Action
from bot.conversation.reload_wait import announce
from bot.conversation.state import BotState, state
from bot.storage.feedback import FeedbackStoreError
from bot.storage.shelf import ShelfError

logger = logging.getLogger(__name__)

STATS_DAYS = 7
"""``/stats`` shows this many days of questions, today included."""


async def remove(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/remove: the reports as buttons, for an owner to choose the one to remove."""
    message, bot_state = update.effective_message, state(context)
    owners = bot_state.owners
    if message is None:
        return
    if owners is None or not owners.owns(update):
        await message.reply_text(say.owners_only())
    elif owners.shelf is None:
        await message.reply_text(say.not_a_folder())
    elif len(bot_state.catalogue.reports) == 1:
        await message.reply_text(say.only_report(bot_state.catalogue.reports[0]))
    else:
        keyboard = say.removal_keyboard(bot_state.catalogue)
        await message.reply_text(say.which_to_remove(), reply_markup=keyboard)


async def choose(
    query: CallbackQuery,
    message: Message,
    action: Action,
    bot_state: BotState,
    context: ContextTypes.DEFAULT_TYPE,
) -> None:
    """A report's button, then "Remove it" or "Cancel"."""
    owners, catalogue = bot_state.owners, bot_state.catalogue
    report = catalogue.report(action.report)
    if owners is None or owners.shelf is None or query.from_user.id not in owners.ids:
        await message.reply_text(say.owners_only())
        return
    assert report is not None, "checked on arrival: the button's tag names it"
    name = Path(report.source).name
    if action.value == say.ASK:
        keyboard = say.confirm_keyboard(action.report, catalogue)
        await message.edit_text(say.confirm_removal(report, name), reply_markup=keyboard)
    elif action.value == say.KEEP:
        await message.edit_text(say.kept(report))
    elif len(catalogue.reports) == 1:
        await message.edit_text(say.only_report(report))
    else:
        try:
            owners.shelf.remove(Path(report.source))
        except ShelfError as error:
            await message.edit_text(say.removal_failed(str(error)))
            return
        logger.info("Owner removed %s from the library", name)
        await message.edit_text(say.removing(name))
        announce(
            message,
            name,
            None,
            owners.patience,
            context,
            lambda serving: say.no_longer_served(report, len(serving.catalogue.reports)),
            say.still_served(name, owners.patience),
        )


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats: questions per day, the most asked misses and the votes, for an owner."""
    message, owners = update.effective_message, state(context).owners
    if message is None:
        return
    if owners is None or not owners.owns(update):
        await message.reply_text(say.owners_only())
        return
    try:
        found = await asyncio.to_thread(owners.stats, STATS_DAYS)
    except FeedbackStoreError as error:
        await message.reply_text(say.stats_unavailable(str(error)))
        return
    await message.reply_text(say.stats(found, STATS_DAYS))
