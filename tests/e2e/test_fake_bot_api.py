"""Fast tests of the fake Telegram Bot API itself (no bot involved)."""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import partial
from typing import Any

import httpx
import pytest
import telegram
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter

from .fake_bot_api import (
    MAX_MESSAGE_LENGTH,
    STATUS_DROPPED,
    EntityParseError,
    FakeBotApi,
    Faults,
    parse_html,
    utf16_len,
)

TOKEN = "123456789:AAHfakeTokenForTestsOnly_abcdefghijk"
OTHER_TOKEN = "123456789:AAHdifferentTokenForTests_abcdefghi"
CHAT = 1001
# All traffic is plain HTTP on loopback; a bare SSL context saves httpx ~20 ms per client.
NO_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
EMOJI = "\U0001f600"  # outside the BMP: two UTF-16 code units


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TOKEN) as fake:
        fake.add_chat(CHAT)
        yield fake


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10.0, verify=NO_TLS) as http:
        yield http


def _form(params: dict[str, Any]) -> dict[str, str]:
    """Encode parameters the way python-telegram-bot does (JSON for non-strings)."""
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}


async def call(
    client: httpx.AsyncClient,
    api: FakeBotApi,
    method: str,
    *,
    token: str = TOKEN,
    **params: Any,
) -> tuple[int, dict[str, Any]]:
    response = await client.post(f"{api.base_url}{token}/{method}", data=_form(params))
    return response.status_code, response.json()


async def send(
    client: httpx.AsyncClient, api: FakeBotApi, text: str, **params: Any
) -> tuple[int, dict[str, Any]]:
    return await call(client, api, "sendMessage", chat_id=CHAT, text=text, **params)


# ------------------------------------------------------------------------------ HTML parsing


@pytest.mark.parametrize(
    ("html", "plain", "entities"),
    [
        ("<b>bold</b> text", "bold text", [{"type": "bold", "offset": 0, "length": 4}]),
        ("<strong>s</strong>", "s", [{"type": "bold", "offset": 0, "length": 1}]),
        (
            "<i>a</i><em>b</em><u>c</u><ins>d</ins><s>e</s><strike>f</strike><del>g</del>",
            "abcdefg",
            [
                {"type": "italic", "offset": 0, "length": 1},
                {"type": "italic", "offset": 1, "length": 1},
                {"type": "underline", "offset": 2, "length": 1},
                {"type": "underline", "offset": 3, "length": 1},
                {"type": "strikethrough", "offset": 4, "length": 1},
                {"type": "strikethrough", "offset": 5, "length": 1},
                {"type": "strikethrough", "offset": 6, "length": 1},
            ],
        ),
        (
            '<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>',
            "xy",
            [
                {"type": "spoiler", "offset": 0, "length": 1},
                {"type": "spoiler", "offset": 1, "length": 1},
            ],
        ),
        (
            '<a href="https://example.org/?a=1&amp;b=2">link</a>',
            "link",
            [
                {
                    "type": "text_link",
                    "offset": 0,
                    "length": 4,
                    "url": "https://example.org/?a=1&b=2",
                }
            ],
        ),
        ("<code>x = 1</code>", "x = 1", [{"type": "code", "offset": 0, "length": 5}]),
        ("<pre>raw</pre>", "raw", [{"type": "pre", "offset": 0, "length": 3}]),
        (
            '<pre><code class="language-python">print(1)</code></pre>',
            "print(1)",
            [{"type": "pre", "offset": 0, "length": 8, "language": "python"}],
        ),
        ("<blockquote>q</blockquote>", "q", [{"type": "blockquote", "offset": 0, "length": 1}]),
        (
            "<blockquote expandable>q</blockquote>",
            "q",
            [{"type": "expandable_blockquote", "offset": 0, "length": 1}],
        ),
        (
            '<tg-emoji emoji-id="5368324170671202286">\U0001f44d</tg-emoji>',
            "\U0001f44d",
            [
                {
                    "type": "custom_emoji",
                    "offset": 0,
                    "length": 2,
                    "custom_emoji_id": "5368324170671202286",
                }
            ],
        ),
        ("<B>upper</B>", "upper", [{"type": "bold", "offset": 0, "length": 5}]),
        (f"{EMOJI}<b>x</b>", f"{EMOJI}x", [{"type": "bold", "offset": 2, "length": 1}]),
        (
            "<b>a <i>b</i></b>",
            "a b",
            [
                {"type": "bold", "offset": 0, "length": 3},
                {"type": "italic", "offset": 2, "length": 1},
            ],
        ),
        ("<b></b>x", "x", []),
    ],
)
async def test_valid_html_is_accepted(
    api: FakeBotApi,
    client: httpx.AsyncClient,
    html: str,
    plain: str,
    entities: list[dict[str, Any]],
) -> None:
    status, body = await send(client, api, html, parse_mode="HTML")
    assert status == 200, body
    assert body["result"]["text"] == plain
    assert body["result"].get("entities", []) == entities
    assert api.sent[-1].text == html
    assert api.sent[-1].plain_text == plain


