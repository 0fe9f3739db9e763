"""Fair use shared through Redis: replicas enforce one limit together, and a Redis that
cannot be reached fails open (counted per replica) with one line logged."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import pytest_asyncio
from redis import Redis

from bot.console.cli import EXIT_OK, EXIT_USAGE
from bot.storage import fair_use_redis
from bot.storage.fair_use import Admission, Cost
from bot.storage.fair_use_redis import SharedFairUse
from bot.storage.urls import redis_server
from tests.bot.checking import check_with, refused_line
from tests.e2e.reader import wait_for
from tests.tcp_proxy import TcpProxy


def with_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{parts.netloc.rsplit(':', 1)[0]}:{port}"))


@pytest_asyncio.fixture
async def replicas(redis_url: str) -> AsyncIterator[tuple[SharedFairUse, SharedFairUse]]:
    """Two replicas' limiters (5 messages in 10 s) on one Redis."""
    first, second = (
        SharedFairUse(redis_server(redis_url), limit=5, window=10, namespace="42") for _ in "ab"
    )
    yield first, second
    await first.aclose()
    await second.aclose()


async def test_two_replicas_enforce_one_limit_together(
    replicas: tuple[SharedFairUse, SharedFairUse],
) -> None:
    verdicts = [await replicas[i % 2].judge(1) for i in range(12)]
    assert verdicts[:5] == [Admission.ANSWER] * 5
    assert verdicts[5] is Admission.WARN  # warned once, by whichever replica saw it
    assert verdicts[6:] == [Admission.DROP] * 6


async def test_messages_judged_at_the_same_moment_are_all_counted_in_redis(
    replicas: tuple[SharedFairUse, SharedFairUse], caplog: pytest.LogCaptureFixture
) -> None:
    # More at once than the connection pool holds: the rest wait for a connection.
    burst = 3 * fair_use_redis.CONNECTIONS
    verdicts = await asyncio.gather(*(replicas[i % 2].judge(i % 3) for i in range(burst * 2)))
    assert verdicts.count(Admission.ANSWER) == 3 * 5  # 5 for each of the 3 readers
    assert verdicts.count(Admission.WARN) == 3
    assert "counted in this process only" not in caplog.text


async def test_the_window_frees_up_and_the_warning_can_come_again(
    replicas: tuple[SharedFairUse, SharedFairUse],
) -> None:
    first, second = replicas
    assert [await first.judge(1, now=t) for t in (0, 1, 2, 3, 4)] == [Admission.ANSWER] * 5
    assert await second.judge(1, now=5) is Admission.WARN
    assert await first.judge(1, now=6) is Admission.DROP
    assert await second.judge(1, now=10.5) is Admission.ANSWER  # the message at 0 has left
    assert await first.judge(1, now=11.5) is Admission.ANSWER
    assert await second.judge(1, now=11.6) is Admission.WARN


async def test_the_window_runs_on_redis_clock(redis_url: str) -> None:
    limiter = SharedFairUse(redis_server(redis_url), limit=1, window=0.3)
    assert [await limiter.judge(1), await limiter.judge(1)] == [Admission.ANSWER, Admission.WARN]
    with Redis.from_url(redis_url) as client:
        counted = redis_seconds(client)  # the messages above were counted at this time or before
        await wait_for(lambda: redis_seconds(client) > counted + 0.3)
    assert await limiter.judge(1) is Admission.ANSWER
    await limiter.aclose()


def redis_seconds(client: Redis) -> float:
    """The time on Redis's clock, which the window runs on."""
    seconds, microseconds = client.time()
    return seconds + microseconds / 1e6


async def test_other_readers_and_other_bots_are_counted_apart(
    replicas: tuple[SharedFairUse, SharedFairUse], redis_url: str
) -> None:
    for _ in range(10):
        await replicas[0].judge(1)
    assert await replicas[1].judge(2) is Admission.ANSWER
    other_bot = SharedFairUse(redis_server(redis_url), limit=5, window=10, namespace="43")
    assert await other_bot.judge(1) is Admission.ANSWER
    await other_bot.aclose()


