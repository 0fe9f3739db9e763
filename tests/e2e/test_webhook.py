"""``report-bot run --webhook``: the real process, Telegram's side played by the test.

The fake Bot API records ``setWebhook`` but never posts; the test posts the updates the fake
queued, as Telegram would, to the bot's server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from tests.e2e.bot_process import BotProcess, bot_command, start_bot
from tests.e2e.conftest import stop_cleanly
from tests.e2e.fake_bot_api import FakeBotApi

SECRET = "webhook-secret_for-e2e-tests-0123456789"
PATH = "/telegram/updates"
URL = f"https://bot.example.org{PATH}"
"""What Telegram would post to; the fake only checks it is https, the test posts locally."""

_LISTENING = re.compile(r"Listening for updates on 127\.0\.0\.1:(\d+)")


@dataclass
class Webhook:
    """The running bot's webhook server, as Telegram and a load balancer see it."""

    api: FakeBotApi
    bot: BotProcess
    base: str
    session: aiohttp.ClientSession

    def queued_update(self, update_id: int) -> dict[str, Any]:
        """The update the fake queued (and would have posted) with this id."""
        (update,) = [u for u in self.api.pending_updates if u["update_id"] == update_id]
        return update

    async def post(self, update: Any, secret: str | None = SECRET) -> int:
        """POST ``update`` as Telegram does; the HTTP status answered."""
        headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
        async with self.session.post(f"{self.base}{PATH}", json=update, headers=headers) as r:
            await r.read()
            return r.status

    async def ask(self, text: str, chat_id: int) -> int:
        """A reader's question, posted with the right secret; the HTTP status answered."""
        update_id = self.api.send_text(text, chat_id=chat_id, user_id=chat_id)
        return await self.post(self.queued_update(update_id))


async def webhook_is_set(bot: BotProcess) -> None:
    """Ready: the server listens and ``setWebhook`` was answered (bounded by the caller)."""
    while "Webhook set to" not in bot.log():
        if bot.process.returncode is not None:
            raise RuntimeError("the bot exited")
        await asyncio.sleep(0.05)


@asynccontextmanager
async def running_webhook(
    api: FakeBotApi,
    workdir: Path,
    open_files: int | None = None,
    extra_env: dict[str, str] | None = None,
) -> AsyncIterator[Webhook]:
    """The bot in webhook mode on a free loopback port; stopped with SIGTERM afterwards.

    ``open_files`` lowers the process's open-file limit (``ulimit -n``).
    """
    env = {
        "WEBHOOK_URL": URL,
        "WEBHOOK_SECRET_TOKEN": SECRET,
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": "0",
        **(extra_env or {}),
    }
    command = None
    if open_files is not None:
        limit = f'ulimit -n {open_files} && exec "$@"'
        command = ["sh", "-c", limit, "sh", *bot_command(), "run"]
    bot = await start_bot(
        api, workdir, env, args=["--webhook"], ready=webhook_is_set, command=command
    )
    match = _LISTENING.search(bot.log())
    assert match, bot.log()
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        yield Webhook(api, bot, f"http://127.0.0.1:{match.group(1)}", session)
    await stop_cleanly(api, bot)
    assert SECRET not in bot.output


@pytest_asyncio.fixture(scope="module")
async def webhook(
    shared_api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Webhook]:
    """One webhook bot for the tests that only post to it, each in chats of its own."""
    async with running_webhook(shared_api, tmp_path_factory.mktemp("webhook")) as running:
        yield running


@pytest_asyncio.fixture
async def own_webhook(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[Webhook]:
    """A webhook bot for a test that stops it."""
    async with running_webhook(api, tmp_path) as running:
        yield running


async def test_start_registers_the_url_and_secret_with_telegram(webhook: Webhook) -> None:
    (call,) = webhook.api.calls_to("setWebhook")
    assert call.ok
    assert call.params["url"] == URL
    assert call.params["secret_token"] == SECRET
    assert webhook.api.webhook_url == URL
    assert not webhook.api.calls_to("getUpdates")


async def test_update_with_the_secret_is_answered(webhook: Webhook) -> None:
    assert await webhook.ask("When did the Russian peacekeepers leave Karabakh?", 41) == 200
    (answer, *_) = await webhook.api.wait_for_sent(1, chat_id=41)
    assert "Russian peacekeepers from Karabakh" in answer.plain_text
    assert webhook.api.commands  # post_init ran: the command menu is registered


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET[:-1], SECRET + "x"])
async def test_update_without_the_right_secret_is_refused_and_not_answered(
    webhook: Webhook, secret: str | None
) -> None:
    refused = webhook.queued_update(webhook.api.send_text("/start", chat_id=42, user_id=42))
    assert await webhook.post(refused, secret=secret) == 403
    answered = len(webhook.api.sent_to(43))
    assert await webhook.ask("/help", chat_id=43) == 200  # answered after the refused one
    await webhook.api.wait_for_sent(answered + 1, chat_id=43)
    assert not webhook.api.sent_to(42)
    assert "403 POST /telegram/updates" in webhook.bot.log()


@pytest.mark.parametrize("body", [[1, 2], {"message": "not a message"}], ids=["list", "garbage"])
async def test_body_that_is_not_an_update_is_a_bad_request(webhook: Webhook, body: Any) -> None:
    assert await webhook.post(body) == 400


async def test_other_paths_are_not_found(webhook: Webhook) -> None:
    async with webhook.session.post(f"{webhook.base}/", json={}) as response:
        assert response.status == 404


async def test_health_check_answers_200(webhook: Webhook) -> None:
    async with webhook.session.get(f"{webhook.base}/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ok"}


async def test_sigterm_answers_the_accepted_updates_then_exits_0(own_webhook: Webhook) -> None:
    webhook = own_webhook
    statuses = [await webhook.ask(f"Who is Kemal Öztürk? ({n})", chat_id=50 + n) for n in range(5)]
    assert statuses == [200] * 5
    assert await webhook.bot.stop() == 0
    assert {s.chat_id for s in webhook.api.sent} == {50, 51, 52, 53, 54}
    assert "Stopped" in webhook.bot.output


async def test_refusals_are_logged_with_the_peer_address_not_a_forwarded_header(
    webhook: Webhook,
) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong", "X-Forwarded-For": "203.0.113.66"}
    async with webhook.session.post(f"{webhook.base}{PATH}", json={}, headers=headers) as r:
        assert r.status == 403
    assert await webhook.ask("/help", chat_id=44) == 200  # the log line is written by now
    await webhook.api.wait_for_sent(1, chat_id=44)
    assert "403 POST /telegram/updates; from 127.0.0.1" in webhook.bot.log()
    assert "203.0.113.66" not in webhook.bot.log()
