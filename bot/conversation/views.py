"""Reading a report in the chat: its outline, a paragraph, a section, the list, /about."""

from __future__ import annotations

from collections.abc import Sequence

from bot.conversation.catalogue import Place
from bot.conversation.markup import MESSAGE_LIMIT, chunks, escape, pack, pieces, visible_length
from retrieval import Paragraph, Report

SECTION_SEPARATOR = " › "


def section_path(path: Sequence[str]) -> str:
    """A heading path as one bold line."""
    return f"<b>{escape(SECTION_SEPARATOR.join(path))}</b>"


def page_note(paragraph: Paragraph) -> str:
    """ " · p. 7" after a heading, for a paragraph of a format with pages (PDF); else ""."""
    cited = page_citation(paragraph)
    return "" if cited is None else f" · <i>{escape(cited)}</i>"


def page_citation(paragraph: Paragraph) -> str | None:
    """The page as a reader finds it: "p. 15", or "p. 15, PDF page 18" when they differ.

    The printed number (the PDF's page label) is what a reader checks a citation against;
    the file's page is what a PDF viewer's page box takes. None for formats without pages.
    """
    if paragraph.page is None:
        return None
    if paragraph.label is None or paragraph.label == str(paragraph.page):
        return f"p. {paragraph.label or paragraph.page}"
    return f"p. {paragraph.label}, PDF page {paragraph.page}"


def outline_page(report: Report, report_number: int = 1, start: int = 1) -> tuple[str, int | None]:
    """/sections: one message of the outline from section ``start`` on, and where the next
    page starts (None after the last).

    Nested and numbered, each entry with the command that opens it: ``/s3`` in the first
    report, ``/r2s3`` in the second. Only this page's sections are read, so a report of
    19,000 sections costs no more per page than a short one.
    """
    header = f"<b>{escape(report.title)}</b>\n" if start == 1 else ""
    footer = "\nTap a /s command to read a section, or send /section and a few words."
    budget = MESSAGE_LIMIT - visible_length(header) - visible_length(footer) - 1
    lines: list[str] = []
    number = start
    for section in report.sections[start - 1 :]:
        line = f"{'    ' * (section.level - 1)}{section.number}. {escape(section.title)}"
        line += f"  /{Place(report_number, section.number).token}"
        cost = visible_length(line) + 1
        if lines and cost > budget:
            break
        lines.append(line)
        budget -= cost
        number += 1
    following = number if number <= len(report.sections) else None
    return "\n".join([*([header] if header else []), *lines, footer]), following


def report_name(report: Report) -> str:
    """A report's name (``Report.name``: title, and date if the title lacks it) in italics."""
    return f"<i>{escape(report.name)}</i>"


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
        f"{n}. {report_name(r)} · {escape(format_name(r))}"
        for n, r in enumerate(reports[:shown], start=1)
    ]
    if len(reports) > shown:
        lines.append(f"… and {len(reports) - shown:,} more. Ask a question to search them all.")
    title = f"<b>I answer from {plural(len(reports), 'report')}</b>\n"
    return pack([title, *lines], separator="\n")


def plural(count: int, noun: str) -> str:
    """``1 report``, ``3 reports``, ``12,000 words``: a count and its noun, agreeing."""
    return f"{count:,} {noun if count == 1 else noun + 's'}"


def paragraph_view(report: Report, number: int, name_report: bool = False) -> str:
    """One paragraph under its heading, for the Before / After buttons, in one message (a
    paragraph too long for one is cut, marked "…"): it replaces the message it was paged from.
    """
    paragraph = report.paragraph(number)
    heading = section_path(paragraph.section) + page_note(paragraph)
    if name_report:
        heading = f"{report_name(report)}\n{heading}"
    text = paragraph.text
    start, end = next(iter(chunks(text, MESSAGE_LIMIT - visible_length(heading) - 3)))
    cut = " …" if end < len(text) else ""
    return f"{heading}\n{escape(text[start:end])}{cut}"


SECTION_MESSAGES = 5
"""A section view is cut after this many messages: a whole report's worth is no reply."""


def section_view(
    report: Report, number: int, link: str | None, most: int = SECTION_MESSAGES
) -> list[str]:
    """A whole section (its subsections included) under its report's name, in at most
    ``most`` messages that fit, then a line saying where the rest is."""
    section = report.section(number)
    header = f"{report_name(report)}\n<b>{number}. {escape(section.title)}</b>"
    if link:
        header += f"\n<i>Link to this section: {escape(link)}</i>"
    blocks = [header]
    current: tuple[str, ...] = section.path
    enough = most * MESSAGE_LIMIT // 8  # bounds the work; a longer section is cut
    page: int | None = None
    for paragraph in report.subtree(number):
        if paragraph.section != current:
            current = paragraph.section
            blocks.append(f"<b>{escape(current[-1])}</b>")
        if paragraph.page != page:
            page = paragraph.page
            blocks.append(f"<i>{escape(page_citation(paragraph) or '')}</i>")
        blocks += [escape(text) for text in pieces(paragraph.text)]
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
    """/about with one report: its title, date, format and size."""
    lines = [f"<b>{escape(report.title)}</b>"]
    if report.date:
        lines.append(f"Published: {escape(report.date)}")
    lines.append(report_facts(report))
    return "\n".join(lines)


def about_library(reports: Sequence[Report], shown: int = REPORTS_SHOWN) -> list[str]:
    """/about with several reports: each one's title, date, format and size, and its outline."""
    blocks = [f"<b>I answer from {plural(len(reports), 'report')}</b>"]
    blocks += [
        f"{n}. {report_name(r)}\n{report_facts(r)} · /sections {n}"
        for n, r in enumerate(reports[:shown], start=1)
    ]
    if len(reports) > shown:
        blocks.append(f"… and {len(reports) - shown:,} more. Ask a question to search them all.")
    return pack(blocks)


def report_facts(report: Report) -> str:
    """A report's format and size on one line: "PDF · 36 pages · 9 sections · 120 paragraphs
    · about 12,000 words" (pages for formats that have them)."""
    words = sum(len(p.text.split()) for p in report.paragraphs)
    pages = max((p.page for p in report.paragraphs if p.page is not None), default=None)
    facts = [format_name(report), *([plural(pages, "page")] if pages else [])]
    facts += [plural(len(report.sections), "section"), plural(len(report.paragraphs), "paragraph")]
    return escape(" · ".join([*facts, f"about {plural(words, 'word')}"]))