async def test_what_redis_keeps_expires_with_the_window(
    replicas: tuple[SharedFairUse, SharedFairUse], redis_url: str
) -> None:
    for _ in range(7):
        await replicas[0].judge(1)
    with Redis.from_url(redis_url) as client:
        keys = client.keys("report-bot:42:fair-use:*")
        ttls = [client.pttl(key) for key in keys]
    assert len(keys) == 2  # the message times and the "warned" flag
    assert all(0 < ttl <= 10_000 for ttl in ttls)


async def test_an_unreachable_redis_fails_open_counted_in_the_process_with_one_line(
    redis_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with TcpProxy(urlsplit(redis_url).port or 6379) as proxy:
        limiter = SharedFairUse(
            redis_server(with_port(redis_url, proxy.port)), limit=2, window=10, namespace="42"
        )
        assert await limiter.judge(1) is Admission.ANSWER  # through Redis
        proxy.cut()
        verdicts = [await limiter.judge(1) for _ in range(4)]
        assert verdicts == [Admission.ANSWER, Admission.ANSWER, Admission.WARN, Admission.DROP]
        (lost,) = caplog.records  # one line, not one per message
        assert "counted in this process only" in lost.getMessage()
        assert urlsplit(redis_url).password not in caplog.text
        tried = proxy.accepted
        await limiter.judge(2)
        assert proxy.accepted == tried  # not tried again before RETRY_SECONDS
        proxy.restore()
        monkeypatch.setattr(fair_use_redis, "RETRY_SECONDS", 0.0)
        limiter._retry_at = 0.0  # the retry time has come
        assert await limiter.judge(1) is Admission.ANSWER  # Redis counted 1 of 2 before
        assert await limiter.judge(1) is Admission.WARN
        assert "shared through Redis" in caplog.records[-1].getMessage()
        await limiter.aclose()


async def test_a_redis_nobody_listens_on_answers_the_reader(
    caplog: pytest.LogCaptureFixture,
) -> None:
    limiter = SharedFairUse(redis_server("redis://127.0.0.1:1/0"), limit=2, window=10)
    assert await limiter.judge(1) is Admission.ANSWER
    assert "cannot be used" in caplog.text
    await limiter.aclose()


def test_check_reports_redis_shared_fair_use_without_the_password(
    redis_server: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    status, out, err = check_with(monkeypatch, capsys, tmp_path, REDIS_URL=redis_server)
    assert status == EXIT_OK, err
    assert "fair use: 6 per 30 s, shared through Redis at redis://:***@127.0.0.1:" in out
    assert (urlsplit(redis_server).password or "") not in out + err


@pytest.mark.parametrize("case", ["nothing listens on the port", "a wrong password"])
def test_check_names_an_unusable_redis_in_one_line_without_its_password(
    redis_server: str,
    case: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    password = urlsplit(redis_server).password or ""
    url = {
        "nothing listens on the port": with_port(redis_server, 1),
        "a wrong password": redis_server.replace(password, "not-the-password"),
    }[case]
    line = refused_line(monkeypatch, capsys, tmp_path, REDIS_URL=url)
    assert line.startswith("report-bot: REDIS_URL redis://:***@127.0.0.1:")
    assert " cannot be used: " in line
    assert password not in line


def test_a_redis_url_of_another_kind_is_a_settings_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = check_with(
        monkeypatch, capsys, tmp_path, REDIS_URL="http://user:pw-123@cache:6379"
    )
    assert status == EXIT_USAGE
    assert "REDIS_URL must be a redis://" in err
    assert "pw-123" not in err


async def test_reading_has_its_own_budget_in_redis(redis_url: str) -> None:
    limiter = SharedFairUse(redis_server(redis_url), limit=1, window=10, namespace="43", reading=3)
    try:
        reading = [await limiter.judge(5, Cost.READING, now=t) for t in (0, 1, 2, 3)]
        assert reading == [Admission.ANSWER] * 3 + [Admission.WARN]
        assert await limiter.judge(5, now=4) is Admission.ANSWER  # searches untouched
        assert await limiter.judge(5, now=5) is Admission.WARN
    finally:
        await limiter.aclose()
