"""The webhook's gate: one log line per interval, however many refusals; limits from the
open-file limit."""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from typing import Any

import pytest
from tornado.web import Application as WebApplication

from bot.serving.gate import ACCEPT_PAUSE, GuardedServer, Limits, accept, address_key
from bot.serving.refusals import Refusals


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_flood_of_refusals_is_one_line_now_and_one_summary_an_interval_later(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    clock = Clock()
    refusals = Refusals(interval=60, clock=clock)
    refusals.refuse("403 wrong or missing secret", "127.0.0.2")
    for n in range(1000):
        clock.now += 0.01
        refusals.refuse("403 wrong or missing secret", f"127.0.0.{2 + n % 2}")
    refusals.refuse("connections over the limit for one address", "127.0.0.2")
    assert len(caplog.records) == 1
    assert "Refused 1 in the last 0 s: 1 403 wrong or missing secret" in caplog.text
    clock.now += 60
    refusals.flush()
    (_, summary) = caplog.records
    assert summary.getMessage().startswith(
        "Refused 1001 in the last 70 s: 1000 403 wrong or missing secret, "
        "1 connections over the limit for one address; from 127.0.0.2 (501), 127.0.0.3 (500)"
    )
    refusals.flush()
    assert len(caplog.records) == 2  # nothing new, nothing logged
    await asyncio.sleep(0)


@pytest.mark.parametrize(
    ("peer", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("not an address", "not an address"),
    ],
)
def test_one_client_is_an_ipv4_address_or_an_ipv6_slash_64(peer: str, key: str) -> None:
    assert address_key(peer) == key


def test_limits_leave_half_the_open_files_to_the_rest_of_the_bot() -> None:
    limits = Limits.for_open_files(1024)
    assert (limits.total, limits.per_address) == (512, 64)
    assert Limits.for_open_files(256) == Limits(128, 16)
    assert Limits.for_open_files(10) == Limits(8, 2)


class Exhausted(socket.socket):
    """A listening socket whose every accept fails as when the process has no descriptor
    left (EMFILE)."""

    tries = 0

    def accept(self) -> tuple[socket.socket, Any]:
        self.tries += 1
        raise OSError(errno.EMFILE, "Too many open files")


async def test_out_of_descriptors_pauses_accepting_instead_of_a_traceback_per_try(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    listener = Exhausted(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    refusals = Refusals()
    server = GuardedServer(WebApplication([]), limits=Limits(8, 2), trusted=(), refusals=refusals)
    loop = asyncio.get_running_loop()
    started = loop.time()
    stop = accept([listener], server)
    with socket.create_connection(listener.getsockname()):  # the listener is readable now
        while listener.tries < 3:  # bounded: each try comes ACCEPT_PAUSE after the last
            assert loop.time() - started < 30
            await asyncio.sleep(0.01)
    stop()
    refusals.flush()
    assert loop.time() - started >= 2 * ACCEPT_PAUSE  # paused between tries, not spinning
    first, rest = (r.getMessage() for r in caplog.records)
    assert (
        first
        == "Refused 1 in the last 0 s: 1 connections while out of file descriptors; from ? (1)"
    )
    assert rest.startswith("Refused 2 in the last ")  # the next tries, summed at the stop
    assert rest.endswith(" s: 2 connections while out of file descriptors; from ? (2)")
