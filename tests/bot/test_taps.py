"""A repeated tap of the same button collapses into one, timed from the last answer."""

from __future__ import annotations

import datetime

from telegram import CallbackQuery, Chat, Message, User

from bot.conversation.taps import REPEAT_SECONDS, RecentTaps

READER = User(id=7, first_name="Reader", is_bot=False)
MESSAGE = Message(message_id=3, date=datetime.datetime(2026, 1, 1), chat=Chat(7, "private"))


def tap(data: str = "p:abc:4") -> CallbackQuery:
    return CallbackQuery(id="1", from_user=READER, chat_instance="7", data=data, message=MESSAGE)


def test_a_tap_within_the_window_of_the_last_answer_is_a_repeat() -> None:
    taps = RecentTaps()
    assert not taps.repeated(tap(), MESSAGE, now=10.0)
    taps.answered(tap(), MESSAGE, now=12.0)  # the answer took two seconds to send
    assert taps.repeated(tap(), MESSAGE, now=12.0 + REPEAT_SECONDS / 2)
    assert not taps.repeated(tap(), MESSAGE, now=14.0 + REPEAT_SECONDS)


def test_taps_arriving_together_are_one_tap() -> None:
    taps = RecentTaps()
    assert not taps.repeated(tap(), MESSAGE, now=5.0)
    assert taps.repeated(tap(), MESSAGE, now=5.0)  # judged before the first is answered


def test_another_button_is_not_a_repeat() -> None:
    taps = RecentTaps()
    taps.answered(tap("p:abc:4"), MESSAGE, now=1.0)
    assert not taps.repeated(tap("p:abc:5"), MESSAGE, now=1.1)


def test_a_button_tapped_again_after_another_of_its_message_is_a_new_tap() -> None:
    """◀ ▶ ◀ within a second: the message shows the same page again, edited within the
    same second, and the second ◀ turns the page again."""
    edited = datetime.datetime(2026, 1, 1, 0, 0, 5)
    page = Message(3, MESSAGE.date, MESSAGE.chat, text="Page 5", edit_date=edited)
    before = Message(3, MESSAGE.date, MESSAGE.chat, text="Page 4", edit_date=edited)
    taps = RecentTaps()
    assert not taps.repeated(tap("p:abc:4"), page, now=1.0)  # ◀ on page 5
    assert not taps.repeated(tap("p:abc:5"), before, now=1.2)  # ▶ on page 4
    assert not taps.repeated(tap("p:abc:4"), page, now=1.4)  # ◀ on page 5 again
    assert taps.repeated(tap("p:abc:4"), page, now=1.5)  # and a double tap of it is one
