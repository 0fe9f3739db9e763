"""The library folder as owners change it: safe names, whole files, no silent overwrite."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bot.storage.shelf import NAME_BYTES, Shelf, ShelfError, safe_name


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("Gas Markets 2025.pdf", "Gas Markets 2025.pdf"),
        ("../../etc/passwd.txt", "etc passwd.txt"),
        ("..\\..\\boot.ini.md", "boot.ini.md"),
        (".hidden.md", "hidden.md"),
        ("...", None),
        ("report.PDF", "report.pdf"),
        ("invoice\u202efdp.exe", None),  # a right-to-left override hiding ".exe"
        ("evil\u202etxt.exe.md", "eviltxt.exe.md"),
        ("line\nbreak\x00\x1b[31m.txt", "linebreak[31m.txt"),
        ("notes", None),
        (".md", "report.md"),
        ("tool.exe", None),
    ],
)
def test_names_lose_folders_hidden_dots_and_control_characters(sent: str, kept: str | None) -> None:
    assert safe_name(sent) == kept


def test_a_long_name_is_cut_to_its_bound_and_keeps_its_suffix() -> None:
    kept = safe_name("é" * 300 + ".docx")
    assert kept is not None
    assert kept.endswith("é.docx")
    assert len(kept.encode()) <= NAME_BYTES


def test_a_placed_draft_never_takes_a_taken_name_unless_replacing(tmp_path: Path) -> None:
    shelf = Shelf(tmp_path)
    (tmp_path / "a.md").write_text("old")
    draft = shelf.draft("a.md")
    draft.write_text("new")
    with pytest.raises(FileExistsError):
        shelf.place(draft, "a.md")
    assert (tmp_path / "a.md").read_text() == "old"
    other = shelf.free_name("a.md")
    shelf.place(draft, other)
    assert other == "a (2).md"
    assert (tmp_path / "a (2).md").read_text() == "new"
    replacing = shelf.draft("a.md")
    replacing.write_text("newer")
    shelf.place(replacing, "a.md", replace=True)
    assert (tmp_path / "a.md").read_text() == "newer"
    assert list(shelf.drafts.iterdir()) == []  # each draft's folder went with it


def test_only_files_of_the_folder_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    outside = tmp_path / "keep.md"
    outside.write_text("x")
    shelf = Shelf(folder)
    with pytest.raises(ShelfError, match="is not in the folder"):
        shelf.remove(outside)
    (folder / "a.md").write_text("x")
    shelf.remove(folder / "a.md")
    with pytest.raises(ShelfError, match="already removed"):
        shelf.remove(folder / "a.md")
    assert outside.exists()


def test_drafts_left_by_a_stopped_run_are_swept_and_fresh_ones_kept(tmp_path: Path) -> None:
    shelf = Shelf(tmp_path)
    old, fresh = shelf.draft("old.pdf"), shelf.draft("new.pdf")
    old.write_bytes(b"%PDF")
    fresh.write_bytes(b"%PDF")
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(old.parent, (day_ago, day_ago))
    assert shelf.sweep() == 1
    assert not old.exists()
    assert fresh.exists()
