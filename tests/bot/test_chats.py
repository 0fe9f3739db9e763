"""The per-chat update processor: chats at once, each chat in order, taps handled first."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Chat, Message, Update

from bot.chats import PerChatProcessor


def update_in(chat_id: int, number: int) -> Update:
    """A text message in a private chat."""
    chat = Chat(chat_id, Chat.PRIVATE)
    return Update(number, message=Message(number, datetime.now(UTC), chat, text=str(number)))


async def record(log: list[str], name: str, wait: asyncio.Event | None = None) -> None:
    if wait is not None:
        await wait.wait()
    log.append(name)


async def test_a_chat_waits_for_its_own_updates_only() -> None:
    processor = PerChatProcessor(10)
    log: list[str] = []
    slow = asyncio.Event()
    first = asyncio.ensure_future(
        processor.process_update(update_in(1, 1), record(log, "a1", slow))
    )
    second = asyncio.ensure_future(processor.process_update(update_in(1, 2), record(log, "a2")))
    await processor.process_update(update_in(2, 3), record(log, "b1"))
    assert log == ["b1"]  # chat 2 did not wait for chat 1's slow update
    slow.set()
    await asyncio.gather(first, second)
    assert log == ["b1", "a1", "a2"]


async def test_a_cancelled_update_does_not_let_a_later_one_overtake() -> None:
    processor = PerChatProcessor(10)
    log: list[str] = []
    slow = asyncio.Event()
    first = asyncio.ensure_future(
        processor.process_update(update_in(1, 1), record(log, "a1", slow))
    )
    waiting = asyncio.ensure_future(processor.process_update(update_in(1, 2), record(log, "a2")))
    third = asyncio.ensure_future(processor.process_update(update_in(1, 3), record(log, "a3")))
    await asyncio.sleep(0)
    waiting.cancel()
    await asyncio.sleep(0)
    assert log == []
    slow.set()
    await asyncio.gather(first, third)
    assert log == ["a1", "a3"]


async def test_an_update_handled_at_once_still_keeps_its_place() -> None:
    seen: list[int] = []

    async def first(update: Update) -> bool:
        seen.append(update.update_id)
        return update.update_id != 2  # update 2 is dealt with here, like a repeated tap

    processor = PerChatProcessor(10, first=first)
    log: list[str] = []
    for number in (1, 2, 3):
        await processor.process_update(update_in(1, number), record(log, f"a{number}"))
    assert seen == [1, 2, 3]
    assert log == ["a1", "a3"]
