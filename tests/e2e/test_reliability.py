"""Faults, floods, access control, restarts and shutdown, against the real bot process."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from tests.conftest import DEV_QUESTIONS, SEED
from tests.e2e.bot_process import start_bot
from tests.e2e.conftest import assert_token_never_leaked
from tests.e2e.fake_bot_api import FakeBotApi, Faults
from tests.e2e.reader import all_handled, ask, press, quoted

REPORT_LINES = SEED.read_text(encoding="utf-8").split("\n")
ANSWERABLE = [
    q
    for q in map(json.loads, DEV_QUESTIONS.read_text(encoding="utf-8").splitlines())
    if q["gold"] and q["kind"] in ("factual", "short", "name-variant")
]


async def wait_until(condition: object, timeout: float, step: float = 0.1) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if condition():  # type: ignore[operator]
            return True
        await asyncio.sleep(step)
    return bool(condition())  # type: ignore[operator]


def answers_by_question(api: FakeBotApi) -> dict[tuple[int, int], list[str]]:
    """The bot's answers, keyed by (chat, question message id) they quote."""
    found: dict[tuple[int, int], list[str]] = {}
    for sent in api.sent:
        question = quoted(sent)
        if question:
            found.setdefault((sent.chat_id, question), []).append(sent.plain_text)
    return found


async def test_every_question_is_answered_under_twenty_percent_faults(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = await start_bot(api, tmp_path)
    api.set_faults(
        Faults(error_rate=0.1, rate_limit_rate=0.05, drop_rate=0.05, seed=7, retry_after=1)
    )
    asked = []
    for n in range(100):
        chat_id = 2000 + n % 20
        api.send_text(ANSWERABLE[n % len(ANSWERABLE)]["question"], chat_id=chat_id, user_id=chat_id)
        asked.append((chat_id, api.message_ids(chat_id, from_bot=False)[-1]))
    everything = await wait_until(lambda: set(asked) <= set(answers_by_question(api)), 90)
    api.set_faults(None)
    assert everything, f"unanswered: {set(asked) - set(answers_by_question(api))}"
    assert len([c for c in api.calls if c.fault]) >= 20  # the faults really happened
    assert await bot.stop() == 0
    assert_token_never_leaked(api, bot)
    duplicates = sum(len(texts) - 1 for texts in answers_by_question(api).values())
    assert duplicates <= 5  # at least once: only a reply lost after delivery is sent again


async def test_flooding_user_is_slowed_down_without_delaying_others(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = await start_bot(api, tmp_path, {"FAIR_USE_QUESTIONS": "5"})
    for _ in range(50):
        api.send_text("Caliber Telegram channel", chat_id=3001, user_id=3001)
    api.send_text("Who is Kemal Öztürk?", chat_id=3002, user_id=3002)
    (other,) = await api.wait_for_sent(1, chat_id=3002, timeout=10)
    assert "Ozturk" in other.plain_text or "Öztürk" in other.plain_text
    # Stopping answers every update fetched, and the 50 were fetched before chat 3002's.
    assert await bot.stop() == 0
    flood = [s.plain_text for s in api.sent_to(3001)]
    notes = [text for text in flood if "faster than I can read" in text]
    assert len(notes) == 1
    assert len(flood) - 1 <= 5
    assert len(api.sent_to(3002)) == 1


async def test_only_allowed_users_get_answers(api: FakeBotApi, tmp_path: Path) -> None:
    bot = await start_bot(api, tmp_path, {"ALLOWED_USER_IDS": "4001"})
    api.send_text("Who is Kemal Öztürk?", chat_id=4001, user_id=4001)
    api.send_text("Who is Kemal Öztürk?", chat_id=4002, user_id=4002)
    (allowed,) = await api.wait_for_sent(1, chat_id=4001)
    (refused,) = await api.wait_for_sent(1, chat_id=4002)
    assert await bot.stop() == 0
    assert REPORT_LINES[28] in allowed.plain_text
    assert "private audience" in refused.plain_text
    assert "Kemal" not in refused.plain_text


async def test_sigterm_under_load_finishes_answers_and_restart_skips_nothing(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = await start_bot(api, tmp_path)
    asked = []
    for n in range(30):
        chat_id = 5000 + n % 10
        api.send_text(ANSWERABLE[n % len(ANSWERABLE)]["question"], chat_id=chat_id, user_id=chat_id)
        asked.append((chat_id, api.message_ids(chat_id, from_bot=False)[-1]))
    await api.wait_for_sent(3)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.stop(timeout=10) == 0
    assert loop.time() - started < 10
    answered_before_restart = set(answers_by_question(api))
    restarted = await start_bot(api, tmp_path)
    assert await wait_until(lambda: set(asked) <= set(answers_by_question(api)), timeout=60)
    assert await restarted.stop() == 0
    answers = answers_by_question(api)
    assert set(asked) == set(answers)  # nothing skipped
    assert all(len(texts) == 1 for texts in answers.values())  # nothing answered twice
    assert answered_before_restart  # the first process did answer before stopping


async def test_polling_survives_the_api_being_down(api: FakeBotApi, tmp_path: Path) -> None:
    bot = await start_bot(api, tmp_path)
    api.down(True)
    api.send_text("Who is Kemal Öztürk?", chat_id=6001, user_id=6001)
    # Several polls fail (retries at 0.5, 1 and 2 s) before the API comes back.
    assert await wait_until(lambda: len([c for c in api.calls if c.fault == "down"]) >= 3, 30)
    api.down(False)
    (reply,) = await api.wait_for_sent(1, chat_id=6001, timeout=40)
    assert REPORT_LINES[28] in reply.plain_text
    handled = await all_handled(api, 6001)
    assert [quoted(sent) for sent in handled].count(quoted(reply)) == 1  # answered once
    assert await bot.stop() == 0


async def test_buttons_keep_working_after_a_restart(api: FakeBotApi, tmp_path: Path) -> None:
    bot = await start_bot(api, tmp_path)
    answer = await ask(api, "Who is Kemal Öztürk?", chat_id=43)
    assert await bot.stop() == 0
    restarted = await start_bot(api, tmp_path)
    try:
        (after,) = await press(api, answer, "After ▶")
        assert REPORT_LINES[30] in after.plain_text
    finally:
        assert await restarted.stop() == 0
