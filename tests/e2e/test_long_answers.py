"""An answer too long for one message: every message keeps its question and its buttons."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.conversation import replies
from tests.e2e.bot_process import start_bot
from tests.e2e.conftest import stop_cleanly
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.reader import press


async def test_an_answer_over_several_messages_keeps_its_question_and_buttons(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = await start_bot(api, tmp_path, {"TOP_K": "10"})
    question = "Azerbaijan Russia Kremlin Baku"
    api.send_text(question, chat_id=60, user_id=60)
    asked = api.message_ids(60, from_bot=False)[-1]
    await api.wait_for_sent(2, chat_id=60)
    await bot.stop()  # every part sent by now: stopping waits for the answer in flight
    parts = api.sent_to(60)
    assert len(parts) > 1
    assert all(part.reply_to_message_id == asked for part in parts)  # each quotes the question
    rows = [len((part.reply_markup or {}).get("inline_keyboard", [])) for part in parts]
    assert sum(rows) == 10 + 1  # a row per passage, under the message that shows it, and one
    assert [b["text"] for b in parts[-1].buttons][-3:] == ["More ▾", "👍", "👎"]
    assert all("More ▾" not in [b["text"] for b in part.buttons] for part in parts[:-1])
    assert bot.exit_code == 0
    assert not api.rejected


async def test_a_vote_under_the_last_part_is_stored_with_the_question(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = await start_bot(api, tmp_path, {"TOP_K": "10"})
    api.send_text("Azerbaijan Russia Kremlin Baku", chat_id=61, user_id=61)
    sent = await api.wait_for_sent(2, chat_id=61)
    (voted,) = await press(api, sent[-1], "👎")  # its button ticked
    assert voted.method == "editMessageReplyMarkup"
    (more, *_) = await press(api, voted, "More ▾")
    assert more.plain_text != replies.button_expired()
    assert (more.method, more.message_id) == ("editMessageText", sent[-1].message_id)  # in place
    await stop_cleanly(api, bot)
    with sqlite3.connect(tmp_path / "data" / "feedback.sqlite3") as db:
        votes = db.execute("SELECT question, vote FROM votes").fetchall()
    assert votes == [("Azerbaijan Russia Kremlin Baku", -1)]
