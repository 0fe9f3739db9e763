"""What embedding each sentence beside each passage costs: index time, disk and memory.

Run: .venv/bin/python -m benchmarks.embed_cost [--reports 1000] [--rounds 3]

- seed: the seed report embedded cold (an empty cache folder), ``--rounds`` times (the
  median is shown), passages alone as before and passages with their sentences as now,
  each text one call as the bot does;
- the collection: each report's paragraphs, sentences and distinct texts embedded, and
  the cache file it writes (the vectors of the collection are read from .cache/report-bot,
  embedded there if missing);
- a library of ``--reports`` synthetic reports (benchmarks/synthetic.py): the vectors'
  memory, counted from their texts (384 float32 a vector), not embedded.

Prints Markdown for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write_library
from retrieval import load_library, load_report
from retrieval.evaluation import load_manifest
from retrieval.semantic import Model, load_model, prefer_passive_threads
from retrieval.vectors import Texts, load_or_embed, path, texts

PROJECT = Path(__file__).resolve().parents[1]
CACHE = PROJECT / ".cache" / "report-bot"
DIMENSIONS = 384
MB = 2**20


def distinct(each: Texts) -> int:
    return len(set(each.passages) | set(each.sentences))


def seed_times(model: Model, seed: Path, rounds: int) -> str:
    """Median seconds of ``rounds`` cold embeddings of the seed, before and now."""
    report = load_report(seed)
    each = texts(report)
    before, now = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        for text in each.passages:
            model.passage(text)
        before.append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            load_or_embed([report], model.passage, model.identity, Path(folder))
            now.append(time.perf_counter() - started)
    return (
        f"| seed report, median of {rounds} | texts embedded | seconds, cold |\n"
        "|---|---|---|\n"
        f"| passages alone (before) | {len(each.passages)} | {statistics.median(before):.2f} |\n"
        f"| passages and sentences (now) | {distinct(each)} | {statistics.median(now):.2f} |"
    )


def collection_table(model: Model, manifest: Path) -> str:
    rows = [
        "| report | paragraphs | sentences | texts embedded | cache file KB |",
        "|---|---|---|---|---|",
    ]
    totals = [0, 0, 0, 0]
    for entry in load_manifest(manifest):
        report = load_report(entry.report)
        load_or_embed([report], model.passage, model.identity, CACHE)
        each = texts(report)
        size = path(CACHE, each, model.identity).stat().st_size
        counts = [len(each.passages), len(each.sentences), distinct(each), size]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        rows.append(f"| {entry.id} | {counts[0]} | {counts[1]} | {counts[2]} | {size / 1024:.0f} |")
    rows.append(f"| all | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3] / 1024:.0f} |")
    return "\n".join(rows)


def library_memory(reports: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        write_library(Path(folder), reports)
        library = load_library(folder)
        each = [texts(report) for report in library.reports]
    passages = sum(len(t.passages) for t in each)
    sentences = sum(len(t.sentences) for t in each)
    bytes_per = DIMENSIONS * 4
    return (
        f"| {reports:,} synthetic reports | vectors | MB in memory |\n|---|---|---|\n"
        f"| passages | {passages:,} | {passages * bytes_per / MB:.1f} |\n"
        f"| sentences | {sentences:,} | {sentences * bytes_per / MB:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    prefer_passive_threads()
    model, description = load_model()
    if model is None:
        raise SystemExit(f"the embedding model is needed: {description}")
    manifest = PROJECT / "eval" / "manifest.json"
    seed = next(e for e in load_manifest(manifest) if e.id == "pscrp-besa-140").report
    print(f"model: {description}\n")
    print(seed_times(model, seed, args.rounds))
    print()
    print(collection_table(model, manifest))
    print()
    print(library_memory(args.reports))


if __name__ == "__main__":
    main()
