"""Who gets a connection to the webhook server, and one log line per minute about who did not.

An open port meets hostile clients: thousands of idle connections, headers sent a byte a
second (slowloris), large bodies without the secret, a flood of posts. Before this, 1,100
idle connections ran the process out of file descriptors, and tornado's accept loop then
logged a traceback per attempt (360,029 in 72 s) while ``/healthz`` and real updates timed
out. Here connections are accepted by our own loop:

- at most ``Limits.total`` at once (half the open-file limit), and ``Limits.per_address``
  from one address (an IPv6 /64 counts as one; trusted proxies are exempt), so that one
  client cannot take the slots Telegram and the load balancer need; a connection over
  either bound is closed as soon as it is accepted;
- out of descriptors (EMFILE), accepting pauses for ``ACCEPT_PAUSE`` seconds instead of
  spinning, and nothing is logged but the count;
- every refusal, of a connection or of a request, is counted in a ``Refusals`` tally that
  logs at most one line per ``Refusals.interval``.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import resource
import socket
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from tornado.http1connection import HTTP1ServerConnection
from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream

from bot.serving.refusals import IPNetwork, Refusals, is_trusted

logger = logging.getLogger(__name__)

ACCEPT_PAUSE = 0.5
"""Seconds accepting pauses when the process is out of file descriptors."""
ACCEPT_BATCH = 128
"""Connections accepted per wake-up, so that a flood does not starve the event loop."""
OUT_OF_DESCRIPTORS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})


@dataclass(frozen=True, slots=True)
class Limits:
    """How many connections the server holds at once, in all and from one address."""

    total: int
    per_address: int

    @classmethod
    def for_open_files(cls, open_files: int) -> Limits:
        """Half the open-file limit for webhook connections (the rest is for the Bot API's
        connection pool, the feedback database and the reports), an eighth of that from one
        address: 512 and 64 under the usual limit of 1024."""
        total = max(8, min(open_files, 4096) // 2)
        return cls(total, max(2, total // 8))

    @classmethod
    def for_this_process(cls) -> Limits:
        """``for_open_files`` of this process's soft limit."""
        return cls.for_open_files(resource.getrlimit(resource.RLIMIT_NOFILE)[0])


class GuardedServer(HTTPServer):
    """tornado's ``HTTPServer``, fed by :func:`accept` under ``Limits``, counting who is
    connected from where."""

    def initialize(  # type: ignore[override]
        self,
        *args: Any,
        limits: Limits,
        trusted: Sequence[IPNetwork],
        refusals: Refusals,
        **kwargs: Any,
    ) -> None:
        super().initialize(*args, **kwargs)
        self.limits = limits
        self.trusted = tuple(trusted)
        self.refusals = refusals
        self._open: dict[IOStream, str] = {}
        self._per_address: Counter[str] = Counter()

    def admit(self, connection: socket.socket, address: Any) -> None:
        """Serve ``connection``, or close it at once when it is over a limit."""
        peer = str(address[0]) if isinstance(address, tuple) else ""
        key = address_key(peer)
        if len(self._open) >= self.limits.total:
            reason = "connections over the total limit"
        elif self._per_address[key] >= self.limits.per_address and not is_trusted(
            peer, self.trusted
        ):
            reason = "connections over the limit for one address"
        else:
            stream = IOStream(connection, max_buffer_size=self.max_buffer_size)
            self._open[stream] = key
            self._per_address[key] += 1
            self.handle_stream(stream, address)
            return
        connection.close()
        self.refusals.refuse(reason, peer)

    def on_close(self, server_conn: object) -> None:
        super().on_close(server_conn)
        key = self._open.pop(cast(HTTP1ServerConnection, server_conn).stream, None)
        if key is not None:
            self._per_address[key] -= 1
            if not self._per_address[key]:
                del self._per_address[key]


def accept(sockets: Sequence[socket.socket], server: GuardedServer) -> Callable[[], None]:
    """Accept connections on ``sockets`` for ``server`` until the returned function is called.

    tornado's own accept loop raises on EMFILE, and asyncio logs a traceback each time the
    listening socket is readable again, which is at once: this one pauses instead.
    """
    loop = asyncio.get_running_loop()
    stopped = False

    def ready(listener: socket.socket) -> None:
        for _ in range(ACCEPT_BATCH):
            try:
                connection, address = listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionAbortedError:
                continue
            except OSError as error:
                if error.errno not in OUT_OF_DESCRIPTORS:
                    raise
                server.refusals.refuse("connections while out of file descriptors", "?")
                loop.remove_reader(listener)
                loop.call_later(ACCEPT_PAUSE, resume, listener)
                return
            server.admit(connection, address)

    def resume(listener: socket.socket) -> None:
        if not stopped:
            loop.add_reader(listener, ready, listener)

    for listener in sockets:
        listener.setblocking(False)
        loop.add_reader(listener, ready, listener)

    def stop() -> None:
        nonlocal stopped
        stopped = True
        for listener in sockets:
            loop.remove_reader(listener)
            listener.close()

    return stop


def address_key(peer: str) -> str:
    """What one client is: its IPv4 address, or its IPv6 /64 (one host's usual share)."""
    try:
        ip = ipaddress.ip_address(peer)
    except ValueError:
        return peer
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
