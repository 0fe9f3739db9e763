"""Every text the bot sends, as Telegram HTML that Telegram accepts: pure functions, no network.

All report and user text is escaped here, once, by ``_escape``; nothing else builds HTML.
Messages are split at passage boundaries to stay within Telegram's limit of 4096 UTF-16
code units of visible text (tags excluded, entities counted as one character).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from bot.conversation.catalogue import Place
from retrieval import Hit, Paragraph, Report, SearchResult

MESSAGE_LIMIT = 4096
"""Telegram's limit, in UTF-16 code units of the text after entity parsing."""
FOLD_LONGER_THAN = 400
"""Passages longer than this (characters) fold into an expandable quote."""
SECTION_SEPARATOR = " › "

_TAG = re.compile(r"<[^>]+>")


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def visible_length(message_html: str) -> int:
    """Length Telegram counts: UTF-16 code units of the text once tags and entities are parsed."""
    text = html.unescape(_TAG.sub("", message_html))
    return len(text.encode("utf-16-le")) // 2


def section_path(path: Sequence[str]) -> str:
    """A heading path as one bold line."""
    return f"<b>{_escape(SECTION_SEPARATOR.join(path))}</b>"


def page_note(paragraph: Paragraph) -> str:
    """ " · p. 7" after a heading, for a paragraph of a format with pages (PDF); else ""."""
    return "" if paragraph.page is None else f" · <i>p. {paragraph.page}</i>"


def welcome(
    reports: Sequence[Report], examples: Sequence[str], commands: Sequence[tuple[str, str]]
) -> str:
    """/start: what the bot is, which reports it serves, what to ask."""
    if len(reports) == 1:
        lines = [
            "Hello! I answer questions about this report:",
            f"<b>{_escape(reports[0].title)}</b>",
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
        lines += [f"• {_escape(example)}" for example in examples]
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
    return ["<b>Commands</b>", *(f"/{name} - {_escape(text)}" for name, text in commands)]


def outline_page(report: Report, report_number: int = 1, start: int = 1) -> tuple[str, int | None]:
    """/sections: one message of the outline from section ``start`` on, and where the next
    page starts (None after the last).

    Nested and numbered, each entry with the command that opens it: ``/s3`` in the first
    report, ``/r2s3`` in the second. Only this page's sections are read, so a report of
    19,000 sections costs no more per page than a short one.
    """
    header = f"<b>{_escape(report.title)}</b>\n" if start == 1 else ""
    footer = "\nTap a /s command to read a section, or send /section and a few words."
    budget = MESSAGE_LIMIT - visible_length(header) - visible_length(footer) - 1
    lines: list[str] = []
    number = start
    for section in report.sections[start - 1 :]:
        line = f"{'    ' * (section.level - 1)}{section.number}. {_escape(section.title)}"
        line += f"  /{Place(report_number, section.number).token}"
        cost = visible_length(line) + 1
        if lines and cost > budget:
            break
        lines.append(line)
        budget -= cost
        number += 1
    following = number if number <= len(report.sections) else None
    return "\n".join([*([header] if header else []), *lines, footer]), following


def which_report() -> str:
    """/sections in a library: the question that comes with one button per report."""
    return "Which report's outline? (/reports lists them all)"


def answer(result: SearchResult, name_reports: bool = False) -> list[str]:
    """The passages for a question, under their headings, in as few messages as fit.

    With ``name_reports`` (a library of several reports) each passage's heading starts
    with its report's title and date.
    """
    notes = []
    note = language_note(result)
    if note:
        notes.append(f"<i>{_escape(note)}</i>")
    if result.corrections:
        shown = ", ".join(_escape(c.replacement) for c in result.corrections)
        notes.append(f"<i>Showing results for {shown}</i>")
    if not result.hits:
        return pack(notes if note else [*notes, not_covered()])
    if result.verdict == "closest":
        notes.append(f"<i>{_escape(closest_caveat())}</i>")
    blocks = (block for hit in result.hits for block in passage(hit, name_reports=name_reports))
    return pack([*notes, *blocks])


def not_covered() -> str:
    """The reply when no passage is relevant enough."""
    return (
        "The report does not seem to cover that. "
        "Try other words, or see /sections for what it does cover."
    )


def language_note(result: SearchResult, outline: str = "/sections") -> str | None:
    """A line on a question in another language than the report's English, or None.

    ``outline`` names where the report's outline is (a command of the bot or the CLI).
    """
    if not result.foreign:
        return None
    if result.hits:
        return "The question is not in English: these English passages match its meaning."
    return (
        "The report is in English and I could not match this question to it; "
        f"try asking in English, or see {outline} for what the report covers."
    )


def closest_caveat() -> str:
    """The line above passages that are only the closest ones (verdict "closest")."""
    return "The report may not answer this directly; these are the closest passages."


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


def slow_down() -> str:
    """The one note a flooding reader gets before further questions are dropped."""
    return "You are asking faster than I can read. Please wait a little before the next question."


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
        mark_up(text, start, end, hit.sentences, hit.matches)
        for start, end in _chunks(text, budget)
    ]


