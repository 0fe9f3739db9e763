"""What the bot says: the answer, the welcome and help, and every short reply and notice.

Pure functions, no network; the HTML rules and splitting are ``bot.conversation.markup``'s,
the views of a report ``bot.conversation.views``'.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.conversation.lines import line
from bot.conversation.markup import (
    MESSAGE_LIMIT,
    chunks,
    escape,
    groups,
    mark_up,
    pack,
    visible_length,
)
from bot.conversation.views import SECTION_SEPARATOR, page_note, report_name, section_path
from retrieval import Hit, Report, SearchResult

FOLD_LONGER_THAN = 400
"""Passages longer than this (characters) fold into an expandable quote."""


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


def answer(result: SearchResult, name_reports: bool = False) -> list[str]:
    """The passages for a question, under their headings, in as few messages as fit.

    With ``name_reports`` (a library of several reports) each passage's heading starts
    with its report's title and date. The bot's own lines are in the question's language
    (``bot.conversation.lines``); the passages stay as the report has them.
    """
    return [text for text, _ in answer_messages(result, name_reports)]


def answer_messages(
    result: SearchResult, name_reports: bool = False
) -> list[tuple[str, tuple[int, ...]]]:
    """``answer``'s messages, each with the hits (their indices) whose passage starts in it,
    so the buttons of each passage go under the message that shows it."""
    notes = []
    note = language_note(result)
    if note:
        notes.append(f"<i>{escape(note)}</i>")
    if result.corrections:
        shown = ", ".join(escape(c.replacement) for c in result.corrections)
        notes.append(f"<i>Showing results for {shown}</i>")
    if not result.hits:
        return [
            (text, ()) for text in pack(notes if note else [*notes, not_covered(result.language)])
        ]
    if result.verdict == "closest":
        notes.append(f"<i>{escape(closest_caveat(result.language))}</i>")
    blocks: list[tuple[str, int | None]] = [(text, None) for text in notes]
    for number, hit in enumerate(result.hits):
        pieces = passage(hit, name_reports=name_reports)
        blocks += [(piece, number if first else None) for first, piece in _firsts(pieces)]
    messages = []
    for group in groups([text for text, _ in blocks]):
        owned = tuple(o for _, o in (blocks[i] for i in group) if o is not None)
        messages.append(("\n\n".join(blocks[i][0] for i in group), owned))
    return messages


def _firsts(items: Sequence[str]) -> Iterable[tuple[bool, str]]:
    return ((number == 0, item) for number, item in enumerate(items))


def not_covered(language: str = "en", outline: str = "/sections") -> str:
    """The reply when no passage is relevant enough."""
    return line("not_covered", language, outline=outline)


def language_note(result: SearchResult, outline: str = "/sections") -> str | None:
    """A line on a question in another language than the report's English, or None.

    ``outline`` names where the report's outline is (a command of the bot or the CLI).
    """
    if not result.foreign:
        return None
    if result.hits:
        return line("foreign_found", result.language)
    return line("foreign_not_found", result.language, outline=outline)


def closest_caveat(language: str = "en") -> str:
    """The line above passages that are only the closest ones (verdict "closest")."""
    return line("closest", language)


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


def passage(hit: Hit, limit: int = MESSAGE_LIMIT, name_reports: bool = False) -> list[str]:
    """One hit as HTML blocks: heading, then the passage, split if it alone is too long.

    The answer sentence(s) are bold and the question's words underlined. A long passage
    shows its answer sentence first and folds the whole paragraph into an expandable
    quote, so a reply stays short on a phone while the context is one tap away.
    """
    heading = section_path(hit.paragraph.section) + page_note(hit.paragraph)
    if name_reports:
        heading = f"{report_name(hit.report)}\n{heading}"
    text = hit.paragraph.text
    if len(text) > FOLD_LONGER_THAN and hit.sentences:
        lead = " … ".join(mark_up(text, s, e, (), hit.matches) for s, e in hit.sentences)
        top = f"{heading}\n<b>{lead}</b>"
        budget = limit - visible_length(top) - 2
        if budget >= FOLD_LONGER_THAN:
            quoted = [
                f"<blockquote expandable>{body}</blockquote>"
                for body in _marked_chunks(hit, budget)
            ]
            return [f"{top}\n{quoted[0]}", *quoted[1:]]
    blocks = _marked_chunks(hit, limit - visible_length(heading) - 2)
    return [f"{heading}\n{blocks[0]}", *blocks[1:]]


def _marked_chunks(hit: Hit, budget: int) -> list[str]:
    """The paragraph marked up, in pieces of at most ``budget`` UTF-16 units."""
    text = hit.paragraph.text
    return [
        mark_up(text, start, end, hit.sentences, hit.matches) for start, end in chunks(text, budget)
    ]


def thanks() -> str:
    """The toast after a 👍 or 👎."""
    return "Thanks, noted."


def vote_not_kept() -> str:
    """The toast after a 👍 or 👎 that cannot be kept: the queue of votes is full."""
    return "Sorry, your vote could not be saved just now. Please try again later."


def vote_withdrawn() -> str:
    """The toast after a tap on one's own (ticked) vote."""
    return "Vote withdrawn."


def inline_title(hit: Hit, *, closest: bool = False) -> str:
    """For inline mode: the section path, marked when the passage is only the closest one."""
    path = SECTION_SEPARATOR.join(hit.paragraph.section)
    return f"Closest match · {path}" if closest else path


def inline_example_title(question: str) -> str:
    """For an empty inline query: an example question to try."""
    return f"Try: {question}"


def inline_description(hit: Hit, length: int = 120) -> str:
    """For inline mode: the start of the answer sentence (or of the paragraph)."""
    text = hit.paragraph.text
    start, end = hit.sentences[0] if hit.sentences else (0, len(text))
    snippet = text[start:end]
    return snippet if len(snippet) <= length else snippet[: length - 1].rstrip() + "…"


def inline_message(hit: Hit) -> str:
    """For inline mode: the passage with its heading and its report's title, in one message."""
    footer = f"\n\n<i>From {escape(hit.report.title)}</i>"
    blocks = passage(hit, MESSAGE_LIMIT - visible_length(footer) - 1)
    more = "…" if len(blocks) > 1 else ""
    return f"{blocks[0]}{more}{footer}"


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
