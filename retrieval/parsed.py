"""Parsed reports kept on disk, so that a restart or a repeated ``ask`` parses no file again.

A PDF takes seconds to minutes to parse and its report a few milliseconds to read back.
An entry is keyed by the file's bytes, its format, ``PARSER_VERSION`` and the versions of
the libraries that read it: an edited file, a reader changed (with its version bumped) or
a library upgraded is parsed again; a file renamed or copied is not. Entries are
``retrieval.cache`` artefacts (one JSON document as bytes in an ``.npz``), so they are
written atomically, ignored when unreadable and pruned like the index's.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from retrieval import cache
from retrieval.formats import PARSER_VERSION
from retrieval.report import Paragraph, Report, Section

log = logging.getLogger(__name__)

KIND = "report"
_LIBRARIES = ("pdfminer.six", "python-docx", "lxml", "readability-lxml", "markdown-it-py")


@functools.cache
def _identity() -> dict[str, Any]:
    """What every entry depends on besides the file: the parser's and libraries' versions."""
    versions: dict[str, str | None] = {}
    for name in _LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return {"parser": PARSER_VERSION, "libraries": versions}


def key(raw: bytes, format: str) -> str:
    """The entry's key for a file of these bytes read as ``format``."""
    digest = hashlib.sha256(raw).hexdigest()
    return cache.key({**_identity(), "format": format, "sha256": digest})


def entry(folder: Path, entry_key: str) -> Path:
    """Where the entry with this key lives in ``folder``."""
    return cache.path(folder, KIND, entry_key)


def get(file: Path, source: str) -> Report | None:
    """The report kept in ``file``, as read from ``source``; None when absent or unusable."""
    arrays = cache.read(file)
    if arrays is None or "report" not in arrays:
        return None
    try:
        report = from_data(json.loads(arrays["report"].tobytes()))
    except (ValueError, KeyError, TypeError) as error:
        log.warning("Ignoring unreadable cache file %s: %s", file, error)
        return None
    return replace(report, source=source)


def put(file: Path, report: Report) -> None:
    """Keep ``report`` in ``file`` (a failure to write costs only time: logged)."""
    encoded = json.dumps(to_data(report), ensure_ascii=False, separators=(",", ":")).encode()
    cache.write(file, {"report": np.frombuffer(encoded, dtype=np.uint8)})


def to_data(report: Report) -> dict[str, Any]:
    """A report as JSON-able data (its source left out: the file may move)."""
    return {
        "title": report.title,
        "format": report.format,
        "sections": [[s.title, s.level, list(s.path), list(s.paragraphs)] for s in report.sections],
        "paragraphs": [
            [p.line, list(p.section), p.section_number, p.text, p.page, p.label]
            for p in report.paragraphs
        ],
    }


def from_data(data: dict[str, Any]) -> Report:
    """The report ``to_data`` made, numbered as it was."""
    sections = tuple(
        Section(number, str(title), int(level), tuple(path), tuple(paragraphs))
        for number, (title, level, path, paragraphs) in enumerate(data["sections"], start=1)
    )
    paragraphs = tuple(
        Paragraph(number, int(line), tuple(section), int(section_number), str(text), page, label)
        for number, (line, section, section_number, text, page, label) in enumerate(
            data["paragraphs"], start=1
        )
    )
    return Report(str(data["title"]), sections, paragraphs, "", str(data["format"]))
