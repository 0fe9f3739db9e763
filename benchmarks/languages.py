"""Measure language detectors on short questions, the ones readers type first.

Run: .venv/bin/python -m benchmarks.languages [--errors]

Three question sets, each question labelled with its language:

* ``benchmarks/data/short_questions.tsv``: 125 short questions (names alone, "tl;dr",
  "and Turkey?", "Warum?", "Ещё", "Niyə?") in English and the six languages the bot speaks,
  asked of the seed report;
* every question of the evaluation collection with a ``lang`` field (the multilingual and
  translated sets), asked of its own report;
* every English question of the collection (no ``lang``), asked of its own report: a
  detector must not call them foreign.

Candidates: lingua alone (low- and high-accuracy modes, over the same languages), and
``retrieval.language.language_of`` (English by words first, then the lexicons, then
lingua). The accuracy per language and the time per question are printed as Markdown.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from collections.abc import Callable, Collection
from pathlib import Path

from lingua import LanguageDetectorBuilder

from retrieval import Index, load_report
from retrieval.evaluation import load_manifest, load_questions
from retrieval.language import _DETECTED, ENGLISH, language_of

PROJECT = Path(__file__).resolve().parents[1]
SEED = PROJECT / "seeds" / "pscrp-besa-140-azerbaijan-russia-2025-07.txt"
SHORT = PROJECT / "benchmarks" / "data" / "short_questions.tsv"
MANIFEST = PROJECT / "eval" / "manifest.json"

Case = tuple[str, str, frozenset[str]]
"""(language, question, the vocabulary of the report it is asked of)."""
Detector = Callable[[str, Collection[str]], str]


def cases() -> dict[str, list[Case]]:
    seed = Index.build(load_report(SEED)).vocabulary
    with SHORT.open(encoding="utf-8") as file:
        rows = csv.DictReader(file, delimiter="\t")
        short = [(row["lang"], row["question"], seed) for row in rows]
    foreign: list[Case] = []
    english: list[Case] = []
    for entry in load_manifest(MANIFEST):
        vocabulary = Index.build(load_report(entry.report)).vocabulary
        for path in entry.questions:
            for question in load_questions(path):
                language = question.language or ENGLISH
                target = english if language == ENGLISH else foreign
                target.append((language, question.question, vocabulary))
    return {
        "short questions": short,
        "collection, other languages": foreign,
        "collection, English": english,
    }


def lingua_alone(high: bool) -> Detector:
    builder = LanguageDetectorBuilder.from_languages(*_DETECTED)
    detector = (builder if high else builder.with_low_accuracy_mode()).build()

    def detect(question: str, vocabulary: Collection[str]) -> str:
        found = detector.detect_language_of(question)
        return found.iso_code_639_1.name.lower() if found else "xx"

    return detect


def main() -> None:
    show_errors = "--errors" in sys.argv
    detectors: dict[str, Detector] = {
        "lingua, low accuracy": lingua_alone(high=False),
        "lingua, high accuracy": lingua_alone(high=True),
        "language_of (words, lexicons, lingua low)": lambda q, v: language_of(q, v),
    }
    sets = cases()
    print("| detector | set | right | per language | ms/question |")
    print("|---|---|---|---|---|")
    for name, detect in detectors.items():
        detect("warm up", ())
        for label, rows in sets.items():
            started = time.perf_counter()
            found = [detect(question, vocabulary) for _, question, vocabulary in rows]
            elapsed = (time.perf_counter() - started) * 1000 / len(rows)
            right: Counter[str] = Counter()
            total: Counter[str] = Counter()
            for (language, question, _), got in zip(rows, found, strict=True):
                total[language] += 1
                right[language] += got == language
                if got != language and show_errors:
                    print(f"  {name}: {language} read as {got}: {question}")
            per = " ".join(f"{code} {right[code]}/{total[code]}" for code in total)
            score = f"{sum(right.values())}/{len(rows)}"
            print(f"| {name} | {label} | {score} | {per} | {elapsed:.2f} |")


if __name__ == "__main__":
    main()
