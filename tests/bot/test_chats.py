"""The per-chat update processor: chats at once, each chat in order, taps handled first."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Chat, Message, Update

from bot.serving.chats import PerChatProcessor


def update_in(chat_id: int, number: int) -> Update:
    """A text message in a private chat."""
    chat = Chat(chat_id, Chat.PRIVATE)
    return Update(number, message=Message(number, datetime.now(UTC), chat, text=str(number)))


async def record(log: list[str], name: str, wait: asyncio.Event | None = None) -> None:
    if wait is not None:
        await wait.wait()
    log.append(name)


def queue(
    processor: PerChatProcessor,
    log: list[str],
    chat: int,
    number: int,
    wait: asyncio.Event | None = None,
) -> asyncio.Future[None]:
    """Hand update ``number`` of ``chat`` to the processor; its work logs ``c<chat>-<number>``."""
    work = record(log, f"c{chat}-{number}", wait)
    return asyncio.ensure_future(processor.process_update(update_in(chat, number), work))


async def test_a_chat_waits_for_its_own_updates_only() -> None:
    processor, log, slow = PerChatProcessor(10), [], asyncio.Event()
    first, second = queue(processor, log, 1, 1, slow), queue(processor, log, 1, 2)
    await queue(processor, log, 2, 3)
    assert log == ["c2-3"]  # chat 2 did not wait for chat 1's slow update
    slow.set()
    await asyncio.gather(first, second)
    assert log == ["c2-3", "c1-1", "c1-2"]


async def test_a_cancelled_update_does_not_let_a_later_one_overtake() -> None:
    processor, log, slow = PerChatProcessor(10), [], asyncio.Event()
    first, waiting = queue(processor, log, 1, 1, slow), queue(processor, log, 1, 2)
    third = queue(processor, log, 1, 3)
    await asyncio.sleep(0)
    waiting.cancel()
    await asyncio.sleep(0)
    assert log == []
    slow.set()
    await asyncio.gather(first, third)
    assert log == ["c1-1", "c1-3"]


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
