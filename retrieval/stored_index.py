"""The BM25 index's arrays on disk: read back on a restart instead of built again.

The arrays (``retrieval.postings``) are cached under a key made of the reports' content
hashes, the ranking configuration and the versions of what builds them, so a restart with
an unchanged library reads them back instead of analysing every paragraph again.
"""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np

from retrieval import cache, postings
from retrieval.config import RankingConfig
from retrieval.library import content_hash
from retrieval.postings import IndexData, Postings
from retrieval.report import Report

log = logging.getLogger(__name__)

CACHE_FORMAT = 3
"""Bumped whenever the code changes what the cached arrays hold, so old files are never
misread (the key holds no source code: a changed comment keeps the cache)."""


def cached(reports: Sequence[Report], config: RankingConfig, cache_dir: Path) -> IndexData:
    """The index data of ``reports``, read from ``cache_dir`` or built and written there."""
    key = cache_key(reports, config)
    file = cache.path(cache_dir, "bm25", key)
    stored = cache.read(file)
    data = None if stored is None else _from_arrays(stored, key, file, reports)
    if data is None:
        data = postings.build(reports, config)
        cache.write(file, _to_arrays(key, data))
    cache.prune(cache_dir, "bm25", [file])
    return data


def cache_key(reports: Sequence[Report], config: RankingConfig) -> str:
    """A hash of everything the index data depends on: the reports' content (not their file
    names or dates), every ranking knob, the format, and rank-bm25's and the stemmer's
    versions. Bump ``CACHE_FORMAT`` when the code changes what is built."""
    identity = {
        "format": CACHE_FORMAT,
        "config": asdict(config),
        "rank-bm25": importlib.metadata.version("rank-bm25"),
        "snowballstemmer": importlib.metadata.version("snowballstemmer"),
        "reports": [content_hash(report) for report in reports],
    }
    return cache.key(identity)


def _from_arrays(
    arrays: dict[str, np.ndarray], key: str, file: Path, reports: Sequence[Report]
) -> IndexData | None:
    """Index data from cached arrays, or None when they do not fit (then it is rebuilt)."""
    try:
        stored = cache.unstrings(arrays["key"])
        data = IndexData(
            paragraphs=int(arrays["paragraphs"]),
            terms=cache.unstrings(arrays["terms"]),
            idf=arrays["idf"],
            body=Postings(arrays["body_offsets"], arrays["body_docs"]),
            scores=arrays["scores"],
            heading=Postings(arrays["heading_offsets"], arrays["heading_docs"]),
            lead=Postings(arrays["lead_offsets"], arrays["lead_docs"]),
            words=cache.unstrings(arrays["words"]),
            written=cache.unstrings(arrays["written"]),
        )
    except (KeyError, ValueError, UnicodeDecodeError) as error:
        log.warning("Ignoring unreadable index cache %s: %s", file, error)
        return None
    size = len(data.terms)
    consistent = (
        stored == (key,)
        and data.paragraphs == sum(len(r.paragraphs) for r in reports)
        and len(data.idf) == size
        and len(data.body.offsets) == len(data.heading.offsets) == len(data.lead.offsets)
        and len(data.body.offsets) == size + 1
        and len(data.scores) == len(data.body.docs)
        and len(data.words) == len(data.written)
    )
    if not consistent:
        log.warning("Ignoring index cache %s: it does not match the library", file)
        return None
    return data


def _to_arrays(key: str, data: IndexData) -> dict[str, np.ndarray]:
    return {
        "key": cache.strings((key,)),
        "paragraphs": np.asarray(data.paragraphs),
        "terms": cache.strings(data.terms),
        "idf": data.idf,
        "body_offsets": data.body.offsets,
        "body_docs": data.body.docs,
        "scores": data.scores,
        "heading_offsets": data.heading.offsets,
        "heading_docs": data.heading.docs,
        "lead_offsets": data.lead.offsets,
        "lead_docs": data.lead.docs,
        "words": cache.strings(data.words),
        "written": cache.strings(data.written),
    }
