"""What the bot says to its owners, and the buttons under it: pure functions of values.

Every outside string (a file name, a title, a reader's question, a parser's message) is
escaped here, once (``markup.escape``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.conversation.callbacks import Action, Kind, signed
from bot.conversation.catalogue import Catalogue
from bot.conversation.markup import escape
from bot.conversation.owners import Stats
from bot.conversation.views import plural
from retrieval import Report

REPLACE, KEEP_BOTH, CANCEL = 1, 2, 3
"""An upload's choices, as ``Kind.UPLOAD`` buttons carry them in ``report``."""
ASK, CONFIRM, KEEP = 0, 1, 2
"""A removal's steps, as ``Kind.REMOVE`` buttons carry them in ``value``."""
KINDS = "PDF, Word (.docx), web page (.html), Markdown (.md) or text (.txt)"


def owners_only() -> str:
    return (
        "Only the bot's owners can add or remove reports and read the statistics, in a "
        "private chat with the bot."
    )


def owner_help() -> str:
    """What /help adds for an owner."""
    return (
        "<b>For owners</b>\n"
        f"Send a {KINDS} file to add it to the library (up to 20 MB).\n"
        "/remove: remove a report\n"
        "/stats: questions per day, the most asked misses and the votes"
    )


def not_a_folder() -> str:
    return (
        "REPORT_PATH is one file, not a folder, so there is no library to add to or remove "
        "from: point it at a folder to manage reports from Telegram."
    )


def not_a_report(name: str) -> str:
    return f"I can add a {KINDS} file; {escape(name)} is none of these."


def too_big(name: str, size: int, largest: int) -> str:
    return (
        f"{escape(name)} is {size / 2**20:.1f} MB; I can take files up to "
        f"{largest / 2**20:.0f} MB (bots cannot download more from Telegram)."
    )


def reading(name: str) -> str:
    return f"Reading {escape(name)}…"


def not_downloaded(name: str, reason: str) -> str:
    return f"{escape(name)} could not be downloaded from Telegram: {escape(reason)}."


def refused(name: str, reason: str) -> str:
    return f"{escape(name)} was not added: {escape(reason.rstrip('.'))}."


def name_taken(name: str, report: Report, other: str) -> str:
    return (
        f"The library already has a file called {escape(name)}. It reads as "
        f"<i>{escape(report.name)}</i> ({plural(len(report.sections), 'section')}). Replace "
        f"it, keep both (the new one as {escape(other)}), or cancel?"
    )


def saved(name: str, report: Report, reload_interval: float) -> str:
    facts = f"<i>{escape(report.name)}</i>, {plural(len(report.sections), 'section')}"
    if reload_interval <= 0:
        return (
            f"Saved {escape(name)} ({facts}). Reloading is off (RELOAD_INTERVAL=0): it is "
            "served after the bot restarts."
        )
    return f"Saved {escape(name)} ({facts}); I will tell you when it is served."


def now_served(name: str, report: Report, count: int) -> str:
    return (
        f"✓ <i>{escape(report.name)}</i> is served: {plural(len(report.sections), 'section')}, "
        f"{plural(len(report.paragraphs), 'paragraph')}, from {escape(name)} "
        f"({plural(count, 'report')} in all)."
    )


def not_served_yet(name: str, seconds: float) -> str:
    return (
        f"{escape(name)} is saved but not served after {seconds:.0f} s; the bot's log "
        "says why (a reload still reading, or the file skipped)."
    )


def upload_cancelled(name: str) -> str:
    return f"Cancelled: {escape(name)} was not added, and the library is unchanged."


def upload_expired() -> str:
    return "That file is no longer waiting (the bot restarted, or newer files came): send it again."


def which_to_remove() -> str:
    return "Which report should I remove? Its file is deleted from the library folder."


def only_report(report: Report) -> str:
    return (
        f"<i>{escape(report.name)}</i> is the only report: add another before removing it "
        "(a bot with no report would not start)."
    )


