"""The library folder as owners change it from Telegram: files added whole, named safely.

A file an owner sends is outside data with an outside name. It is written into a hidden
draft folder inside ``REPORT_PATH`` (``.uploads/``, which the reload never reads: hidden
names and sub-folders are not reports), read there under the reading limits, and only a
file that serves is moved into the folder, by a rename on the same file system, so the
reload never sees half a file. It never takes the place of a file already there unless
the owner chose to replace it: a new name is linked into place, which fails rather than
overwrites when the name was taken meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
import unicodedata
from pathlib import Path

from retrieval.library import SUFFIXES

DRAFTS = ".uploads"
"""The hidden folder inside ``REPORT_PATH`` that files wait in until they are placed."""
NAME_BYTES = 120
"""Longest file name kept, in UTF-8 bytes (file systems allow 255)."""
COPIES = 100
""""report (2).pdf" up to this number; past it, a name is refused."""
STALE_SECONDS = 24 * 3600
"""Drafts older than this, left by a run that stopped, are deleted at start."""


class ShelfError(Exception):
    """A file that cannot be placed or removed; the message says why, for the owner."""


def safe_name(name: str) -> str | None:
    """``name`` fit to be a report file's name, or None when its suffix is not a report's.

    Path separators become spaces; control and invisible format characters (a right-to-left
    override that disguises a suffix) are dropped; leading dots and spaces go, so the file
    is never hidden; the stem is cut to ``NAME_BYTES``; the suffix is kept, lower-cased.
    """
    cleaned = unicodedata.normalize("NFC", name).replace("/", " ").replace("\\", " ")
    cleaned = "".join(c for c in cleaned if not unicodedata.category(c).startswith("C"))
    stem, dot, suffix = " ".join(cleaned.split()).rpartition(".")
    ending = f".{suffix.lower()}"
    if not dot or ending not in SUFFIXES:
        return None
    stem = stem.strip(". ") or "report"
    while len((stem + ending).encode()) > NAME_BYTES:
        stem = stem[:-1]
    return stem.rstrip(". ") + ending


class Shelf:
    """The report files of one folder: drafts, placing, removing."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.drafts = folder / DRAFTS

    def draft(self, name: str) -> Path:
        """A new, empty place for a file called ``name`` to be written to and read from.

        Each draft has a folder of its own, so it keeps its name (a PDF without a title
        is titled after its file name).
        """
        place = self.drafts / secrets.token_hex(8)
        try:
            place.mkdir(parents=True, exist_ok=False)
        except OSError as error:
            raise ShelfError(
                f"the folder {self.folder} cannot be written: {error.strerror}"
            ) from None
        return place / name

    def exists(self, name: str) -> bool:
        return (self.folder / name).exists()

    def place(self, draft: Path, name: str, replace: bool = False) -> Path:
        """Move ``draft`` into the folder as ``name``, replacing a file of that name only
        when ``replace``; ``FileExistsError`` when the name is taken and not replaced."""
        target = self.folder / name
        try:
            if replace:
                os.replace(draft, target)
            else:
                os.link(draft, target)  # fails, never overwrites, when the name is taken
                draft.unlink()
        except FileExistsError:
            raise
        except OSError as error:
            raise ShelfError(f"{name} could not be saved: {error.strerror}") from None
        finally:
            _remove_empty(draft.parent)
        return target

    def free_name(self, name: str) -> str:
        """``name``, or "name (2).pdf" and on, the first not taken in the folder."""
        stem, suffix = os.path.splitext(name)
        for number in range(1, COPIES + 1):
            candidate = name if number == 1 else f"{stem} ({number}){suffix}"
            if not self.exists(candidate):
                return candidate
        raise ShelfError(f"{COPIES} files are already called {name} or a copy of it")

    def discard(self, draft: Path) -> None:
        """Forget a draft the owner did not keep."""
        with contextlib.suppress(FileNotFoundError):
            draft.unlink()
        _remove_empty(draft.parent)

    def remove(self, file: Path) -> None:
        """Delete a report file of the folder (only of this folder, never a link's target)."""
        if file.parent.resolve() != self.folder.resolve():
            raise ShelfError(f"{file.name} is not in the folder {self.folder}")
        try:
            file.unlink()
        except FileNotFoundError:
            raise ShelfError(f"{file.name} was already removed") from None
        except OSError as error:
            raise ShelfError(f"{file.name} could not be removed: {error.strerror}") from None

    def sweep(self, now: float | None = None) -> int:
        """Delete drafts older than ``STALE_SECONDS`` (left by a run that stopped); how many."""
        limit = (time.time() if now is None else now) - STALE_SECONDS
        swept = 0
        with contextlib.suppress(OSError):
            for place in self.drafts.iterdir():
                if place.is_dir() and not place.is_symlink() and place.stat().st_mtime < limit:
                    shutil.rmtree(place, ignore_errors=True)
                    swept += 1
        return swept


def _remove_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()
