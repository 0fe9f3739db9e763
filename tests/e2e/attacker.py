"""A hostile client of the webhook server, on loopback: idle connections, slow headers,
large bodies without the secret, a flood of refused posts.

Telegram's side is played from 127.0.0.1; the attacker connects from ``ATTACKER``
(127.0.0.2, which Linux routes to the loopback interface too), so that a server bounding
connections per address can tell them apart. Every helper is bounded in count and time.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

ATTACKER = "127.0.0.2"
READER = "127.0.0.1"
CONNECT_TIMEOUT = 5.0


@dataclass
class Connections:
    """Sockets an attacker holds open; closed together."""

    writers: list[asyncio.StreamWriter] = field(default_factory=list)
    refused: int = 0
    """Connections the server closed or never accepted within ``CONNECT_TIMEOUT``."""

    def close(self) -> None:
        for writer in self.writers:
            writer.transport.abort()
        self.writers.clear()


async def _connect(port: int, source: str) -> asyncio.StreamWriter | None:
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(READER, port, local_addr=(source, 0)), CONNECT_TIMEOUT
        )
    except (OSError, TimeoutError):
        return None
    return writer


async def open_connections(
    port: int, count: int, first_bytes: bytes = b"", source: str = ATTACKER
) -> Connections:
    """``count`` connections from ``source``, each sending ``first_bytes`` and then nothing."""
    held = Connections()
    for _ in range(count):
        writer = await _connect(port, source)
        if writer is None:
            held.refused += 1
            continue
        if first_bytes:
            writer.write(first_bytes)
        held.writers.append(writer)
    return held


@contextlib.asynccontextmanager
async def slowloris(port: int, path: str, count: int) -> AsyncIterator[Connections]:
    """``count`` connections that send a request's headers one byte a second, for as long as
    the block runs."""
    held = await open_connections(port, count, f"POST {path} HTTP/1.1\r\nHost: x\r\n".encode())

    async def trickle() -> None:
        while True:
            await asyncio.sleep(1)
            for writer in held.writers:
                if not writer.is_closing():
                    writer.write(b"X")

    dripping = asyncio.ensure_future(trickle())
    try:
        yield held
    finally:
        dripping.cancel()
        held.close()


def post_head(path: str, length: int, secret: str = "wrong") -> bytes:
    """The head of a POST of ``length`` bytes, with ``secret`` as Telegram's header."""
    return (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


async def large_bodies(port: int, path: str, count: int, size: int) -> Connections:
    """``count`` posts without the secret, each sending all but the last byte of a body of
    ``size`` bytes, and holding the connection."""
    held = Connections()
    body = b"x" * (size - 1)
    for _ in range(count):
        writer = await _connect(port, ATTACKER)
        if writer is None:
            held.refused += 1
            continue
        writer.write(post_head(path, size))
        writer.write(body)
        with contextlib.suppress(OSError, TimeoutError):
            await asyncio.wait_for(writer.drain(), CONNECT_TIMEOUT)
        held.writers.append(writer)
    return held


async def status_of(port: int, request: bytes, source: str, timeout: float) -> int | None:
    """Send a raw request; the HTTP status answered, or None if none came within
    ``timeout`` seconds."""
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(READER, port, local_addr=(source, 0)), timeout
        )
    except (OSError, TimeoutError):
        return None
    try:
        writer.write(request)
        line = await asyncio.wait_for(reader.readline(), timeout)
        return int(line.split()[1]) if line.startswith(b"HTTP/") else None
    except (OSError, TimeoutError, ValueError, IndexError):
        return None
    finally:
        writer.transport.abort()


async def health(port: int, timeout: float = 2.0) -> float | None:
    """Seconds ``GET /healthz`` took from the reader's address, or None if it did not
    answer 200 within ``timeout``."""
    started = time.monotonic()
    status = await status_of(
        port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", READER, timeout
    )
    return time.monotonic() - started if status == 200 else None


async def healthy_within(port: int, timeout: float) -> bool:
    """Whether ``/healthz`` answers within ``timeout`` seconds, asked again until it does
    (a connection refused while the server is still closing others is asked again)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if await health(port, timeout=max(0.1, deadline - loop.time())) is not None:
            return True
        await asyncio.sleep(0.1)
    return False


async def refused_posts(port: int, path: str, count: int) -> int:
    """``count`` posts without the secret, one after another on as few connections as the
    server allows (keep-alive); how many were answered 403."""
    refused = 0
    request = post_head(path, 2) + b"{}"
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    for _ in range(count):
        if writer is None or writer.is_closing() or reader is None or reader.at_eof():
            if writer is not None:
                writer.transport.abort()
            reader, writer = await asyncio.open_connection(READER, port, local_addr=(ATTACKER, 0))
        writer.write(request)
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), CONNECT_TIMEOUT)
        except (OSError, TimeoutError, asyncio.IncompleteReadError):
            writer.transport.abort()
            writer = None
            continue
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        if length:
            await reader.readexactly(length)
        refused += head.startswith(b"HTTP/1.1 403")
    if writer is not None:
        writer.transport.abort()
    return refused


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid``, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"no VmRSS for process {pid}")


def open_files_limit() -> int:
    """This process's soft limit on open files (a bot started from here inherits it)."""
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def can_bind(address: str) -> bool:
    """Whether ``address`` is a local address here (127.0.0.2 is, on Linux)."""
    with socket.socket() as probe:
        try:
            probe.bind((address, 0))
        except OSError:
            return False
    return True
