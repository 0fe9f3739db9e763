"""A progress bar on stderr for the command line's long runs (reading a library, embedding
it), shown from ``DELAY`` seconds on (the bot logs the same progress as lines)."""

from __future__ import annotations

import importlib
import sys
from typing import Any

from bot.serving.logged_progress import DELAY


class ProgressBar:
    """A tqdm bar on stderr, from ``DELAY`` seconds on, when tqdm is installed (it comes
    with the semantic extra) and stderr is a terminal; otherwise it shows nothing."""

    def __init__(self, description: str = "Embedding paragraphs", unit: str = "par") -> None:
        self._description = description
        self._unit = unit
        self._bar: Any = None

    def start(self, total: int) -> None:
        self.close()
        if not sys.stderr.isatty():
            return
        try:
            tqdm = importlib.import_module("tqdm")
        except ImportError:
            return
        self._bar = tqdm.tqdm(
            total=total, desc=self._description, unit=self._unit, file=sys.stderr, delay=DELAY
        )

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
