"""Files in the fake Bot API: what users send, ``getFile``, and the file download URL.

As Telegram does it: a document in a message names its ``file_id``, ``file_unique_id``,
``file_name``, ``mime_type`` and ``file_size``; ``getFile`` answers a ``File`` with a
``file_path`` (``documents/file_3.pdf``), or "Bad Request: file is too big" for a file
over the 20 MB a bot may download, or "Bad Request: invalid file_id"; the bytes are then
at ``/file/bot<token>/<file_path>``, and any other path there is 404 "Not Found".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Final

MAX_DOWNLOAD_BYTES: Final = 20 * 1024 * 1024
"""The largest file ``getFile`` hands to a bot."""
TOO_BIG: Final = "Bad Request: file is too big"
INVALID_FILE_ID: Final = "Bad Request: invalid file_id"


class FileApiError(Exception):
    """A ``getFile`` refusal: HTTP status and Telegram's description."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


@dataclass
class StoredFile:
    """A file a user sent, as the fake keeps it."""

    file_id: str
    unique_id: str
    data: bytes
    suffix: str
    path: str | None = None
    """Set by the first ``getFile``, as Telegram does."""


@dataclass
class FakeFiles:
    """The files users sent, by ``file_id``, and by ``file_path`` once asked for."""

    files: dict[str, StoredFile] = field(default_factory=dict)
    by_path: dict[str, StoredFile] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)
    """Every ``file_path`` downloaded, in order (a test checks what was fetched)."""

    def add(self, data: bytes, file_name: str) -> StoredFile:
        """Keep ``data`` as a new file; its ids look like Telegram's document ids."""
        digest = hashlib.sha256(data + str(len(self.files)).encode()).hexdigest()
        suffix = file_name.rpartition(".")[2].lower() if "." in file_name else ""
        stored = StoredFile(f"BQACAgIAAxkBAAI{digest[:40]}", f"AgAD{digest[40:52]}", data, suffix)
        self.files[stored.file_id] = stored
        return stored

    def document(
        self, data: bytes, file_name: str, mime_type: str | None, size: int | None
    ) -> dict[str, Any]:
        """The ``document`` field of a message carrying ``data``; ``size`` claims another
        ``file_size`` (a test of a file too big to send whole)."""
        stored = self.add(data, file_name)
        found: dict[str, Any] = {
            "file_name": file_name,
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_size": len(data) if size is None else size,
        }
        if mime_type:
            found["mime_type"] = mime_type
        return found

    def get_file(self, file_id: str) -> dict[str, Any]:
        """``getFile``: the ``File``, with the ``file_path`` to download it from."""
        stored = self.files.get(file_id)
        if stored is None:
            raise FileApiError(400, INVALID_FILE_ID)
        found: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_size": len(stored.data),
        }
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise FileApiError(400, TOO_BIG)
        if stored.path is None:
            ending = f".{stored.suffix}" if stored.suffix else ""
            stored.path = f"documents/file_{len(self.by_path)}{ending}"
            self.by_path[stored.path] = stored
        found["file_path"] = stored.path
        return found

    def download(self, path: str) -> bytes | None:
        """The bytes at ``file_path``, or None (404) for a path ``getFile`` never gave."""
        stored = self.by_path.get(path)
        if stored is None:
            return None
        self.downloads.append(path)
        return stored.data
