"""Feedback writes off the event loop, through a queue on disk: no reply waits, no vote is lost.

A ``FeedbackStore`` blocks while another process holds SQLite's write lock (up to about
30 s) or while a lost PostgreSQL connection is retried; called from a handler, that stalled
every chat. So a handler only hands its row over (``record_vote`` answers at once whether
it will be kept), and one worker thread writes it to the ``Outbox`` on disk and from there
to the store, oldest first. While the store cannot take a row, the rows wait on disk and
the worker tries again every ``RETRY_SECONDS``; the outbox outlives a restart, and rows
left from an earlier run are written first. A vote is refused (and the reader told) only
when the queue is full: ``CAPACITY`` rows.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Sequence

from bot.storage.activity import AskedRow
from bot.storage.feedback import (
    Address,
    ClosestRow,
    FeedbackStore,
    FeedbackWriteError,
    Row,
    UncoveredRow,
    VoteRow,
    Withdrawal,
)
from bot.storage.outbox import Outbox, OutboxError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
"""How often rows waiting on disk are offered to a store that refused the last one."""


class FeedbackWriter:
    """The bot's side of ``FeedbackStore``: rows queued on disk, written by one thread."""

    def __init__(self, store: FeedbackStore, outbox: Outbox) -> None:
        self._store = store
        self._outbox = outbox
        self._arrived: deque[Row] = deque()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closing = False
        self._waiting = False
        """Whether the store refused the last row (logged once, until it takes one)."""
        self._worker = threading.Thread(target=self._run, name="feedback", daemon=True)
        if len(outbox):
            logger.info("Feedback: %d rows left queued on disk by an earlier run", len(outbox))
            self._wake.set()
        self._worker.start()

    def record_vote(
        self, user_id: int, question: str, liked: bool, passages: Sequence[Address]
    ) -> bool:
        """Queue this user's vote on an answer; whether it will be kept (False: the queue
        is full, and the reader should hear so)."""
        return self._accept(VoteRow.of(self._store.hashed(user_id), question, liked, passages))

    def withdraw_vote(self, user_id: int, question: str, passages: Sequence[Address]) -> bool:
        """Queue forgetting this user's vote on an answer; whether it will be kept."""
        return self._accept(Withdrawal.of(self._store.hashed(user_id), question, passages))

    def record_uncovered(self, user_id: int, question: str) -> bool:
        """Queue a question the report did not cover; whether it will be kept."""
        return self._accept(UncoveredRow.of(self._store.hashed(user_id), question))

    def record_closest(self, user_id: int, question: str) -> bool:
        """Queue a question answered only with the closest passages; whether it will be kept."""
        return self._accept(ClosestRow.of(self._store.hashed(user_id), question))

    def record_asked(self, user_id: int, verdict: str) -> bool:
        """Queue that this user asked a question answered with ``verdict`` (for ``/stats``)."""
        return self._accept(AskedRow.of(self._store.hashed(user_id), verdict))

    def close(self) -> None:
        """Write what the store takes now; what it does not stays on disk for the next run."""
        self._closing = True
        self._wake.set()
        self._worker.join()
        self._store.close()
        self._outbox.close()

    def _accept(self, row: Row) -> bool:
        with self._lock:
            if self._closing or len(self._outbox) + len(self._arrived) >= self._outbox.capacity:
                return False
            self._arrived.append(row)
        self._wake.set()
        return True

    def _run(self) -> None:
        while True:
            self._wake.wait(RETRY_SECONDS if self._waiting else None)
            self._wake.clear()
            closing = self._closing
            self._to_disk()
            self._to_store()
            if closing:
                return

    def _to_disk(self) -> None:
        while self._arrived:
            row = self._arrived[0]  # counted until it is on disk: _accept never overfills
            try:
                self._outbox.put(row)
            except OutboxError as error:
                logger.error("Feedback not stored: %s", error)
            with self._lock:
                self._arrived.popleft()

    def _to_store(self) -> None:
        """Write the waiting rows, oldest first, until the store refuses one."""
        while rows := self._outbox.oldest(100):
            for key, row in rows:
                try:
                    self._store.write(row)
                except FeedbackWriteError as error:
                    if error.transient:
                        self._wait(error)
                        return
                    logger.error("Feedback not stored: %s", error)
                self._outbox.remove(key)
                if self._waiting:
                    self._waiting = False
                    logger.info("Feedback stored again; %d rows still queued", len(self._outbox))

    def _wait(self, error: FeedbackWriteError) -> None:
        if not self._waiting:
            logger.warning(
                "Feedback kept on disk until the store answers (%s); %d rows queued, retried "
                "every %.0f s",
                error,
                len(self._outbox),
                RETRY_SECONDS,
            )
        self._waiting = True
