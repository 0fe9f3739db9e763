"""Telegram's text rules: UTF-16 lengths, TDLib's HTML parser (ported), cleaning and trimming."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from tests.e2e.fake_bot_api.limits import _STRICT, MAX_MESSAGE_LENGTH, MAX_RAW_TEXT_BYTES


def utf16_len(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units, the unit Telegram counts in."""
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


class EntityParseError(ValueError):
    """Raised by :func:`parse_html` with TDLib's message (without Telegram's prefix)."""


@dataclass
class _Entity:
    type: str
    offset: int
    length: int
    extra: dict[str, Any] = field(default_factory=dict)
    code_language: str = ""  # argument of a "code" entity, kept only while parsing

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "offset": self.offset, "length": self.length, **self.extra}


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    result_pos: int
    byte_offset: int
    code_child: tuple[int, int] | None = None  # (start, end) of a <code> directly inside <pre>


_ALLOWED_TAGS: Final = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SIMPLE_TAG_TYPES: Final = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
}
_LT, _GT, _AMP, _SLASH, _EQ = ord("<"), ord(">"), ord("&"), ord("/"), ord("=")
_QUOTES: Final = (ord('"'), ord("'"))
_ENTITY_LIKE_RE: Final = re.compile(rb"&(?:#[0-9]*|#[xX][0-9a-fA-F]*|[A-Za-z][A-Za-z0-9]*);")


def _is_space(c: int) -> bool:
    # TDLib's is_space() also treats the terminating NUL as a space.
    return c in (0x20, 0x09, 0x0D, 0x0A, 0x00, 0x0B, 0x0C)


def _is_alpha(c: int) -> bool:
    return 0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A


def _is_digit(c: int) -> bool:
    return 0x30 <= c <= 0x39


def _is_hex_digit(c: int) -> bool:
    return _is_digit(c) or 0x41 <= c <= 0x46 or 0x61 <= c <= 0x66


def _decode_html_entity(data: bytes, pos: int) -> tuple[int, int]:
    """Port of TDLib's ``decode_html_entity``: returns (code point or 0, position after it)."""

    def at(k: int) -> int:
        return data[k] if k < len(data) else 0

    end = pos + 1
    code = 0
    if at(pos + 1) == ord("#"):
        end += 1
        if at(pos + 2) == ord("x"):
            end += 1
            while _is_hex_digit(at(end)):
                code = code * 16 + int(chr(at(end)), 16)
                end += 1
        else:
            while _is_digit(at(end)):
                code = code * 10 + at(end) - 0x30
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while _is_alpha(at(end)):
            end += 1
        name = data[pos + 1 : end]
        named = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}.get(name)
        if named is None:
            return 0, pos
        code = ord(named)
    if at(end) == ord(";"):
        end += 1
    return code, end


