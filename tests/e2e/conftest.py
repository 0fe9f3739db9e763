"""End-to-end fixtures: a strict fake Bot API on loopback and the real bot process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from tests.e2e.bot_process import FAKE_TOKEN, TOKEN_SECRET_PART, BotProcess, start_bot
from tests.e2e.fake_bot_api import FakeBotApi


def assert_token_never_leaked(api: FakeBotApi, bot: BotProcess) -> None:
    """The token appears in no log line, no request body and no reply."""
    assert TOKEN_SECRET_PART not in bot.output
    assert not api.requests_containing(TOKEN_SECRET_PART)
    assert all(TOKEN_SECRET_PART not in sent.text for sent in api.sent)


@pytest_asyncio.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(FAKE_TOKEN) as fake:
        yield fake


@pytest_asyncio.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """The bot, running with default settings; stopped with SIGTERM afterwards."""
    process = await start_bot(api, tmp_path)
    yield process
    exit_code = await process.stop()
    assert exit_code == 0, process.output
    assert_token_never_leaked(api, process)
    assert not api.rejected, [(c.method, c.description) for c in api.rejected]