@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("1 &lt; 2 &gt; 0 &amp; &quot;q&quot;", '1 < 2 > 0 & "q"'),
        ("&#65;&#x42;&#128512;", f"AB{EMOJI}"),
        ("&lt without semicolon", "< without semicolon"),
        ("R & D", "R & D"),  # a lone & followed by a space is a literal
        ("AT&T", "AT&T"),  # & not forming an entity reference is kept literally
        ("a > b", "a > b"),
        ("  padded \n\n", "padded"),  # Telegram trims spaces and newlines
    ],
)
async def test_html_entities_and_literals(
    api: FakeBotApi, client: httpx.AsyncClient, html: str, plain: str
) -> None:
    status, body = await send(client, api, html, parse_mode="HTML")
    assert status == 200, body
    assert body["result"]["text"] == plain


@pytest.mark.parametrize(
    ("html", "description"),
    [
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("a <xyz>b</xyz>", 'Unsupported start tag "xyz" at byte offset 2'),
        ("\u00e9<p>x</p>", 'Unsupported start tag "p" at byte offset 2'),  # bytes, not chars
        ("<b/>", 'Unsupported start tag "b/" at byte offset 0'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("1<2 or 3>2", 'Unsupported start tag "2" at byte offset 1'),
        ("1<2", "Unclosed start tag at byte offset 1"),
        ("a <b", "Unclosed start tag at byte offset 2"),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ("<a href=https://x.org>x</a>", "Unexpected end of name token at byte offset 8"),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<span>y</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ('<tg-emoji emoji-id="abc">x</tg-emoji>', "Invalid custom emoji identifier specified"),
        (
            "&#xD800;",
            "Text contains invalid Unicode characters after decoding HTML entities, check for "
            "unmatched surrogate code units",
        ),
    ],
)
async def test_bad_html_is_rejected_like_telegram(
    api: FakeBotApi, client: httpx.AsyncClient, html: str, description: str
) -> None:
    status, body = await send(client, api, html, parse_mode="HTML")
    assert status == 400
    assert body == {
        "ok": False,
        "error_code": 400,
        "description": f"Bad Request: can't parse entities: {description}",
    }
    assert api.sent == []
    assert api.rejected[-1].description == body["description"]


@pytest.mark.parametrize(
    ("html", "start"),
    [
        ("a&nbsp;b", 'Unsupported HTML entity "&nbsp;" at byte offset 1'),
        ("&#0;", 'Unsupported HTML entity "&#0;" at byte offset 0'),
        ("<code><b>x</b></code>", 'Tag "b" at byte offset 6 can\'t be used inside "code"'),
        ("<pre><i>x</i></pre>", 'Tag "i" at byte offset 5 can\'t be used inside "pre"'),
        ("<pre>x<code>y</code></pre>", 'Tag "code" at byte offset 6 can\'t be used inside "pre"'),
        (
            "<pre><code>y</code>z</pre>",
            'Tag "code" inside "pre" at byte offset 0 must enclose the whole content',
        ),
        (
            "<blockquote>a<blockquote>b</blockquote></blockquote>",
            'Tag "blockquote" at byte offset 13 can\'t be nested inside another "blockquote"',
        ),
        ("<a>x</a>", 'Tag "a" at byte offset 0 must have an "href" attribute'),
        ('<a href="javascript:alert(1)">x</a>', 'Invalid URL "javascript:alert(1)" in tag "a"'),
    ],
)
async def test_strict_mode_rejects_what_telegram_silently_mangles(
    api: FakeBotApi, client: httpx.AsyncClient, html: str, start: str
) -> None:
    status, body = await send(client, api, html, parse_mode="HTML")
    assert status == 400
    description = body["description"]
    assert description.startswith(f"Bad Request: can't parse entities: {start}")
    assert "FakeBotApi strict mode" in description


@pytest.mark.parametrize(
    ("html", "plain", "types"),
    [
        ("a&nbsp;b", "a&nbsp;b", []),
        ("<code><b>x</b></code>", "x", ["code"]),
        ("<pre>a<code>x</code></pre>", "ax", ["pre"]),
        ('<a href="javascript:alert(1)">x</a>', "x", []),
    ],
)
def test_non_strict_mode_behaves_like_tdlib(html: str, plain: str, types: list[str]) -> None:
    text, entities = parse_html(html, strict=False)
    assert text == plain
    assert [e["type"] for e in entities] == types


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_html_escaped_text_always_parses_back_to_itself(text: str) -> None:
    assert parse_html(html.escape(text)) == (text, [])


HTML_PIECES = [*"<>/&;#xab =\"'\u00e9", EMOJI, "pre", "code", "lt", "amp", "blockquote"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(HTML_PIECES), max_size=40).map("".join))
def test_html_parser_fails_only_with_parse_errors(text: str) -> None:
    try:
        plain, entities = parse_html(text, strict=False)
    except EntityParseError:
        return
    for entity in entities:
        assert 0 <= entity["offset"] < entity["offset"] + entity["length"] <= utf16_len(plain)


@pytest.mark.parametrize("parse_mode", ["MarkdownV2", "Markdown", "xml"])
async def test_other_parse_modes_are_unsupported(
    api: FakeBotApi, client: httpx.AsyncClient, parse_mode: str
) -> None:
    status, body = await send(client, api, "*x*", parse_mode=parse_mode)
    assert (status, body["description"]) == (400, "Bad Request: unsupported parse_mode")


# ------------------------------------------------------------------------------ text rules


