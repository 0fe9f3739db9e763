"""The fake Bot API's files: a document a user sends, ``getFile`` and the download URL."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator

import httpx
import pytest
import telegram
from telegram.error import BadRequest

from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.fake_files import MAX_DOWNLOAD_BYTES

TOKEN = "123456789:AAHfakeTokenForTestsOnly_abcdefghijk"
NO_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TOKEN) as fake:
        yield fake


def file_url(api: FakeBotApi) -> str:
    return f"http://127.0.0.1:{api.port}/file/bot"


async def test_a_sent_document_is_fetched_with_get_file_and_its_path(api: FakeBotApi) -> None:
    api.send_document(b"# Title\n\nText.\n", "notes.md", mime_type="text/markdown")
    (update,) = api.pending_updates
    document = update["message"]["document"]
    async with telegram.Bot(TOKEN, base_url=api.base_url, base_file_url=file_url(api)) as bot:
        found = await bot.get_file(document["file_id"])
        data = await found.download_as_bytearray()
    assert document["file_name"] == "notes.md"
    assert document["mime_type"] == "text/markdown"
    assert document["file_size"] == len(data) == found.file_size
    assert str(found.file_path).endswith("/documents/file_0.md")
    assert bytes(data) == b"# Title\n\nText.\n"
    assert api.files.downloads == ["documents/file_0.md"]


async def test_files_over_twenty_megabytes_are_too_big_to_get(api: FakeBotApi) -> None:
    api.send_document(b"x" * (MAX_DOWNLOAD_BYTES + 1), "big.txt")
    (update,) = api.pending_updates
    async with telegram.Bot(TOKEN, base_url=api.base_url, base_file_url=file_url(api)) as bot:
        with pytest.raises(BadRequest, match="File is too big"):
            await bot.get_file(update["message"]["document"]["file_id"])
        with pytest.raises(BadRequest, match="Invalid file_id"):
            await bot.get_file("BQACAgIAAxkBAAInotafile")
    assert [c.description for c in api.rejected] == [
        "Bad Request: file is too big",
        "Bad Request: invalid file_id",
    ]


async def test_a_document_may_claim_a_size_it_does_not_carry(api: FakeBotApi) -> None:
    api.send_document(b"%PDF-1.4", "huge.pdf", size=25 * 2**20, user_id=7, chat_id=7)
    (update,) = api.pending_updates
    assert update["message"]["document"]["file_size"] == 25 * 2**20
    assert update["message"]["from"]["id"] == 7


@pytest.mark.parametrize("token", [TOKEN, "123456789:AAHdifferentTokenForTests_abcdefghi"])
async def test_a_path_never_given_or_another_token_is_not_found(
    api: FakeBotApi, token: str
) -> None:
    api.send_document(b"text", "a.txt")
    (update,) = api.pending_updates
    file_id = update["message"]["document"]["file_id"]
    async with httpx.AsyncClient(verify=NO_TLS) as client:
        got = await client.post(f"{api.base_url}{TOKEN}/getFile", data={"file_id": file_id})
        path = got.json()["result"]["file_path"]
        wrong = "documents/file_9.txt" if token == TOKEN else path
        response = await client.get(f"{file_url(api)}{token}/{wrong}")
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert api.files.downloads == []
