"""The one analyser: text becomes search terms, the same way for paragraphs and questions.

A word is folded (Unicode NFKC, case-folded, accents removed so "Öztürk" meets "Ozturk",
curly and straight apostrophes alike, possessive "'s" dropped, "27th" read as "27"),
English stop words are dropped, and the rest is stemmed with Snowball's English stemmer.
Every token keeps its character offsets in the original text, so callers can highlight it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# Letters and digits, with apostrophes inside a word ("Azerbaijan’s", "don't").
# Hyphens split words, so "Baku-Novorossiysk" is two words.
_WORD = re.compile(r"[^\W_]+(?:['’ʼ‘`][^\W_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
# Letters that have no decomposition but that readers type without the diacritic.
_EXTRA_FOLDS = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae"})

# English function words (NLTK's list, which already holds the question words "who",
# "what", "why", "how", ...) plus a few that a reader's question adds without meaning.
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are aren as at be because been
    before being below between both but by can couldn could did didn do does doesn doing don
    down during each few for from further had hadn has hasn have haven having he her here hers
    herself him himself his how i if in into is isn it its itself just ll m ma me mightn more
    most mustn my myself needn no nor not now o of off on once only or other our ours
    ourselves out over own re s same shan she should shouldn so some such t than that the
    their theirs them themselves then there these they this those through to too under until
    up ve very was wasn we were weren what when where which while who whom why will with won
    wouldn y you your yours yourself yourselves
    also may might would shall must us tell please explain know whether something anything
    """.split()
)


def clean_question(text: str, max_words: int) -> str:
    """A question without control or zero-width characters, cut to ``max_words`` words.

    Zero-width characters inside a word ("Pu\u200btin") would split it; a question longer
    than any real one is cut so that ranking time stays bounded.
    """
    visible = "".join(
        " " if char.isspace() else char
        for char in text
        if char.isspace() or unicodedata.category(char) not in ("Cc", "Cf")
    )
    return " ".join(visible.split()[:max_words])


@dataclass(frozen=True, slots=True)
class Token:
    """One searchable word of a text."""

    term: str
    """The stemmed search term."""
    word: str
    """The folded word before stemming (what fuzzy matching compares)."""
    start: int
    end: int
    """Character offsets of the word in the analysed text."""


def fold(word: str) -> str:
    """Normalise one word for comparison: NFKC, case-fold, no accents, plain apostrophes."""
    word = unicodedata.normalize("NFKC", word).casefold().translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in decomposed if not unicodedata.combining(c))
    word = word.translate(_APOSTROPHES)
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    ordinal = _ORDINAL.match(word)
    return ordinal.group(1) if ordinal else word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball English stem of a folded word; cached because reports repeat their words.

    Safe from any thread: the bot indexes a changed library beside the searches.
    """
    with _STEMMER_LOCK:  # the stemmer keeps the word it works on in itself
        return str(_STEMMER.stemWord(word))


_STEMMER = snowballstemmer.stemmer("english")
_STEMMER_LOCK = threading.Lock()


def tokens(text: str) -> list[Token]:
    """The searchable words of ``text``, in order, with their offsets."""
    found: list[Token] = []
    for match in _WORD.finditer(text):
        analysed = _analyse(match.group())
        if analysed is not None:
            found.append(Token(analysed[1], analysed[0], match.start(), match.end()))
    return found


def terms(text: str) -> list[str]:
    """The search terms of ``text``, in order, repeats kept (BM25 counts them)."""
    return [analysed[1] for analysed in map(_analyse, _WORD.findall(text)) if analysed is not None]


def scan(text: str) -> list[tuple[str, str, str]]:
    """``(written, word, term)`` for each searchable word of ``text``, in order.

    What ``tokens`` says without the offsets, at a third of the cost: building an index
    over a library of reports analyses millions of words.
    """
    found: list[tuple[str, str, str]] = []
    for written in _WORD.findall(text):
        analysed = _analyse(written)
        if analysed is not None:
            found.append((written, *analysed))
    return found


@lru_cache(maxsize=1 << 17)
def _analyse(written: str) -> tuple[str, str] | None:
    """``(folded word, term)`` of one written word, or None for a stop word.

    Cached: folding is the costly step of analysis (two Unicode normalisations) and a
    library repeats its words; 128k entries hold a large vocabulary in about 25 MB.
    """
    word = fold(written)
    if not word or word in STOP_WORDS:
        return None
    return word, stem(word)