@pytest.mark.parametrize(
    ("text", "parse_mode", "ok"),
    [
        ("a" * MAX_MESSAGE_LENGTH, None, True),
        ("a" * (MAX_MESSAGE_LENGTH + 1), None, False),
        ("a" * (MAX_MESSAGE_LENGTH - 2) + EMOJI, None, True),  # 4096 UTF-16 units
        ("a" * (MAX_MESSAGE_LENGTH - 1) + EMOJI, None, False),  # 4097 units, 4096 code points
        (EMOJI * 2048, None, True),
        (EMOJI * 2049, None, False),
        ("<b>" + "a" * MAX_MESSAGE_LENGTH + "</b>", "HTML", True),  # tags do not count
        ("&amp;" * MAX_MESSAGE_LENGTH, "HTML", True),  # each entity is one character
        ("&amp;" * (MAX_MESSAGE_LENGTH + 1), "HTML", False),
        ("a" * MAX_MESSAGE_LENGTH + "\n\n  ", None, True),  # trailing whitespace is trimmed
    ],
)
async def test_length_limit_counts_utf16_units_after_parsing(
    api: FakeBotApi, client: httpx.AsyncClient, text: str, parse_mode: str | None, ok: bool
) -> None:
    params = {"parse_mode": parse_mode} if parse_mode else {}
    status, body = await send(client, api, text, **params)
    if ok:
        assert status == 200, body
        assert utf16_len(body["result"]["text"]) <= MAX_MESSAGE_LENGTH
    else:
        assert (status, body["description"]) == (400, "Bad Request: message is too long")
        assert api.sent == []


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"text": ""}, "Bad Request: message text is empty"),
        ({}, "Bad Request: message text is empty"),
        ({"text": "<b></b>", "parse_mode": "HTML"}, "Bad Request: text must be non-empty"),
        ({"text": " \n "}, "Bad Request: text must be non-empty"),
        ({"text": "<i> </i>", "parse_mode": "HTML"}, "Bad Request: text must be non-empty"),
    ],
)
async def test_empty_text_is_rejected(
    api: FakeBotApi, client: httpx.AsyncClient, params: dict[str, Any], description: str
) -> None:
    status, body = await call(client, api, "sendMessage", chat_id=CHAT, **params)
    assert (status, body["description"]) == (400, description)


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"text": "x"}, "Bad Request: chat_id is empty"),
        ({"text": "x", "chat_id": 4242}, "Bad Request: chat not found"),
        ({"text": "x", "chat_id": "@somechannel"}, "Bad Request: chat not found"),
        (
            {"text": "x", "chat_id": CHAT, "reply_parameters": {"message_id": 99}},
            "Bad Request: message to be replied not found",
        ),
    ],
)
async def test_chat_and_reply_target_must_exist(
    api: FakeBotApi, client: httpx.AsyncClient, params: dict[str, Any], description: str
) -> None:
    status, body = await call(client, api, "sendMessage", **params)
    assert (status, body["description"]) == (400, description)


async def test_explicit_entities_without_parse_mode(
    api: FakeBotApi, client: httpx.AsyncClient
) -> None:
    entities = [{"type": "bold", "offset": 0, "length": 2}]
    status, body = await send(client, api, "hi there", entities=entities)
    assert status == 200
    assert body["result"]["entities"] == entities


# ------------------------------------------------------------------------------ keyboards


def _keyboard(**button: Any) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": "Go", **button}]]}


@pytest.mark.parametrize(
    ("data", "ok"),
    [
        ("x" * 64, True),
        ("x" * 65, False),
        ("\u00e9" * 32, True),  # 64 bytes in UTF-8
        ("\u00e9" * 32 + "x", False),  # 65 bytes in UTF-8, 33 characters
    ],
)
async def test_callback_data_is_limited_to_64_bytes(
    api: FakeBotApi, client: httpx.AsyncClient, data: str, ok: bool
) -> None:
    status, body = await send(client, api, "pick", reply_markup=_keyboard(callback_data=data))
    if ok:
        assert status == 200, body
        assert body["result"]["reply_markup"] == _keyboard(callback_data=data)
        assert api.sent[-1].buttons == [{"text": "Go", "callback_data": data}]
    else:
        assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")


@pytest.mark.parametrize(
    ("markup", "description"),
    [
        ("{not json", "Bad Request: can't parse reply keyboard markup JSON object"),
        ([], "Bad Request: object expected as reply markup"),
        (
            {"inline_keyboard": [{"text": "a"}]},
            'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array '
            "of Arrays",
        ),
        (
            {"inline_keyboard": [[{"callback_data": "a"}]]},
            "Bad Request: can't parse inline keyboard button: Can't find field \"text\"",
        ),
        (
            _keyboard(),
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the "
            "inline keyboard",
        ),
        (
            _keyboard(callback_data=""),
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the "
            "inline keyboard",
        ),
        (_keyboard(url="not a url"), "Bad Request: BUTTON_URL_INVALID"),
        (
            {"inline_keyboard": [[{"text": "", "callback_data": "a"}]]},
            "Bad Request: BUTTON_TEXT_INVALID",
        ),
    ],
)
async def test_bad_reply_markup_is_rejected(
    api: FakeBotApi, client: httpx.AsyncClient, markup: Any, description: str
) -> None:
    status, body = await send(client, api, "x", reply_markup=markup)
    assert (status, body["description"]) == (400, description)


