"""Finding one's way around the reports: /start, /help, /about, /reports, /sections, /section."""

from __future__ import annotations

import asyncio
import re

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot import keyboards, replies
from bot.menu import commands
from bot.state import BotState, reply_all, state
from retrieval import QuestionError

SECTION_COMMAND = re.compile(r"^/s(\d+)(?:@\w+)?$")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the reader, or open a section from a deep link (``/start s3``)."""
    bot_state = state(context)
    message = update.effective_message
    if message is None:
        return
    if context.args:
        number = await _section_number(context.args[0].removeprefix("s"), bot_state)
        if number:
            await send_section(message, number, context)
            return
    menu = commands(len(bot_state.index.reports), bot_state.examples)
    welcome = replies.welcome(bot_state.index.report, bot_state.examples.questions, menu)
    await message.reply_text(welcome)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to ask and list the commands."""
    if update.effective_message:
        bot_state = state(context)
        menu = commands(len(bot_state.index.reports), bot_state.examples)
        await update.effective_message.reply_text(replies.help_text(menu))


async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the report's title, date and size."""
    if update.effective_message:
        await update.effective_message.reply_text(replies.about(state(context).index.report))


async def reports(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the reports the bot answers from."""
    if update.effective_message:
        texts = replies.reports_list(state(context).index.reports)
        await reply_all(update.effective_message, texts)


async def sections(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the report's outline; with several reports, first ask which (buttons)."""
    message = update.effective_message
    if message is None:
        return
    bot_state = state(context)
    served = bot_state.index.reports
    if len(served) > 1:
        keyboard = keyboards.reports_keyboard(served, bot_state.report_tag)
        await message.reply_text(replies.which_report(), reply_markup=keyboard)
        return
    await reply_all(message, replies.outline(bot_state.index.report))


async def section(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Open a section: ``/s3``, ``/section 3`` or ``/section Iran``."""
    message = update.effective_message
    if message is None or not message.text:
        return
    bot_state = state(context)
    shortcut = SECTION_COMMAND.match(message.text.strip())
    wanted = shortcut.group(1) if shortcut else " ".join(context.args or [])
    number = await _section_number(wanted, bot_state)
    if number is None:
        await message.reply_text(replies.no_such_section(len(bot_state.index.report.sections)))
        return
    await send_section(message, number, context)


async def send_section(
    message: Message, number: int, context: ContextTypes.DEFAULT_TYPE, report_number: int = 1
) -> None:
    """A whole section (one that exists); deep links exist for the first report's sections."""
    report = state(context).index.reports[report_number - 1]
    link = f"https://t.me/{context.bot.username}?start=s{number}" if report_number == 1 else None
    await reply_all(message, replies.section_view(report, number, link))


async def _section_number(wanted: str, bot_state: BotState) -> int | None:
    """A section by its number, or the one whose heading best matches some words.

    Matching words is a search: it runs in the search thread, off the event loop.
    """
    report = bot_state.index.report
    wanted = wanted.strip()
    if wanted.isdigit():
        number = int(wanted)
        return number if 1 <= number <= len(report.sections) else None
    if not wanted:
        return None
    loop = asyncio.get_running_loop()
    try:
        found = await loop.run_in_executor(bot_state.searcher, bot_state.index.search, wanted, 1)
    except QuestionError:
        return None
    return found.hits[0].paragraph.section_number if found.hits else None
