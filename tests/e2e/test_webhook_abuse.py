"""The webhook server against hostile clients: the real process, attacked on loopback.

Before (benchmarks/webhook_abuse.py on 1696187, open-file limit 256): 356 idle connections
or a slowloris from one address left ``/healthz`` and real updates unanswered and wrote
300,000-600,000 traceback lines; 128 bodies of 1 MB without the secret were read whole
(107 -> 254 MB); every refused post was a log line. The bot here runs under an open-file
limit of 128: at most 64 connections, 8 from one address.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import pytest_asyncio

from tests.conftest import in_ci
from tests.e2e.attacker import (
    ATTACKER,
    can_bind,
    health,
    healthy_within,
    open_connections,
    post_head,
    refused_posts,
    slowloris,
    status_of,
)
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.test_webhook import PATH, Webhook, running_webhook

# 127.0.0.2 is local on Linux, so CI (CI=true) runs these tests whatever can_bind says.
pytestmark = pytest.mark.skipif(
    not can_bind(ATTACKER) and not in_ci(), reason=f"{ATTACKER} is not local here"
)

OPEN_FILES = 128


@pytest_asyncio.fixture
async def limited(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[Webhook]:
    async with running_webhook(api, tmp_path, open_files=OPEN_FILES) as running:
        yield running


def port_of(webhook: Webhook) -> int:
    return urlsplit(webhook.base).port or 0


async def test_a_post_without_the_secret_is_refused_before_its_body_is_read(
    limited: Webhook,
) -> None:
    head_only = post_head(PATH, 1 << 20)  # announces 1 MB, sends none of it
    assert await status_of(port_of(limited), head_only, ATTACKER, timeout=30) == 403
    too_large = post_head(PATH, (1 << 20) + 1, secret=limited.api.token)
    assert await status_of(port_of(limited), too_large, ATTACKER, timeout=30) != 200


async def test_health_and_updates_are_served_during_a_slowloris_from_one_address(
    limited: Webhook,
) -> None:
    port = port_of(limited)
    async with slowloris(port, PATH, OPEN_FILES + 50) as held:
        assert len(held.writers) + held.refused == OPEN_FILES + 50
        assert await health(port, timeout=30) is not None
        assert await limited.ask("Who is Kemal Öztürk?", chat_id=61) == 200
        await limited.api.wait_for_sent(1, chat_id=61)
    log = limited.bot.log()
    assert "connections over the limit for one address" in log
    assert log.count("Refused") <= 2
    assert "Traceback" not in log


async def test_idle_connections_from_many_addresses_cost_no_log_line_each(
    limited: Webhook,
) -> None:
    port = port_of(limited)
    crowds = [await open_connections(port, 10, source=f"127.0.0.{n}") for n in range(2, 12)]
    for crowd in crowds:
        crowd.close()
    assert await healthy_within(port, timeout=30)  # served again once they are gone
    log = limited.bot.log()
    assert "Traceback" not in log
    assert log.count("Refused") <= 2


async def test_a_flood_of_posts_without_the_secret_is_one_log_line(limited: Webhook) -> None:
    assert await refused_posts(port_of(limited), PATH, 300) == 300
    assert await limited.ask("/help", chat_id=62) == 200
    await limited.api.wait_for_sent(1, chat_id=62)
    log = limited.bot.log()
    assert log.count("Refused") == 1
    assert "Refused 1 in the last 0 s: 1 403 POST /telegram/updates; from 127.0.0.2 (1)" in log
