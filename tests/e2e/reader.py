"""What a reader does in the end-to-end tests: ask, press a button, wait for the bot."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
from collections.abc import Sequence
from typing import Any

from bot.conversation import replies
from tests.e2e.fake_bot_api import FakeBotApi, SentMessage

QUESTIONS = [
    "Who is Kemal Öztürk?",
    "When did the Russian peacekeepers leave Karabakh?",
    "How did Azerbaijan react?",
    "What did Russia do after the incident?",
    "What happened to the Azerbaijani migrants in Yekaterinburg?",
    "What is the Middle Corridor?",
    "How did Turkey respond?",
    "What did the Kremlin say?",
]
LENIENT = {"FAIR_USE_QUESTIONS": "1000"}
"""Fair use off, for tests that probe something else than the pace."""
BOT = "report_test_bot"
"""The username the fake Bot API gives the bot."""


async def ask(api: FakeBotApi, text: str, chat_id: int, **kwargs: object) -> SentMessage:
    """Send ``text`` and return the bot's first reply to it."""
    before = len(api.sent_to(chat_id))
    api.send_text(text, chat_id=chat_id, user_id=kwargs.pop("user_id", chat_id), **kwargs)  # type: ignore[arg-type]
    return (await api.wait_for_sent(before + 1, chat_id=chat_id))[before]


def mentioning(question: str) -> dict[str, Any]:
    """``send_text`` arguments for a group message that mentions the bot, then asks."""
    return {
        "text": f"@{BOT} {question}",
        "entities": [{"type": "mention", "offset": 0, "length": len(BOT) + 1}],
    }


async def mention(api: FakeBotApi, question: str, chat_id: int, user_id: int) -> SentMessage:
    """Ask ``question`` in a supergroup, mentioning the bot; the bot's first reply."""
    return await ask(
        api, chat_id=chat_id, user_id=user_id, chat_type="supergroup", **mentioning(question)
    )


async def press(
    api: FakeBotApi, message: SentMessage, label: str, expect: int = 1
) -> list[SentMessage]:
    """Press the button labelled ``label`` under ``message`` (the first such: the first
    passage's); the ``expect`` messages sent or edited in the chat since."""
    button = next(b for b in message.buttons if b["text"] == label)
    before = len(api.sent_to(message.chat_id))
    answered = len(api.callback_answers)
    api.send_callback_query(
        button["callback_data"],
        message_id=message.message_id,
        chat_id=message.chat_id,
        user_id=message.chat_id,
    )
    await wait_for(lambda: len(api.callback_answers) > answered)
    if expect:
        await api.wait_for_sent(before + expect, chat_id=message.chat_id)
    return api.sent_to(message.chat_id)[before:]


async def inline(api: FakeBotApi, query: str, user_id: int) -> dict[str, Any]:
    """Type ``@bot query`` as ``user_id``; the bot's answer to the inline query."""
    answered = len(api.inline_answers)
    api.send_inline_query(query, user_id=user_id)
    await wait_for(lambda: len(api.inline_answers) > answered)
    return api.inline_answers[-1]


async def all_handled(
    api: FakeBotApi, chat_id: int, question: str = "Who is Kemal Öztürk?", **kwargs: object
) -> list[SentMessage]:
    """Every message the chat got, once a question sent last in it is answered.

    A chat's updates are handled one at a time, in order, so when the bot answers a question
    sent last, it has sent all it was going to for the updates before: a test that nothing
    more was sent waits for this, not for a fixed time. The answer is found by the question
    it quotes, so an extra message sent before it cannot pass for it.
    """
    api.send_text(question, chat_id=chat_id, user_id=kwargs.pop("user_id", chat_id), **kwargs)  # type: ignore[arg-type]
    await _quoted_answer(api, chat_id)
    return api.sent_to(chat_id)


_PROBES = itertools.count(900_001)
"""Users of their own for ``settled``'s probes in groups, so no probe meets another's count."""


async def settled(api: FakeBotApi, chat_id: int, chat_type: str = "private") -> list[SentMessage]:
    """The chat's messages once every update sent to it so far is handled, the probe's left out.

    A chat's updates are handled in order, so the bot's reply to a probe sent last comes after
    all it sends for the updates before. The probe leaves the reader's memory and search count
    as they were: a sticker in a private chat (answered with a hint, not a search; not for a
    step that is itself a non-text message), an ``/ask`` by a user of its own in a group. For a
    transcript that must show what the reader's own steps produced, and nothing else.
    """
    if chat_type == "private":
        hint = replies.not_text()
        since = len(api.sent_to(chat_id))
        api.send_sticker(chat_id=chat_id, user_id=chat_id)
        await wait_for(lambda: any(s.plain_text == hint for s in api.sent_to(chat_id)[since:]), 30)
        sent = api.sent_to(chat_id)
        return sent[: next(n for n in range(since, len(sent)) if sent[n].plain_text == hint)]
    api.send_text(
        f"/ask@{BOT} Who is Kemal Öztürk?",
        chat_id=chat_id,
        user_id=next(_PROBES),
        chat_type=chat_type,
    )
    asked = await _quoted_answer(api, chat_id)
    sent = api.sent_to(chat_id)
    return sent[: next(n for n, s in enumerate(sent) if quoted(s) == asked)]


async def _quoted_answer(api: FakeBotApi, chat_id: int) -> int:
    """Wait for the bot's reply quoting the chat's last message from a user; its id."""
    asked = api.message_ids(chat_id, from_bot=False)[-1]
    await wait_for(lambda: any(quoted(sent) == asked for sent in api.sent_to(chat_id)), 30)
    return asked


def quoted(sent: SentMessage) -> int | None:
    """The message a message of the bot's replies to, if any."""
    found = (sent.reply_parameters or {}).get("message_id") or sent.reply_to_message_id
    return int(found) if found else None


async def wait_for(condition: object, timeout: float = 10) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():  # type: ignore[operator]
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


def own_chat(base: int, case: object, cases: Sequence[object]) -> int:
    """A chat (and user) of its own for each case of a parametrized test sharing one bot."""
    return base + list(cases).index(case)


def link_key(file_name: str) -> str:
    """What a deep link names a report by: six hex digits of its file name's SHA-256."""
    return hashlib.sha256(file_name.encode()).hexdigest()[:6]
