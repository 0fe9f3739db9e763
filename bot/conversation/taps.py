"""Every button tap is answered the moment it arrives, before it waits for its chat.

Telegram shows a spinner on a tapped button until the bot answers the callback query, and
refuses an answer given too late ("query is too old"). So a tap is judged and answered
here, ahead of its chat's line (``bot.serving.chats``): refused when the reader may not use the
bot, the button's report has changed since or the button no longer means anything,
dropped when it repeats the same button within ``REPEAT_SECONDS`` or the reader is over
the fair-use budget for reading (taps never spend the budget of searches), and otherwise
acknowledged and passed on for the slow work. A vote is queued here
(``bot.conversation.votes.record``), so that its toast says whether it is kept. Handlers
never answer one.

A tap counts only with data that one of its message's buttons carries: Telegram passes on
whatever a modified client sends ("the message originated the query can contain no
callback buttons with this data"), so forged data used to store a 👎 per forged passage
list (23 on one answer in 2 minutes) and a "More" for 10^18 passages ranked the whole
library. The message is Telegram's copy, with the keyboard the bot sent, so the buttons
the bot made are the only ones that count.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from telegram import CallbackQuery, Message, Update
from telegram.error import TelegramError

from bot.conversation import replies, votes
from bot.conversation.buttons import still_valid
from bot.conversation.callbacks import VOTES, Action, decode, is_current
from bot.conversation.entry import Entry, admit
from bot.conversation.state import BotState
from bot.storage.fair_use import Cost

logger = logging.getLogger(__name__)

REPEAT_SECONDS = 1.0
"""A second tap of the same button within this long is the same tap."""
TRACKED_TAPS = 10_000


@dataclass
class RecentTaps:
    """When each button was last tapped or answered, by (user, chat, message, what the message
    showed and when it was last edited, data); bounded.

    A tap is recorded when it arrives (taps are judged concurrently) and again when its
    answer has been sent: taps queued behind a slow answer (a busy machine, a slow network)
    are still the same tap. What the message showed is part of it because paging edits the
    message in place: After ▶, ◀ Before, After ▶ in quick succession bring the same button
    back onto the same message, and its second tap is a new page, not a repeat. So is a tap
    after another button of the same message: ◀ ▶ ◀ within a second shows the same page,
    edited within the same second (Telegram's ``edit_date`` counts seconds), and its second
    ◀ is still a new page.
    """

    seen: OrderedDict[tuple[int, ...], float] = field(default_factory=OrderedDict)
    latest: OrderedDict[tuple[int, ...], tuple[int, ...]] = field(default_factory=OrderedDict)
    """The last button tapped on each (user, chat, message), as it arrived."""

    def repeated(self, query: CallbackQuery, message: Message, now: float) -> bool:
        """Record this tap; whether the same button was last seen within ``REPEAT_SECONDS``,
        no other button of its message tapped since."""
        key = _key(query, message)
        last, before = self.seen.get(key), self.latest.pop(key[:3], key)
        self.latest[key[:3]] = key
        while len(self.latest) > TRACKED_TAPS:
            self.latest.popitem(last=False)
        self.answered(query, message, now)
        return last is not None and before == key and now - last < REPEAT_SECONDS

    def answered(self, query: CallbackQuery, message: Message, now: float) -> None:
        """Record that this button's tap was answered (or arrived) at ``now``."""
        key = _key(query, message)
        self.seen.pop(key, None)
        self.seen[key] = now
        while len(self.seen) > TRACKED_TAPS:
            self.seen.popitem(last=False)


def _key(query: CallbackQuery, message: Message) -> tuple[int, ...]:
    edited = int(message.edit_date.timestamp()) if message.edit_date else 0
    shown = hash((message.text or "", edited, query.data or ""))
    return (query.from_user.id, message.chat.id, message.message_id, shown)


async def acknowledge(update: Update, bot_state: BotState, taps: RecentTaps) -> bool:
    """Answer a tap at once; whether its chat still has work to do for it.

    Any other update passes untouched (True).
    """
    query = update.callback_query
    if query is None:
        return True
    now = time.monotonic()
    message = query.message if isinstance(query.message, Message) else None
    action = decode(query.data or "")
    problem = _problem(query, message, action, bot_state)
    # Recorded before anything is awaited: taps are judged concurrently.
    repeated = message is not None and problem is None and taps.repeated(query, message, now)
    cost = None if problem or repeated else Cost.READING  # only a tap that goes on counts
    chat_id = message.chat.id if message else None
    entry = await admit(bot_state, query.from_user.id, chat_id, cost)
    if entry is Entry.REFUSED:
        await _answer(query, replies.not_allowed(), alert=True)
        return False
    if problem or action is None or message is None:
        await _answer(query, problem or replies.button_expired(), alert=True)
        return False
    if repeated:
        await _answer(query)
        taps.answered(query, message, time.monotonic())
        return False
    if entry is not Entry.ANSWER:
        await _answer(query, replies.slow_down(False) if entry is Entry.WARN else None)
        return False
    kept = votes.record(query, message, action, bot_state) if action.kind in VOTES else True
    await _answer(query, _toast(action, kept))
    taps.answered(query, message, time.monotonic())
    return kept


def _problem(
    query: CallbackQuery, message: Message | None, action: Action | None, bot_state: BotState
) -> str | None:
    """Why a tap can do nothing (said in an alert), or None: its data means nothing, or
    names a report changed since, or a button its message does not carry."""
    if action is None or message is None:
        return replies.button_expired()
    if not is_current(action, bot_state.catalogue):
        return replies.report_changed()
    if not still_valid(action, bot_state.catalogue) or not offered(query.data or "", message):
        return replies.button_expired()
    return None


def _toast(action: Action, kept: bool) -> str | None:
    """What a tap that goes on says at once: only votes say something, and the truth."""
    if action.kind not in VOTES:
        return None
    if not kept:
        return replies.vote_not_kept()
    return replies.vote_withdrawn() if action.value else replies.thanks()


def offered(data: str, message: Message) -> bool:
    """Whether one of ``message``'s buttons carries ``data``."""
    markup = message.reply_markup
    rows = markup.inline_keyboard if markup else ()
    return any(button.callback_data == data for row in rows for button in row)


async def _answer(query: CallbackQuery, text: str | None = None, alert: bool = False) -> None:
    """Answer the query; one Telegram no longer takes (say, a tap made while the bot was
    stopped: "query is too old") is logged, and the tap's work is still done."""
    try:
        await query.answer(text, show_alert=alert)
    except TelegramError as error:
        logger.info("Tap not acknowledged: %s", error)
