"""How a reader's message is meant: a search, the whole report's gist, one section, the next
passages, or a follow-up of the previous question.

Facts only: ``read`` says what was understood and what to rank (``Reading.query``); the
bot and the command line turn that into an overview (``retrieval.overview``), a section's
lead, the next passages or a search, and say how they read a follow-up.

Everything rests on the lexicons' word classes (``retrieval.lexicon``), in the question's
language:

* **more**, only when a previous question is given: only "more" words and function words
  ("tell me more", "ещё", "mehr bitte");
* **gist**: nothing but function words, words for the report and gist words ("what is this
  about?", "tl;dr", "key findings", "Worum geht es in diesem Bericht?"). A question of
  function words alone ("who is he?") is a gist question too when nothing came before:
  a reader who gave nothing to search for is best served by the overview (a message with
  no word at all, "?!", is a search with nothing to search);
* **section**: "the section on X", "X section", "chapter about X": X is looked up among
  the headings (``retrieval.overview.find_section``);
* **follow-up**, only when a previous question is given: a short message that opens with
  "and"/"what about" ("and Turkey?"), points back ("what did the Kremlin say about it?")
  or has no words of its own ("why?"). A name after an opener replaces the previous
  question's names ("How did Russia react?"); otherwise the previous question is added
  to the message as context.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from retrieval.language import ENGLISH, language_of
from retrieval.lexicon import LEXICONS, Lexicon, normalise, words

Kind = Literal["search", "gist", "section", "more", "follow_up"]

FOLLOW_UP_WORDS = 8
"""Longer messages are new questions, whatever their first word: a follow-up is short."""

SECTION_TOPIC_WORDS = 4
"""A heading is named in a few words; "a thesis chapter on how statistics offices ..." is a
question that happens to hold the word."""

_SECTION = re.compile(
    r"\b(?:section|chapter|abschnitt|kapitel|раздел\w*|глав\w*|розділ\w*|"
    r"bölüm\w*|bölmə\w*|fəsil\w*|بخش)\b",
    re.IGNORECASE,
)
_OPENING_PAIRS = frozenset({"what about", "how about", "was ist", "а что", "а як", "peki ya"})
_DETERMINERS = frozenset({"the", "a", "an", "your", "its", "their", "our"})
"""English words that open a noun phrase: the word after one qualifies the noun."""
_WORDS = re.compile(r"[^\W\d_]+")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_CAPITALISED = re.compile(r"\b[^\W\d_][\w-]*")


@dataclass(frozen=True, slots=True)
class Reading:
    """What a message was understood to ask."""

    kind: Kind
    question: str
    """The message as the reader wrote it."""
    query: str
    """What to rank: the question itself, or a follow-up read with its context."""
    language: str = ENGLISH
    previous: str = ""
    """The previous question a follow-up was read with."""
    topic: str = ""
    """For ``section``: the words naming the section."""
    replaced: bool = False
    """For ``follow_up``: whether ``query`` is the previous question with names swapped
    ("How did Russia react?") rather than the message with the previous one added."""
    concluding: bool = False
    """For ``gist``: whether the conclusion was asked for ("what does it conclude?")."""


def _any_name(name: str) -> bool:
    return True


def read(
    question: str, previous: str = "", mentioned: Callable[[str], bool] = _any_name
) -> Reading:
    """What ``question`` asks, after ``previous`` (the chat's last question, or empty).

    ``mentioned`` says whether the reports served use a name; by default every name is
    theirs."""
    language = language_of(question)
    lexicon = LEXICONS.get(language, LEXICONS[ENGLISH])
    found = words(question)
    own = [w for w in found if not _is_common(w, lexicon)]
    if previous and _asks_more(found, lexicon):
        return Reading("more", question, previous, language, previous)
    topic = _section_topic(question, lexicon)
    if topic:
        return Reading("section", question, question, language, topic=topic)
    # "what about Iran?" asks about Iran, not what the report is about.
    asking = found[2:] if " ".join(found[:2]) in _OPENING_PAIRS else found
    asks_gist = any(lexicon.is_gist(w) or lexicon.is_document(w) for w in asking)
    concluding = any(lexicon.is_conclusion(w) for w in found)
    # Only a conclusion is surely the author's: "What does Roser conclude?", not "Who is
    # the Secretary-General?" (a gist word, "general", beside a name the report lacks).
    authored = mentioned if concluding else _any_name
    if asks_gist and not _beyond_the_report(question, own, lexicon, authored, mentioned, language):
        return Reading("gist", question, question, language, concluding=concluding)
    if previous and _follows(found, own, lexicon):
        return _follow_up(question, previous, own, language)
    if found and not own:
        return Reading("gist", question, question, language)
    return Reading("search", question, question, language)


def _beyond_the_report(
    question: str,
    own: list[str],
    lexicon: Lexicon,
    authored: Callable[[str], bool],
    mentioned: Callable[[str], bool],
    language: str,
) -> bool:
    """Whether a gist-worded question names more than the report itself.

    The report's own name does not count: an acronym in capitals ("What does ADB
    conclude?", publishers are known by theirs), the words qualifying the report ("this
    CRS report", "the World Bank report"), the word after "this" ("What is this note
    about?"), or a name ``authored`` says the reports never use ("What does Roser
    conclude?"): asked for a conclusion, it can only be the author's or the publisher's.
    Nor does a word in small letters between a determiner and a gist word that
    ``mentioned`` says the reports never use ("the headline findings"; an auxiliary
    would make it the subject: "what do farmers say?"): it only says which gist is meant,
    and there is nothing to search it for. Only in English, the reports' language: no
    word of another language is ever the reports' own, so there the test says nothing."""
    written = _WORDS.findall(question)
    names = {normalise(w): w for w in written[1:] if w[0].isupper()}
    naming = {
        normalise(after)
        for this, after in pairwise(written)
        if normalise(this) in lexicon.demonstrative
    }
    naming |= {
        normalise(word)
        for article, word, after in zip(written, written[1:], written[2:], strict=False)
        if language == ENGLISH
        and normalise(article) in _DETERMINERS
        and not word[0].isupper()
        and lexicon.is_gist(normalise(after))
        and not mentioned(word)
    }
    for at, word in enumerate(written):
        if not lexicon.is_document(normalise(word)):
            continue
        before = at - 1  # "this CRS report", "the World Bank report"
        while before >= 0 and (before == at - 1 or written[before][0].isupper()):
            naming.add(normalise(written[before]))
            before -= 1
    acronyms = {normalise(w) for w in written if _ACRONYM.fullmatch(w)}
    return any(
        w not in naming and w not in acronyms and (w not in names or authored(names[w]))
        for w in own
    )


def _asks_more(found: list[str], lexicon: Lexicon) -> bool:
    """Only "more" words and function words, at least one "more" word."""
    more = [w in lexicon.more for w in found]
    return any(more) and all(m or lexicon.is_function(w) for m, w in zip(more, found, strict=True))


def _is_common(word: str, lexicon: Lexicon) -> bool:
    return (
        lexicon.is_function(word)
        or lexicon.is_document(word)
        or lexicon.is_gist(word)
        or word in lexicon.more
    )


def _follows(found: list[str], own: list[str], lexicon: Lexicon) -> bool:
    """Whether a message reads as a follow-up: short, and opening with "and", pointing
    back, or with no words of its own."""
    if len(found) > FOLLOW_UP_WORDS:
        return False
    opens = (found[:1] and found[0] in lexicon.opener) or " ".join(found[:2]) in _OPENING_PAIRS
    points_back = any(w in lexicon.pointer for w in found)
    return opens or points_back or not own


def _follow_up(question: str, previous: str, own: list[str], language: str) -> Reading:
    """The follow-up read with the previous question: names swapped, or context added."""
    new_names = names(question)
    old_names = names(previous)
    if new_names and old_names and len(own) <= len(new_names):
        query = previous.replace(old_names[0], " ".join(new_names), 1)
        return Reading("follow_up", question, query, language, previous, replaced=True)
    return Reading("follow_up", question, f"{previous} {question}", language, previous)


def names(text: str) -> list[str]:
    """The names a question is about: runs of capitalised words that are not function words
    ("New York" is one name).

    The first word counts only when it is not a question or function word ("Putin said
    what?" names Putin; "What ..." names nothing)."""
    found: list[str] = []
    last_end = -2
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        folded = normalise(word)
        if not word[0].isupper() or any(
            lexicon.is_function(folded) for lexicon in LEXICONS.values()
        ):
            last_end = -2
            continue
        if found and text[last_end : match.start()] == " ":
            found[-1] = f"{found[-1]} {word}"
        else:
            found.append(word)
        last_end = match.end()
    return found


def _section_topic(question: str, lexicon: Lexicon) -> str:
    """The words naming a section in "what does the section on X say?", or empty."""
    match = _SECTION.search(question)
    if match is None:
        return ""
    rest = question[: match.start()] + " " + question[match.end() :]
    topic = [w for w in words(rest) if not _is_common(w, lexicon)]
    return " ".join(topic) if len(topic) <= SECTION_TOPIC_WORDS else ""
