"""The command menu Telegram shows beside the message box, and /start and /help list."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeChat

from bot.conversation.examples import Examples
from bot.conversation.owners import Owners

MENU_EXAMPLE_LENGTH = 60
"""A longer example question is left out of the menu rather than cut."""
OWNER_COMMANDS = (
    ("remove", "remove a report from the library"),
    ("stats", "questions per day, the most asked misses, the votes"),
)
"""What an owner's menu adds, in the owner's private chat only (``OWNER_USER_IDS``)."""


def commands(report_count: int, examples: Examples) -> tuple[tuple[str, str], ...]:
    """The command menu, its examples from the served reports; /reports only in a library."""
    question = next((q for q in examples.questions if len(q) <= MENU_EXAMPLE_LENGTH), None)
    ask = "ask a question (in groups)" + (f": /ask {question}" if question else "")
    menu = [
        ("start", "what this bot does, with example questions"),
        ("help", "how to ask"),
        ("sections", "the report's outline"),
        ("section", f"open a section by number or words: /section {examples.heading}"),
        ("ask", ask),
        ("about", "the report's title, date and size"),
    ]
    if report_count > 1:
        menu.append(("reports", "the reports I answer from"))
    return tuple(menu)


async def show(bot: Bot, menu: tuple[tuple[str, str], ...], owners: Owners | None) -> None:
    """Register ``menu`` (``commands``) as the bot's command menu in Telegram, and in each
    owner's private chat (its id is the owner's) the same with ``OWNER_COMMANDS``."""
    await bot.set_my_commands([BotCommand(name, text) for name, text in menu])
    owned = [BotCommand(name, text) for name, text in menu + OWNER_COMMANDS]
    for owner in sorted(owners.ids if owners else ()):
        await bot.set_my_commands(owned, scope=BotCommandScopeChat(owner))
