"""Find the sentence(s) of a paragraph that best answer a question."""

from __future__ import annotations

import re
from collections.abc import Mapping

from retrieval import analyze

# A sentence ends at . ! ? or … (with any closing quote or bracket) before white space and
# a capital, digit or opening quote. Initials and a few abbreviations do not end one.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9À-Ý])")
_NOT_AN_END = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|No|Prof|Gen|Col|Lt|vs|etc|Jr|Sr))\.$")

MAX_SENTENCES = 2
CLOSE_ENOUGH = 0.8
"""A second sentence is marked too when it scores at least this share of the best."""


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


def best_sentences(text: str, term_weight: Mapping[str, float]) -> tuple[tuple[int, int], ...]:
    """The sentence(s) whose distinct matched terms weigh most; empty when none matches."""
    scored = []
    for start, end in split_sentences(text):
        found = {t.term for t in analyze.tokens(text[start:end])}
        scored.append((sum(term_weight.get(term, 0.0) for term in found), start, end))
    if not scored:
        return ()
    best = max(score for score, _, _ in scored)
    if best <= 0:
        return ()
    chosen = sorted(scored, key=lambda s: -s[0])[:MAX_SENTENCES]
    kept = [(start, end) for score, start, end in chosen if score >= CLOSE_ENOUGH * best]
    return tuple(sorted(kept))
