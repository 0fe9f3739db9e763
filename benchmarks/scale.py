"""How BM25 ranking scales with the library: build time, memory and question latency.

Run: .venv/bin/python -m benchmarks.scale [--sizes 1,10,100,1000] [--rounds 5]

Writes synthetic libraries of 1, 10, 100 and 1,000 reports (benchmarks/synthetic.py: the
seed, then variants of it with their own names, words, headings and titles, about 30
paragraphs each) as .txt files in a temporary folder, then measures each size with the
ranker of ``RANKER=bm25`` (``retrieval.Index``), every phase in a fresh process pinned to
one core:

- load: ``load_library`` (read and parse every file);
- build: ``Index.build(library)`` without a cache (analysis, rank-bm25, postings, and the
  English word list of the speller, about 0.15 s and 37 MiB whatever the size);
- RSS growth: of the resident set over that build, from /proc/self/statm (resident pages);
  it includes memory the build used and freed but Python keeps for reuse;
- held / peak: Python and numpy memory still held after the build, and the most held
  during it, from tracemalloc, in a run of its own (tracemalloc slows the build);
- p50 / p99: ``search(question, 3)`` for each dev question
  (eval/questions/pscrp-besa-140.dev.jsonl), after one untimed pass, over ``--rounds`` passes;
- cold / warm start: ``load_library`` plus ``Index.build(library, cache_dir=...)``, after
  the imports, with an empty cache folder (build and write) and then with it written
  (read back).

Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
QUESTIONS = PROJECT / "eval" / "questions" / "pscrp-besa-140.dev.jsonl"
SIZES = (1, 10, 100, 1000)
PHASES = ("query", "memory", "cold", "warm")

Row = dict[str, float | int | str]


def rss_mib() -> float:
    """Resident set size of this process, in MiB (second field of /proc/self/statm)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def pin_to_one_core() -> str:
    """Run on one core, as a one-core server would; says which."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"core {core}"


def measure(phase: str, folder: Path, cache: Path, rounds: int) -> Row:
    """One phase of one library size, in this (fresh) process."""
    from benchmarks.latency import search_latencies
    from retrieval import Index
    from retrieval.evaluation import load_questions
    from retrieval.library import load_library

    core = pin_to_one_core()
    if phase in ("cold", "warm"):
        started = time.perf_counter()
        Index.build(load_library(folder), cache_dir=cache)
        return {f"{phase}_s": time.perf_counter() - started}
    started = time.perf_counter()
    library = load_library(folder)
    load_s = time.perf_counter() - started
    if phase == "memory":
        tracemalloc.start()
        index = Index.build(library)
        gc.collect()
        held, peak = tracemalloc.get_traced_memory()
        return {"held_mib": held / 2**20, "peak_mib": peak / 2**20}
    questions = [q.question for q in load_questions(QUESTIONS)]
    gc.collect()
    before = rss_mib()
    started = time.perf_counter()
    index = Index.build(library)
    build_s = time.perf_counter() - started
    gc.collect()
    rss = rss_mib() - before
    latencies = search_latencies(index, questions, rounds)
    return {
        "reports": len(library.reports),
        "paragraphs": library.paragraph_count,
        "terms": len(index.vocabulary),
        "core": core,
        "load_s": load_s,
        "build_s": build_s,
        "rss_mib": rss,
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[round(0.99 * (len(latencies) - 1))],
        "searches": len(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the questions")
    parser.add_argument("--measure", nargs=2, metavar=("PHASE", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        phase, folder = args.measure
        print(json.dumps(measure(phase, Path(folder), args.cache, args.rounds)))
        return
    from benchmarks.synthetic import write_library

    rows = []
    with tempfile.TemporaryDirectory() as root:
        for size in (int(size) for size in args.sizes.split(",")):
            folder = Path(root) / f"library-{size}"
            cache = Path(root) / f"cache-{size}"
            write_library(folder, size)
            row: Row = {}
            for phase in PHASES:
                row |= _run(phase, folder, cache, args.rounds)
            row["cache_mib"] = sum(f.stat().st_size for f in cache.iterdir()) / 2**20
            rows.append(row)
            print(f"measured {size} reports", file=sys.stderr)
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, pinned to {rows[0]['core']}")
    print()
    print(
        "| reports | paragraphs | terms | load | build | RSS growth | held / peak "
        "| p50 | p99 | cold start | warm start | cache file |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['reports']:,} | {r['paragraphs']:,} | {r['terms']:,} | {r['load_s']:.2f} s "
            f"| {r['build_s']:.2f} s | {r['rss_mib']:.0f} MiB "
            f"| {r['held_mib']:.0f} / {r['peak_mib']:.0f} MiB | {r['p50_ms']:.2f} ms "
            f"| {r['p99_ms']:.2f} ms | {r['cold_s']:.2f} s | {r['warm_s']:.2f} s "
            f"| {r['cache_mib']:.1f} MiB |"
        )
    print(f"\np50 / p99 over {rows[0]['searches']} searches (k 3) per size.")


def _run(phase: str, folder: Path, cache: Path, rounds: int) -> Row:
    """Measure one phase in a fresh process, so that no phase warms another's caches."""
    command = [sys.executable, "-m", "benchmarks.scale", "--measure", phase, str(folder)]
    command += ["--cache", str(cache), "--rounds", str(rounds)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=PROJECT)
    measured: Row = json.loads(done.stdout)
    return measured


if __name__ == "__main__":
    main()
