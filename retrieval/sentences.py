"""Find the sentence(s) of a paragraph that best answer a question."""

from __future__ import annotations

import re
from collections.abc import Mapping

from retrieval import analyze

# A sentence ends at . ! ? or … (with any closing quote or bracket) before white space and
# a capital, digit or opening quote. Initials and a few abbreviations do not end one.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9À-Ý])")
_NOT_AN_END = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|No|Prof|Gen|Col|Lt|vs|etc|Jr|Sr))\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character offsets of each sentence of ``text``, white space between them excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        if _NOT_AN_END.search(text[start : boundary.start()]):
            continue
        end = boundary.start() + len(boundary.group().rstrip())
        spans.append((start, end))
        start = boundary.end()
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return spans


def best_sentences(
    text: str, term_weight: Mapping[str, float], most: int = 2, close_enough: float = 0.8
) -> tuple[tuple[int, int], ...]:
    """The sentence(s) whose distinct matched terms weigh most; empty when none matches.

    At most ``most`` of them, a further one only when it scores ``close_enough`` of the
    best (``RankingConfig.max_answer_sentences`` and ``close_enough``).
    """
    scored = []
    for start, end in split_sentences(text):
        found = {t.term for t in analyze.tokens(text[start:end])}
        scored.append((sum(term_weight.get(term, 0.0) for term in found), start, end))
    if not scored:
        return ()
    best = max(score for score, _, _ in scored)
    if best <= 0:
        return ()
    chosen = sorted(scored, key=lambda s: -s[0])[:most]
    kept = [(start, end) for score, start, end in chosen if score >= close_enough * best]
    return tuple(sorted(kept))