async def test_strict_mode_requires_exactly_one_button_action(
    api: FakeBotApi, client: httpx.AsyncClient
) -> None:
    markup = _keyboard(url="https://example.org", callback_data="a")
    status, body = await send(client, api, "x", reply_markup=markup)
    assert status == 400
    assert "exactly one of the optional fields" in body["description"]


# ------------------------------------------------------------------------------ editing


NOT_MODIFIED = (
    400,
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message",
)


async def editable(
    client: httpx.AsyncClient, api: FakeBotApi, method: str, data: str
) -> tuple[int, dict[str, Any], Callable[..., Awaitable[tuple[int, dict[str, Any]]]]]:
    """A bold "v1" sent with one button carrying ``data``: its message id, its keyboard,
    and ``method`` (an edit) bound to its chat."""
    keyboard = _keyboard(callback_data=data)
    _, body = await send(client, api, "<b>v1</b>", parse_mode="HTML", reply_markup=keyboard)
    return body["result"]["message_id"], keyboard, partial(call, client, api, method, chat_id=CHAT)


async def test_edit_message_text_rules(api: FakeBotApi, client: httpx.AsyncClient) -> None:
    message_id, keyboard, edit = await editable(client, api, "editMessageText", "more")
    # Same text, entities and markup: not modified.
    status, body = await edit(
        message_id=message_id, text="<b>v1</b>", parse_mode="HTML", reply_markup=keyboard
    )
    assert (status, body["description"]) == NOT_MODIFIED
    # Dropping the markup is a modification (Telegram removes the keyboard).
    status, body = await edit(message_id=message_id, text="<b>v1</b>", parse_mode="HTML")
    assert status == 200
    assert "reply_markup" not in body["result"]
    # Same visible text but different entities is a modification too.
    status, body = await edit(message_id=message_id, text="v1")
    assert status == 200
    assert "entities" not in body["result"]
    assert body["result"]["edit_date"] >= body["result"]["date"]
    assert api.message(CHAT, message_id)["text"] == "v1"  # type: ignore[index]

    status, body = await edit(message_id=9999, text="x")
    assert (status, body["description"]) == (400, "Bad Request: message to edit not found")
    user_message = api.send_text("hello")
    assert user_message > 0
    user_message_id = api.pending_updates[-1]["message"]["message_id"]
    status, body = await edit(message_id=user_message_id, text="x")
    assert (status, body["description"]) == (400, "Bad Request: message can't be edited")
    status, body = await edit(message_id=message_id, text="<u>x", parse_mode="HTML")
    assert body["description"].startswith("Bad Request: can't parse entities")
    assert [s.method for s in api.sent] == ["sendMessage", "editMessageText", "editMessageText"]


async def test_edit_message_reply_markup_rules(api: FakeBotApi, client: httpx.AsyncClient) -> None:
    message_id, keyboard, edit = await editable(client, api, "editMessageReplyMarkup", "vote")
    status, body = await edit(message_id=message_id, reply_markup=keyboard)
    assert (status, body["description"]) == NOT_MODIFIED
    voted = _keyboard(callback_data="unvote")
    status, body = await edit(message_id=message_id, reply_markup=voted)
    assert status == 200
    assert body["result"]["text"] == "v1"
    assert body["result"]["entities"][0]["type"] == "bold"  # the text is untouched
    assert "edit_date" not in body["result"]  # a keyboard change shows no "edited"
    assert body["result"]["reply_markup"] == voted
    api.send_callback_query("unvote", message_id=message_id)  # the new button can be pressed
    with pytest.raises(ValueError, match="no button"):
        api.send_callback_query("vote", message_id=message_id)  # the old one is gone
    status, body = await edit(message_id=message_id)  # no markup: the keyboard goes
    assert status == 200
    assert "reply_markup" not in body["result"]
    status, body = await edit(message_id=9999, reply_markup=voted)
    assert (status, body["description"]) == (400, "Bad Request: message to edit not found")
    status, body = await edit(message_id=message_id, reply_markup=_keyboard(callback_data="x" * 65))
    assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")
    assert [s.method for s in api.sent] == [
        "sendMessage",
        "editMessageReplyMarkup",
        "editMessageReplyMarkup",
    ]
    assert api.sent[-1].plain_text == "v1"


async def test_edits_count_towards_flood_control(client: httpx.AsyncClient) -> None:
    async with FakeBotApi(TOKEN, flood_limit=2) as fake:
        fake.add_chat(CHAT)
        _, body = await send(client, fake, "v0")
        message_id = body["result"]["message_id"]
        status, _ = await call(
            client, fake, "editMessageText", chat_id=CHAT, message_id=message_id, text="v1"
        )
        assert status == 200
        status, body = await call(
            client, fake, "editMessageText", chat_id=CHAT, message_id=message_id, text="v2"
        )
        assert status == 429


# ------------------------------------------------------------------------------ queries


