"""Every on-disk artefact of the index (BM25 arrays, passage vectors), kept in one way.

An artefact is a set of named numpy arrays in one ``.npz`` file whose name carries a key:
a hash of everything its content depends on (the data, the ranking configuration, the
format and library versions), never of source code, so a comment changed does not throw a
cache away while a changed report or knob always does. Writes are atomic (a killed process
never leaves half a file), a file that cannot be read is ignored and rebuilt, and a folder
is pruned here and only here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

SPARE = 3
"""Artefacts of a kind kept beyond those in use, most recently used first: another library
or configuration served from the same folder, or the one before the last change."""


def key(identity: Mapping[str, Any], texts: Iterable[str] = ()) -> str:
    """A short hash of ``identity`` (JSON-able) and of ``texts``, in order."""
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode())
    for text in texts:
        encoded = text.encode()
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return digest.hexdigest()[:32]


def path(folder: Path, kind: str, artefact_key: str) -> Path:
    """Where the artefact of ``kind`` ("bm25", "passages") with that key lives."""
    return Path(folder) / f"{kind}-{artefact_key}.npz"


def read(file: Path) -> dict[str, np.ndarray] | None:
    """The arrays of ``file``, or None when it is absent or unreadable (then rebuild it)."""
    try:
        with np.load(file, allow_pickle=False) as arrays:
            return {name: arrays[name] for name in arrays.files}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, EOFError) as error:
        log.warning("Ignoring unreadable cache file %s: %s", file, error)
        return None


def write(file: Path, arrays: Mapping[str, np.ndarray]) -> None:
    """Write atomically; a cache that cannot be written costs only time: logged, not raised."""
    temporary: Path | None = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=file.parent, suffix=".tmp", delete=False) as out:
            temporary = Path(out.name)
            np.savez(out, allow_pickle=False, **arrays)
        os.replace(temporary, file)
    except OSError as error:
        log.warning("Cannot write the cache file %s: %s", file, error)
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def prune(
    folder: Path,
    kind: str,
    used: Iterable[Path],
    spare: int = SPARE,
    *,
    spare_bytes: int | None = None,
) -> None:
    """Mark ``used`` as just used; delete artefacts of ``kind`` beyond them and ``spare`` more.

    With ``spare_bytes``, as many more are kept as fit in that many bytes, whatever their
    number: one artefact per report (passage vectors) must not evict a library's or an
    evaluation collection's other reports, which are each built on their own.
    """
    in_use = {Path(file) for file in used}
    try:
        for file in in_use:
            if file.exists():
                os.utime(file)
        others = [f for f in Path(folder).glob(f"{kind}-*.npz") if f not in in_use]
        others.sort(key=lambda f: f.stat().st_mtime, reverse=True)
        kept = spare if spare_bytes is None else _fitting(others, spare_bytes)
        for stale in others[kept:]:
            stale.unlink(missing_ok=True)
    except OSError as error:  # another process pruning at the same time, or read-only
        log.info("Cache %s not pruned: %s", folder, error)


def _fitting(files: list[Path], budget: int) -> int:
    """How many of ``files``, first first, fit together in ``budget`` bytes."""
    total = 0
    for count, file in enumerate(files):
        total += file.stat().st_size
        if total > budget:
            return count
    return len(files)


def strings(values: Iterable[str]) -> np.ndarray:
    """Strings as one array of UTF-8 bytes, one a line (for words, which hold no line break)."""
    return np.frombuffer("\n".join(values).encode(), dtype=np.uint8)


def unstrings(blob: np.ndarray) -> tuple[str, ...]:
    """The strings stored by ``strings``."""
    text = blob.tobytes().decode()
    return tuple(text.split("\n")) if text else ()
