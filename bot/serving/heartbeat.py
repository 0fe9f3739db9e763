"""The heartbeat file: touched while the bot hears from Telegram, read by ``report-bot health``.

A process that is alive is not necessarily serving: a bot that cannot poll (Telegram
unreachable, the token revoked) is alive but deaf. The polling loop touches this file
each time Telegram answers a ``getUpdates`` (at least every long-poll period, 10 s), and
the webhook server while it accepts updates, so the file's age tells a supervisor whether
the bot is serving, without calling Telegram.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

logger = logging.getLogger(__name__)


class Heartbeat:
    """Touches one file; a failure to touch is logged once, never raised (it is a signal)."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._warned = False
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                self._warn(error)

    def touch(self) -> None:
        """Record that the bot is serving now."""
        if self._path is None:
            return
        try:
            self._path.touch()
        except OSError as error:
            self._warn(error)

    def _warn(self, error: OSError) -> None:
        if not self._warned:
            self._warned = True
            logger.warning("Heartbeat file %s cannot be written: %s", self._path, error)


def age(path: Path, now: float | None = None) -> float | None:
    """Seconds since the heartbeat file was last touched; None if there is none."""
    try:
        touched = path.stat().st_mtime
    except OSError:
        return None
    return max(0.0, (time.time() if now is None else now) - touched)
