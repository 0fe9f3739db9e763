"""Serve readers with BM25 while the embedding stage is built in a background thread.

Embedding a large library takes long (about 45 minutes for 30,000 paragraphs on two cores);
readers are answered with BM25 meanwhile instead of not at all. ``retrieval`` only says
what is still to build (``retrieval.hybrid.Plan``); when and on which thread is the bot's
business. When the reports are reloaded meanwhile (``bot.serving.reloading``), the run for the
older version is abandoned (``Abandon``) and the newer one's takes over, reading back the
vectors of every report the older run finished.
"""

from __future__ import annotations

import logging
import threading
import time

from retrieval import Report, SearchResult
from retrieval.hybrid import HybridIndex, Plan
from retrieval.index import Index
from retrieval.library import Progress

log = logging.getLogger(__name__)


class AbandonedError(Exception):
    """A newer version of the reports is served: embedding this one is wasted work."""


class Abandon:
    """Follows an embedding run (a ``retrieval.semantic.Progress``) and stops it on request.

    ``retrieval`` tells its progress of every passage embedded, which makes it the one place
    to stop a run from: ``advance`` raises ``AbandonedError`` once ``abandon`` was called. Reports
    embedded in full by then are already cached.
    """

    def __init__(self, follow: Progress | None = None) -> None:
        """``follow`` is told of the run's progress as well (the bot logs it)."""
        self._abandoned = threading.Event()
        self._follow = follow

    def abandon(self) -> None:
        """Stop the run at its next passage."""
        self._abandoned.set()

    def start(self, total: int) -> None:
        self._check()
        if self._follow is not None:
            self._follow.start(total)

    def advance(self) -> None:
        self._check()
        if self._follow is not None:
            self._follow.advance()

    def _check(self) -> None:
        if self._abandoned.is_set():
            raise AbandonedError


class UpgradingRanker:
    """BM25 now, the hybrid ranker once its passage vectors are embedded.

    The switch is one attribute assignment, atomic under the GIL.
    """

    def __init__(self, index: Index | HybridIndex) -> None:
        self._current: Index | HybridIndex = index
        self.upgraded = threading.Event()

    @property
    def current(self) -> Index | HybridIndex:
        return self._current

    @property
    def reports(self) -> tuple[Report, ...]:
        return self._current.reports

    def search(self, question: str, k: int = 3, alone: str = "") -> SearchResult:
        return self._current.search(question, k, alone)

    def upgrade_in_background(self, plan: Plan) -> threading.Thread | None:
        """Run the plan's upgrade in a daemon thread and switch to its ranker when done."""
        build = plan.upgrade
        if build is None:
            self.upgraded.set()
            return None

        def run() -> None:
            started = time.monotonic()
            try:
                self._current = build()
            except AbandonedError:
                log.info("Embedding abandoned: a newer version of the reports is served")
                return
            except Exception:  # the bot keeps answering with BM25; say why, once
                log.exception("Building the embedding index failed; staying with BM25")
                return
            seconds = time.monotonic() - started
            log.info("Embedding index ready in %.1f s: ranking with the hybrid ranker", seconds)
            self.upgraded.set()

        thread = threading.Thread(target=run, name="embed-paragraphs", daemon=True)
        thread.start()
        return thread


def serve(plan: Plan) -> tuple[Index | HybridIndex | UpgradingRanker, str]:
    """The ranker the bot serves for ``plan``: final at once, or upgrading in the background."""
    if plan.upgrade is None:
        return plan.ranker, plan.description
    upgrading = UpgradingRanker(plan.ranker)
    upgrading.upgrade_in_background(plan)
    return upgrading, plan.description
