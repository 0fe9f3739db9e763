"""No reader waits for another: chats are served at once, each in order; taps answered at once.

Each test waits on events (a request held in the fake, a reply arriving), never on time.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.bot_process import BotProcess, start_bot
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.reader import ask, press, wait_for
from tests.e2e.test_reading import REPORT_LINES

PATIENCE = 30.0
"""Generous bound for a reply on a busy machine."""


def sending_to(api: FakeBotApi, chat_id: int) -> bool:
    """Whether a ``sendMessage`` to ``chat_id`` is waiting in the fake right now."""
    return any(
        call.method == "sendMessage" and str(call.params.get("chat_id")) == str(chat_id)
        for call in api.in_flight
    )


async def test_a_chat_whose_reply_is_held_does_not_hold_another_chat(
    shared_api: FakeBotApi, shared_bot: BotProcess
) -> None:
    shared_api.hold(80)
    shared_api.send_text("Who is Kemal Öztürk?", chat_id=80, user_id=80)
    await wait_for(lambda: sending_to(shared_api, 80), timeout=PATIENCE)
    other = await ask(shared_api, "What did Zelensky tell Aliyev?", chat_id=81)
    assert REPORT_LINES[33] in other.plain_text
    assert not shared_api.sent_to(80)
    shared_api.release(80)
    (held,) = await shared_api.wait_for_sent(1, chat_id=80, timeout=PATIENCE)
    assert REPORT_LINES[28] in held.plain_text


async def test_a_tap_is_answered_at_once_and_served_in_its_chats_order(
    shared_api: FakeBotApi, shared_bot: BotProcess
) -> None:
    answer = await ask(shared_api, "Who is Kemal Öztürk?", chat_id=82)
    shared_api.hold(82)
    shared_api.send_text("/sections", chat_id=82, user_id=82)
    await wait_for(lambda: sending_to(shared_api, 82), timeout=PATIENCE)
    (after,) = [b for b in answer.buttons if b["text"] == "After ▶"]
    answered = len(shared_api.callback_answers)
    shared_api.send_callback_query(after["callback_data"], message_id=answer.message_id, chat_id=82)
    await wait_for(lambda: len(shared_api.callback_answers) > answered, timeout=PATIENCE)
    assert len(shared_api.sent_to(82)) == 1  # the tap is answered while /sections is still held
    shared_api.release(82)
    _, outline, paragraph = await shared_api.wait_for_sent(3, chat_id=82, timeout=PATIENCE)
    assert outline.plain_text.startswith("PSCRP-BESA Reports No 140")
    assert REPORT_LINES[30] in paragraph.plain_text


async def test_repeated_taps_of_one_button_collapse_into_one(
    shared_api: FakeBotApi, shared_bot: BotProcess
) -> None:
    answer = await ask(shared_api, "Who is Kemal Öztürk?", chat_id=83)
    (after,) = [b for b in answer.buttons if b["text"] == "After ▶"]
    answered = len(shared_api.callback_answers)
    for _ in range(3):  # queued together: the bot sees them within a second
        shared_api.send_callback_query(
            after["callback_data"], message_id=answer.message_id, chat_id=83
        )
    await wait_for(lambda: len(shared_api.callback_answers) == answered + 3, timeout=PATIENCE)
    shared_api.send_text("/about", chat_id=83, user_id=83)  # served after what the taps caused
    await wait_for(lambda: "30 paragraphs" in shared_api.sent_to(83)[-1].plain_text, PATIENCE)
    texts = [sent.plain_text for sent in shared_api.sent_to(83)]
    assert len(texts) == 3
    assert REPORT_LINES[30] in texts[1]


async def test_a_long_outline_comes_a_page_at_a_time(api: FakeBotApi, tmp_path: Path) -> None:
    headings = "\n".join(f"Heading number {i}\nBody text {i}." for i in range(1, 1001))
    report = tmp_path / "long.md"
    report.write_text(f"A report of a thousand sections\n{headings}\n", encoding="utf-8")
    bot = await start_bot(api, tmp_path, {"REPORT_PATH": str(report)})
    try:
        first = await ask(api, "/sections", chat_id=85)
        assert [b["text"] for b in first.buttons] == ["More ▾"]
        (second,) = await press(api, first, "More ▾")
    finally:
        assert await bot.stop() == 0
    assert not api.rejected, [(c.method, c.description) for c in api.rejected]
    last_shown = int(re.findall(r"/s(\d+)\b", first.plain_text)[-1])
    assert second.plain_text.startswith(f"{last_shown + 1}. Heading number {last_shown + 1}")
    assert len(api.sent_to(85)) == 2


async def test_a_tap_telegram_calls_too_old_is_still_served(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = await start_bot(api, tmp_path)
    try:
        answer = await ask(api, "Who is Kemal Öztürk?", chat_id=86)
        (after,) = [b for b in answer.buttons if b["text"] == "After ▶"]
        api.push_update(  # a query id the fake never issued: answering it fails as too old
            {
                "callback_query": {
                    "id": "1",
                    "from": {"id": 86, "is_bot": False, "first_name": "Reader"},
                    "message": api.message(86, answer.message_id),
                    "chat_instance": "86",
                    "data": after["callback_data"],
                }
            }
        )
        _, paragraph = await api.wait_for_sent(2, chat_id=86, timeout=PATIENCE)
    finally:
        assert await bot.stop() == 0
    assert REPORT_LINES[30] in paragraph.plain_text
    assert [call.method for call in api.rejected] == ["answerCallbackQuery"]
    assert "Tap not acknowledged" in bot.output
    assert "something went wrong" not in " ".join(s.plain_text for s in api.sent_to(86))
