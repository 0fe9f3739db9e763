"""The command menu Telegram shows beside the message box, and /start and /help list."""

from __future__ import annotations

from telegram import Bot, BotCommand

from bot.conversation.examples import Examples

MENU_EXAMPLE_LENGTH = 60
"""A longer example question is left out of the menu rather than cut."""


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


async def show(bot: Bot, menu: tuple[tuple[str, str], ...]) -> None:
    """Register ``menu`` (``commands``) as the bot's command menu in Telegram."""
    await bot.set_my_commands([BotCommand(name, text) for name, text in menu])