def report_name(report: Report) -> str:
    """A report's name (``Report.name``: title, and date if the title lacks it) in italics."""
    return f"<i>{_escape(report.name)}</i>"


REPORTS_SHOWN = 50
"""/reports lists this many; a library of thousands would fill a chat."""


FORMAT_NAMES = {
    "text": "text",
    "markdown": "Markdown",
    "pdf": "PDF",
    "html": "web page",
    "docx": "Word",
}
"""How each ``Report.format`` is named to a reader."""


def format_name(report: Report) -> str:
    """The report's format in a reader's words ("PDF", "web page")."""
    return FORMAT_NAMES.get(report.format, report.format)


def reports_list(reports: Sequence[Report], shown: int = REPORTS_SHOWN) -> list[str]:
    """/reports: the reports the bot answers from, numbered with their format, that fit."""
    lines = [
        f"{n}. {report_name(r)} · {_escape(format_name(r))}"
        for n, r in enumerate(reports[:shown], start=1)
    ]
    if len(reports) > shown:
        lines.append(f"… and {len(reports) - shown} more. Ask a question to search them all.")
    return pack([f"<b>I answer from {len(reports)} reports</b>\n", *lines], separator="\n")


def paragraph_view(report: Report, number: int) -> str:
    """One paragraph under its heading, for the Before / After buttons."""
    paragraph = report.paragraph(number)
    heading = section_path(paragraph.section) + page_note(paragraph)
    return f"{heading}\n{_escape(paragraph.text)}"


SECTION_MESSAGES = 5
"""A section view is cut after this many messages: a whole report's worth is no reply."""


def section_view(
    report: Report, number: int, link: str | None, most: int = SECTION_MESSAGES
) -> list[str]:
    """A whole section (its subsections included), in at most ``most`` messages that fit,
    then a line saying where the rest is."""
    section = report.section(number)
    header = f"<b>{number}. {_escape(section.title)}</b>"
    if link:
        header += f"\n<i>Link to this section: {_escape(link)}</i>"
    blocks = [header]
    current: tuple[str, ...] = section.path
    enough = most * MESSAGE_LIMIT // 8  # bounds the work; a longer section is cut
    page: int | None = None
    for paragraph in report.subtree(number):
        if paragraph.section != current:
            current = paragraph.section
            blocks.append(f"<b>{_escape(current[-1])}</b>")
        if paragraph.page != page:
            page = paragraph.page
            blocks.append(f"<i>p. {page}</i>")
        blocks += [_escape(text) for text in _pieces(paragraph.text)]
        if len(blocks) > enough:
            break
    messages = pack(blocks)
    if len(messages) <= most and len(blocks) <= enough:
        return messages
    return [*messages[:most], section_goes_on()]


def section_goes_on() -> str:
    """After a section view cut short."""
    return "<i>The section goes on; open its subsections from /sections.</i>"


