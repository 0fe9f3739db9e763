"""A progress bar on stderr for the command line's long runs (embedding a library)."""

from __future__ import annotations

import importlib
import sys
from typing import Any


class ProgressBar:
    """Follows ``retrieval.semantic.Progress`` with a tqdm bar, when tqdm is installed (it
    comes with the semantic extra) and stderr is a terminal; otherwise it shows nothing."""

    def __init__(self, description: str = "Embedding paragraphs") -> None:
        self._description = description
        self._bar: Any = None

    def start(self, total: int) -> None:
        if not sys.stderr.isatty():
            return
        try:
            tqdm = importlib.import_module("tqdm")
        except ImportError:
            return
        self._bar = tqdm.tqdm(total=total, desc=self._description, unit="par", file=sys.stderr)

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
