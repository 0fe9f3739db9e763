"""One start-up and one shutdown for polling and the webhook (``bot.serving.lifecycle``)."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest
from telegram.error import BadRequest

from bot.console.exits import USER_ERRORS
from bot.serving.connectivity import Connectivity
from bot.serving.lifecycle import UpdatesRefusedError, run
from bot.serving.webhook import Webhook, WebhookConfig


class FakeApplication:
    """Records what ``run`` does to an ``Application``, in order."""

    def __init__(self, steps: list[str]) -> None:
        self.steps = steps
        self.running = False
        self.update_queue: asyncio.Queue[object] = asyncio.Queue()
        self.bot = FakeBot(steps)
        self.post_init = self._hook("post_init")
        self.post_stop = self._hook("post_stop")
        self.post_shutdown = self._hook("post_shutdown")

    def _hook(self, name: str) -> Any:
        async def hook(application: object) -> None:
            self.steps.append(name)

        return hook

    async def __aenter__(self) -> FakeApplication:
        self.steps.append("initialize")
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.steps.append("shutdown")

    async def start(self) -> None:
        self.running = True
        self.steps.append("start")

    async def stop(self) -> None:
        self.running = False
        self.steps.append("stop")


class FakeBot:
    def __init__(self, steps: list[str]) -> None:
        self.steps = steps

    async def get_me(self) -> None:
        self.steps.append("getMe")

    async def set_webhook(self, url: str, **kwargs: object) -> None:
        raise BadRequest("Bad webhook: IP address 10.0.0.1 is reserved")


class Intake:
    """Receives until told, or fails while receiving."""

    def __init__(self, steps: list[str], error: Exception | None = None) -> None:
        self.steps = steps
        self.error = error

    async def receive(self, application: object, stop: asyncio.Event) -> None:
        self.steps.append("receive")
        if self.error:
            raise self.error

    async def settle(self, application: object) -> None:
        self.steps.append("settle")


ORDER = [
    "initialize",
    "post_init",
    "start",
    "receive",
    "stop",
    "settle",
    "post_stop",
    "shutdown",
    "post_shutdown",
]


async def test_the_application_is_started_fed_then_stopped_in_one_order() -> None:
    steps: list[str] = []
    connectivity = Connectivity()
    await run(FakeApplication(steps), Intake(steps), connectivity)  # type: ignore[arg-type]
    assert steps == ORDER
    assert not await connectivity.healed(0)  # closed: nothing waits for Telegram any longer


async def test_an_intake_that_fails_still_stops_the_application_then_raises() -> None:
    steps: list[str] = []
    with pytest.raises(OSError, match="port in use"):
        await run(
            FakeApplication(steps),  # type: ignore[arg-type]
            Intake(steps, OSError("port in use")),
            Connectivity(),
        )
    assert steps == ORDER[:-1]  # post_shutdown only after a clean stop


async def test_a_webhook_telegram_refuses_is_the_domains_error_and_the_server_closes() -> None:
    steps: list[str] = []
    config = WebhookConfig("https://bot.example.org/telegram", "s3cret", listen="127.0.0.1", port=0)
    with pytest.raises(UpdatesRefusedError, match="Telegram refused WEBHOOK_URL: Bad webhook"):
        await Webhook(config, Connectivity()).receive(FakeApplication(steps), asyncio.Event())  # type: ignore[arg-type]
    assert UpdatesRefusedError in USER_ERRORS  # said in one line, exit status 2


def test_nothing_listens_after_a_refused_webhook() -> None:
    """The port the refused webhook bound is free again (no socket left open)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = WebhookConfig("https://bot.example.org/t", "s3cret", listen="127.0.0.1", port=port)
    with pytest.raises(UpdatesRefusedError):
        asyncio.run(
            Webhook(config, Connectivity()).receive(FakeApplication([]), asyncio.Event())  # type: ignore[arg-type]
        )
    with socket.socket() as again:
        again.bind(("127.0.0.1", port))
