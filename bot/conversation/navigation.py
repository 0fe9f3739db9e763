"""Finding one's way around the reports: /start, /help, /about, /reports, /sections, /section.

Sections are addressed as (report, section): ``/s3`` and ``?start=s3`` open section 3 of
the first report, ``/r2s3`` and ``?start=r2s3`` section 3 of the second
(``bot.conversation.catalogue.Place``).

Each handler takes the bot's state once and works with that one version of the reports
to the end, even if a newer one is served meanwhile (``bot.serving.reloading``).
"""

from __future__ import annotations

import asyncio
import re

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.conversation import keyboards, replies, views
from bot.conversation.catalogue import Place, is_link_token, parse_token
from bot.conversation.menu import commands
from bot.conversation.owner_replies import owner_help
from bot.conversation.state import BotState, reply_all, state
from retrieval import QuestionError

SECTION_COMMAND = re.compile(r"^/((?:r\d+)?s\d+)(?:@\w+)?$")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the reader, or open a section from a deep link (``/start 1a2b3cs3``)."""
    bot_state = state(context)
    message = update.effective_message
    if message is None:
        return
    token = context.args[0] if context.args else ""
    place = bot_state.catalogue.place_of_link(token)
    if place and bot_state.catalogue.has_section(place):
        await send_section(message, place, bot_state, context.bot.username)
        return
    menu = commands(len(bot_state.catalogue.reports), bot_state.examples)
    welcome = replies.welcome(bot_state.catalogue.reports, bot_state.examples.questions, menu)
    if is_link_token(token):  # a link shared before its report changed or left the library
        welcome = f"{replies.link_gone()}\n\n{welcome}"
    await message.reply_text(welcome)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to ask and list the commands (to an owner, the owners' too)."""
    if update.effective_message:
        bot_state = state(context)
        menu = commands(len(bot_state.catalogue.reports), bot_state.examples)
        text = replies.help_text(menu)
        if bot_state.owners is not None and bot_state.owners.owns(update):
            text += f"\n\n{owner_help()}"
        await update.effective_message.reply_text(text)


async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the report's title, date, format and size; in a library, each report's."""
    message = update.effective_message
    if message is None:
        return
    served = state(context).catalogue.reports
    if len(served) == 1:
        await message.reply_text(views.about(served[0]))
    else:
        await reply_all(message, views.about_library(served))


async def reports(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the reports the bot answers from."""
    if update.effective_message:
        texts = views.reports_list(state(context).catalogue.reports)
        await reply_all(update.effective_message, texts)


async def sections(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show a report's outline: ``/sections 2`` report 2's; ``/sections`` the only report's,
    or with several reports, first ask which (buttons)."""
    message = update.effective_message
    if message is None:
        return
    bot_state = state(context)
    catalogue = bot_state.catalogue
    wanted = " ".join(context.args or [])
    if wanted and not wanted.isdigit():
        await message.reply_text(replies.sections_usage())
        return
    number = int(wanted) if wanted else 1 if len(catalogue.reports) == 1 else None
    if number is None:
        keyboard = keyboards.reports_keyboard(catalogue)
        await message.reply_text(replies.which_report(), reply_markup=keyboard)
    elif catalogue.has_section(Place(number, 1)):
        await send_outline(message, Place(number, 1), bot_state)
    else:
        await message.reply_text(replies.no_such_report(number, len(catalogue.reports)))


async def section(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Open a section: ``/s3``, ``/r2s3``, ``/section 3`` or ``/section Iran``."""
    message = update.effective_message
    if message is None or not message.text:
        return
    bot_state = state(context)
    shortcut = SECTION_COMMAND.match(message.text.strip())
    wanted = shortcut.group(1) if shortcut else " ".join(context.args or [])
    if not wanted.strip():
        await message.reply_text(replies.section_usage(bot_state.examples.heading))
        return
    catalogue = bot_state.catalogue
    titled = await _titled(wanted, bot_state)
    if len(titled) > 1:
        shown = titled[: keyboards.SECTION_CHOICES]
        keyboard = keyboards.sections_keyboard(catalogue, shown)
        more = len(titled) - len(shown)
        await message.reply_text(replies.which_section(wanted, more), reply_markup=keyboard)
        return
    place = titled[0] if titled else await _place(wanted, bot_state)
    if place is not None and catalogue.report(place.report) is None:
        await message.reply_text(replies.no_such_report(place.report, len(catalogue.reports)))
        return
    if place is None or not catalogue.has_section(place):
        first = catalogue.reports[0]
        await message.reply_text(replies.no_such_section(len(first.sections)))
        return
    await send_section(message, place, bot_state, context.bot.username)


async def send_outline(message: Message, place: Place, bot_state: BotState) -> None:
    """A page of a report's outline from section ``place`` on (one that exists), with a
    "More" button for the next page: a report of 19,000 sections is read a page a tap."""
    catalogue = bot_state.catalogue
    report = catalogue.report(place.report)
    assert report is not None, "callers check the section exists"
    page, following = views.outline_page(report, place.report, place.section)
    keyboard = None
    if following is not None:
        keyboard = keyboards.outline_keyboard(catalogue, Place(place.report, following))
    await message.reply_text(page, reply_markup=keyboard)


async def send_section(message: Message, place: Place, bot_state: BotState, bot: str) -> None:
    """A whole section (one that exists), with the deep link to it on the bot ``bot``."""
    catalogue = bot_state.catalogue
    report = catalogue.report(place.report)
    assert report is not None, "callers check the section exists"
    await reply_all(
        message, views.section_view(report, place.section, link_to(place, bot_state, bot))
    )


def link_to(place: Place, bot_state: BotState, bot: str) -> str:
    """The deep link that opens the section at ``place`` on the bot ``bot``."""
    return f"https://t.me/{bot}?start={bot_state.catalogue.link_token(place)}"


async def _titled(wanted: str, bot_state: BotState) -> list[Place]:
    """The sections whose heading is ``wanted`` (case and numbering aside), in every report,
    looked for in the search thread: a library's outlines may hold 19,000 headings."""
    if wanted.strip().isdigit() or parse_token(wanted):
        return []
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        bot_state.searcher, bot_state.catalogue.sections_titled, wanted
    )


async def _place(wanted: str, bot_state: BotState) -> Place | None:
    """A section by number (of the first report), by token, or by the words of its heading.

    Words are searched in every report, in the search thread (off the event loop); the
    section of the best passage is the one meant.
    """
    wanted = wanted.strip()
    if wanted.isdigit():
        return Place(1, int(wanted))
    if not wanted or (place := parse_token(wanted)):
        return place if wanted else None
    loop = asyncio.get_running_loop()
    try:
        found = await loop.run_in_executor(bot_state.searcher, bot_state.index.search, wanted, 1)
    except QuestionError:
        return None
    if not found.hits:
        return None
    hit = found.hits[0]
    return Place(bot_state.catalogue.number(hit.report), hit.paragraph.section_number)