def about(report: Report) -> str:
    """/about: the report's title, date and size."""
    words = sum(len(p.text.split()) for p in report.paragraphs)
    lines = [f"<b>{_escape(report.title)}</b>"]
    if report.date:
        lines.append(f"Published: {_escape(report.date)}")
    lines.append(
        f"{len(report.sections)} sections, {len(report.paragraphs)} paragraphs, "
        f"about {words:,} words."
    )
    return "\n".join(lines)


def thanks() -> str:
    """The toast after a 👍 or 👎."""
    return "Thanks, noted."


def inline_title(hit: Hit, *, closest: bool = False) -> str:
    """For inline mode: the section path, marked when the passage is only the closest one."""
    path = SECTION_SEPARATOR.join(hit.paragraph.section)
    return f"Closest match · {path}" if closest else path


def inline_description(hit: Hit, length: int = 120) -> str:
    """For inline mode: the start of the answer sentence (or of the paragraph)."""
    text = hit.paragraph.text
    start, end = hit.sentences[0] if hit.sentences else (0, len(text))
    snippet = text[start:end]
    return snippet if len(snippet) <= length else snippet[: length - 1].rstrip() + "…"


def inline_message(hit: Hit) -> str:
    """For inline mode: the passage with its heading and its report's title, in one message."""
    footer = f"\n\n<i>From {_escape(hit.report.title)}</i>"
    blocks = passage(hit, MESSAGE_LIMIT - visible_length(footer) - 1)
    more = "…" if len(blocks) > 1 else ""
    return f"{blocks[0]}{more}{footer}"


def no_more() -> str:
    """The reply to "More" when every matching passage was shown."""
    return "That was everything the report has on this question."


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
    return f"There is no such section. Sections are numbered 1 to {count}; see /sections."


def _pieces(text: str) -> list[str]:
    """Report text cut into pieces that fit a message on their own."""
    return [text[start:end] for start, end in _chunks(text, MESSAGE_LIMIT - 200)]


def mark_up(
    text: str,
    start: int,
    end: int,
    sentences: Iterable[tuple[int, int]],
    words: Iterable[tuple[int, int]],
) -> str:
    """HTML for ``text[start:end]`` with ``sentences`` bold and ``words`` underlined.

    Words never cross sentence boundaries, so the tags nest properly.
    """
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for tag, spans in (("b", sentences), ("u", words)):
        for span_start, span_end in spans:
            s, e = max(span_start, start), min(span_end, end)
            if s < e:
                opens.setdefault(s, []).append(tag)
                closes.setdefault(e, []).insert(0, tag)
    cuts = sorted({start, end, *opens, *closes})
    out: list[str] = []
    for position, following in zip(cuts, [*cuts[1:], end], strict=True):
        out += [f"</{tag}>" for tag in closes.get(position, [])]
        out += [f"<{tag}>" for tag in opens.get(position, [])]
        out.append(_escape(text[position:following]))
    return "".join(out)


def pack(blocks: Sequence[str], limit: int = MESSAGE_LIMIT, separator: str = "\n\n") -> list[str]:
    """Join blocks with ``separator`` into as few messages as fit within ``limit``.

    Every block must fit on its own (``passage`` ensures that for report text).
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}{separator}{block}" if current else block
        if current and visible_length(candidate) > limit:
            messages.append(current)
            current = block
        else:
            current = candidate
    if current:
        messages.append(current)
    return messages


def _chunks(text: str, limit: int) -> Iterable[tuple[int, int]]:
    """Offsets of consecutive pieces of ``text``, each at most ``limit`` UTF-16 units.

    Cuts at the last white space that fits, or mid-word for a word longer than the limit.
    """
    start = 0
    while start < len(text):
        end = _fitting_end(text, start, limit)
        if end < len(text):
            space = text.rfind(" ", start + 1, end + 1)
            if space > start:
                end = space
        yield start, end
        start = end
        while start < len(text) and text[start] == " ":
            start += 1


def _fitting_end(text: str, start: int, limit: int) -> int:
    """The largest end such that ``text[start:end]`` is at most ``limit`` UTF-16 units."""
    units = 0
    for position in range(start, len(text)):
        units += 2 if ord(text[position]) > 0xFFFF else 1
        if units > limit:
            return max(position, start + 1)
    return len(text)
