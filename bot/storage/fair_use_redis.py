"""Fair use counted in Redis, so that replicas on several machines enforce one limit together.

The same sliding windows as ``bot.storage.fair_use.FairUse``, kept per user and budget in a
sorted set of message times (``ZREMRANGEBYSCORE``, ``ZCARD``, ``ZADD``) plus a "warned" flag, both
expiring after the window, in one Lua script: Redis runs it whole, so two replicas judging
the same reader at the same moment count both messages. Times are Redis's clock, so
replicas whose clocks differ still agree on the window.

Unreachable Redis fails open, not shut: the reader is answered, counted in this process
(``FairUse``) instead, so a flood is still bounded per replica; one line is logged when
Redis is lost and one when it is back, and Redis is tried again every ``RETRY_SECONDS``
meanwhile, so that a dead server costs a message at most ``TIMEOUT`` once per retry.
"""

from __future__ import annotations

import logging
import secrets
import time

from redis import Redis as SyncRedis
from redis import RedisError
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.retry import Retry as SyncRetry

from bot.redaction import redact
from bot.storage.fair_use import Admission, Cost, FairUse, SharedStateError
from bot.storage.urls import Server

logger = logging.getLogger(__name__)

TIMEOUT = 1.0
"""Seconds to connect or to answer: Redis answers in well under a millisecond on a local
network, and a reader's message waits for it."""
RETRY_SECONDS = 5.0
"""While Redis is unreachable, how often a message tries it again."""
CONNECTIONS = 32
"""Connections to Redis at most; a burst of messages beyond that waits (up to ``TIMEOUT``)
for one to be free. redis-py's default pool raised "Too many connections" past 100, and
the bot judges up to 256 chats at once: 1,000 messages at once failed open."""

_JUDGE = """
if redis.replicate_commands then redis.replicate_commands() end
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local now = tonumber(ARGV[3])
if not now then
    local clock = redis.call('TIME')
    now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
end
local ttl = math.ceil(window * 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
    redis.call('ZADD', KEYS[1], now, ARGV[4])
    redis.call('PEXPIRE', KEYS[1], ttl)
    redis.call('DEL', KEYS[2])
    return 0
end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ttl) then
    return 1
end
return 2
"""
"""KEYS: the user's message times and "warned" flag; ARGV: limit, window (s), now (s; empty:
Redis's clock), a unique name for this message. Returns 0 answer, 1 warn, 2 drop."""
_ADMISSIONS = (Admission.ANSWER, Admission.WARN, Admission.DROP)


class SharedFairUse:
    """Per-user sliding-window limiter in Redis, shared by every replica that uses it."""

    def __init__(
        self,
        server: Server,
        limit: int,
        window: float,
        namespace: str = "",
        reading: int | None = None,
    ) -> None:
        """Ready to count in Redis at ``server`` (connected on first use): ``limit`` searches and
        ``reading`` other requests (default: ``limit``) per ``window`` seconds. ``namespace``
        keeps the counts of different bots sharing one Redis apart (the bot's id)."""
        self.location = server.shown
        self._passwords = server.passwords
        self._limits = {Cost.SEARCH: limit, Cost.READING: limit if reading is None else reading}
        self._window = window
        self._prefix = f"report-bot:{namespace}:fair-use" if namespace else "report-bot:fair-use"
        try:
            pool = BlockingConnectionPool.from_url(
                server.address,
                max_connections=CONNECTIONS,
                timeout=TIMEOUT,
                socket_timeout=TIMEOUT,
                socket_connect_timeout=TIMEOUT,
                # One retry on a fresh connection (a pooled one the server closed), no
                # backoff: a reader's message is waiting.
                retry=Retry(NoBackoff(), 1),
            )
        except ValueError as error:
            raise _unusable(server, error) from None
        self._redis = Redis.from_pool(pool)
        self._script = self._redis.register_script(_JUDGE)
        self._local = FairUse(limit, window, reading=reading)
        self._retry_at: float | None = None
        """While Redis is unreachable: when to try it again (monotonic); else None."""

    async def judge(
        self, user_id: int, cost: Cost = Cost.SEARCH, now: float | None = None
    ) -> Admission:
        """Record a request from ``user_id`` spending ``cost``'s budget and judge it; ``now``
        (seconds) replaces Redis's clock in tests."""
        if self._retry_at is not None and time.monotonic() < self._retry_at:
            return self._local.check(user_id, time.monotonic(), cost)
        user = f"{self._prefix}:{{{user_id}}}"
        budget = "" if cost is Cost.SEARCH else f"{cost.value}-"  # searches keep their keys
        keys = [f"{user}:{budget}times", f"{user}:{budget}warned"]
        args = [self._limits[cost], self._window, "" if now is None else now, secrets.token_hex(8)]
        try:
            found = await self._script(keys=keys, args=args)
        except (RedisError, OSError) as error:
            if self._retry_at is None:
                logger.warning(
                    "Fair use is counted in this process only: Redis at %s cannot be used "
                    "(%s); trying again every %g s",
                    self.location,
                    self._say(error),
                    RETRY_SECONDS,
                )
            self._retry_at = time.monotonic() + RETRY_SECONDS
            return self._local.check(user_id, time.monotonic(), cost)
        if self._retry_at is not None:
            logger.info("Fair use is shared through Redis at %s again", self.location)
            self._retry_at = None
        return _ADMISSIONS[int(found)]

    async def aclose(self) -> None:
        """Close the connections."""
        await self._redis.aclose()

    def _say(self, error: BaseException) -> str:
        return redact(" ".join(str(error).split()) or type(error).__name__, self._passwords)


def ping(server: Server) -> None:
    """Whether Redis at ``server`` answers (``report-bot check``); ``SharedStateError`` if not."""
    try:
        client = SyncRedis.from_url(
            server.address,
            socket_timeout=TIMEOUT,
            socket_connect_timeout=TIMEOUT,
            retry=SyncRetry(NoBackoff(), 0),
        )
    except ValueError as error:
        raise _unusable(server, error) from None
    try:
        client.ping()
    except (RedisError, OSError) as error:
        raise _unusable(server, error) from None
    finally:
        client.close()


def _unusable(server: Server, error: Exception) -> SharedStateError:
    reason = redact(" ".join(str(error).split()) or type(error).__name__, server.passwords)
    return SharedStateError(
        f"REDIS_URL {server} cannot be used: {reason.rstrip('.')}. Check the URL and "
        "that the server is running (without REDIS_URL, each replica counts fair use for "
        "itself)."
    )
