"""Each chat's short memory: its last question, so "more" and "and Turkey?" can follow it.

Kept in the process only, never written to disk; forgotten after ``ttl`` seconds (a
reader who comes back later starts afresh), and bounded: at most ``chats`` chats, the
least recently asked forgotten first, each remembering one question and a count.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

TTL_SECONDS = 600.0
"""About ten minutes: long enough for a conversation, short enough to be a fresh start."""
MAX_CHATS = 10_000
"""A bound on memory: 10,000 chats of one short question each is about 2 MB."""
MAX_QUESTION_CHARACTERS = 1_000
"""A remembered question is cut to this; questions are cut to 64 words before ranking."""


@dataclass(frozen=True, slots=True)
class Recent:
    """What a chat asked last."""

    query: str
    """The question as ranked (a follow-up already read with its context)."""
    shown: int
    """How many of its passages the chat has seen."""
    at: float
    """When it was asked (the clock's seconds)."""
    alone: str = ""
    """For a follow-up read with its context, the message on its own: "more" ranks as the
    follow-up was ranked (``retrieval.understanding.blended``)."""


Who = tuple[int, int]
"""(chat, user): in a group each reader follows up on their own question."""


class ChatMemory:
    """The last question of each reader in each chat, bounded in count and in time."""

    def __init__(
        self,
        ttl: float = TTL_SECONDS,
        chats: int = MAX_CHATS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._chats = chats
        self._clock = clock
        self._recent: OrderedDict[Who, Recent] = OrderedDict()

    def recall(self, chat: Who) -> Recent | None:
        """The chat's last question, or None when it asked none in the last ``ttl``."""
        recent = self._recent.get(chat)
        if recent is None:
            return None
        if self._clock() - recent.at > self._ttl:
            del self._recent[chat]
            return None
        return recent

    def remember(self, chat: Who, query: str, shown: int, alone: str = "") -> None:
        """Keep ``query`` as the chat's last question, ``shown`` of its passages seen."""
        self._recent.pop(chat, None)
        cut = MAX_QUESTION_CHARACTERS
        self._recent[chat] = Recent(query[:cut], shown, self._clock(), alone[:cut])
        while len(self._recent) > self._chats:
            self._recent.popitem(last=False)

    def forget(self, chat: Who) -> None:
        self._recent.pop(chat, None)

    def __len__(self) -> int:
        return len(self._recent)
