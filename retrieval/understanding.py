"""A message answered as it was meant: the overview, a section's lead, or ranked passages.

``understand`` is what the bot, the command line and the evaluation all call: it reads the
message (``retrieval.intent``), then gives the facts for that reading. A follow-up is
ranked as read with the previous question, blended with the message alone; "more" gives
the passages after those the caller says it already showed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from retrieval.index import Ranker, SearchResult
from retrieval.intent import Reading, read
from retrieval.overview import Overview, find_section, lead, overview
from retrieval.report import Paragraph, Report, Section


@dataclass(frozen=True, slots=True)
class SectionLead:
    """The section a question named, and its first paragraph."""

    report: Report
    section: Section
    lead: Paragraph


@dataclass(frozen=True, slots=True)
class Understood:
    """What a message was read as, and the facts that answer it."""

    reading: Reading
    overviews: tuple[Overview, ...] = ()
    """For a gist question: one overview per report served."""
    section: SectionLead | None = None
    """For a question naming a section that the outline has."""
    result: SearchResult | None = None
    """Ranked passages: for a search, a follow-up, "more", or a section not found."""


def understand(
    ranker: Ranker,
    question: str,
    previous: str = "",
    k: int = 3,
    shown: int = 0,
    alone: str = "",
) -> Understood:
    """Read ``question`` after ``previous`` and answer it from ``ranker``'s reports.

    For "more", the ``k`` passages after the ``shown`` ones already given for ``previous``,
    ranked as they were: blended with ``alone`` when ``previous`` was a follow-up
    (``blended``). Raises ``QuestionError`` (from the ranker) only for a search with
    nothing to search.
    """
    reading = read(question, previous, lambda name: _mentions(ranker.reports, name))
    if reading.kind == "more":
        result = ranker.search(reading.query, shown + k, alone)
        return Understood(reading, result=replace(result, hits=result.hits[shown:]))
    if reading.kind == "gist":
        return Understood(reading, overviews=tuple(overview(r) for r in ranker.reports))
    if reading.kind == "section":
        found = find_section(ranker.reports, reading.topic)
        first = lead(*found) if found else None
        if found is not None and first is not None:
            return Understood(reading, section=SectionLead(found[0], found[1], first))
    return Understood(reading, result=ranker.search(reading.query, k, blended(reading)))


def blended(reading: Reading) -> str:
    """The message a follow-up read with its context is ranked with, on its own (the
    ranker blends both); empty for any other reading, names swapped included."""
    return reading.question if reading.kind == "follow_up" and not reading.replaced else ""


def _mentions(reports: tuple[Report, ...], name: str) -> bool:
    """Whether any report uses ``name`` as written, in its title or its text."""
    return any(
        name in report.title or any(name in p.text for p in report.paragraphs) for report in reports
    )