def _checked_link(url: str) -> str | None:
    """Approximation of TDLib's ``LinkManager::get_checked_link``; ``None`` if not a link."""
    url = url.strip()
    if not url or any(ch.isspace() for ch in url):
        return None
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    if scheme is not None:
        name = scheme.group(1).lower()
        if name in ("http", "https"):
            return url if re.match(r"[A-Za-z]+://[^/?#]+", url) else None
        if name in ("tg", "ton", "tonsite"):
            return url
        if not re.match(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+:\d+", url):
            return None
    if re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?([/?#]\S*)?", url):
        return "http://" + url
    return None


def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML exactly like TDLib's ``parse_html``.

    Returns the plain text and its entities (Bot API JSON, offsets in UTF-16 units). Raises
    :class:`EntityParseError` with TDLib's message, e.g. ``Unsupported start tag "br" at byte
    offset 3``; Telegram reports it as ``Bad Request: can't parse entities: <message>``.
    With ``strict`` it also rejects markup that Telegram accepts but silently drops.
    """
    data = text.encode("utf-8", "surrogatepass")
    n = len(data)

    def at(k: int) -> int:
        return data[k] if k < n else 0

    def strict_error(message: str, consequence: str) -> EntityParseError:
        return EntityParseError(f"{message} ({_STRICT}: Telegram would {consequence})")

    result = bytearray()
    entities: list[_Entity] = []
    stack: list[_OpenTag] = []
    utf16 = 0
    need_recheck = False
    i = 0
    while i < n:
        c = data[i]
        if c == _AMP:
            code, new_i = _decode_html_entity(data, i)
            if code != 0:
                i = new_i
                utf16 += 2 if code > 0xFFFF else 1
                if 0xD800 <= code <= 0xDFFF:
                    need_recheck = True
                result += chr(code).encode("utf-8", "surrogatepass")
                continue
            if strict and (m := _ENTITY_LIKE_RE.match(data, i)) is not None:
                name = m.group().decode("ascii")
                raise strict_error(
                    f'Unsupported HTML entity "{name}" at byte offset {i}', "show it literally"
                )
        if c != _LT:
            if (c & 0xC0) != 0x80:
                utf16 += 2 if c >= 0xF0 else 1
            result.append(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != _SLASH:
            # A start tag.
            while not _is_space(at(i)) and at(i) != _GT:
                i += 1
            if at(i) == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            tag = data[begin + 1 : i].lower().decode("utf-8", "replace")
            if tag not in _ALLOWED_TAGS:
                raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument = ""
            while at(i) != _GT:
                while at(i) != 0 and _is_space(at(i)):
                    i += 1
                if at(i) == _GT:
                    break
                attribute_begin = i
                while not _is_space(at(i)) and at(i) not in (_EQ, _GT, _SLASH, *_QUOTES):
                    i += 1
                attribute = data[attribute_begin:i]
                if not attribute:
                    raise EntityParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                    )
                while at(i) != 0 and _is_space(at(i)):
                    i += 1
                if at(i) != _EQ:
                    if at(i) == 0:
                        raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                    if tag == "blockquote" and attribute == b"expandable":
                        argument = "1"
                    continue
                i += 1
                while at(i) != 0 and _is_space(at(i)):
                    i += 1
                if at(i) == 0:
                    raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                if at(i) not in _QUOTES:
                    # A name token: letters, digits, periods or hyphens; not case sensitive.
                    token_begin = i
                    while _is_alpha(at(i)) or _is_digit(at(i)) or at(i) in (ord("."), ord("-")):
                        i += 1
                    raw_value = bytes(data[token_begin:i].lower())
                    if not _is_space(at(i)) and at(i) != _GT:
                        raise EntityParseError(
                            f"Unexpected end of name token at byte offset {token_begin}"
                        )
                else:
                    quote = at(i)
                    i += 1
                    value_bytes = bytearray()
                    while at(i) != quote and at(i) != 0:
                        if at(i) == _AMP:
                            code, new_i = _decode_html_entity(data, i)
                            if code != 0:
                                value_bytes += chr(code).encode("utf-8", "surrogatepass")
                                i = new_i
                                continue
                        value_bytes.append(at(i))
                        i += 1
                    if at(i) == quote:
                        i += 1
                    raw_value = bytes(value_bytes)
                if at(i) == 0:
                    raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
                value = raw_value.decode("utf-8", "replace")
                if tag == "a" and attribute == b"href":
                    argument = value
                elif tag == "code" and attribute == b"class" and value.startswith("language-"):
                    argument = value[9:]
                elif tag == "span" and attribute == b"class" and value.startswith("tg-"):
                    argument = value[3:]
                elif tag == "tg-emoji" and attribute == b"emoji-id":
                    argument = value
                elif tag == "blockquote" and attribute == b"expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise EntityParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
                )
            if strict:
                _strict_check_start_tag(stack, tag, argument, utf16, begin, strict_error)
            stack.append(_OpenTag(tag, argument, utf16, len(result), begin))
            i += 1
            continue

        # An end tag.
        if not stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        while not _is_space(at(i)) and at(i) != _GT:
            i += 1
        end_tag = data[begin + 2 : i].lower().decode("utf-8", "replace")
        while _is_space(at(i)) and at(i) != 0:
            i += 1
        if at(i) != _GT:
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        open_tag = stack[-1]
        tag = open_tag.name
        if end_tag and end_tag != tag:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", '
                f'found "</{end_tag}>"'
            )
        if (
            strict
            and tag == "pre"
            and open_tag.code_child is not None
            and open_tag.code_child != (open_tag.utf16_offset, utf16)
        ):
            raise strict_error(
                f'Tag "code" inside "pre" at byte offset {open_tag.byte_offset} must '
                f"enclose the whole content of the pre block",
                "drop the code language",
            )
        if utf16 > open_tag.utf16_offset:
            _close_entity(open_tag, utf16, result, entities, strict, strict_error)
        stack.pop()
        if tag == "code" and stack and stack[-1].name == "pre":
            stack[-1].code_child = (open_tag.utf16_offset, utf16)
        i += 1

    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    if not strict:
        entities = _drop_entities_inside_code(entities)
    entities.sort(key=lambda e: (e.offset, -e.length))
    plain = bytes(result).decode("utf-8", "surrogatepass")
    if need_recheck and any(0xD800 <= ord(ch) <= 0xDFFF for ch in plain):
        raise EntityParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, check for "
            "unmatched surrogate code units"
        )
    return plain, [e.to_json() for e in entities]


def _drop_entities_inside_code(entities: list[_Entity]) -> list[_Entity]:
    """What Telegram does with formatting inside ``pre``/``code``: it drops it."""
    blocks = [e for e in entities if e.type in ("pre", "code")]

    def inside_block(entity: _Entity) -> bool:
        if entity.type in ("blockquote", "expandable_blockquote"):
            return False
        return any(
            block is not entity
            and block.offset <= entity.offset
            and entity.offset + entity.length <= block.offset + block.length
            and (entity.type not in ("pre", "code") or block.type == "pre")
            for block in blocks
        )

    return [e for e in entities if not inside_block(e)]


def _strict_check_start_tag(
    stack: list[_OpenTag],
    tag: str,
    argument: str,
    utf16: int,
    begin: int,
    strict_error: Callable[[str, str], EntityParseError],
) -> None:
    for depth, ancestor in enumerate(reversed(stack)):
        if ancestor.name not in ("pre", "code"):
            continue
        direct_code_in_pre = (
            depth == 0
            and ancestor.name == "pre"
            and tag == "code"
            and ancestor.code_child is None
            and utf16 == ancestor.utf16_offset
        )
        if not direct_code_in_pre:
            raise strict_error(
                f'Tag "{tag}" at byte offset {begin} can\'t be used inside "{ancestor.name}"',
                "silently drop this formatting",
            )
    for nestable in ("blockquote", "a"):
        if tag == nestable and any(t.name == nestable for t in stack):
            raise strict_error(
                f'Tag "{tag}" at byte offset {begin} can\'t be nested inside another "{tag}"',
                "silently drop this formatting",
            )
    if tag == "a" and not argument:
        raise strict_error(
            f'Tag "a" at byte offset {begin} must have an "href" attribute',
            "use the link text as the URL or drop the link",
        )


def _close_entity(
    open_tag: _OpenTag,
    utf16: int,
    result: bytearray,
    entities: list[_Entity],
    strict: bool,
    strict_error: Callable[[str, str], EntityParseError],
) -> None:
    tag = open_tag.name
    offset = open_tag.utf16_offset
    length = utf16 - offset
    argument = open_tag.argument
    last = entities[-1] if entities else None
    same_range = last is not None and last.offset == offset and last.length == length
    if tag in _SIMPLE_TAG_TYPES:
        entities.append(_Entity(_SIMPLE_TAG_TYPES[tag], offset, length))
    elif tag == "span":
        entities.append(_Entity("spoiler", offset, length))
    elif tag == "tg-emoji":
        if not re.fullmatch(r"-?\d+", argument) or int(argument) == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append(_Entity("custom_emoji", offset, length, {"custom_emoji_id": argument}))
    elif tag == "a":
        url = argument or bytes(result[open_tag.result_pos :]).decode("utf-8", "replace")
        user = re.fullmatch(r"tg://user\?id=(\d+)", url)
        if user is not None:
            user_json = {"id": int(user.group(1)), "is_bot": False, "first_name": "User"}
            entities.append(_Entity("text_mention", offset, length, {"user": user_json}))
            return
        checked = _checked_link(url)
        if checked is not None:
            entities.append(_Entity("text_link", offset, length, {"url": checked}))
        elif strict:
            raise strict_error(
                f'Invalid URL "{url}" in tag "a" at byte offset {open_tag.byte_offset}',
                "silently drop the link",
            )
    elif tag == "pre":
        if last is not None and same_range and last.type == "code" and last.code_language:
            last.type = "pre"
            last.extra = {"language": last.code_language}
        else:
            entities.append(_Entity("pre", offset, length))
    elif tag == "code":
        if (
            last is not None
            and same_range
            and last.type == "pre"
            and "language" not in last.extra
            and argument
        ):
            last.extra = {"language": argument}
        else:
            entities.append(_Entity("code", offset, length, code_language=argument))
    elif tag == "blockquote":
        kind = "expandable_blockquote" if argument else "blockquote"
        entities.append(_Entity(kind, offset, length))
    else:  # pragma: no cover - every allowed tag is handled above
        raise AssertionError(tag)


class _TextError(Exception):
    """A text problem, carrying the full Telegram description."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


_REMOVED_CHARS: Final = frozenset("\r\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u0333\u033f\u030a")


def _clean_and_trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """TDLib's ``clean_input_string`` + ``fix_formatted_text`` trimming, keeping entities."""
    out: list[str] = []
    old_to_new: list[int] = []
    new_pos = 0
    for ch in text:
        width = 2 if ord(ch) > 0xFFFF else 1
        old_to_new.extend([new_pos] * width)
        if ch in _REMOVED_CHARS:
            continue
        if ord(ch) < 32 and ch != "\n":
            ch = " "
        out.append(ch)
        new_pos += width
    old_to_new.append(new_pos)
    cleaned = "".join(out)

    fixed: list[dict[str, Any]] = []
    for entity in entities:
        start = old_to_new[min(entity["offset"], len(old_to_new) - 1)]
        end = old_to_new[min(entity["offset"] + entity["length"], len(old_to_new) - 1)]
        if end > start:
            fixed.append({**entity, "offset": start, "length": end - start})

    stripped = cleaned.rstrip(" \n")
    if not stripped:
        raise _TextError("Bad Request: text must be non-empty")
    total = utf16_len(stripped)
    trimmed: list[dict[str, Any]] = []
    for entity in fixed:
        if entity["offset"] >= total:
            continue
        length = min(entity["length"], total - entity["offset"])
        trimmed.append({**entity, "length": length})
    first_entity = min((e["offset"] for e in trimmed), default=total)
    lead = 0
    while lead < first_entity and stripped[lead] in " \n":
        lead += 1
    final = stripped[lead:]
    for entity in trimmed:
        entity["offset"] -= lead
    trimmed.sort(key=lambda e: (e["offset"], -e["length"]))
    return final, trimmed


def format_text(
    text: str,
    parse_mode: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    *,
    strict: bool = True,
) -> tuple[str, list[dict[str, Any]]]:
    """Turn message text as a bot sends it into (plain text, entities) as Telegram stores it.

    Raises :class:`ValueError` whose ``args[0]`` is Telegram's full description (e.g.
    ``"Bad Request: message is too long"``) when Telegram would reject the text.
    """
    try:
        return _format_text(text, parse_mode, entities, strict=strict)
    except _TextError as exc:
        raise ValueError(exc.description) from None


def _format_text(
    text: str,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None,
    *,
    strict: bool,
) -> tuple[str, list[dict[str, Any]]]:
    if not text:
        raise _TextError("Bad Request: message text is empty")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_RAW_TEXT_BYTES:
        raise _TextError("Bad Request: text is too long")
    mode = (parse_mode or "").lower()
    if mode in ("", "none"):
        plain, parsed = text, list(entities or [])
    elif mode == "html":
        try:
            plain, parsed = parse_html(text, strict=strict)
        except EntityParseError as exc:
            raise _TextError(f"Bad Request: can't parse entities: {exc}") from None
    else:
        # Telegram also knows Markdown and MarkdownV2; this fake deliberately does not.
        raise _TextError("Bad Request: unsupported parse_mode")
    plain, parsed = _clean_and_trim(plain, parsed)
    if utf16_len(plain) > MAX_MESSAGE_LENGTH:
        raise _TextError("Bad Request: message is too long")
    return plain, parsed
