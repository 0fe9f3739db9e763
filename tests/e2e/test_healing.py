"""Polling that heals, ``check --online`` and ``health``, against the real process and the fake.

A token revoked while the bot runs (the API answers 401 for a while, then accepts it again)
used to end python-telegram-bot's polling loop for good: the process stayed alive and never
polled again. Now polling retries with backoff and resumes by itself.
"""

from __future__ import annotations

from pathlib import Path

from bot.console.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from tests.e2e.bot_process import (
    FAKE_TOKEN,
    TOKEN_SECRET_PART,
    bot_environment,
    run_command,
    start_bot,
)
from tests.e2e.conftest import assert_token_never_leaked
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.test_reliability import wait_until


def unauthorized_polls(api: FakeBotApi) -> int:
    return len([c for c in api.calls_to("getUpdates") if c.status == 401])


async def test_polling_resumes_after_the_token_is_revoked_for_a_while(
    api: FakeBotApi, tmp_path: Path
) -> None:
    bot = await start_bot(api, tmp_path)
    api.revoke(True)
    api.send_text("Who is Kemal Öztürk?", chat_id=7001, user_id=7001)  # ends the current poll
    assert await wait_until(lambda: unauthorized_polls(api) >= 3, timeout=60)
    assert bot.process.returncode is None  # alive, and still trying
    api.revoke(False)
    api.send_text("When did the Russian peacekeepers leave Karabakh?", chat_id=7002, user_id=7002)
    (reply,) = await api.wait_for_sent(1, chat_id=7002, timeout=60)
    assert "Russian peacekeepers from Karabakh" in reply.plain_text
    assert await bot.stop() == 0
    assert "Polling failed 3 time(s): Telegram rejects the token" in bot.output
    assert "Polling again after" in bot.output
    # The question asked while revoked could not be answered (sendMessage got 401 too);
    # the one asked after it was.
    assert_token_never_leaked(api, bot)


async def test_health_is_ok_while_the_bot_polls(api: FakeBotApi, tmp_path: Path) -> None:
    bot = await start_bot(api, tmp_path)
    status, out, _ = await run_command(bot_environment(api), tmp_path, "health")
    assert await bot.stop() == 0
    assert status == EXIT_OK
    assert out.startswith("serving: last heard from Telegram")


async def test_check_online_calls_get_me_once(api: FakeBotApi, tmp_path: Path) -> None:
    status, out, err = await run_command(bot_environment(api), tmp_path, "check", "--online")
    assert status == EXIT_OK, err
    assert "telegram: the token is accepted (getMe: @report_test_bot)" in out
    assert [call.method for call in api.calls] == ["getMe"]
    assert TOKEN_SECRET_PART not in out + err


async def test_check_online_with_a_rejected_token_is_one_redacted_line(
    api: FakeBotApi, tmp_path: Path
) -> None:
    api.revoke(True)
    status, out, err = await run_command(bot_environment(api), tmp_path, "check", "--online")
    assert status == EXIT_USAGE
    assert err.strip() == "report-bot: Telegram rejected the bot token (Unauthorized)"
    assert TOKEN_SECRET_PART not in out + err


async def test_check_online_without_a_bot_api_exits_3(api: FakeBotApi, tmp_path: Path) -> None:
    api.down(True)  # 502 Bad Gateway, as behind a proxy whose Bot API is gone
    status, out, err = await run_command(bot_environment(api), tmp_path, "check", "--online")
    assert status == EXIT_FAILED
    assert err.startswith("report-bot: the Bot API at http://127.0.0.1:")
    assert len(err.strip().splitlines()) == 1
    assert FAKE_TOKEN not in out + err
