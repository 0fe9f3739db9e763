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
