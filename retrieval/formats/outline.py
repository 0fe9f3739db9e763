"""From a flat run of headings and paragraphs to a ``Report`` with a nested outline.

Every format reader produces ``Block`` values in reading order; ``assemble`` gives the
headings their levels and the paragraphs their section paths. Levels come from the format
when it has them (Markdown ``#``, HTML ``h1``-``h6``, Word heading styles, PDF font sizes
or bookmarks); plain text has none, so they are derived from heading numbers ("2.1", "II.")
or, without numbers, from three rules applied in reading order:

1. A heading immediately followed by another heading opens a group: it sits at the top
   level and the stacked headings below it each go one level deeper.
2. A heading followed by body text sits at the deepest level of the current group (the
   top level when no group is open).
3. A conclusion-like heading ("Conclusion", "References", ...) closes the group and sits at
   the top level, unless it is stacked right under another heading (then it is a child).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from retrieval.formats.numbering import HeadingNumber
from retrieval.report import (
    INTRODUCTION,
    WHOLE_TEXT,
    Paragraph,
    Report,
    ReportError,
    Section,
    is_appendix,
    is_closing_heading,
)

_NUMBER_PREFIX = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s+")
OPENING_NAMES = (INTRODUCTION, "Overview", "Opening", "Preamble")
"""Names for the text before the first heading; the first one no real heading uses."""


@dataclass(frozen=True, slots=True)
class Block:
    """A heading or a paragraph, in reading order, before nesting is known."""

    text: str
    line: int
    heading: bool = False
    level: int | None = None
    """The heading's level as the format gives it; None for plain-text headings."""
    page: int | None = None
    numbered: HeadingNumber | None = None
    """The heading's own number ("2.1"), when plain-text numbering decides its level."""


def assemble(
    title: str,
    blocks: Sequence[Block],
    *,
    source: str = "",
    format: str = "text",
    page_labels: Sequence[str] = (),
) -> Report:
    """Build the report, refusing one with no paragraph at all.

    ``page_labels`` are the pages as printed, first page first (a PDF's page labels).
    """
    headings = [b for b in blocks if b.heading]
    levels = _levels(blocks)
    opening = _opening_name({_unnumbered(b.text) for b in headings}) if headings else WHOLE_TEXT

    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    path: tuple[str, ...] = ()
    own: list[int] = []

    def close_section() -> None:
        if sections:
            sections[-1] = replace(sections[-1], paragraphs=tuple(own))

    heading_index = 0
    declared: list[int] = []  # the levels the headings of ``path`` were given
    for block in blocks:
        if block.heading:
            close_section()
            # A heading goes under the nearest open heading of a smaller given level, so
            # two headings of one level are siblings even when the level skips some
            # ("PURPOSE" and "BACKGROUND" both at level 6 under a level-2 heading).
            wanted = levels[heading_index]
            heading_index += 1
            while declared and declared[-1] >= wanted:
                declared.pop()
            declared.append(wanted)
            path = (*path[: len(declared) - 1], block.text)
            sections.append(Section(len(sections) + 1, block.text, len(path), path, ()))
            own = []
            continue
        if not sections:
            path, declared = (opening,), [1]
            sections.append(Section(1, opening, 1, path, ()))
        number = len(paragraphs) + 1
        page = block.page or 0
        label = page_labels[page - 1] if 0 < page <= len(page_labels) else None
        paragraphs.append(
            Paragraph(number, block.line, path, len(sections), block.text, block.page, label)
        )
        own.append(number)
    close_section()
    if not paragraphs:
        where = source or "the report"
        raise ReportError(f"Report has no paragraphs, only a title and headings: {where}")
    return Report(title, tuple(sections), tuple(paragraphs), source, format)


def promote_under_title(blocks: list[Block], title_level: int) -> list[Block]:
    """Lift headings when the title was itself the report's only heading of its level."""
    levels = [b.level for b in blocks if b.heading and b.level is not None]
    if not levels or min(levels) <= title_level:
        return blocks
    return [
        replace(b, level=b.level - title_level) if b.heading and b.level is not None else b
        for b in blocks
    ]


