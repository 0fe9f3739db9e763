"""Acronyms a report defines, searched for when a question spells them out.

Reports spell a name out once, "foreign direct investment (FDI)", and use the acronym
after, while a reader asks in words: BM25 alone cannot tell that "FDI inflows to Africa"
answers "How much foreign direct investment flowed into Africa?". Each definition found
in the report's text (an acronym in brackets after words whose initials spell it, as
Schwartz and Hearst's algorithm reads them) lets a question holding the long form search
for the acronym too. The other way, an acronym searching for its long form's words, lost
on the tune part: those words ("foreign", "direct", "investment") are the report's whole
subject, and outweighed the rest of the question (docs/benchmarks.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from retrieval import analyze
from retrieval.spelling import subject_weight

_DEFINED = re.compile(r"\(([A-Z][A-Za-z]{0,8}[A-Z]s?)\)")
"""An acronym in brackets: two to ten letters, starting and ending with a capital (a final
plural "s" aside): "(FDI)", "(GVCs)", "(PoW)"."""
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_LOOK_BACK = 200
"""Characters before the bracket searched for the long form."""
_LINKING = frozenset({"and", "of", "the", "for", "on", "in", "to", "a", "an"})
"""Words a long form may hold that give its acronym no letter ("Office of Management and
Budget (OMB)")."""


Definition = tuple[str, tuple[str, ...]]
"""An acronym's search term and its long form's search terms."""


class Glossary:
    """The acronyms some texts define, looked up by the first word of their long forms."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.definitions = definitions(texts)
        self._by_first: dict[str, list[Definition]] = {}
        for acronym, long_terms in sorted(self.definitions):
            self._by_first.setdefault(long_terms[0], []).append((acronym, long_terms))

    def expansions(self, question: Sequence[str]) -> set[str]:
        """The acronyms whose long forms a question spells out (``question``: its search
        terms in order) and does not already hold."""
        found = {
            acronym
            for start, term in enumerate(question)
            for acronym, long_terms in self._by_first.get(term, ())
            if tuple(question[start : start + len(long_terms)]) == long_terms
        }
        return found - set(question)


def definitions(texts: Iterable[str]) -> set[Definition]:
    """Every acronym the texts define, each long form it stands for apart (in a library,
    two reports may spell out "DPI" differently)."""
    found: set[Definition] = set()
    read: set[tuple[str, str]] = set()
    for text in texts:
        for match in _DEFINED.finditer(text):
            acronym = match.group(1)
            before = _WORD.findall(text[max(0, match.start() - _LOOK_BACK) : match.start()])
            long_form = _long_form(_letters(acronym), before)
            if long_form is None or (acronym, long_form) in read:
                continue
            read.add((acronym, long_form))
            acronym_tokens = analyze.tokens(acronym)
            long_terms = tuple(t.term for t in analyze.tokens(long_form))
            if len(acronym_tokens) != 1 or not long_terms:
                continue
            if subject_weight(acronym_tokens[0].word) < 1.0:  # "(PRICE) Act": an everyday word
                continue
            found.add((acronym_tokens[0].term, long_terms))
    return found


def _letters(acronym: str) -> str:
    """The letters an acronym's long form must give, lower case: "GVCs" is "gvc"."""
    if acronym.endswith("s") and acronym[:-1].isupper():
        acronym = acronym[:-1]
    return acronym.lower()


def _long_form(letters: str, words: Sequence[str]) -> str | None:
    """The words just before the bracket whose initials, read backwards, spell ``letters``
    (each part of a hyphenated word gives one: "proof-of-work (PoW)"), or None."""
    wanted = len(letters) - 1
    used: list[str] = []
    for word in reversed(words):
        if wanted < 0:
            break
        if used and word.lower() in _LINKING:
            used.append(word)
            continue
        initials = [part[0].lower() for part in re.split(r"[-'’]", word) if part]
        if not initials or initials[-1] != letters[wanted]:
            return None
        for initial in reversed(initials):
            if wanted >= 0 and initial == letters[wanted]:
                wanted -= 1
        used.append(word)
    if wanted >= 0 or not used:
        return None
    while used[-1].lower() in _LINKING:
        used.pop()
    return " ".join(reversed(used))