def confirm_removal(report: Report, name: str) -> str:
    return (
        f"Remove <i>{escape(report.name)}</i> ({escape(name)}, "
        f"{plural(len(report.sections), 'section')})? Readers will no longer get answers from it."
    )


def removing(name: str) -> str:
    return f"Deleted {escape(name)}; I will tell you when it is no longer served."


def removal_failed(reason: str) -> str:
    return f"Nothing was removed: {escape(reason)}."


def kept(report: Report) -> str:
    return f"Kept <i>{escape(report.name)}</i>."


def no_longer_served(report: Report, count: int) -> str:
    return f"<i>{escape(report.name)}</i> is no longer served; {plural(count, 'report')} left."


def still_served(name: str, seconds: float) -> str:
    return f"{escape(name)} is deleted but still served after {seconds:.0f} s; see the bot's log."


def stats_unavailable(reason: str) -> str:
    return f"The statistics cannot be read now: {escape(reason)}"


def stats(found: Stats, days: int) -> str:
    """``/stats``: questions per day, the most asked misses, and the votes."""
    lines = [f"<b>Questions, last {plural(days, 'day')}</b> (UTC)"]
    for day in found.days:
        missed = f"{day.uncovered} not covered, {day.closest} only closest"
        lines.append(f"{day.day}: {day.questions} from {plural(day.readers, 'reader')} ({missed})")
    if not found.days:
        lines.append("No questions yet.")
    summary = found.summary
    lines += _counted("Most asked, not covered", summary.uncovered)
    lines += _counted("Most asked, answered only with the closest passages", summary.closest)
    lines.append(
        f"\n<b>Votes</b>: {summary.votes} ({summary.likes} 👍, {summary.votes - summary.likes} 👎)"
    )
    for disliked in summary.disliked[:3]:
        lines.append(f"👎 {disliked.dislikes}× {escape(_short(disliked.question))}")
    return "\n".join(lines)


def _counted(title: str, rows: Sequence[tuple[str, int]]) -> list[str]:
    if not rows:
        return []
    return [f"\n<b>{title}</b>", *(f"{n}× {escape(_short(q))}" for q, n in rows)]


def _short(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def upload_keyboard(number: int, other: str, catalogue: Catalogue) -> InlineKeyboardMarkup:
    """Replace / Keep both / Cancel for the file waiting as ``number``."""
    choices = [("Replace", REPLACE), (f"Keep both ({_short(other, 30)})", KEEP_BOTH)]
    row = [
        _button(text, Action(Kind.UPLOAD, "", choice, number), catalogue)
        for text, choice in choices
    ]
    cancel = _button("Cancel", Action(Kind.UPLOAD, "", CANCEL, number), catalogue)
    return InlineKeyboardMarkup([row, [cancel]])


def removal_keyboard(catalogue: Catalogue, shown: int = 20) -> InlineKeyboardMarkup:
    """One button per report (the first ``shown``), named by its file and title, each
    asking to remove it."""
    rows = []
    for n, report in enumerate(catalogue.reports[:shown], start=1):
        label = _short(f"{n}. {Path(report.source).name} · {report.name}", 60)
        rows.append([_button(label, Action(Kind.REMOVE, "", n, ASK), catalogue)])
    return InlineKeyboardMarkup(rows)


def confirm_keyboard(number: int, catalogue: Catalogue) -> InlineKeyboardMarkup:
    """Remove it / Cancel for report ``number``."""
    remove = _button("Remove it", Action(Kind.REMOVE, "", number, CONFIRM), catalogue)
    keep = _button("Cancel", Action(Kind.REMOVE, "", number, KEEP), catalogue)
    return InlineKeyboardMarkup([[remove, keep]])


def _button(text: str, action: Action, catalogue: Catalogue) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=signed(action, catalogue).encode())
