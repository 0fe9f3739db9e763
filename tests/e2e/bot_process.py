"""Start the real ``report-bot run`` process against the fake Bot API, and stop it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import SEED
from tests.e2e.fake_bot_api import FakeBotApi

FAKE_TOKEN = "123456789:FAKE-token-for-e2e-tests-only-0123456789"
"""Obviously fake; the fake Bot API accepts it and nothing else ever sees it."""
TOKEN_SECRET_PART = FAKE_TOKEN.split(":", 1)[1]

START_TIMEOUT = 120.0
"""Generous: the wait ends at the first long poll (or when the process exits); the bound
only stops a bot that never starts, and a busy 2-core machine can take 20 s to start one."""
STOP_TIMEOUT = 10.0
COMMAND_TIMEOUT = 120.0
"""A one-shot command (``check``, ``health``, a ``run`` that must exit on its own)."""


@dataclass
class BotProcess:
    """A running bot and everything it printed."""

    process: asyncio.subprocess.Process
    log_path: Path
    exit_code: int | None = None
    output: str = field(default="")

    def log(self) -> str:
        """Everything the process printed so far (stdout and stderr together)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """Send SIGTERM, as Docker does, and wait for the process to exit."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), timeout)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
                raise
        self.exit_code = self.process.returncode
        self.output = self.log()
        return self.exit_code if self.exit_code is not None else -1


def bot_command() -> list[str]:
    """The installed console script when there is one, else the module."""
    script = Path(sys.executable).with_name("report-bot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.console.cli"]


async def run_command(
    env: dict[str, str], workdir: Path, *args: str, timeout: float = COMMAND_TIMEOUT
) -> tuple[int, str, str]:
    """Run one ``report-bot`` command in ``workdir`` to its end: status, stdout, stderr.

    Killed if it has not exited within ``timeout`` seconds (the wait then fails).
    """
    process = await asyncio.create_subprocess_exec(
        *bot_command(),
        *args,
        cwd=workdir,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return process.returncode or 0, out.decode(), err.decode()


def bot_environment(api: FakeBotApi, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment without the bot's settings, then the fake's, then ``extra_env``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            (
                "TELEGRAM_",
                "REPORT_",
                "ALLOWED_",
                "FAIR_USE_",
                "RANKER",
                "CACHE_",
                "WEBHOOK_",
                "FEEDBACK_",
                "REDIS_",
            )
        )
    }
    env.update(
        TELEGRAM_BOT_TOKEN=FAKE_TOKEN,
        TELEGRAM_BASE_URL=api.base_url,
        REPORT_PATH=str(SEED),
        LOG_LEVEL="INFO",
        RANKER="bm25",  # tests that need the embedding stage ask for it
        PYTHONUNBUFFERED="1",
    )
    env.update(extra_env or {})
    return env


async def start_bot(
    api: FakeBotApi,
    workdir: Path,
    extra_env: dict[str, str] | None = None,
    args: Sequence[str] = (),
    ready: Callable[[BotProcess], Awaitable[object]] | None = None,
    command: Sequence[str] | None = None,
    start_timeout: float = START_TIMEOUT,
) -> BotProcess:
    """Start ``report-bot run [args]`` and wait until it is ``ready``.

    By default the bot is ready when it long-polls for updates; ``ready`` replaces that
    wait (it is given up on after ``start_timeout`` seconds, or when the process exits).
    ``command`` starts another program instead of ``report-bot run``, with the same
    environment (the benchmarks start a bare echo bot this way).
    """
    env = bot_environment(api, extra_env)
    log_path = workdir / f"bot-{len(list(workdir.glob('bot-*.log')))}.log"
    log = log_path.open("wb")
    process = await asyncio.create_subprocess_exec(
        *(command or [*bot_command(), "run"]),
        *args,
        cwd=workdir,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=log,
        stderr=log,
    )
    log.close()
    bot = BotProcess(process, log_path)
    waiting = asyncio.ensure_future(
        asyncio.wait_for(ready(bot), start_timeout)
        if ready
        else api.wait_for_poll(timeout=start_timeout)
    )
    exited = asyncio.ensure_future(process.wait())
    await asyncio.wait((waiting, exited), return_when=asyncio.FIRST_COMPLETED)
    if not waiting.done() or waiting.exception() is not None:
        waiting.cancel()
        await bot.stop()
        raise RuntimeError(f"bot did not get ready:\n{bot.output}")
    exited.cancel()
    return bot
