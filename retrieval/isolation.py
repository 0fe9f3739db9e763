"""Parse one file in a process of its own, under the time and memory limits.

A reader's library (pdfminer, python-docx, lxml) can take minutes and gigabytes on a
hostile file, and nothing in a thread can stop it or give its memory back. A worker
process can be capped (``RLIMIT_AS``), killed on time, and when it exits every byte it
used returns to the system. Workers are forked from multiprocessing's fork server, which
has the readers imported once: a fork costs milliseconds, not an interpreter's start, and
is made from a process with no threads (forking the bot itself, with its threads, is not
safe). The parsed ``Report`` comes back through a pipe as data.

The fork server starts with only the environment a reader needs (``_KEPT``): whatever
secrets the caller holds in its own (a bot's token, a database's password) never reach a
process that runs a reader on a stranger's file.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import multiprocessing.forkserver
import os
import resource
import sys
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Literal

from retrieval.formats import parse_bytes
from retrieval.limits import (
    LimitError,
    Limits,
    check_declared_pages,
    check_report,
    check_word_file,
    megabytes,
    over,
)
from retrieval.report import Report, ReportError, brief

_READERS = [
    "retrieval.isolation",
    "retrieval.formats.docx",
    "retrieval.formats.html",
    "retrieval.formats.markdown",
    "retrieval.formats.pdf",
    "retrieval.formats.text",
]
"""Imported once by the fork server, so that each worker starts with them loaded."""
INLINE_BYTES = 256_000
"""Text and Markdown files up to this size are parsed in the calling process."""
_NICENESS = 5
"""Workers run below the bot's priority: a long parse takes turns after answers."""
_KEPT = ("PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TMP", "TEMP", "VIRTUAL_ENV")
_KEPT_PREFIXES = ("LC_", "PYTHON", "COVERAGE_")
"""The environment variables a worker inherits: where programs, temporary files and
Python's own paths are, the locale; nothing else."""

Outcome = tuple[Literal["report"], Report] | tuple[Literal["error", "limit"], str, str]


def parse_within(raw: bytes, format: str, source: str, limits: Limits) -> Report:
    """Parse ``raw`` as ``format``, refusing it when it is over one of ``limits``.

    Time and memory are not checked here: ``parse_isolated`` runs this in a worker that
    is killed on time and cannot allocate past the memory limit.
    """
    if format == "docx":
        check_word_file(raw, source, limits)
    elif format == "pdf":
        check_declared_pages(raw, source, limits)
    report = parse_bytes(raw, format, source)
    check_report(report, source, limits)
    return report


def parse_isolated(raw: bytes, format: str, source: str, limits: Limits) -> Report:
    """``parse_within`` in a worker process; ``LimitError`` when it runs out of time or memory.

    Raises ``ReportError`` (or its ``LimitError``) with a message for people, whatever
    the worker did: returned an error, was killed by the system, or ran out of time.
    Plain text and Markdown up to ``INLINE_BYTES`` are parsed here instead: their readers
    take time and memory in proportion to their size, which the limit bounds, and a
    library of a thousand small reports would spend most of its reading on forks.
    """
    if format in ("text", "markdown") and len(raw) <= INLINE_BYTES:
        return parse_within(raw, format, source, limits)
    context = _context()
    receiving, sending = context.Pipe(duplex=False)
    worker = context.Process(  # type: ignore[attr-defined]
        target=_work, args=(sending, raw, format, source, limits), name="parse-report"
    )
    worker.start()
    sending.close()  # only the worker writes: its exit then reads as the end of the pipe
    try:
        if not receiving.poll(limits.seconds):
            raise over("time", source, "still parsing", f"{limits.seconds:g} s")
        outcome: Outcome = receiving.recv()
    except EOFError:
        worker.join(5)
        raise ReportError(f"Cannot read {source}: {_stopped(worker.exitcode)}") from None
    finally:
        worker.kill()  # nothing once it has sent its outcome; stops it on time otherwise
        worker.join()
        receiving.close()
    if outcome[0] == "report":
        return outcome[1]
    if outcome[0] == "limit":
        raise LimitError(outcome[1], outcome[2])
    raise ReportError(outcome[2])


@functools.cache
def _context() -> BaseContext:
    """The fork server where the system has one (Linux, macOS), else fresh interpreters.

    Like every multiprocessing child, a worker imports the program's main module (the
    ``report-bot`` script, a benchmark run with ``-m``): the server imports it first, once,
    so that a worker finds it imported. A script that reads a library must therefore guard
    its work with ``if __name__ == "__main__":``.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    main = getattr(sys.modules.get("__main__"), "__spec__", None)
    named = [] if main is None or main.name.endswith("__main__") else [main.name]
    context.set_forkserver_preload(["__main__", *named, *_READERS])
    with _readers_environment():
        multiprocessing.forkserver.ensure_running()
    return context


def prepare() -> None:
    """Start the workers' fork server now. A program with threads calls this before it
    starts them: the server's environment is made by editing this process's for a moment."""
    _context()


@contextlib.contextmanager
def _readers_environment() -> Iterator[None]:
    """This process's environment cut to ``_KEPT`` for as long as the block runs."""
    saved = dict(os.environ)
    for name in saved:
        if name not in _KEPT and not name.startswith(_KEPT_PREFIXES):
            del os.environ[name]
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _work(sending: Connection, raw: bytes, format: str, source: str, limits: Limits) -> None:
    """The worker: cap its memory, parse, send the outcome as data."""
    with contextlib.suppress(OSError):
        os.nice(_NICENESS)
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    outcome: Outcome
    try:
        outcome = ("report", parse_within(raw, format, source, limits))
    except LimitError as error:
        outcome = ("limit", error.limit, str(error))
    except MemoryError:
        del raw
        found = over("memory", source, "parsing needs more", megabytes(limits.memory_bytes))
        outcome = ("limit", found.limit, str(found))
    except ReportError as error:
        outcome = ("error", "", str(error))
    except Exception as error:  # a reader's library failing in a way nobody foresaw
        outcome = ("error", "", f"Cannot read {source}: {type(error).__name__}: {brief(error)}")
    sending.send(outcome)
    sending.close()


def _stopped(exit_code: int | None) -> str:
    """Why a worker ended without an outcome, in words."""
    if exit_code is not None and exit_code < 0:
        return f"its reader was stopped by signal {-exit_code} (out of memory?)"
    return f"its reader ended without a result (exit status {exit_code})"
