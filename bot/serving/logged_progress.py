"""Progress of long runs (reading a library, embedding it) as log lines, for the bot.

A run done within ``DELAY`` seconds shows nothing: a cached library reads in a blink, and
only a run someone could wonder about is worth a line. The command line draws the same
progress as a bar (``bot.console.progress``).
"""

from __future__ import annotations

import logging
import time

DELAY = 1.0
"""Seconds a run goes unshown: one that ends sooner shows nothing."""


class ProgressLog:
    """Follows ``retrieval.library.Progress`` with log lines: one at most every ``every``
    seconds once ``DELAY`` has passed, and one at the end if any was written before
    ("Reading reports: 3 of 5 files, 12 s")."""

    def __init__(
        self, log: logging.Logger, description: str, unit: str, every: float = 10.0
    ) -> None:
        self._log = log
        self._description = description
        self._unit = unit
        self._every = every
        self._total = self._done = 0
        self._started = self._last = 0.0
        self._logged = False

    def start(self, total: int) -> None:
        self._total, self._done = total, 0
        self._started = time.monotonic()
        self._last = self._started + DELAY - self._every  # the first line after DELAY
        self._logged = False

    def advance(self) -> None:
        self._done += 1
        now = time.monotonic()
        ending = self._done >= self._total
        if (not ending and now - self._last >= self._every) or (ending and self._logged):
            self._last, self._logged = now, True
            self._log.info(
                "%s: %d of %d %s, %.0f s",
                self._description,
                self._done,
                self._total,
                self._unit,
                now - self._started,
            )
