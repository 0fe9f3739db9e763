"""Which fair-use budget a reader's request spends: searches apart from reading."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from telegram import Chat, InlineQuery, Message, Sticker, Update, User

from bot.conversation.costs import cost_of
from bot.storage.fair_use import Cost

READER = User(7, "Reader", is_bot=False)
CHAT = Chat(7, Chat.PRIVATE)


def message(text: str | None) -> Update:
    sent = Message(1, datetime.now(UTC), CHAT, from_user=READER, text=text)
    if text is None:
        sent = Message(
            1,
            datetime.now(UTC),
            CHAT,
            from_user=READER,
            sticker=Sticker("s", "u", 1, 1, False, False, "regular"),
        )
    return Update(1, message=sent)


@pytest.mark.parametrize(
    ("text", "cost"),
    [
        ("Who is Kemal Öztürk?", Cost.SEARCH),
        ("/ask Who is Kemal Öztürk?", Cost.SEARCH),
        ("/ask@report_bot pipeline", Cost.SEARCH),
        ("/section Iran", Cost.SEARCH),
        ("/section 3", Cost.READING),
        ("/section r2s3", Cost.READING),
        ("/section", Cost.READING),
        ("/s3", Cost.READING),
        ("/r2s3", Cost.READING),
        ("/about", Cost.READING),
        ("/help", Cost.READING),
        ("/sections 2", Cost.READING),
        ("/start 174911s3", Cost.READING),
        ("/nonsense words", Cost.READING),
        (None, Cost.READING),
    ],
)
def test_only_what_searches_spends_the_budget_of_searches(text: str | None, cost: Cost) -> None:
    assert cost_of(message(text)) is cost


@pytest.mark.parametrize(("query", "cost"), [("pipeline", Cost.SEARCH), ("  ", Cost.READING)])
def test_an_inline_query_searches_unless_it_is_empty(query: str, cost: Cost) -> None:
    update = Update(1, inline_query=InlineQuery("1", READER, query, ""))
    assert cost_of(update) is cost
