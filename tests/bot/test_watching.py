"""The watcher: which report files changed, and when a change has settled."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.serving.watching import Changes, Watcher, changes, snapshot

A, B = (1, 10, 10, 1), (2, 20, 20, 2)


def test_a_new_file_counts_once_two_looks_agree() -> None:
    watcher = Watcher({"a.txt": A})
    assert watcher.look({"a.txt": A}) is None
    assert watcher.look({"a.txt": A, "b.md": B}) is None  # seen once: maybe still copying
    assert watcher.look({"a.txt": A, "b.md": B}) == Changes(added=("b.md",))
    assert watcher.look({"a.txt": A, "b.md": B}) is None  # acted on: no change any more


def test_a_file_still_growing_waits_until_it_stops() -> None:
    watcher = Watcher({})
    growing = [(size, size, size, 7) for size in (100, 200, 300)]
    assert [watcher.look({"big.pdf": fp}) for fp in growing] == [None, None, None]
    assert watcher.look({"big.pdf": growing[-1]}) == Changes(added=("big.pdf",))


def test_a_change_undone_before_it_settled_is_no_change() -> None:
    watcher = Watcher({"a.txt": A})
    assert watcher.look({"a.txt": B}) is None
    assert watcher.look({"a.txt": A}) is None
    assert watcher.look({"a.txt": A}) is None


def test_changed_and_removed_files_are_named() -> None:
    watcher = Watcher({"a.txt": A, "b.md": B})
    watcher.look({"a.txt": B})
    assert watcher.look({"a.txt": B}) == Changes(changed=("a.txt",), removed=("b.md",))


def test_changes_read_as_one_short_line() -> None:
    before = {"/r/old.txt": 1, "/r/same.md": 2, "/r/edit.md": 3}
    found = changes(before, {"/r/new.pdf": 1, "/r/same.md": 2, "/r/edit.md": 4})
    assert found.describe() == "+new.pdf ~edit.md -old.txt"
    assert found.touched == {"/r/new.pdf", "/r/edit.md"}
    many = Changes(added=tuple(f"{n}.txt" for n in range(25)))
    assert many.describe(most=3) == "+0.txt +1.txt +2.txt and 22 more"
    assert not Changes()


def test_snapshot_holds_the_report_files_a_reload_reads(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A\nText.\n", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    (tmp_path / ".copying.pdf").write_bytes(b"%PDF")  # hidden: not read, not watched
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    (tmp_path / "old").mkdir()
    assert sorted(Path(p).name for p in snapshot(tmp_path)) == ["a.txt", "b.pdf"]
    assert list(snapshot(tmp_path / "a.txt")) == [str(tmp_path / "a.txt")]
    assert snapshot(tmp_path / "missing") == {}


@pytest.mark.parametrize("how", ["rewrite", "same size, same time", "replace"])
def test_snapshot_sees_every_way_a_file_is_changed(tmp_path: Path, how: str) -> None:
    report = tmp_path / "a.txt"
    report.write_text("Title\nOne text.\n", encoding="utf-8")
    before = snapshot(tmp_path)
    stat = report.stat()
    if how == "rewrite":
        report.write_text("Title\nAnother text.\n", encoding="utf-8")
    elif how == "same size, same time":  # as `cp -p` of an edit can leave it
        report.write_text("Title\nOne test.\n", encoding="utf-8")
        os.utime(report, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    else:  # written beside it and renamed over it, as editors and rsync do
        (tmp_path / ".a.txt.tmp").write_text("Title\nOne text.\n", encoding="utf-8")
        os.replace(tmp_path / ".a.txt.tmp", report)
    assert changes(before, snapshot(tmp_path)).changed == (str(report),)
