"""End-to-end fixtures: a strict fake Bot API on loopback and the real bot process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.e2e.bot_process import FAKE_TOKEN, TOKEN_SECRET_PART, BotProcess, start_bot
from tests.e2e.fake_bot_api import FakeBotApi


def assert_token_never_leaked(api: FakeBotApi, bot: BotProcess) -> None:
    """The token appears in no log line, no request body and no reply."""
    assert TOKEN_SECRET_PART not in bot.output
    assert not api.requests_containing(TOKEN_SECRET_PART)
    assert all(TOKEN_SECRET_PART not in sent.text for sent in api.sent)


@pytest.fixture
def api(request: pytest.FixtureRequest) -> FakeBotApi:
    """A fake Bot API of the test's own; the module's, in a module marked ``shared_bot``."""
    shared = request.node.get_closest_marker("shared_bot")
    fake: FakeBotApi = request.getfixturevalue("shared_api" if shared else "own_api")
    return fake


@pytest.fixture
def bot(request: pytest.FixtureRequest) -> BotProcess:
    """The bot with default settings, stopped with SIGTERM afterwards; the module's one in a
    module marked ``shared_bot``."""
    shared = request.node.get_closest_marker("shared_bot")
    process: BotProcess = request.getfixturevalue("shared_bot" if shared else "own_bot")
    return process


@pytest_asyncio.fixture
async def own_api() -> AsyncIterator[FakeBotApi]:
    """A fake Bot API of the test's own, also in a module marked ``shared_bot``."""
    async with FakeBotApi(FAKE_TOKEN) as fake:
        yield fake


@pytest_asyncio.fixture
async def own_bot(own_api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = await start_bot(own_api, tmp_path)
    yield process
    await stop_cleanly(own_api, process)


@pytest_asyncio.fixture(scope="module")
async def shared_api() -> AsyncIterator[FakeBotApi]:
    """One fake Bot API for all the tests of a module that share :func:`shared_bot`."""
    async with FakeBotApi(FAKE_TOKEN) as fake:
        yield fake


@pytest_asyncio.fixture(scope="module")
async def shared_bot(
    shared_api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[BotProcess]:
    """One bot with default settings for the tests of a module that only talk to it.

    Starting a bot costs about a second of CPU, most of the suite's time. A test sharing it
    talks in chats (and as users) of its own, so it sees only its own replies, and must not
    stop the bot; a test that restarts it, or needs other settings, starts its own.
    """
    process = await start_bot(shared_api, tmp_path_factory.mktemp("shared-bot"))
    yield process
    await stop_cleanly(shared_api, process)


async def stop_cleanly(api: FakeBotApi, bot: BotProcess) -> None:
    """Stop ``bot``: it exits 0, never leaked the token, and Telegram rejected nothing."""
    exit_code = await bot.stop()
    assert exit_code == 0, bot.output
    assert_token_never_leaked(api, bot)
    assert not api.rejected, [(c.method, c.description) for c in api.rejected]
