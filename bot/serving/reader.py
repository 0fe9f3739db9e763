"""The report reader the settings ask for: MAX_REPORT_MB and the other reading limits, in
bytes and seconds, and the cache in CACHE_DIR.

Part of the composition root (``bot.serving.app``), kept apart from it because the offline
commands (``report-bot ask``, ``sections``, ``reports``) read reports too and start without
python-telegram-bot, which ``bot.serving.app`` loads. ``Settings`` stays data: the
conversion from its megabytes into ``retrieval.limits.Limits`` is here.
"""

from __future__ import annotations

from bot.settings import Settings
from retrieval.limits import MB, Limits
from retrieval.reading import Reader


def reading_limits(settings: Settings) -> Limits:
    """What reading one report file may cost (``retrieval.limits``), from the settings."""
    return Limits(
        file_bytes=round(settings.max_report_mb * MB),
        unpacked_bytes=round(settings.max_unpacked_mb * MB),
        paragraphs=settings.max_paragraphs,
        pages=settings.max_pages,
        seconds=settings.parse_seconds,
        memory_bytes=round(settings.parse_memory_mb * MB),
    )


def open_reader(settings: Settings) -> Reader:
    """A reader of REPORT_PATH's files under the reading limits, caching in CACHE_DIR."""
    return Reader(reading_limits(settings), settings.cache_dir)
