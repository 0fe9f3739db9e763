"""What the webhook server refuses, counted and logged at most once a minute.

Before, every post without the secret was a log line of its own (about 1,100 a second from
one client), and every connection refused for want of file descriptors a traceback
(360,029 lines, 232 MB in 72 s). Here each refusal, of a connection or of a request, is
counted in one ``Refusals`` tally that logs one summary line per interval: how many, why,
and the three busiest senders.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from http import HTTPStatus

from tornado.web import RequestHandler

logger = logging.getLogger(__name__)

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

TRACKED_SENDERS = 1_000


class Refusals:
    """Refused connections and requests, counted and logged at most once per ``interval``.

    The first refusal after a quiet interval is logged at once (a wrong secret shows up
    straight away); the ones after it are summed into the next line, one ``interval`` later.
    """

    def __init__(self, interval: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self._clock = clock
        self._reasons: Counter[str] = Counter()
        self._senders: Counter[str] = Counter()
        self._since = clock()
        self._last_line = float("-inf")
        self._flushing: asyncio.TimerHandle | None = None

    def refuse(self, reason: str, sender: str) -> None:
        """Count one refusal; log now if the last line is ``interval`` old, else soon."""
        if not self._reasons:
            self._since = self._clock()  # a line covers its refusals, first to last
        self._reasons[reason] += 1
        if sender in self._senders or len(self._senders) < TRACKED_SENDERS:
            self._senders[sender] += 1
        wait = self._last_line + self.interval - self._clock()
        if wait <= 0:
            self.flush()
        elif self._flushing is None:
            self._flushing = asyncio.get_running_loop().call_later(wait, self.flush)

    def flush(self) -> None:
        """Log what was counted since the last line, if anything."""
        if self._flushing is not None:
            self._flushing.cancel()  # called early (stopping): the timer has nothing left
        self._flushing = None
        if not self._reasons:
            return
        now = self._clock()
        count = sum(self._reasons.values())
        reasons = ", ".join(f"{n} {reason}" for reason, n in self._reasons.most_common())
        senders = ", ".join(f"{sender} ({n})" for sender, n in self._senders.most_common(3))
        logger.warning(
            "Refused %d in the last %.0f s: %s; from %s", count, now - self._since, reasons, senders
        )
        self._reasons.clear()
        self._senders.clear()
        self._since = self._last_line = now


def client_address(peer: str, forwarded_for: str, trusted: Sequence[IPNetwork]) -> str:
    """Who sent a request: the peer, unless the peer is a trusted proxy.

    ``X-Forwarded-For`` is written by the client as much as by proxies, so it is believed
    only from a trusted proxy, and then read from the right: the first address that is not
    itself a trusted proxy is the one the proxies saw.
    """
    if not is_trusted(peer, trusted):
        return peer
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        if not is_trusted(hop, trusted):
            return hop
    return peer


def is_trusted(address: str, trusted: Sequence[IPNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def request_logger(
    trusted: Sequence[IPNetwork], refusals: Refusals, paths: frozenset[str]
) -> Callable[[RequestHandler], None]:
    def log_request(handler: RequestHandler) -> None:
        """Count refused requests (one log line a minute sums them up); an accepted update is
        routine, one a second or more, and not logged."""
        status = handler.get_status()
        if status >= HTTPStatus.BAD_REQUEST:
            request = handler.request
            sender = client_address(
                request.remote_ip or "", request.headers.get("X-Forwarded-For", ""), trusted
            )
            # Only our own paths are named: a client choosing paths must not grow the tally.
            known = request.path in paths and request.method in ("GET", "POST")
            where = f"{request.method} {request.path}" if known else "elsewhere"
            refusals.refuse(f"{status} {where}", sender)

    return log_request


class CountedNotLogged(logging.Filter):
    """tornado's own line per bad connection (malformed, too slow, too large), counted in
    the tally instead: a flood of them was a flood of log lines."""

    def __init__(self, refusals: Refusals) -> None:
        super().__init__()
        self.refusals = refusals

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            return True  # a bug in a handler keeps its traceback
        sender = record.args[0] if isinstance(record.args, tuple) and record.args else "?"
        self.refusals.refuse("closed by tornado: malformed, slow or too large", str(sender))
        return False
