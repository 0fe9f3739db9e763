"""Feedback storage and inbound text, through the real bot process.

A question carrying a lone surrogate used to make ``record_uncovered`` raise
``UnicodeEncodeError`` and the reader got no reply; a vote while another program held the
database's write lock failed after 5 s, and an unusable FEEDBACK_DB killed ``run`` with a
traceback.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.console.exits import EXIT_USAGE
from tests.e2e.bot_process import BotProcess, bot_environment, run_command
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.reader import ask, press


def database(workdir: Path) -> Path:
    return workdir / "data" / "feedback.sqlite3"


async def test_feedback_and_uncovered_questions_are_stored_without_user_ids(
    api: FakeBotApi, bot: BotProcess, tmp_path: Path
) -> None:
    answer = await ask(api, "Who is Kemal Öztürk?", chat_id=987654)
    await press(api, answer, "👎", expect=0)
    assert "Thanks" in api.callback_answers[-1]["text"]
    await ask(api, "What is the population of Baku?", chat_id=987654)
    await bot.stop()
    with sqlite3.connect(database(tmp_path)) as db:
        votes = db.execute("SELECT user_hash, question, vote FROM votes").fetchall()
        uncovered = db.execute("SELECT question FROM uncovered").fetchall()
    assert [(q, v) for _, q, v in votes] == [("Who is Kemal Öztürk?", -1)]
    assert "987654" not in votes[0][0]
    assert uncovered == [("What is the population of Baku?",)]


async def test_a_vote_can_be_changed_and_withdrawn(
    api: FakeBotApi, bot: BotProcess, tmp_path: Path
) -> None:
    changed = await ask(api, "Who is Kemal Öztürk?", chat_id=8001)
    (liked,) = await press(api, changed, "👍")
    await press(api, liked, "👎")
    withdrawn = await ask(api, "What did Zelensky tell Aliyev?", chat_id=8002)
    (liked,) = await press(api, withdrawn, "👍")
    await press(api, liked, "👍 ✓")
    assert api.callback_answers[-1]["text"] == "Vote withdrawn."
    await bot.stop()
    with sqlite3.connect(database(tmp_path)) as db:
        votes = db.execute("SELECT question, vote FROM votes").fetchall()
    assert votes == [("Who is Kemal Öztürk?", -1)]


async def test_a_question_with_a_lone_surrogate_is_answered_and_stored_cleaned(
    api: FakeBotApi, bot: BotProcess, tmp_path: Path
) -> None:
    reply = await ask(api, "What is the population of Baku? \ud83d", chat_id=8101)
    assert "cover" in reply.plain_text
    answer = await ask(api, "Who is Kemal \udc00Öztürk?", chat_id=8102)
    assert "Öztürk" in answer.plain_text or "Ozturk" in answer.plain_text
    await bot.stop()
    with sqlite3.connect(database(tmp_path)) as db:
        stored = db.execute("SELECT question FROM uncovered").fetchall()
    assert stored == [("What is the population of Baku? \ufffd",)]
    assert "Traceback" not in bot.output


async def test_a_vote_outlasts_a_lock_held_by_another_program_and_no_reader_waits(
    api: FakeBotApi, bot: BotProcess, tmp_path: Path
) -> None:
    answer = await ask(api, "Who is Kemal Öztürk?", chat_id=8201)
    holder = sqlite3.connect(database(tmp_path), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program's long write transaction
    try:
        await press(api, answer, "👎", expect=0)
        assert "Thanks" in api.callback_answers[-1]["text"]
        other = await ask(api, "When did the Russian peacekeepers leave Karabakh?", chat_id=8202)
        assert "Russian peacekeepers from Karabakh" in other.plain_text  # answered meanwhile
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert await bot.stop() == 0  # writes the vote still queued
    with sqlite3.connect(database(tmp_path)) as db:
        votes = db.execute("SELECT question, vote FROM votes").fetchall()
    assert votes == [("Who is Kemal Öztürk?", -1)]
    assert "Feedback not stored" not in bot.output


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_run_with_an_unusable_feedback_database_is_one_line(
    api: FakeBotApi, tmp_path: Path, mode: str
) -> None:
    folder = tmp_path / "feedback.sqlite3"
    folder.mkdir()  # a directory where the database should be
    settings = {"FEEDBACK_DB": str(folder)}
    args = ["run"]
    if mode == "webhook":
        args.append("--webhook")
        settings |= {
            "WEBHOOK_URL": "https://bot.example.org/telegram",
            "WEBHOOK_SECRET_TOKEN": "webhook-secret_for-e2e-tests-0123456789",
        }
    status, out, err = await run_command(bot_environment(api, settings), tmp_path, *args)
    assert status == EXIT_USAGE
    assert "Traceback" not in out + err
    *_, last = err.strip().splitlines()
    assert last.startswith(f"report-bot: FEEDBACK_DB {folder} cannot be used:")
    assert not api.calls  # stopped before contacting Telegram
