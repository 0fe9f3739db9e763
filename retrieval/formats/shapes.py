"""What a line of text is by its shape: a heading, a list item, a byline, a caption.

Shared by the plain-text and PDF readers, which both see lines without markup. The rules
are general ones about how reports are typeset, never about one report's strings.
"""

from __future__ import annotations

import re
import unicodedata

from retrieval.report import DATE

MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 90
SENTENCE_END = (".", ",", ";", ":", "!", "…")

# "•", "-", "*", "–" bullets; "1)", "(a)", "a.", "iv)" list numbering (never heading numbers).
_LIST_ITEM = re.compile(
    r"^(?:[•\-*–—·▪●◦■□➢►✓]\s+|\(?\d{1,3}\)\s+|\(?[a-z]\)\s+|[a-z]\.\s+|\(?[ivx]{1,5}\)\s+)"
)
# "Figure 3: ...", "Table 2 – ...", "Fig. 1", "Chart 4 Exports"; "Source: ...", "Note: ...".
# Not "Figure 2 illustrates ...": a sentence that starts by naming a figure.
_CAPTION = re.compile(
    r"^(?:(?i:Figure|Fig\.|Table|Chart|Graph|Map|Exhibit|Box|Infographic|Illustration)"
    r"\s*(?:\d+(?:\.\d+)*|[IVX]+|[A-Z])(?:\s*[:.|\-–—]|\s+[A-Z“\"‘']|\s*$)"
    r"|(?i:Sources?|Notes?|Credits?|Photo|Image)\s*:)"
)
# "By Jane Doe", "Author: ...", "Published 3 May 2024", "Written by ..."
_BYLINE_START = re.compile(
    r"^(?:By\s+\S|Authors?\s*:|Written by\b|Published\b|Posted\b|Updated\b|Date\s*:)",
    re.IGNORECASE,
)
_FIELD_SEPARATOR = re.compile(r"\s[|•·/]\s")


def is_list_item(text: str) -> bool:
    """A line that starts with a bullet or a list number ("1)", "(a)", "a.")."""
    return bool(_LIST_ITEM.match(text.strip()))


def is_caption(text: str) -> bool:
    """A figure or table caption, or a "Source:" / "Note:" line under one."""
    return bool(_CAPTION.match(text.strip()))


def is_byline(text: str) -> bool:
    """A byline or dateline: "By Jane Doe", "Jane Doe | 12 March 2025", "March 2025".

    A short line that names a date, starts like a byline, or is made of fields separated
    by "|" or "•" is about the publication, not a section of it.
    """
    stripped = text.strip()
    if _BYLINE_START.match(stripped):
        return True
    if DATE.search(stripped) and len(stripped.split()) <= MAX_HEADING_WORDS:
        return True
    return bool(_FIELD_SEPARATOR.search(stripped))


def is_heading_like(text: str) -> bool:
    """Whether a line has the shape of a heading: short, capitalised, not a sentence.

    A question ("What is behind the scenes?") can be a heading; a line ending in a full
    stop, comma, colon or semicolon cannot, and neither can a list item, a caption or a
    byline.
    """
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_HEADING_CHARS:
        return False
    if len(stripped.split()) > MAX_HEADING_WORDS:
        return False
    if stripped.endswith(SENTENCE_END):
        return False
    first = stripped[0]
    if not (first.isdigit() or first.isupper() or unicodedata.category(first) == "Pi"):
        return False
    return not (is_list_item(stripped) or is_caption(stripped) or is_byline(stripped))