async def test_answer_callback_query_once(api: FakeBotApi, client: httpx.AsyncClient) -> None:
    _, body = await send(client, api, "pick", reply_markup=_keyboard(callback_data="a"))
    message_id = body["result"]["message_id"]
    api.send_callback_query("a", message_id=message_id)
    query = api.pending_updates[-1]["callback_query"]
    assert query["message"]["message_id"] == message_id

    status, _ = await call(client, api, "answerCallbackQuery", callback_query_id=query["id"])
    assert status == 200
    assert api.callback_answers == [{"callback_query_id": query["id"]}]
    for query_id in (query["id"], "12345"):
        status, body = await call(client, api, "answerCallbackQuery", callback_query_id=query_id)
        assert (status, body["description"]) == (
            400,
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        )
    with pytest.raises(ValueError, match="no button"):
        api.send_callback_query("zzz", message_id=message_id)


def _article(result_id: str = "1", text: str = "answer", **extra: Any) -> dict[str, Any]:
    return {
        "type": "article",
        "id": result_id,
        "title": "Title",
        "input_message_content": {"message_text": text, "parse_mode": "HTML"},
        **extra,
    }


@pytest.mark.parametrize(
    ("results", "description"),
    [
        ([_article()], None),
        ([_article(str(i)) for i in range(50)], None),
        (
            [_article(str(i)) for i in range(51)],
            "Bad Request: too many inline query results specified",
        ),
        ([_article("1"), _article("1")], "Bad Request: RESULT_ID_DUPLICATE"),
        ([_article("x" * 65)], "Bad Request: RESULT_ID_INVALID"),
        ([_article("")], "Bad Request: RESULT_ID_EMPTY"),
        (
            [{"type": "article", "id": "1", "input_message_content": {"message_text": "x"}}],
            "Bad Request: can't parse inline query result: Can't find field \"title\"",
        ),
        (
            [_article(text="<zz>")],
            "Bad Request: can't parse inline query result: Can't parse entities: Unsupported "
            'start tag "zz" at byte offset 0',
        ),
        ([_article(text="a" * 4097)], "Bad Request: message is too long"),
        (
            [{"type": "article", "id": "1", "title": "t"}],
            "Bad Request: can't parse inline query result: Can't find field \"message_text\"",
        ),
        (
            [{"type": "holo", "id": "1"}],
            'Bad Request: can\'t parse inline query result: type "holo" is unsupported for the '
            "inline query result",
        ),
    ],
)
async def test_answer_inline_query_validation(
    api: FakeBotApi,
    client: httpx.AsyncClient,
    results: list[dict[str, Any]],
    description: str | None,
) -> None:
    api.send_inline_query("climate")
    query_id = api.pending_updates[-1]["inline_query"]["id"]
    status, body = await call(
        client, api, "answerInlineQuery", inline_query_id=query_id, results=results
    )
    if description is None:
        assert status == 200, body
        assert api.inline_answers[-1]["results"] == results
        status, body = await call(
            client, api, "answerInlineQuery", inline_query_id=query_id, results=results
        )
        assert body["description"].startswith("Bad Request: query is too old")
    else:
        assert (status, body["description"]) == (400, description)


@pytest.mark.parametrize(
    ("button", "description"),
    [
        ({"text": "Slow down", "start_parameter": "help"}, None),
        ({"text": "Slow down", "start_parameter": "a b"}, "Bad Request: START_PARAM_INVALID"),
        ({"text": "Slow down"}, "Bad Request: can't parse inline query results button"),
        ({"start_parameter": "help"}, "Bad Request: can't parse inline query results button"),
    ],
)
async def test_inline_results_button_is_checked(
    api: FakeBotApi, client: httpx.AsyncClient, button: dict[str, Any], description: str | None
) -> None:
    api.send_inline_query("climate")
    query_id = api.pending_updates[-1]["inline_query"]["id"]
    status, body = await call(
        client, api, "answerInlineQuery", inline_query_id=query_id, results=[], button=button
    )
    if description is None:
        assert status == 200, body
        assert api.inline_answers[-1]["button"] == button
    else:
        assert (status, body["description"]) == (400, description)


async def test_callback_answer_text_is_at_most_200_characters(
    api: FakeBotApi, client: httpx.AsyncClient
) -> None:
    _, body = await send(client, api, "pick", reply_markup=_keyboard(callback_data="a"))
    api.send_callback_query("a", message_id=body["result"]["message_id"])
    query_id = api.pending_updates[-1]["callback_query"]["id"]
    status, body = await call(
        client, api, "answerCallbackQuery", callback_query_id=query_id, text="x" * 201
    )
    assert (status, body["description"]) == (400, "Bad Request: MESSAGE_TOO_LONG")
    status, _ = await call(
        client, api, "answerCallbackQuery", callback_query_id=query_id, text="x" * 200
    )
    assert status == 200


# ------------------------------------------------------------------------------ commands


async def test_my_commands(api: FakeBotApi, client: httpx.AsyncClient) -> None:
    commands = [{"command": "ask", "description": "Ask about the report"}]
    assert (await call(client, api, "setMyCommands", commands=commands))[0] == 200
    assert api.commands == commands
    assert (await call(client, api, "getMyCommands"))[1]["result"] == commands
    assert (await call(client, api, "deleteMyCommands"))[0] == 200
    assert (await call(client, api, "getMyCommands"))[1]["result"] == []
    bad = [{"command": "Ask", "description": "x"}]
    status, body = await call(client, api, "setMyCommands", commands=bad)
    assert (status, body["description"]) == (400, "Bad Request: BOT_COMMAND_INVALID")
    status, body = await call(
        client, api, "setMyCommands", commands=[{"command": "a", "description": ""}]
    )
    assert body["description"] == "Bad Request: command description must be non-empty"


