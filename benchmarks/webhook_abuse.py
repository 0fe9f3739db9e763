"""Hostile clients against the real webhook server, on loopback (issue 23's probes).

Run: .venv/bin/python -m benchmarks.webhook_abuse [open-file limit] [hold seconds]
The bot runs ``report-bot run --webhook`` under ``ulimit -n LIMIT`` (256 by default) against
the fake Bot API; the attacker connects from 127.0.0.2, Telegram and the load balancer
from 127.0.0.1. For each attack it prints whether ``/healthz`` and a real update were
served meanwhile, and how much the log and the process's memory grew. Prints what
docs/reliability.md quotes.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tests.e2e.attacker import (
    READER,
    health,
    large_bodies,
    open_connections,
    refused_posts,
    rss_mb,
    slowloris,
    status_of,
)
from tests.e2e.bot_process import FAKE_TOKEN, BotProcess
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.test_webhook import PATH, SECRET, running_webhook

BODY = 1 << 20


@dataclass
class Target:
    """The bot under attack and how to reach it."""

    api: FakeBotApi
    bot: BotProcess
    port: int
    pid: int

    def log_size(self) -> tuple[int, int]:
        """(lines, bytes) the bot has logged so far."""
        text = self.bot.log_path.read_bytes()
        return text.count(b"\n"), len(text)


@asynccontextmanager
async def target(limit: int) -> AsyncIterator[Target]:
    """A webhook bot whose open-file limit is ``limit``."""
    async with FakeBotApi(FAKE_TOKEN) as api:
        workdir = Path(tempfile.mkdtemp())
        async with running_webhook(api, workdir, limit, {"FAIR_USE_QUESTIONS": "1000"}) as hook:
            port = urlsplit(hook.base).port or 0
            yield Target(api, hook.bot, port, hook.bot.process.pid)


async def served(where: Target, chat_id: int, timeout: float) -> str:
    """Post a real update with the secret from 127.0.0.1; how long until it was answered."""
    update_id = where.api.send_text("Who is Kemal Öztürk?", chat_id=chat_id, user_id=chat_id)
    (update,) = [u for u in where.api.pending_updates if u["update_id"] == update_id]
    started = time.monotonic()
    body = json.dumps(update).encode()
    request = (
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + body
    status = await status_of(where.port, request, READER, timeout)
    if status != 200:
        return f"not accepted ({status or 'no answer'} within {timeout:.0f} s)"
    try:
        await where.api.wait_for_sent(1, chat_id=chat_id, timeout=timeout)
    except TimeoutError:
        return f"accepted, not answered within {timeout:.0f} s"
    return f"answered in {time.monotonic() - started:.2f} s"


async def during(
    where: Target, attack: Callable[[], Awaitable[object]], hold: float, chat_id: int
) -> str:
    """Run ``attack`` (which holds its connections), then probe for ``hold`` seconds."""
    lines, size = where.log_size()
    rss = rss_mb(where.pid)
    await attack()
    checks = [await health(where.port) for _ in range(int(hold))]
    update = await served(where, chat_id, timeout=10)
    new_lines, new_size = where.log_size()
    ok = [c for c in checks if c is not None]
    healthz = f"/healthz {len(ok)}/{len(checks)} answered" + (
        f" (slowest {max(ok) * 1000:.0f} ms)" if ok else ""
    )
    return (
        f"{healthz}; real update {update}; log +{new_lines - lines} lines "
        f"(+{(new_size - size) / 1e6:.1f} MB); memory {rss:.0f} -> {rss_mb(where.pid):.0f} MB"
    )


async def run(limit: int, hold: float) -> str:
    results = []
    async with target(limit) as where:
        held = await open_connections(where.port, 0)

        async def idle() -> None:
            nonlocal held
            held = await open_connections(where.port, limit + 100)

        results.append(f"{limit + 100} idle connections: {await during(where, idle, hold, 1)}")
        held.close()
    async with target(limit) as where:
        async with slowloris(where.port, PATH, limit + 100):

            async def nothing() -> None:
                return None

            report = await during(where, nothing, hold, 2)
        results.append(f"slowloris, {limit + 100} connections from one address: {report}")
    async with target(limit) as where:
        bodies = await open_connections(where.port, 0)

        async def large() -> None:
            nonlocal bodies
            bodies = await large_bodies(where.port, PATH, limit // 2, BODY)

        report = await during(where, large, hold, 3)
        results.append(f"{limit // 2} bodies of 1 MB without the secret: {report}")
        bodies.close()
    async with target(limit) as where:
        lines, _ = where.log_size()
        started = time.monotonic()
        refused = await refused_posts(where.port, PATH, 2000)
        took = time.monotonic() - started
        await asyncio.sleep(1)
        new_lines, _ = where.log_size()
        results.append(
            f"2000 posts without the secret: {refused} refused in {took:.1f} s; "
            f"log +{new_lines - lines} lines"
        )
    return "\n".join([f"open-file limit {limit}, probes every second for {hold:.0f} s", *results])


if __name__ == "__main__":
    args = sys.argv[1:]
    print(asyncio.run(run(int(args[0]) if args else 256, float(args[1]) if len(args) > 1 else 8)))
