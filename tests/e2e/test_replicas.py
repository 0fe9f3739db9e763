"""Two replicas, one state: two real bot processes sharing PostgreSQL and Redis.

Each replica gets its own fake Bot API (in production one webhook spreads the updates over
them); a reader's votes and questions land in one feedback report, and fair use is one
limit across both.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import urlsplit

from bot.console.exits import EXIT_OK
from tests.e2e.bot_process import FAKE_TOKEN, bot_environment, run_command, start_bot
from tests.e2e.conftest import assert_token_never_leaked
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.reader import ask, press
from tests.e2e.test_reading import REPORT_LINES

QUESTION = "Who is Kemal Öztürk?"
NOT_COVERED = "What is the population of Baku?"


async def test_two_replicas_share_one_feedback_report_and_one_fair_use_limit(
    tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    shared = {
        "FEEDBACK_DB": postgres_url,
        "FEEDBACK_SALT": "salt-for-e2e-tests",
        "REDIS_URL": redis_url,
        "FAIR_USE_QUESTIONS": "3",
    }
    folders = [tmp_path / "replica-1", tmp_path / "replica-2"]
    for folder in folders:
        folder.mkdir()
    async with FakeBotApi(FAKE_TOKEN) as one, FakeBotApi(FAKE_TOKEN) as two:
        bots = await asyncio.gather(
            start_bot(one, folders[0], shared), start_bot(two, folders[1], shared)
        )
        try:
            for api, reader in ((one, 701), (two, 702)):
                answer = await ask(api, QUESTION, chat_id=reader)
                await press(api, answer, "👎", expect=0)
                await ask(api, NOT_COVERED, chat_id=reader)
            # Reader 703 asks in a group served by both replicas in turn: 3 questions in all
            # are answered, then one note, then nothing.
            asked = {"chat_id": -703, "user_id": 703, "chat_type": "group"}
            answered = [await ask(api, f"/ask {QUESTION}", **asked) for api in (one, two, one)]
            over = await ask(two, f"/ask {QUESTION}", **asked)
            one.send_text(f"/ask {QUESTION}", **asked)  # type: ignore[arg-type]
            await ask(one, "/about", chat_id=-703, user_id=704, chat_type="group")  # after it
        finally:
            statuses = [await bot.stop() for bot in bots]
        assert statuses == [0, 0]
        for api, bot in zip((one, two), bots, strict=True):
            assert_token_never_leaked(api, bot)
            assert "Fair use is counted in this process only" not in bot.output
            assert "Feedback not stored" not in bot.output
            assert "Feedback kept in postgresql://postgres:***@127.0.0.1:" in bot.output
            assert "fair use counted in redis://:***@127.0.0.1:" in bot.output
            for url in (postgres_url, redis_url):
                assert (urlsplit(url).password or "") not in bot.output
        assert all(REPORT_LINES[28] in reply.plain_text for reply in answered)
        assert "faster than I can read" in over.plain_text
        assert len(one.sent_to(-703)) == 3  # two answers and /about: nothing for the drop
        status, report, err = await run_command(bot_environment(one, shared), tmp_path, "feedback")
    assert status == EXIT_OK, err
    assert "2 votes, 0 👍, 2 👎" in report
    assert f"2 👎 0 👍  {QUESTION}" in report
    assert f"2x  {NOT_COVERED}" in report
