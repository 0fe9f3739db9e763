"""Search latency: each question asked once untimed, then ``rounds`` times timed."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Protocol


class Searcher(Protocol):
    def search(self, question: str, k: int = 3) -> object: ...


def search_latencies(ranker: Searcher, questions: Sequence[str], rounds: int) -> list[float]:
    """Milliseconds of each timed ``search(question, 3)``, sorted; the first pass warms caches."""
    for question in questions:
        ranker.search(question, 3)
    spent = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            ranker.search(question, 3)
            spent.append((time.perf_counter() - started) * 1000)
    return sorted(spent)