def _unnumbered(title: str) -> str:
    """A heading's words without its number, to compare names: "1. Introduction"."""
    return _NUMBER_PREFIX.sub("", title).strip().casefold()


def _opening_name(taken: set[str]) -> str:
    return next((n for n in OPENING_NAMES if n.casefold() not in taken), OPENING_NAMES[-1])


def _levels(blocks: Sequence[Block]) -> list[int]:
    """The level of each heading among ``blocks``, in order; appendices are top-level."""
    headings = [b for b in blocks if b.heading]
    if headings and all(b.level is not None for b in headings):
        lowest = min(b.level or 1 for b in headings)
        levels = [(b.level or 1) - lowest + 1 for b in headings]
    elif any(b.numbered is not None for b in headings):
        levels = _numbered_levels(blocks)
    else:
        levels = _stacked_levels(blocks)
    return _appendices_on_top([b.text for b in headings], levels)


def _appendices_on_top(titles: Sequence[str], levels: list[int]) -> list[int]:
    """Lift each appendix or annex, with the headings under it, to the top level.

    Bookmarks and font sizes often set "Appendix A" one level below the last chapter;
    an appendix belongs to no chapter.
    """
    lifted = list(levels)
    shift, depth = 0, 0  # how far the open appendix's subtree moves; the appendix's level
    for index, title in enumerate(titles):
        if is_appendix(title):
            shift, depth = levels[index] - 1, levels[index]
        elif shift and levels[index] <= depth:
            shift = 0
        lifted[index] = levels[index] - shift
    return lifted


def _stacked_levels(blocks: Sequence[Block]) -> list[int]:
    """Levels of unnumbered plain-text headings, by the module's three rules."""
    levels: list[int] = []
    group_depth = 0  # level of the deepest heading in the open group; 0 when none is open
    previous_was_heading = False
    for index, block in enumerate(blocks):
        if not block.heading:
            previous_was_heading = False
            continue
        opens_group = index + 1 < len(blocks) and blocks[index + 1].heading
        if is_closing_heading(block.text) and not (previous_was_heading and group_depth):
            # A conclusion stacked right under another heading is that heading's child.
            level, group_depth = 1, int(opens_group)
        elif previous_was_heading and group_depth:
            group_depth += 1
            level = group_depth
        elif opens_group:
            level, group_depth = 1, 1
        else:
            level = group_depth or 1
        levels.append(level)
        previous_was_heading = True
    return levels


def _numbered_levels(blocks: Sequence[Block]) -> list[int]:
    """Levels when headings carry numbers: "2.1" sits under "2", "A." under "II.".

    Styles nest in the order they first appear (a report numbering "I.", then "A.", then
    "1." nests them so). An unnumbered heading is top-level before the first numbered one,
    after the last (back matter: "About the authors"), and when it is conclusion-like;
    in between it is a sub-heading of the numbered section it stands in.
    Unnumbered headings after an appendix are its sub-headings.
    """
    headings = [b for b in blocks if b.heading]
    last_index = max(i for i, b in enumerate(headings) if b.numbered is not None)
    style_order: list[str] = []
    levels: list[int] = []
    last_numbered = 0
    previous_level: int | None = None
    heading_index = -1
    in_appendix = False
    for block in blocks:
        if not block.heading:
            previous_level = None
            continue
        heading_index += 1
        number = block.numbered
        in_appendix = in_appendix or is_appendix(block.text)
        if number is not None:
            if number.style not in style_order:
                style_order.append(number.style)
            level = style_order.index(number.style) + len(number.parts)
            last_numbered = level
        elif is_appendix(block.text) or is_closing_heading(block.text):
            level = 1
        elif in_appendix:
            level = 2
        elif last_numbered == 0 or heading_index > last_index:
            level = 1
        elif previous_level is not None:
            level = previous_level + 1
        else:
            level = last_numbered + 1
        levels.append(level)
        previous_level = level
    return levels
