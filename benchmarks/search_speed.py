"""In-process latency of the hybrid ranker's search, on the seed and on 1,000 reports.

Run: .venv/bin/python -m benchmarks.search_speed [--rounds 3]

- seed: the seed report with its real passage vectors (embedded once, cached in
  .cache/report-bot), every question of the collection's seed files asked ``--rounds``
  times after one untimed pass;
- library: 1,000 synthetic reports (benchmarks/synthetic.py, about 30 paragraphs each),
  BM25 built as the bot builds it; their passage and sentence vectors are random unit
  vectors, not embedded: embedding 30,000 passages takes most of an hour on two cores, and
  a search's cost does not depend on the vectors' values (one question embedded by the real
  model, one matrix product, fusion, the top passages, one passage's sentences).

Each timing is ``HybridIndex.search(question, 3)``, question embedding included. Prints a
Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.latency import search_latencies
from benchmarks.synthetic import write_library
from retrieval import Index, Library, load_library, load_report
from retrieval.evaluation import load_manifest, load_questions
from retrieval.hybrid import HybridIndex
from retrieval.semantic import SemanticIndex, load_model, prefer_passive_threads
from retrieval.vectors import Embedded, texts

PROJECT = Path(__file__).resolve().parents[1]
CACHE = PROJECT / ".cache" / "report-bot"


def row(name: str, paragraphs: int, spent: list[float]) -> str:
    """A table row from sorted latencies."""
    p95 = spent[int(0.95 * (len(spent) - 1))]
    return f"| {name} | {paragraphs:,} | {statistics.median(spent):.1f} | {p95:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()
    prefer_passive_threads()
    model, description = load_model()
    if model is None:
        raise SystemExit(f"the embedding model is needed: {description}")
    seed_entry = load_manifest(PROJECT / "eval" / "manifest.json")[0]
    questions = [
        q.question
        for path in seed_entry.questions
        for q in load_questions(path)
        if q.question.strip() and not q.conversational  # gist and follow-ups: other stages
    ]
    seed = load_report(seed_entry.report)
    seed_ranker = HybridIndex(Index.build(seed), SemanticIndex.build(seed, model, CACHE))
    print(f"model: {description}; {len(questions)} questions x {args.rounds} rounds\n")
    print("| corpus | paragraphs | p50 ms | p95 ms |")
    print("|---|---|---|---|")
    print(
        row(
            "seed report",
            len(seed.paragraphs),
            search_latencies(seed_ranker, questions, args.rounds),
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        write_library(Path(folder), args.reports)
        library: Library = load_library(folder)
        rng = np.random.default_rng(0)
        vectors = []
        for report in library.reports:
            owners = np.asarray(texts(report).owners, dtype=np.int32)
            vectors.append(
                Embedded(
                    _unit_rows(rng, len(report.paragraphs)), _unit_rows(rng, len(owners)), owners
                )
            )
        semantic = SemanticIndex(library, vectors, model)
        ranker = HybridIndex(Index.build(library), semantic)
        spent = search_latencies(ranker, questions, args.rounds)
        print(row(f"{len(library.reports):,} reports", library.paragraph_count, spent))


def _unit_rows(rng: np.random.Generator, count: int) -> np.ndarray:
    rows = rng.normal(size=(count, 384)).astype(np.float32)
    unit: np.ndarray = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return unit


if __name__ == "__main__":
    main()
