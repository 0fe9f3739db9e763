"""Feedback writes off the event loop: a reader's reply never waits for the database.

A ``FeedbackStore`` blocks while another process holds SQLite's write lock (up to about
30 s) or while a lost PostgreSQL connection is retried. Called from a handler, that stalled
every chat: another process holding the lock for 8 s held every reader's reply for 8 s,
and the vote failed after 5 s. Here each write is handed to one dedicated thread and the
handler goes on at once; the thread writes in arrival order, and ``close`` waits for the
writes still queued, so stopping loses none.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from bot.storage.feedback import Address, FeedbackStore, FeedbackWriteError

logger = logging.getLogger(__name__)


class FeedbackWriter:
    """The bot's side of ``FeedbackStore``: the same writes, queued to one worker thread."""

    def __init__(self, store: FeedbackStore) -> None:
        self._store = store
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="feedback")

    def record_vote(
        self, user_id: int, question: str, liked: bool, passages: Sequence[Address]
    ) -> None:
        """Queue this user's vote on an answer (see ``FeedbackStore.record_vote``)."""
        self._submit(lambda: self._store.record_vote(user_id, question, liked, list(passages)))

    def withdraw_vote(self, user_id: int, question: str, passages: Sequence[Address]) -> None:
        """Queue forgetting this user's vote on an answer."""
        self._submit(lambda: self._store.withdraw_vote(user_id, question, list(passages)))

    def record_uncovered(self, user_id: int, question: str) -> None:
        """Queue a question the report did not cover."""
        self._submit(lambda: self._store.record_uncovered(user_id, question))

    def close(self) -> None:
        """Write everything queued, then close the database."""
        self._worker.shutdown(wait=True)
        self._store.close()

    def _submit(self, write: Callable[[], None]) -> None:
        self._worker.submit(write).add_done_callback(_log_failure)


def _log_failure(done: Future[None]) -> None:
    error = done.exception()
    if isinstance(error, FeedbackWriteError):
        logger.error("Feedback not stored: %s", error)
    elif error is not None:
        logger.error("Feedback not stored", exc_info=error)
