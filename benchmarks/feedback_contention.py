"""Feedback storage under contention: several processes writing one database at once.

Run: .venv/bin/python -m benchmarks.feedback_contention [processes] [writes] [--hold SECONDS]
     [--postgres [URL]]
Each process opens its own feedback store on one database and records ``writes``
uncovered questions, each distinct, as fast as it can; with ``--hold``, another process
holds the write lock that long in the middle of the run (SQLite's ``BEGIN IMMEDIATE``,
PostgreSQL's ``LOCK TABLE``). The database is a SQLite file, or with ``--postgres`` the
PostgreSQL database at URL (a superuser's: a database is made for the run) or, without URL,
a throwaway server started from the installed binaries (``tests/servers.py``, fsync on).
Prints what docs/reliability.md quotes: writes attempted, rows stored, writes lost
(raised), and the wall time. tests/bot/test_feedback_storage.py runs the same at a smaller
scale.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bot.storage.feedback import FeedbackStore, FeedbackStoreError, FeedbackWriteError
from bot.storage.opening import open_store
from bot.storage.urls import Server, feedback_database

SALT = "feedback-contention"
"""A PostgreSQL store needs a salt from the settings; any will do here."""


def open_target(target: str) -> FeedbackStore:
    """The store at ``target`` (a SQLite path or a PostgreSQL URL)."""
    database = feedback_database(target)
    return open_store(database, SALT if isinstance(database, Server) else None)


def is_postgres(target: str) -> bool:
    return isinstance(feedback_database(target), Server)


def write_many(target: str, process: int, writes: int, start: Any, results: Any) -> None:
    """Record ``writes`` distinct questions; put the number of writes that raised."""
    try:
        store = open_target(target)
    except FeedbackStoreError:  # the store before WAL could fail to open under contention
        start.wait()
        results.put(writes)
        return
    start.wait()
    failed = 0
    for n in range(writes):
        try:
            store.record_uncovered(process, f"question {process}-{n}")
        except FeedbackWriteError:
            failed += 1
    store.close()
    results.put(failed)


def hold_lock(target: str, seconds: float, start: Any, results: Any) -> None:
    """Take the write lock, as a long transaction of another program would, and keep it."""
    start.wait()
    time.sleep(0.2)
    with write_lock(target):
        time.sleep(seconds)
    results.put(0)


@contextlib.contextmanager
def write_lock(target: str) -> Iterator[None]:
    """Another program's transaction holding the lock every feedback write needs."""
    if is_postgres(target):
        import psycopg

        with psycopg.connect(target) as connection, connection.transaction():
            connection.execute("LOCK TABLE votes, uncovered IN EXCLUSIVE MODE")
            yield
        return
    holder = sqlite3.connect(target, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("COMMIT")
        holder.close()


def count(target: str, table: str = "uncovered") -> int:
    """Rows in ``table`` of the feedback database at ``target``."""
    query = f"SELECT COUNT(*) FROM {table}"
    if is_postgres(target):
        import psycopg

        with psycopg.connect(target) as connection:
            found = connection.execute(query).fetchone()
    else:
        with sqlite3.connect(target) as db:
            found = db.execute(query).fetchone()
    return int(found[0]) if found else 0


def contend(
    target: str | Path, processes: int, writes: int, hold: float = 0.0
) -> tuple[int, int, float]:
    """Run the writers (and the lock holder); (rows stored, writes that raised, seconds)."""
    target = str(target)
    open_target(target).close()  # create it before the race, as a running bot would have
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers = [
        context.Process(target=write_many, args=(target, p, writes, start, results))
        for p in range(processes)
    ]
    if hold:
        workers.append(context.Process(target=hold_lock, args=(target, hold, start, results)))
    for worker in workers:
        worker.start()
    began = time.monotonic()
    start.set()
    failed = sum(results.get(timeout=600) for _ in workers)
    seconds = time.monotonic() - began
    for worker in workers:
        worker.join(timeout=60)
    return count(target), failed, seconds


@contextlib.contextmanager
def database(postgres: str | None) -> Iterator[str]:
    """A new database: a SQLite file, or one on the PostgreSQL server (dropped after)."""
    if postgres is None:
        yield str(Path(tempfile.mkdtemp()) / "feedback.sqlite3")
        return
    import psycopg

    from tests import servers

    with contextlib.ExitStack() as stack:
        if postgres == "start":
            postgres = stack.enter_context(servers.postgres(durable=True)).url
        name = "feedback_contention"
        with psycopg.connect(postgres, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {name}")
        yield urlunsplit(urlsplit(postgres)._replace(path=f"/{name}"))
        with psycopg.connect(postgres, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("processes", type=int, nargs="?", default=4)
    parser.add_argument("writes", type=int, nargs="?", default=3000)
    parser.add_argument("--hold", type=float, default=0.0, help="hold the lock this long")
    parser.add_argument(
        "--postgres",
        nargs="?",
        const="start",
        metavar="URL",
        help="PostgreSQL instead of SQLite: a superuser's URL, or none to start a server",
    )
    args = parser.parse_args()
    with database(args.postgres) as target:
        rows, failed, seconds = contend(target, args.processes, args.writes, args.hold)
    attempted = args.processes * args.writes
    print(
        f"{'PostgreSQL' if args.postgres else 'SQLite'}: "
        f"{args.processes} processes x {args.writes} writes"
        f"{f', lock held {args.hold:g} s' if args.hold else ''}: {attempted} attempted, "
        f"{rows} stored, {failed} raised, {attempted - rows} lost, {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
