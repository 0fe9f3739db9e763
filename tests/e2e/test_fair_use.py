"""Fair use as a reader meets it: searches are limited, reading what was found hardly is.

Each test starts its own bot with small budgets, so that a few requests reach them.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.bot_process import start_bot
from tests.e2e.conftest import stop_cleanly
from tests.e2e.fake_bot_api import FakeBotApi, SentMessage
from tests.e2e.reader import ask, inline, press, wait_for

SEARCH_NOTE = "faster than I can read"
READING_NOTE = "faster than I can turn the pages"


async def page(api: FakeBotApi, answer: SentMessage, turns: int) -> SentMessage:
    """Turn ``turns`` pages back from ``answer`` with ◀ Before, each waited for."""
    shown = answer
    for _ in range(turns):
        (shown,) = await press(api, shown, "◀ Before")
    return shown


async def test_reading_and_cheap_commands_never_spend_the_budget_of_questions(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = await start_bot(api, tmp_path, {"FAIR_USE_QUESTIONS": "2"})
    answer = await ask(api, "Who is Kemal Öztürk?", chat_id=91)
    await page(api, answer, 8)
    for command in ("/about", "/help", "/sections", "/section 7", "/s8"):
        reply = await ask(api, command, chat_id=91)
        assert SEARCH_NOTE not in reply.plain_text, command
    second = await ask(api, "What did Zelensky tell Aliyev?", chat_id=91)
    assert "Zelensky" in second.plain_text
    third = await ask(api, "Where is the pipeline?", chat_id=91)
    assert SEARCH_NOTE in third.plain_text  # searches are still limited
    assert not any(a.get("text") for a in api.callback_answers)  # no tap was slowed down
    await stop_cleanly(api, bot)


async def test_a_flood_of_taps_is_bounded_with_one_note_and_delays_nobody_else(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = await start_bot(api, tmp_path, {"FAIR_USE_NAVIGATION": "3"})
    answer = await ask(api, "Who is Kemal Öztürk?", chat_id=92)
    shown = await page(api, answer, 2)
    (after,) = [b for b in shown.buttons if b["text"] == "After ▶"]
    (before,) = [b for b in shown.buttons if b["text"] == "◀ Before"]
    sent = len(api.sent_to(92))
    answered = len(api.callback_answers)
    for data in (after, before, after):  # the budget has room for one more
        api.send_callback_query(
            data["callback_data"], message_id=shown.message_id, chat_id=92, user_id=92
        )
    await wait_for(lambda: len(api.callback_answers) == answered + 3)
    notes = [a.get("text") for a in api.callback_answers[answered:]]
    assert notes[0] is None
    assert READING_NOTE in (notes[1] or "")  # one note, then silence
    assert notes[2] is None
    await api.wait_for_sent(sent + 1, chat_id=92)  # what the one tap within the budget shows
    other = await ask(api, "What did Zelensky tell Aliyev?", chat_id=93)
    assert "Zelensky" in other.plain_text
    assert len(api.sent_to(92)) == sent + 1
    await stop_cleanly(api, bot)


async def test_inline_queries_spend_the_budget_of_questions(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = await start_bot(api, tmp_path, {"FAIR_USE_QUESTIONS": "1"})
    first, second = [await inline(api, query, user_id=94) for query in ("pipeline", "Zelensky")]
    assert first["results"]
    assert "button" not in first
    assert second["results"] == []
    assert second["button"]["text"] == "Too many searches: wait a few seconds"
    await stop_cleanly(api, bot)