# ------------------------------------------------------------------------------ user side


async def test_user_side_updates_deserialise_in_ptb(
    api: FakeBotApi, client: httpx.AsyncClient
) -> None:
    api.send_text("  /ask@report_test_bot where?\r\n")
    api.send_text("hi", chat_id=-100123, chat_type="supergroup", reply_to_message_id=None)
    api.send_sticker()
    api.send_photo(caption="look")
    api.send_voice()
    first_user_message = api.message_ids(CHAT, from_bot=False)[0]
    api.send_edited_text(first_user_message, "/ask better")
    _, body = await send(client, api, "pick", reply_markup=_keyboard(callback_data="a"))
    api.send_callback_query("a", message_id=body["result"]["message_id"])
    api.send_inline_query("climate")
    updates = [telegram.Update.de_json(u, None) for u in await _updates(client, api)]

    ask = updates[0].message
    assert ask is not None
    assert ask.text == "/ask@report_test_bot where?"  # trimmed and cleaned like Telegram
    assert [(e.type, e.offset, e.length) for e in ask.entities] == [("bot_command", 0, 20)]
    assert updates[1].effective_chat is not None
    assert updates[1].effective_chat.type == "supergroup"
    assert updates[2].message is not None
    assert updates[2].message.sticker is not None
    assert updates[3].message is not None
    assert updates[3].message.photo
    assert updates[3].message.caption == "look"
    assert updates[4].message is not None
    assert updates[4].message.voice is not None
    assert updates[5].edited_message is not None
    assert updates[5].edited_message.message_id == first_user_message
    assert updates[6].callback_query is not None
    assert updates[6].callback_query.data == "a"
    assert updates[7].inline_query is not None
    assert updates[7].inline_query.query == "climate"
    assert api.message_ids(CHAT, from_bot=True) == [body["result"]["message_id"]]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"text": " \n "}, "empty"),
        ({"text": "x" * 4097}, "4096"),
        ({"text": "x", "chat_id": 5, "user_id": 6}, "chat_id must equal user_id"),
        ({"text": "x", "chat_id": 5, "user_id": 5, "chat_type": "group"}, "negative"),
        ({"text": "x", "reply_to_message_id": 77}, "no message 77"),
    ],
)
def test_user_side_rejects_impossible_messages(kwargs: dict[str, Any], match: str) -> None:
    fake = FakeBotApi(TOKEN)
    text = kwargs.pop("text")
    with pytest.raises(ValueError, match=match):
        fake.send_text(text, **kwargs)


# ------------------------------------------------------------------------------ getUpdates


async def _updates(
    client: httpx.AsyncClient, api: FakeBotApi, **params: Any
) -> list[dict[str, Any]]:
    status, body = await call(client, api, "getUpdates", **params)
    assert status == 200, body
    result: list[dict[str, Any]] = body["result"]
    return result


async def test_get_updates_offset_confirms_like_telegram(
    api: FakeBotApi, client: httpx.AsyncClient
) -> None:
    first, second, third = (api.send_text(t) for t in ("one", "two", "three"))
    assert first < second < third

    # Without an offset nothing is confirmed: the same updates come again.
    assert [u["update_id"] for u in await _updates(client, api)] == [first, second, third]
    assert [u["update_id"] for u in await _updates(client, api)] == [first, second, third]
    assert api.deliveries == {first: 2, second: 2, third: 2}

    # offset confirms everything below it, for good.
    got = await _updates(client, api, offset=second, limit=1)
    assert [u["update_id"] for u in got] == [second]
    assert [u["update_id"] for u in await _updates(client, api)] == [second, third]
    assert await _updates(client, api, offset=third + 1) == []
    assert api.pending_updates == []

    fourth = api.send_text("four")
    assert [u["update_id"] for u in await _updates(client, api, offset=third + 1)] == [fourth]
    assert api.deliveries[fourth] == 1

    # A negative offset keeps only the last -offset updates.
    fifth, sixth = api.send_text("five"), api.send_text("six")
    assert [u["update_id"] for u in await _updates(client, api, offset=-1)] == [sixth]
    assert fifth not in api.deliveries
    # An offset far in the future is ignored (Telegram reads from the head), nothing dropped.
    assert [u["update_id"] for u in await _updates(client, api, offset=sixth + 1000)] == [sixth]


async def test_get_updates_long_poll_returns_early(
    api: FakeBotApi, client: httpx.AsyncClient
) -> None:
    poll = asyncio.create_task(_updates(client, api, timeout=20))
    await api.wait_for_poll(timeout=2)
    assert api.polling
    assert [c.method for c in api.in_flight] == ["getUpdates"]
    assert not poll.done()
    started = time.monotonic()
    update_id = api.send_text("wake up")
    updates = await asyncio.wait_for(poll, timeout=2)
    assert time.monotonic() - started < 1.0
    assert [u["update_id"] for u in updates] == [update_id]
    assert updates[0]["message"]["text"] == "wake up"


