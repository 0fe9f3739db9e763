"""The language a question is written in: English (the reports') or which other one.

Short questions defeat statistical detectors: on 108 short questions
(``benchmarks/languages.py``) lingua alone calls "Peskov" Azerbaijani and "Wer ist
Aliyev?" Turkish. So three kinds of evidence are weighed in order:

1. English first: a Latin-script question is English when at least half of its words are
   everyday English words or words of the report (``vocabulary``), so a name alone, or a
   name the report uses, is never "not English".
2. The lexicons' words (``retrieval.lexicon``): a question holding "warum", "nə" or "ещё"
   is in the language those words belong to; between Turkish and Azerbaijani, which share
   many words, the letter "ə" (Azerbaijani only) decides. Two such words or more
   (``RankingConfig.lexicon_words``) outweigh lingua; a single one only settles what
   lingua is not sure of.
3. Lingua (lingua-language-detector, its models in the wheel), trusted for a Latin-script
   question only when it is sure (``RankingConfig.language_confidence``): a lone unknown
   name ("Erdogan") stays English.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from retrieval import analyze
from retrieval.config import RankingConfig
from retrieval.lexicon import LEXICONS, words
from retrieval.spelling import is_common_english

_DEFAULT = RankingConfig()
_WORD = re.compile(r"[^\W\d_]{2,}")
_WORD_OR_NUMBER = re.compile(r"[^\W_]+")
ENGLISH = "en"
UNKNOWN = "xx"
"""A language none of the detectors could name (the question is still not English)."""

# The languages lingua chooses among: the bot's seven and the others its readers most often
# write in. Fewer languages confuse short questions less (benchmarks/languages.py).
_DETECTED = (
    Language.ENGLISH,
    Language.GERMAN,
    Language.RUSSIAN,
    Language.UKRAINIAN,
    Language.TURKISH,
    Language.AZERBAIJANI,
    Language.PERSIAN,
    Language.FRENCH,
    Language.SPANISH,
    Language.ITALIAN,
    Language.PORTUGUESE,
    Language.POLISH,
    Language.ARABIC,
)


def language_of(
    question: str,
    vocabulary: Collection[str] = (),
    known: Collection[str] = (),
    config: RankingConfig = _DEFAULT,
) -> str:
    """The ISO 639-1 code of the question's language: "en", another code, or ``UNKNOWN``.

    ``vocabulary`` holds the report's stemmed terms and ``known`` folded words the speller
    bridged to report words: both count as English.
    """
    letters = [char for char in question if char.isalpha()]
    if not letters:
        return ENGLISH
    latin = sum(unicodedata.name(char, "").startswith("LATIN") for char in letters)
    non_latin = len(letters) - latin > config.non_latin_share * len(letters)
    if not non_latin and _looks_english(question, vocabulary, known, config):
        return ENGLISH
    by_words, telling = _by_lexicon(question)
    if by_words is not None and telling >= config.lexicon_words:
        return by_words
    confidence = _detector().compute_language_confidence_values(question)
    best = confidence[0] if confidence else None
    code = best.language.iso_code_639_1.name.lower() if best else UNKNOWN
    if best is not None and best.value >= config.language_confidence and code != ENGLISH:
        return _by_letters(code, question)
    if by_words is not None:
        return by_words
    if non_latin:
        return code if code != ENGLISH else UNKNOWN
    return ENGLISH


def is_foreign(
    question: str,
    vocabulary: Collection[str],
    known: Collection[str] = (),
    config: RankingConfig = _DEFAULT,
) -> bool:
    """Whether a question looks written in another language than English."""
    return language_of(question, vocabulary, known, config) != ENGLISH


def _looks_english(
    question: str, vocabulary: Collection[str], known: Collection[str], config: RankingConfig
) -> bool:
    """Whether enough of the question's telling words are everyday English words.

    Names the report uses and function words English shares with another language ("in",
    "was") tell nothing and are left out; another language's own function words ("ne",
    "kimdir", "die") count against English even where English's word list holds them.
    """
    english = telling = 0
    for word in (analyze.fold(found) for found in _WORD.findall(question)):
        if word in _SHARED:
            continue
        common = word not in _FOREIGN_ONLY and is_common_english(word, config.common_word_frequency)
        if not common and (word in known or analyze.stem(word) in vocabulary):
            continue
        telling += 1
        english += common
    return english >= config.known_word_share * telling


def _function_words(code: str) -> frozenset[str]:
    lexicon = LEXICONS[code]
    return frozenset(analyze.fold(w) for w in lexicon.function | lexicon.pointer | lexicon.opener)


_FOREIGN = frozenset().union(*(_function_words(code) for code in LEXICONS if code != ENGLISH))
_SHARED = _FOREIGN & _function_words(ENGLISH)
_FOREIGN_ONLY = _FOREIGN - _SHARED


def content_words(question: str) -> str:
    """The question without the function words of the other languages the lexicons know:
    written in Latin letters, German "die" or Russian "в" would be searched as the English
    "die" and "v"."""
    kept = (w for w in _WORD_OR_NUMBER.findall(question) if analyze.fold(w) not in _FOREIGN_ONLY)
    return " ".join(kept)


def latin_words(question: str) -> str:
    """What BM25 reads of a question in another language: its content words
    (``content_words``) written in Latin letters ("Кто такой Песков?": "Peskov")."""
    return transliterate(content_words(question))


def _by_lexicon(question: str) -> tuple[str | None, int]:
    """The one non-English language whose lexicon holds the most of the question's words,
    and how many of them it holds."""
    found = words(question)
    counts = {
        code: sum(lexicon.is_function(w) or w in lexicon.more or lexicon.is_gist(w) for w in found)
        for code, lexicon in LEXICONS.items()
        if code != ENGLISH
    }
    most = max(counts.values(), default=0)
    if most == 0:
        return None, 0
    leaders = [code for code, count in counts.items() if count == most]
    if len(leaders) == 2 and _NEIGHBOURS.get(leaders[0]) == leaders[1]:
        return _by_letters(leaders[0], question), most
    return (leaders[0], most) if len(leaders) == 1 else (None, most)


# Languages that share a script and many words, told apart by letters only one of them has.
# Turkish has no letter of its own; Azerbaijani writes "ə", "q" and "x", which Turkish lacks.
_OWN_LETTERS = {"az": "əqx", "uk": "іїєґ", "ru": "ыэъ", "fa": "پچژگ"}
_NEIGHBOURS = {"az": "tr", "tr": "az", "uk": "ru", "ru": "uk", "fa": "ar", "ar": "fa"}


def _by_letters(code: str, question: str) -> str:
    """``code``, or its neighbour when the letters say so."""
    other = _NEIGHBOURS.get(code)
    if other is None:
        return code
    text = question.casefold()

    def has_own(language: str) -> bool:
        return any(letter in text for letter in _OWN_LETTERS.get(language, ""))

    if {code, other} == {"tr", "az"}:
        return "az" if has_own("az") else "tr"
    return other if has_own(other) and not has_own(code) else code


# Russian and Ukrainian letters as English writes them in names ("Песков": "Peskov",
# "Шихлінський": "Shikhlinskiy"), so a name in Cyrillic meets the report's spelling.
_LATIN = str.maketrans(
    dict(
        zip(
            "абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюя",
            "a b v g g d e e ye zh z i i yi y k l m n o p r s t u f kh ts ch sh shch - y - e yu "
            "ya".split(),
            strict=True,
        )
    )
    | {"ъ": "", "ь": ""}
)


def transliterate(text: str) -> str:
    """``text`` with its Cyrillic letters written in Latin ones, lower case."""
    return text.casefold().translate(_LATIN)


def prepare() -> None:
    """Load the detector's models now (about a second, more on a busy machine) rather than
    while a reader waits for the first answer in another language."""
    _detector()


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    """Lingua in its low-accuracy mode: 40 MB and a fraction of a millisecond a question,
    where the high-accuracy mode takes 350 MB and 12 s to load and is no better here once
    English and the lexicons have spoken (benchmarks/languages.py)."""
    builder = LanguageDetectorBuilder.from_languages(*_DETECTED).with_low_accuracy_mode()
    return builder.with_preloaded_language_models().build()
