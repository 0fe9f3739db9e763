"""The one cache module: keys, atomic writes, unreadable files, pruning."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from retrieval import cache


def test_key_changes_with_identity_and_texts_but_not_with_their_order_of_keys() -> None:
    base = cache.key({"a": 1, "b": 2}, ["one", "two"])
    assert cache.key({"b": 2, "a": 1}, ["one", "two"]) == base
    assert cache.key({"a": 1, "b": 3}, ["one", "two"]) != base
    assert cache.key({"a": 1, "b": 2}, ["onetwo"]) != base


def test_written_arrays_read_back(tmp_path: Path) -> None:
    file = cache.path(tmp_path, "kind", "k")
    cache.write(file, {"x": np.arange(3), "words": cache.strings(["a", "b"])})
    arrays = cache.read(file)
    assert arrays is not None
    assert arrays["x"].tolist() == [0, 1, 2]
    assert cache.unstrings(arrays["words"]) == ("a", "b")
    assert not list(tmp_path.glob("*.tmp"))


def test_absent_or_garbled_file_reads_as_none(tmp_path: Path) -> None:
    assert cache.read(tmp_path / "absent.npz") is None
    garbled = tmp_path / "garbled.npz"
    garbled.write_bytes(b"not an archive")
    assert cache.read(garbled) is None


def test_prune_keeps_the_used_files_and_the_most_recent_spares(tmp_path: Path) -> None:
    files = [cache.path(tmp_path, "kind", str(n)) for n in range(6)]
    for age, file in enumerate(files):
        cache.write(file, {"x": np.zeros(1)})
        os.utime(file, (1_000_000 + age, 1_000_000 + age))
    other = cache.path(tmp_path, "other", "0")
    cache.write(other, {"x": np.zeros(1)})
    cache.prune(tmp_path, "kind", [files[0]], spare=2)
    assert sorted(tmp_path.glob("kind-*.npz")) == sorted([files[0], files[4], files[5]])
    assert other.exists()


def test_prune_by_size_keeps_as_many_recent_spares_as_fit(tmp_path: Path) -> None:
    files = [cache.path(tmp_path, "kind", str(n)) for n in range(6)]
    for age, file in enumerate(files):
        cache.write(file, {"x": np.zeros(100)})
        os.utime(file, (1_000_000 + age, 1_000_000 + age))
    size = files[0].stat().st_size
    cache.prune(tmp_path, "kind", [files[0]], spare_bytes=3 * size + size // 2)
    assert sorted(tmp_path.glob("kind-*.npz")) == sorted([files[0], *files[3:]])
