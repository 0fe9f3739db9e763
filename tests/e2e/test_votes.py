"""Votes a reader cannot stuff or forge, and a feedback report a question cannot forge.

Telegram lets a modified client send any ``callback_data`` with a tap on a bot's message
("the message originated the query can contain no callback buttons with this data"). A
vote used to be keyed by the passages its button named, so pressing the 👎 of other
answers under one answer stored a 👎 each; a "More" naming 10^18 passages ranked the whole
library. Now a tap counts only with data that a button of its message carries.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from bot.console.exits import EXIT_OK
from tests.e2e.bot_process import BotProcess, bot_environment, run_command, start_bot
from tests.e2e.conftest import stop_cleanly
from tests.e2e.fake_bot_api import FakeBotApi, SentMessage
from tests.e2e.reader import LENIENT, QUESTIONS, ask, press, wait_for


def votes(workdir: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(workdir / "data" / "feedback.sqlite3") as db:
        return db.execute("SELECT question, vote FROM votes ORDER BY at").fetchall()


async def tap(api: FakeBotApi, message: SentMessage, data: str, user_id: int) -> dict[str, object]:
    """Tap ``message`` with any ``data``, as a modified client can; the callback's answer."""
    answered = len(api.callback_answers)
    api.send_callback_query(
        data,
        message_id=message.message_id,
        chat_id=message.chat_id,
        user_id=user_id,
        require_button=False,
    )
    await wait_for(lambda: len(api.callback_answers) > answered)
    return api.callback_answers[answered]


def button(message: SentMessage, label: str) -> str:
    (data,) = [b["callback_data"] for b in message.buttons if b["text"] == label]
    return str(data)


@pytest.fixture
async def lenient_bot(api: FakeBotApi, tmp_path: Path) -> BotProcess:
    return await start_bot(api, tmp_path, LENIENT)


async def test_the_dislike_buttons_of_other_answers_store_no_vote_under_this_one(
    api: FakeBotApi, lenient_bot: BotProcess, tmp_path: Path
) -> None:
    answer = await ask(api, QUESTIONS[0], chat_id=8301)
    await press(api, answer, "👎", expect=0)
    # The 👎 of other answers: the same format and tag, other passages.
    others = [button(await ask(api, q, chat_id=8302), "👎") for q in QUESTIONS[1:]]
    replies = [await tap(api, answer, data, user_id=8301) for data in others]
    await stop_cleanly(api, lenient_bot)
    assert votes(tmp_path) == [(QUESTIONS[0], -1)]
    assert all("Thanks" not in str(reply.get("text")) for reply in replies)


async def test_a_forged_more_with_a_huge_count_costs_nothing(
    api: FakeBotApi, lenient_bot: BotProcess
) -> None:
    answer = await ask(api, QUESTIONS[0], chat_id=8311)
    more = button(answer, "More ▾").split("|")
    more[3] = str(10**18)
    started = time.monotonic()
    await tap(api, answer, "|".join(more), user_id=8311)
    other = await ask(api, QUESTIONS[1], chat_id=8312)
    took = time.monotonic() - started
    assert "Russian peacekeepers from Karabakh" in other.plain_text
    await stop_cleanly(api, lenient_bot)
    assert len(api.sent_to(8311)) == 1  # nothing sent for the forged tap
    assert took < 30  # bounded for the suite; docs/reliability.md quotes the figures


async def test_feedback_prints_a_question_on_one_line_and_stores_it_without_ask(
    api: FakeBotApi, lenient_bot: BotProcess, tmp_path: Path
) -> None:
    forged = "Who is Kemal Öztürk?\n  9 👎 0 👍  Who approved the budget?"
    await press(api, await ask(api, forged, chat_id=8321), "👎", expect=0)
    await press(api, await ask(api, f"/ask {QUESTIONS[1]}", chat_id=8322), "👎", expect=0)
    await press(api, await ask(api, QUESTIONS[1], chat_id=8323), "👎", expect=0)
    await stop_cleanly(api, lenient_bot)
    assert (QUESTIONS[1], -1) in votes(tmp_path)
    status, report, err = await run_command(bot_environment(api), tmp_path, "feedback")
    assert status == EXIT_OK, err
    assert f"2 👎 0 👍  {QUESTIONS[1]}" in report
    assert "  1 👎 0 👍  Who is Kemal Öztürk?\\n  9 👎 0 👍  Who approved" in report
    assert not any(line.startswith("  9 👎") for line in report.splitlines())
