"""What the owners' commands share: who the owners are, the folder, and waiting for a reload.

Owners (``OWNER_USER_IDS``) change the library from Telegram: they send a report file,
``/remove`` one, and read ``/stats``. Their changes are only files in ``REPORT_PATH``; the
running bot serves them through its usual reload (``bot.serving.reloading``), and
``bot.conversation.reload_wait`` waits for that reload, so the owner hears when readers
see the change. ``Owners`` is made once at the composition root (``bot.serving.app``).
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from telegram import Update
from telegram.constants import ChatType

from bot.storage.activity import Day
from bot.storage.feedback import Summary
from bot.storage.shelf import Shelf
from retrieval import Report

DOWNLOAD_LIMIT = 20 * 1024 * 1024
"""The largest file the Bot API lets a bot download (``getFile``: "file is too big")."""
PENDING = 20
"""Files waiting for their owner to choose (replace, keep both, cancel); older ones go."""
SLACK_SECONDS = 60.0
"""Beyond two reload intervals, how long a change may take to be read before the owner is
told it is not served yet (reading a long PDF; a busy machine)."""


@dataclass(frozen=True, slots=True)
class Stats:
    """What ``/stats`` shows: questions per day, and the feedback summary."""

    days: tuple[Day, ...]
    summary: Summary


@dataclass(frozen=True, slots=True)
class Upload:
    """A file read and found fit to serve, waiting for its owner to say where it goes."""

    draft: Path
    name: str
    report: Report
    owner: int


@dataclass
class Owners:
    """The owners and what their commands work with."""

    ids: frozenset[int]
    shelf: Shelf | None
    """The library folder; None when ``REPORT_PATH`` is one file (nothing to add to)."""
    read: Callable[[Path], Report]
    """Reads one file under the reading limits, through the parsed-report cache (blocks)."""
    stats: Callable[[int], Stats]
    """Reads the feedback store for ``/stats``, over that many days (blocks)."""
    reload_interval: float
    """``RELOAD_INTERVAL``: 0 when changes are served only after a restart."""
    largest: int = DOWNLOAD_LIMIT
    """The largest file accepted: the download limit, or ``MAX_REPORT_MB`` if smaller."""
    pending: OrderedDict[int, Upload] = field(default_factory=OrderedDict)
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def owns(self, update: Update) -> bool:
        """Whether ``update`` comes from an owner in a private chat with the bot."""
        user, chat = update.effective_user, update.effective_chat
        return bool(user and chat and chat.type == ChatType.PRIVATE and user.id in self.ids)

    def wait(self, upload: Upload) -> int:
        """Keep ``upload`` until its owner chooses; the number its buttons carry."""
        number = next(self._numbers)
        self.pending[number] = upload
        while len(self.pending) > PENDING:
            _, dropped = self.pending.popitem(last=False)
            if self.shelf is not None:
                self.shelf.discard(dropped.draft)
        return number

    @property
    def patience(self) -> float:
        """How long a change may take to be served before the owner hears it is not yet."""
        return 2 * self.reload_interval + SLACK_SECONDS
