"""The command menu Telegram shows beside the message box, and /start and /help list."""

from __future__ import annotations

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "what this bot does, with example questions"),
    ("help", "how to ask"),
    ("sections", "the report's outline"),
    ("section", "open a section by number or words: /section Iran"),
    ("ask", "ask a question (in groups): /ask How did Iran react?"),
    ("about", "the report's title, date and size"),
)
REPORTS_COMMAND = ("reports", "the reports I answer from")


def commands(report_count: int) -> tuple[tuple[str, str], ...]:
    """The command menu: /reports only when there are several reports to list."""
    return (*COMMANDS, REPORTS_COMMAND) if report_count > 1 else COMMANDS
