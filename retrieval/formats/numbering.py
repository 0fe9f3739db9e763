"""Heading numbers of plain text: "2", "2.1", "2.1.3", "II.", "A." and what may follow them."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ARABIC = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")
_ROMAN = re.compile(r"^([IVXLC]+)\.\s+(\S.*)$")
_LETTER = re.compile(r"^([A-Z])\.\s+(\S.*)$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True, slots=True)
class HeadingNumber:
    """A heading's number: its style and its parts ("2.1.3" is arabic (2, 1, 3))."""

    style: str
    """"arabic", "roman" or "letter"."""
    parts: tuple[int, ...]


def heading_number(text: str) -> HeadingNumber | None:
    """The number a heading-like line starts with, if the words after it look like a title.

    A single "I." is read as a Roman one; other single letters ("A.", "C.") as letters.
    """
    stripped = text.strip()
    if match := _ARABIC.match(stripped):
        if _starts_title(match.group(2)):
            return HeadingNumber("arabic", tuple(int(p) for p in match.group(1).split(".")))
        return None
    roman = _ROMAN.match(stripped)
    if roman and (len(roman.group(1)) > 1 or roman.group(1) == "I"):
        value = _roman_value(roman.group(1))
        if value and _starts_title(roman.group(2)):
            return HeadingNumber("roman", (value,))
        return None
    if (letter := _LETTER.match(stripped)) and _starts_title(letter.group(2)):
        return HeadingNumber("letter", (ord(letter.group(1)) - ord("A") + 1,))
    return None


def continues(number: HeadingNumber, last: dict[str, HeadingNumber]) -> bool:
    """Whether ``number`` can follow the numbered headings seen so far.

    ``last`` holds the latest number of each style still open. A style with no open number
    starts at 1 ("A.", "I.", "1"); an open one goes on to a sibling ("2.1" -> "2.2"), a
    child ("2.1" -> "2.1.1") or a sibling of an ancestor ("2.1" -> "3", "3.1").
    """
    if not last:
        return True
    previous = last.get(number.style)
    if previous is None:
        return number.parts[-1] == 1
    parts, before = number.parts, previous.parts
    if parts == (*before, 1):
        return True
    siblings = {(*before[:i], before[i] + 1) for i in range(len(before))}
    return parts in siblings or parts in {(*s, 1) for s in siblings if len(s) < len(before)}


def _starts_title(rest: str) -> bool:
    first = rest[0]
    return first.isupper() or first in "\"“‘'"


def _roman_value(numeral: str) -> int:
    """The value of a well-formed Roman numeral up to 399, or 0 when it is not one."""
    values = [_ROMAN_VALUES[c] for c in numeral]
    total = 0
    for index, value in enumerate(values):
        following = values[index + 1] if index + 1 < len(values) else 0
        total += -value if value < following else value
    return total if total > 0 and _to_roman(total) == numeral else 0


def _to_roman(value: int) -> str:
    out = ""
    for amount, numeral in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X")):
        while value >= amount:
            out, value = out + numeral, value - amount
    for amount, numeral in ((9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= amount:
            out, value = out + numeral, value - amount
    return out