async def test_get_updates_long_poll_is_bounded(api: FakeBotApi, client: httpx.AsyncClient) -> None:
    started = time.monotonic()
    assert await _updates(client, api, timeout=1) == []
    assert 0.9 < time.monotonic() - started < 2.0


async def test_stop_releases_a_pending_long_poll(
    api: FakeBotApi, client: httpx.AsyncClient
) -> None:
    poll = asyncio.create_task(_updates(client, api, timeout=20))
    await api.wait_for_poll(timeout=2)
    started = time.monotonic()
    await api.stop()
    assert await asyncio.wait_for(poll, timeout=2) == []
    assert time.monotonic() - started < 1.0


async def test_second_long_poll_terminates_the_first(
    api: FakeBotApi, client: httpx.AsyncClient
) -> None:
    first = asyncio.create_task(call(client, api, "getUpdates", timeout=20))
    await api.wait_for_poll(timeout=2)
    second = asyncio.create_task(_updates(client, api, timeout=20))
    status, body = await asyncio.wait_for(first, timeout=2)
    assert (status, body["description"]) == (
        409,
        "Conflict: terminated by other getUpdates request; make sure that only one bot "
        "instance is running",
    )
    api.send_text("hi")
    assert len(await asyncio.wait_for(second, timeout=2)) == 1


async def test_allowed_updates_filter_new_updates(
    api: FakeBotApi, client: httpx.AsyncClient
) -> None:
    await _updates(client, api, allowed_updates=["message"])
    assert api.send_inline_query("x") == 0
    assert api.filtered_updates[0]["inline_query"]["query"] == "x"
    message_id = api.send_text("kept")
    assert [u["update_id"] for u in await _updates(client, api)] == [message_id]
    await _updates(client, api, allowed_updates=[])  # an empty list restores the default
    assert api.send_inline_query("y") > 0


async def test_webhook_blocks_get_updates(api: FakeBotApi, client: httpx.AsyncClient) -> None:
    status, body = await call(client, api, "setWebhook", url="http://insecure.example")
    assert body["description"].startswith("Bad Request: bad webhook")
    assert (await call(client, api, "setWebhook", url="https://example.org/hook"))[0] == 200
    info = (await call(client, api, "getWebhookInfo"))[1]["result"]
    assert info["url"] == "https://example.org/hook"
    status, body = await call(client, api, "getUpdates")
    assert status == 409
    assert body["description"].startswith("Conflict: can't use getUpdates method while webhook")
    status, body = await call(client, api, "deleteWebhook", drop_pending_updates=True)
    assert (status, body["description"]) == (200, "Webhook was deleted")
    assert await _updates(client, api) == []


# ------------------------------------------------------------------------------ HTTP surface


@pytest.mark.parametrize(
    ("token", "method", "status", "description"),
    [
        (OTHER_TOKEN, "getMe", 401, "Unauthorized"),
        ("not-a-token", "getMe", 404, "Not Found"),
        ("123:short", "getMe", 404, "Not Found"),
        (TOKEN, "getMeNow", 404, "Not Found"),
        (TOKEN, "GETME", 200, None),
        (TOKEN, "getme", 200, None),
    ],
)
async def test_tokens_and_methods(
    api: FakeBotApi,
    client: httpx.AsyncClient,
    token: str,
    method: str,
    status: int,
    description: str | None,
) -> None:
    got_status, body = await call(client, api, method, token=token)
    assert got_status == status
    if description is None:
        assert body["result"]["id"] == 123456789
        assert body["result"]["username"] == "report_test_bot"
    else:
        assert body == {"ok": False, "error_code": status, "description": description}


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart", "json", "query"])
async def test_all_request_encodings_are_accepted(
    api: FakeBotApi, client: httpx.AsyncClient, encoding: str
) -> None:
    params: dict[str, Any] = {"chat_id": CHAT, "text": "<b>a & b</b>", "parse_mode": "HTML"}
    params["reply_markup"] = _keyboard(callback_data="x")
    url = f"{api.api_url}/sendMessage"
    if encoding == "urlencoded":
        response = await client.post(url, data=_form(params))
    elif encoding == "multipart":
        response = await client.post(url, data=_form(params), files={"dummy": ("a.txt", b"x")})
    elif encoding == "json":
        response = await client.post(url, json=params)
    else:
        response = await client.get(url, params=_form(params))
    assert response.status_code == 200, response.text
    assert response.json()["result"]["text"] == "a & b"
    sent = api.sent[-1]
    assert sent.chat_id == CHAT
    assert sent.reply_markup == _keyboard(callback_data="x")
    assert api.calls[-1].params["chat_id"] == CHAT


async def test_requests_containing(api: FakeBotApi, client: httpx.AsyncClient) -> None:
    await send(client, api, "the secret is s3cr3t value")
    assert len(api.requests_containing("s3cr3t value")) == 1
    assert api.requests_containing(TOKEN) == []
    assert len(api.requests_containing(TOKEN, include_path=True)) == 1


