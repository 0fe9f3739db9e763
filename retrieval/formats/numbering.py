"""Heading numbers of plain text: "2", "2.1", "2.1.3", "II.", "A." and what may follow them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

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


WINDOW = 64
"""How many earlier numbered lines a heading's number may follow on from.

Bounds the work on a long document; a list of more numbered lines than this between two
headings is already left out by ``list_runs`` or by being consecutive lines."""


def list_runs(numbers: Sequence[HeadingNumber], lead_ins: Sequence[bool]) -> set[int]:
    """Indices of numbered lines that form a list, not headings.

    A run is numbers of one style and depth counting up by one ("1.", "2.", "3."), whatever
    text stands between them. A run starting at 1 is a list when the line before it ends
    with a colon, or when it restarts a numbering the headings already use at that depth
    (a "1." after "2 Background" and "2.3", with no other style or shallower number between
    to begin a new part).
    """
    runs: list[list[int]] = []
    for index, number in enumerate(numbers):
        previous = numbers[runs[-1][-1]] if runs else None
        if previous is not None and _next_in_run(previous, number):
            runs[-1].append(index)
        else:
            runs.append([index])
    listed: set[int] = set()
    for run in runs:
        start = run[0]
        if numbers[start].parts[-1] == 1 and (lead_ins[start] or _restarts(numbers, start, listed)):
            listed.update(run)
    return listed


def heading_chain(numbers: Sequence[HeadingNumber], excluded: set[int]) -> set[int]:
    """Indices of the numbered lines that are headings, decided for the whole document.

    The headings are the longest sequence in which each number continues the ones before it
    (see ``continues``), so three list items that happen to continue the top-level
    numbering ("3.", "4.", "5." after "2") lose to the real "2.4", "3", "3.1" ... "4" after
    them. Ties go to the nearer predecessor.
    """
    links: list[_Link | None] = []
    for index, number in enumerate(numbers):
        if index in excluded:
            links.append(None)
            continue
        best = _Link(1, None, *_follow({}, (), number))
        for before in range(index - 1, max(-1, index - 1 - WINDOW), -1):
            link = links[before]
            if link is not None and link.score >= best.score and continues(number, link.last):
                best = _Link(link.score + 1, before, *_follow(link.last, link.order, number))
        links.append(best)
    ends = [(link.score, index) for index, link in enumerate(links) if link is not None]
    chosen: set[int] = set()
    at: int | None = max(ends)[1] if ends else None
    while at is not None:
        chosen.add(at)
        at = cast(_Link, links[at]).previous
    return chosen


@dataclass(frozen=True, slots=True)
class _Link:
    """The best heading sequence ending at one numbered line."""

    score: int
    previous: int | None
    last: dict[str, HeadingNumber]
    order: tuple[str, ...]


def _follow(
    last: dict[str, HeadingNumber], order: tuple[str, ...], number: HeadingNumber
) -> tuple[dict[str, HeadingNumber], tuple[str, ...]]:
    """The open numbers after ``number``: a parent's next number closes the styles below it."""
    if number.style not in order:
        order = (*order, number.style)
    nested = set(order[order.index(number.style) + 1 :])
    opened = {style: n for style, n in last.items() if style not in nested}
    opened[number.style] = number
    return opened, order


def _next_in_run(previous: HeadingNumber, number: HeadingNumber) -> bool:
    before, parts = previous.parts, number.parts
    return (
        previous.style == number.style
        and len(before) == len(parts)
        and parts == (*before[:-1], before[-1] + 1)
    )


def _restarts(numbers: Sequence[HeadingNumber], start: int, listed: set[int]) -> bool:
    """Whether the number at ``start`` repeats one used before it in the same part."""
    number = numbers[start]
    for index in range(start - 1, -1, -1):
        other = numbers[index]
        if index in listed:
            continue
        if other.style != number.style or len(other.parts) < len(number.parts):
            return False
        if len(other.parts) == len(number.parts) and other.parts[:-1] == number.parts[:-1]:
            return True
    return False


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
