"""What kind of fact an English question asks for, and whether a passage holds one.

"How many ...?" wants a number, "When ...?" a date, "Who ...?" a name. A passage that
holds no such thing cannot answer the question directly, however close its meaning: the
verdict then shows it only as the closest passage (``retrieval.verdict``). The patterns
are the English question words themselves, not any question's wording; a question in
another language asks for nothing here.
"""

from __future__ import annotations

import re
from typing import Literal

Wanted = Literal["number", "date", "name"]

_ASKS: tuple[tuple[Wanted, re.Pattern[str]], ...] = (
    (
        "number",
        re.compile(
            r"\bhow (?:many|much)\b|\bwhat (?:percentage|proportion|share|number|amount)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            r"^\W*(?:and |so |but )?(?:since |until |by )?when\b"
            r"|\b(?:what|which) (?:year|date|month|day)\b",
            re.IGNORECASE,
        ),
    ),
    ("name", re.compile(r"^\W*(?:and |so |but )?who(?:m|se)?\b", re.IGNORECASE)),
)

_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty hundred hundreds thousand thousands million millions billion billions "
    "trillion dozen dozens half third quarter percent twice double triple tenfold"
).split()
_HOLDS: dict[Wanted, re.Pattern[str]] = {
    "number": re.compile(r"\d|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE),
    "date": re.compile(
        r"\b(?:1[5-9]\d\d|20\d\d)s?\b|\b(?:January|February|March|April|May|June|July"
        r"|August|September|October|November|December)\b|\b(?:century|decade)\b"
    ),
    # A capitalised word that does not open a sentence, or an acronym.
    "name": re.compile(r"(?<=[^.!?:\s]\s)[A-Z][\w'’-]+|\b[A-Z]{2,}\b"),
}


def wanted(question: str) -> Wanted | None:
    """The kind of fact ``question`` asks for, or None when it asks for no particular kind."""
    for kind, pattern in _ASKS:
        if pattern.search(question):
            return kind
    return None


def holds(text: str, kind: Wanted) -> bool:
    """Whether ``text`` holds a fact of that kind: a number, a date or a name."""
    return _HOLDS[kind].search(text) is not None


def agrees(question: str, text: str) -> bool:
    """Whether ``text`` holds the kind of fact ``question`` asks for (True when it asks for
    no particular kind)."""
    kind = wanted(question)
    return kind is None or holds(text, kind)
