"""Feedback storage under contention: several processes writing one SQLite file at once.

Run: .venv/bin/python -m benchmarks.feedback_contention [processes] [writes] [--hold SECONDS]
Each process opens its own ``FeedbackStore`` on one database and records ``writes``
uncovered questions, each distinct, as fast as it can; with ``--hold``, another process
holds the write lock that long in the middle of the run. Prints what docs/reliability.md
quotes: writes attempted, rows stored, writes lost (raised), and the wall time.
tests/bot/test_feedback_storage.py runs the same at a smaller scale.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.feedback import FeedbackStore


def write_many(path: str, process: int, writes: int, start: Any, results: Any) -> None:
    """Record ``writes`` distinct questions; put the number of writes that raised."""
    try:
        store = FeedbackStore(Path(path))
    except sqlite3.Error:  # the store before WAL could fail to open under contention
        start.wait()
        results.put(writes)
        return
    start.wait()
    failed = 0
    for n in range(writes):
        try:
            store.record_uncovered(process, f"question {process}-{n}")
        except sqlite3.Error:
            failed += 1
    store.close()
    results.put(failed)


def hold_lock(path: str, seconds: float, start: Any, results: Any) -> None:
    """Take the write lock, as a long transaction of another program would, and keep it."""
    start.wait()
    time.sleep(0.2)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    time.sleep(seconds)
    connection.execute("COMMIT")
    connection.close()
    results.put(0)


def contend(path: Path, processes: int, writes: int, hold: float = 0.0) -> tuple[int, int, float]:
    """Run the writers (and the lock holder); (rows stored, writes that raised, seconds)."""
    FeedbackStore(path).close()  # create it before the race, as a running bot would have
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers = [
        context.Process(target=write_many, args=(str(path), p, writes, start, results))
        for p in range(processes)
    ]
    if hold:
        workers.append(context.Process(target=hold_lock, args=(str(path), hold, start, results)))
    for worker in workers:
        worker.start()
    began = time.monotonic()
    start.set()
    failed = sum(results.get(timeout=600) for _ in workers)
    seconds = time.monotonic() - began
    for worker in workers:
        worker.join(timeout=60)
    with sqlite3.connect(path) as db:
        (rows,) = db.execute("SELECT COUNT(*) FROM uncovered").fetchone()
    return int(rows), failed, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("processes", type=int, nargs="?", default=4)
    parser.add_argument("writes", type=int, nargs="?", default=3000)
    parser.add_argument("--hold", type=float, default=0.0, help="hold the lock this long")
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "feedback.sqlite3"
    rows, failed, seconds = contend(path, args.processes, args.writes, args.hold)
    attempted = args.processes * args.writes
    print(
        f"{args.processes} processes x {args.writes} writes"
        f"{f', lock held {args.hold:g} s' if args.hold else ''}: {attempted} attempted, "
        f"{rows} stored, {failed} raised, {attempted - rows} lost, {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
