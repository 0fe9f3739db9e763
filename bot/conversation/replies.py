"""What the bot says besides answers: the welcome and help, and every short reply and notice.

Pure functions, no network; the answer to a question is ``bot.conversation.answers``', the
HTML rules and splitting ``bot.conversation.markup``'s, the views of a report
``bot.conversation.views``'.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.conversation.lines import line
from bot.conversation.markup import (
    escape,
)
from bot.conversation.views import report_name
from retrieval import Report


def welcome(
    reports: Sequence[Report], examples: Sequence[str], commands: Sequence[tuple[str, str]]
) -> str:
    """/start: what the bot is, which reports it serves, what to ask."""
    if len(reports) == 1:
        lines = [
            "Hello! I answer questions about this report:",
            f"<b>{escape(reports[0].title)}</b>",
        ]
    else:
        lines = [f"Hello! I answer questions about {len(reports)} reports, such as:"]
        lines += [f"• {report_name(report)}" for report in reports[:3]]
    lines += [
        "",
        "Ask me anything in plain words and I reply with the passages that answer it, "
        "each under its section heading.",
    ]
    if examples:
        lines += ["", "For example:"]
        lines += [f"• {escape(example)}" for example in examples]
    lines += ["", *command_lines(commands)]
    return "\n".join(lines)


def help_text(commands: Sequence[tuple[str, str]]) -> str:
    """/help: how to ask, and the commands."""
    return "\n".join(
        [
            "<b>How to ask</b>",
            "Send a question in plain words, such as a name, a place or a topic. "
            "I show the best-matching passages with the answer sentence in bold and "
            "your words underlined.",
            "",
            *command_lines(commands),
        ]
    )


def command_lines(commands: Sequence[tuple[str, str]]) -> list[str]:
    """One line per command: ``/name - description``."""
    return ["<b>Commands</b>", *(f"/{name} - {escape(text)}" for name, text in commands)]


def which_report() -> str:
    """/sections in a library: the question that comes with one button per report."""
    return "Which report's outline? (/reports lists them all)"


def no_searchable_words() -> str:
    """The reply to a message with nothing to search (only stop words or symbols)."""
    return "Please ask with a few words, for example a name, a place or a topic."


def not_text() -> str:
    """The reply to stickers, photos, voice notes and other non-text messages."""
    return "I can only read text. Send your question in words, or see /sections or /help."


def unknown_command() -> str:
    """The reply to a command the bot does not have."""
    return "I don't know that command. See /help for the ones I have."


def not_allowed() -> str:
    """The reply to a reader outside the allowlist."""
    return "Sorry, this bot answers a private audience only. Ask its owner for access."


def slow_down(searching: bool = True) -> str:
    """The one note a flooding reader gets before further questions (``searching``) or
    further taps and commands are dropped."""
    if searching:
        return (
            "You are asking faster than I can read. Please wait a little before the next question."
        )
    return "You are going faster than I can turn the pages. Please wait a moment."


def slow_down_inline() -> str:
    """Above an inline query's empty results, when the reader searches too fast."""
    return "Too many searches: wait a few seconds"


def something_went_wrong() -> str:
    """The reply when a handler failed; the details go to the log, not to the reader."""
    return "Sorry, something went wrong while answering. Please try again in a moment."


def thanks() -> str:
    """The toast after a 👍 or 👎."""
    return "Thanks, noted."


def vote_not_kept() -> str:
    """The toast after a 👍 or 👎 that cannot be kept: the queue of votes is full."""
    return "Sorry, your vote could not be saved just now. Please try again later."


def vote_withdrawn() -> str:
    """The toast after a tap on one's own (ticked) vote."""
    return "Vote withdrawn."


def no_more(language: str = "en") -> str:
    """The reply to "More" when every matching passage was shown."""
    return line("no_more", language)


def button_expired() -> str:
    """The answer to a button pointing at nothing there is, or whose question is lost."""
    return "This button refers to something I can no longer find. Please ask again."


def report_changed() -> str:
    """The answer to a button whose report was changed or removed since it was made."""
    return "The report this button belongs to has changed or been removed since. Please ask again."


def no_such_report(number: int, count: int) -> str:
    """The reply to /r5s3 when there is no report 5 (any more)."""
    served = "one report; see /sections" if count == 1 else f"{count} reports; see /reports"
    return f"There is no report {number}: I answer from {served}."


def link_gone() -> str:
    """Above the welcome, when a deep link's section is not in the reports (any more)."""
    return "<i>The section that link opens is no longer in the reports.</i>"


def no_such_section(count: int) -> str:
    """The reply to /section with a number or words that match no section."""
    numbered = (
        "The report has one section" if count == 1 else f"Sections are numbered 1 to {count:,}"
    )
    return f"There is no such section. {numbered}; see /sections."


def section_usage(heading: str) -> str:
    """The reply to /section alone: how to use it, with a heading of the reports served."""
    return (
        "Send /section with a section's number or a few words of its heading, for example "
        f"/section 3 or /section {escape(heading)}. /sections shows the outline."
    )


def sections_usage() -> str:
    """The reply to /sections with something other than a report's number."""
    return "Send /sections, or /sections 2 for the outline of report 2 (see /reports)."


def which_section(words: str, more: int = 0) -> str:
    """Above one button per section, when several have the heading ``/section`` asked for."""
    rest = f" ({more:,} more: see /sections)" if more else ""
    return f"Several sections are called “{escape(words)}”. Which one?{rest}"
