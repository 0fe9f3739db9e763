"""Synthetic report libraries, made deterministically from the seed report, for scale tests.

Report 1 is the seed itself; every other report recombines the seed's sentences into about
30 new paragraphs under new headings and a new title, and rewrites its words: about half of
the seed's names (people, places, outlets) become invented names of that report, and one
content word in twelve becomes an invented word drawn from a shared lexicon with a long
tail. So vocabularies differ from report to report and grow with the library, as a real
library's do, while the seed's common words keep long postings lists (the slow case).

Report ``n`` depends only on ``n``, so the library of 100 is the first 100 of the 1,000.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

from retrieval.formats import read as load
from retrieval.report import Report
from retrieval.sentences import split_sentences

PROJECT = Path(__file__).resolve().parents[1]
SEED = PROJECT / "seeds" / "pscrp-besa-140-azerbaijan-russia-2025-07.txt"

LEXICON_SIZE = 20_000
NAME_SHARE = 0.5
"""Share of the seed's names a synthetic report renames."""
WORD_SHARE = 1 / 12
"""Share of the seed's longer lower-case words replaced by an invented word."""

_SYLLABLES = (
    "ba be bi bo du ka ke ki ko ku la le li lo lu ma me mi mo na ne ni no nu ra re ri ro "
    "ru sa se si so ta te ti to tu va ve vi zo za zu dar mir tan gor vel shan kor lin bek "
    "sar tov ish dov ran"
).split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_NAME = re.compile(r"\b[A-Z][a-z]{3,}\b")
_WORD = re.compile(r"\b[a-z]{5,}\b")
_SENTENCE_STARTERS = frozenset(
    "The This That These Those Thus Yet Similarly Finally However One Multiple Survivors "
    "Economic President All Azerbaijani Russian Turkish".split()
)


def invented(rng: random.Random, syllables: int) -> str:
    """A pronounceable invented word."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def _lexicon() -> list[str]:
    rng = random.Random("lexicon")
    words: dict[str, None] = {}
    while len(words) < LEXICON_SIZE:
        words[invented(rng, rng.randint(2, 4))] = None
    return list(words)


class Generator:
    """Makes report ``n`` of the synthetic library as plain text."""

    def __init__(self, seed: Report) -> None:
        self.seed = seed
        self.seed_text = SEED.read_text(encoding="utf-8")
        self.sentences = [
            p.text[start:end] for p in seed.paragraphs for start, end in split_sentences(p.text)
        ]
        self.headings = [s.title for s in seed.sections]
        text = " ".join(self.sentences)
        self.names = sorted(set(_NAME.findall(text)) - _SENTENCE_STARTERS)
        self.lexicon = _lexicon()

    def text(self, number: int) -> str:
        """The plain text of report ``number`` (1-based; 1 is the seed)."""
        if number == 1:
            return self.seed_text
        rng = random.Random(f"report-{number}")
        renamed = {
            name: invented(rng, rng.randint(2, 3)).capitalize()
            for name in self.names
            if rng.random() < NAME_SHARE
        }

        def rewrite(text: str) -> str:
            text = _NAME.sub(lambda m: renamed.get(m.group(), m.group()), text)
            return _WORD.sub(
                lambda m: self._word(rng) if rng.random() < WORD_SHARE else m.group(), text
            )

        institute = invented(rng, 2).capitalize()
        date = f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2025)}"
        lines = [f"{institute} Institute Reports No {number} ({date})"]
        paragraphs = rng.randint(26, 34)
        for heading, count in self._outline(rng, paragraphs):
            if heading:
                lines.append(rewrite(heading))
            for _ in range(count):
                chosen = rng.sample(self.sentences, rng.randint(2, 5))
                paragraph = rewrite(" ".join(chosen))
                lines.append(paragraph if paragraph.endswith(".") else f"{paragraph}.")
        return "\n".join(lines) + "\n"

    def _word(self, rng: random.Random) -> str:
        # Log-uniform rank: a few invented words are common, most are rare (a long tail).
        return self.lexicon[int(LEXICON_SIZE ** rng.random()) - 1]

    def _outline(self, rng: random.Random, paragraphs: int) -> Iterator[tuple[str, int]]:
        """(heading, paragraphs under it) in reading order; a heading with 0 opens a group."""
        leaves = rng.randint(6, 9)
        counts = [1] * leaves
        for _ in range(paragraphs - leaves):
            counts[rng.randrange(leaves)] += 1
        topics = [
            *self.headings,
            *(f"The {invented(rng, 2).capitalize()} question" for _ in range(4)),
        ]
        titles = rng.sample(topics, leaves + 2)
        group_at = rng.randrange(1, leaves - 2)
        for index, count in enumerate(counts):
            if index == group_at:
                yield titles[-1], 0
            if index == leaves - 1:
                yield "Conclusion", count
            else:
                yield titles[index], count


def write_library(folder: Path, size: int, seed_path: Path = SEED) -> list[Path]:
    """Write reports 1..``size`` as ``.txt`` files into ``folder``; their paths, in order."""
    generator = Generator(load(seed_path))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, size + 1):
        path = folder / f"report-{number:05d}.txt"
        if not path.exists():
            path.write_text(generator.text(number), encoding="utf-8")
        paths.append(path)
    return paths