async def test_wait_for_sent_and_call(api: FakeBotApi, client: httpx.AsyncClient) -> None:
    async def later() -> None:
        await asyncio.sleep(0.05)
        await send(client, api, "late")

    task = asyncio.create_task(later())
    sent = await api.wait_for_sent(1, chat_id=CHAT, timeout=2)
    assert sent[0].plain_text == "late"
    assert (await api.wait_for_call("sendmessage", timeout=1)).status == 200
    await task
    with pytest.raises(TimeoutError, match=r"expected 2 sent message\(s\) to chat 1001"):
        await api.wait_for_sent(2, chat_id=CHAT, timeout=0.05)


# ------------------------------------------------------------------------------ faults


async def _statuses(seed: int) -> list[int]:
    faults = Faults(error_rate=0.3, rate_limit_rate=0.2, drop_rate=0.2, seed=seed)
    async with FakeBotApi(TOKEN, faults=faults) as fake, httpx.AsyncClient(verify=NO_TLS) as http:
        fake.add_chat(CHAT)
        for i in range(20):
            with contextlib.suppress(httpx.RemoteProtocolError, json.JSONDecodeError):
                await send(http, fake, f"m{i}")
        statuses = [c.status for c in fake.calls]
        # A faulted send is not delivered; the others are, in order.
        assert len(fake.sent) == statuses.count(200)
        assert {c.fault for c in fake.calls if c.status != 200} <= {"error", "rate_limit", "drop"}
        return statuses


async def test_fault_injection_is_deterministic() -> None:
    first, again, other = await _statuses(7), await _statuses(7), await _statuses(8)
    assert first == again
    assert first != other
    assert {200, 429, STATUS_DROPPED} <= set(first)
    assert set(first) <= {200, 429, 500, 502, STATUS_DROPPED}


async def test_faults_only_hit_listed_methods(api: FakeBotApi, client: httpx.AsyncClient) -> None:
    api.set_faults(Faults(rate_limit_rate=1.0, retry_after=3))
    assert (await call(client, api, "getMe"))[0] == 200
    status, body = await send(client, api, "x")
    assert status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    api.set_faults(None)
    assert (await send(client, api, "x"))[0] == 200


async def test_down_answers_502(api: FakeBotApi, client: httpx.AsyncClient) -> None:
    api.down(True)
    response = await client.post(f"{api.api_url}/getMe")
    assert response.status_code == 502
    assert "502 Bad Gateway" in response.text
    api.down(False)
    assert (await call(client, api, "getMe"))[0] == 200


async def test_flood_control(client: httpx.AsyncClient) -> None:
    async with FakeBotApi(TOKEN, flood_limit=2) as fake:
        fake.add_chat(CHAT)
        fake.add_chat(CHAT + 1)
        assert (await send(client, fake, "1"))[0] == 200
        assert (await send(client, fake, "2"))[0] == 200
        status, body = await send(client, fake, "3")
        assert status == 429
        assert body["description"] == "Too Many Requests: retry after 1"
        assert body["parameters"] == {"retry_after": 1}
        other = await call(client, fake, "sendMessage", chat_id=CHAT + 1, text="x")
        assert other[0] == 200  # the limit is per chat
        assert [s.plain_text for s in fake.sent] == ["1", "2", "x"]


# ------------------------------------------------------------------------------ with PTB


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_python_telegram_bot_round_trip(api: FakeBotApi) -> None:
    api.send_text("/start")
    bot = telegram.Bot(TOKEN, base_url=api.base_url)
    async with bot:
        me = await bot.get_me()
        assert (me.id, me.username, me.is_bot) == (123456789, "report_test_bot", True)

        updates = await bot.get_updates(timeout=1)
        assert updates[0].message is not None
        assert updates[0].message.text == "/start"
        assert updates[0].message.entities[0].type == "bot_command"

        markup = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more:1")]])
        message = await bot.send_message(
            CHAT,
            f"<b>Answer</b> {EMOJI} &amp; <a href='https://example.org'>source</a>",
            parse_mode="HTML",
            reply_markup=markup,
            reply_to_message_id=updates[0].message.message_id,
        )
        assert message.text == f"Answer {EMOJI} & source"
        assert message.from_user is not None
        assert message.from_user.is_bot
        assert message.reply_to_message is not None
        assert message.reply_markup == markup
        assert [(e.type, e.offset, e.length) for e in message.entities] == [
            ("bold", 0, 6),
            ("text_link", 12, 6),
        ]
        assert message.parse_entity(message.entities[1]) == "source"

        with pytest.raises(BadRequest) as excinfo:
            await bot.send_message(CHAT, "<p>x</p>", parse_mode="HTML")
        # python-telegram-bot strips "Bad Request: " and str.capitalize()s the rest.
        assert excinfo.value.message == (
            'Can\'t parse entities: unsupported start tag "p" at byte offset 0'
        )
        assert api.rejected[-1].description == (
            'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 0'
        )

        api.set_flood_limit(1)
        await bot.send_message(CHAT, "once")
        with pytest.raises(RetryAfter):
            await bot.send_message(CHAT, "again")
        api.down(True)
        with pytest.raises(NetworkError):
            await bot.send_chat_action(CHAT, "typing")
        api.down(False)

    assert api.sent[0].reply_to_message_id == updates[0].message.message_id
    assert api.sent[0].reply_parameters == {"message_id": updates[0].message.message_id}
    with pytest.raises(InvalidToken):
        async with telegram.Bot(OTHER_TOKEN, base_url=api.base_url):
            pass
