"""Read one library file as outside data: bounded, in a worker process, and once.

``Reader`` is what ``load_library`` reads each file with. It refuses a file larger than
``Limits.file_bytes`` before reading it, then looks the file's bytes up in the cache of
parsed reports (``retrieval.parsed``); only a file never parsed before is parsed, in a
worker process under the limits (``retrieval.isolation``). A refusal is kept too, under
the limits it was refused by, so a file over a limit costs its limit once, not at every
``ask``: change the file or a limit and it is read again.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import numpy as np

from retrieval import cache, parsed
from retrieval.formats import format_of
from retrieval.isolation import parse_isolated
from retrieval.limits import LimitError, Limits, check_size
from retrieval.report import Report, ReportError

SPARE = 20
"""Parsed reports kept beyond those in use: files removed or changed not long ago."""
REFUSED = "refused"


class Reader:
    """Reads a library's files under ``limits``, through a cache in ``cache_dir`` if given."""

    def __init__(self, limits: Limits | None = None, cache_dir: Path | None = None) -> None:
        self.limits = limits or Limits()
        self._folder = None if cache_dir is None else Path(cache_dir) / "reports"
        self._used: set[Path] = set()
        """The cache entries read or written since the last ``prune``."""

    def __call__(self, file: Path) -> Report:
        """The report of ``file``; ``ReportError`` (or ``LimitError``) if it cannot be served."""
        raw = read_bounded(file, self.limits)
        format, source = format_of(file), str(file)
        if self._folder is None:
            return parse_isolated(raw, format, source, self.limits)
        report_key = parsed.key(raw, format)
        entry = parsed.entry(self._folder, report_key)
        refusal = cache.path(self._folder, REFUSED, self._refusal_key(report_key, source))
        self._used.update((entry, refusal))
        report = parsed.get(entry, source)
        if report is not None:
            return report
        _raise_refusal(refusal)
        try:
            report = parse_isolated(raw, format, source, self.limits)
        except ReportError as error:
            _keep_refusal(refusal, error)
            raise
        parsed.put(entry, report)
        return report

    def prune(self) -> None:
        """Delete cached reports and refusals not used since the last prune, but ``SPARE``."""
        if self._folder is not None and self._folder.is_dir():
            for kind in (parsed.KIND, REFUSED):
                cache.prune(self._folder, kind, self._used, SPARE)
        self._used.clear()

    def _refusal_key(self, report_key: str, source: str) -> str:
        """A refusal names its file and depends on the limits: both are in its key."""
        return cache.key({"report": report_key, "source": source, "limits": asdict(self.limits)})


def read_bounded(file: Path, limits: Limits) -> bytes:
    """The file's bytes, refused (``LimitError``) without reading them when it is too large."""
    try:
        with file.open("rb") as opened:
            check_size(os.fstat(opened.fileno()).st_size, str(file), limits)
            raw = opened.read(limits.file_bytes + 1)  # a file growing meanwhile stops here
    except FileNotFoundError:
        raise ReportError(f"Report file not found: {file}") from None
    except IsADirectoryError:
        raise ReportError(f"Report path is a folder, not a file: {file}") from None
    except OSError as error:
        raise ReportError(f"Cannot read report file {file}: {error.strerror}") from None
    check_size(len(raw), str(file), limits)
    return raw


def _keep_refusal(file: Path, error: ReportError) -> None:
    limit = error.limit if isinstance(error, LimitError) else ""
    encoded = json.dumps({"limit": limit, "message": str(error)}).encode()
    cache.write(file, {"refused": np.frombuffer(encoded, dtype=np.uint8)})


def _raise_refusal(file: Path) -> None:
    """Raise the refusal kept in ``file``, if there is one."""
    arrays = cache.read(file)
    if arrays is None or "refused" not in arrays:
        return
    try:
        kept = json.loads(arrays["refused"].tobytes())
        limit, message = str(kept["limit"]), str(kept["message"])
    except (ValueError, KeyError, TypeError):
        return
    raise LimitError(limit, message) if limit else ReportError(message)
