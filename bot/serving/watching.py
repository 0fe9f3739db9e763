"""Notice report files added to, changed in or removed from ``REPORT_PATH``, by polling.

A look takes a fingerprint of every report file (size, modification and change times,
inode: one ``stat`` each) of the files ``retrieval.library.report_files`` names, so the
watcher sees exactly the files a reload reads. Polling works wherever the files live
(Docker volumes, network shares, where inotify events may never come) and needs no
dependency. A change counts once two looks in a row agree on it, so a file still being
copied in is not read half-written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from retrieval.library import report_files

Fingerprint = tuple[int, int, int, int]
"""Size, modification and change times (ns), inode: any write, copy or rename changes it."""
Snapshot = Mapping[str, Fingerprint]
"""Each report file's path and fingerprint."""


def fingerprint(path: Path) -> Fingerprint | None:
    """The file's fingerprint, or None when it cannot be seen (removed meanwhile)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def snapshot(report_path: Path) -> dict[str, Fingerprint]:
    """Every report file of ``report_path`` (a folder, or one file) and its fingerprint.

    A missing path or folder gives an empty snapshot: no files, which the reload reports.
    """
    try:
        files = report_files(report_path)
    except OSError:  # the folder went away while it was listed
        return {}
    found = {str(file): fingerprint(file) for file in files}
    return {path: print_ for path, print_ in found.items() if print_ is not None}


@dataclass(frozen=True, slots=True)
class Changes:
    """Files (or reports, by their file) added, changed and removed, each in name order."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    @property
    def touched(self) -> frozenset[str]:
        """The paths added or changed: the ones read again."""
        return frozenset(self.added + self.changed)

    def describe(self, most: int = 10) -> str:
        """``+new.pdf ~changed.md -old.txt``, file names only, at most ``most`` of them."""
        marked = [
            f"{mark}{Path(path).name}"
            for mark, paths in (("+", self.added), ("~", self.changed), ("-", self.removed))
            for path in paths
        ]
        if len(marked) > most:
            marked = [*marked[:most], f"and {len(marked) - most} more"]
        return " ".join(marked)


def changes(before: Mapping[str, object], after: Mapping[str, object]) -> Changes:
    """What differs from ``before`` to ``after``: keys added, removed, or with another value."""
    return Changes(
        tuple(sorted(after.keys() - before.keys())),
        tuple(sorted(k for k in after.keys() & before.keys() if after[k] != before[k])),
        tuple(sorted(before.keys() - after.keys())),
    )


class Watcher:
    """Says when the report files have changed and settled, from the snapshots it is shown.

    It holds no clock and does no I/O: whoever polls takes a ``snapshot`` and calls ``look``,
    so tests drive it look by look.
    """

    def __init__(self, served: Snapshot) -> None:
        self._handled: Snapshot = dict(served)
        """The snapshot last acted on (at first, the one the served reports were read at)."""
        self._pending: Snapshot | None = None
        """A different snapshot seen at the last look, waiting to be seen again."""

    def look(self, now: Snapshot) -> Changes | None:
        """The changes since the snapshot last acted on, once ``now`` was also the last look's.

        None while nothing changed, or while a change is still settling. A change undone
        before it settled (a file replaced and put back) is no change.
        """
        if now == self._handled:
            self._pending = None
            return None
        if now != self._pending:
            self._pending = dict(now)
            return None
        found = changes(self._handled, now)
        self._handled, self._pending = self._pending, None
        return found
