"""Which main-content extractor keeps a report page's article and drops the rest.

Builds saved-page shapes seen on publishers' sites (semantic ``<article>``, a ``div``
layout with teasers and comments, an article with a newsletter box inside it, a page
whose headings sit in ``section`` wrappers), each with known article headings and
paragraphs and known boilerplate, and scores each extractor on:

* headings kept (text and level), article paragraphs kept (byline and captions count:
  a reader may ask who wrote it or what a chart shows), boilerplate lines let through.

Run: ``.venv/bin/python -m benchmarks.html_extractors`` (compares readability-lxml, the
one the bot uses, with trafilatura when that is installed: ``pip install trafilatura``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.etree

from retrieval.formats.html import extract_article


@dataclass(frozen=True)
class Page:
    name: str
    html: str
    headings: list[tuple[int, str]]
    paragraphs: list[str]
    boilerplate: list[str]


HEADINGS = [(2, "Why it changed"), (3, "Prices"), (2, "Conclusion")]
BYLINE = "By Callum Fraser | 12 March 2025"
CAPTION = "Figure 1: Imports by source, 2021-2024"
PARAGRAPHS = [
    "Europe bought most of its gas from Russia until 2022, when the war made that trade a "
    "political risk. Imports fell by four fifths within a year.",
    "Norway and the United States took the largest share of the new trade, with liquefied "
    "gas arriving by ship at new terminals on the coast.",
    "Prices rose fivefold in one summer and fell back only slowly over the next year, "
    "hurting households most.",
    "Governments answered with price caps and subsidies worth three per cent of output, "
    "paid for mostly by new borrowing.",
    "Europe adapted faster than anyone expected, but at a price that households will "
    "remember for a decade.",
]
BOILERPLATE = [
    "We use cookies to improve your experience on our website and to show you relevant ads.",
    "Oil in the Caspian: a new scramble for pipelines across the region",
    "Why Germany closed its nuclear plants early, and what it cost the country",
    "Subscribe to our newsletter for weekly analysis of energy markets delivered to you.",
    "This comment section is moderated; comments appear after a member of staff reads them.",
    "Great article, but it misses the role of coal in the transition in the east.",
]


def _article(wrap: Callable[[str, int], str], middle: str = "") -> str:
    parts = [
        "<h1>How Europe Buys Gas</h1>",
        f'<p class="byline">{BYLINE}</p>',
        f"<p>{PARAGRAPHS[0]}</p>",
        wrap("Why it changed", 2),
        f"<p>{PARAGRAPHS[1]}</p>",
        middle,
        wrap("Prices", 3),
        f"<p>{PARAGRAPHS[2]}</p>",
        f'<figure><img src="c.png" alt=""><figcaption>{CAPTION}</figcaption></figure>',
        f"<p>{PARAGRAPHS[3]}</p>",
        wrap("Conclusion", 2),
        f"<p>{PARAGRAPHS[4]}</p>",
    ]
    return "\n".join(parts)


def _plain(title: str, level: int) -> str:
    return f"<h{level}>{title}</h{level}>"


def _sectioned(title: str, level: int) -> str:
    return f'<section class="block"><h{level} class="title">{title}</h{level}></section>'


def _page(body: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        "<title>How Europe Buys Gas | Institute of Energy</title></head><body>"
        f'<div class="cookie-banner"><p>{BOILERPLATE[0]}</p><button>Accept</button></div>'
        '<header><nav><a href="/">Home</a> <a href="/research">Research</a></nav></header>'
        f"{body}</body></html>"
    )


def _related() -> str:
    return (
        '<aside class="related"><h2>Related articles</h2><ul>'
        f'<li><a href="/a">{BOILERPLATE[1]}</a></li><li><a href="/b">{BOILERPLATE[2]}</a></li>'
        "</ul></aside>"
    )


def _footer() -> str:
    return f"<footer><p>{BOILERPLATE[3]}</p><p>© 2025 Institute of Energy.</p></footer>"


def _comments() -> str:
    return (
        f'<div id="comments" class="comments"><p>{BOILERPLATE[4]}</p>'
        f'<div class="comment"><p>{BOILERPLATE[5]}</p></div></div>'
    )


def pages() -> list[Page]:
    """The page shapes scored, each with its expected article."""
    everything = [BYLINE, *PARAGRAPHS, CAPTION]
    newsletter = f'<div class="newsletter-signup"><p>{BOILERPLATE[3]}</p></div>'
    return [
        Page(
            "semantic article",
            _page(f"<main><article>{_article(_plain)}</article>{_related()}</main>{_footer()}"),
            HEADINGS,
            everything,
            BOILERPLATE[:4],
        ),
        Page(
            "div layout, teasers, comments",
            _page(
                f'<div class="wrapper"><div class="content">{_article(_plain)}</div>'
                f'<div class="sidebar">{_related()}</div>{_comments()}</div>{_footer()}'
            ),
            HEADINGS,
            everything,
            BOILERPLATE,
        ),
        Page(
            "newsletter box inside the article",
            _page(f"<article>{_article(_plain, newsletter)}</article>{_related()}"),
            HEADINGS,
            everything,
            BOILERPLATE[:4],
        ),
        Page(
            "headings in section wrappers",
            _page(f"<main><article>{_article(_sectioned)}</article></main>{_footer()}"),
            HEADINGS,
            everything,
            [BOILERPLATE[0], BOILERPLATE[3]],
        ),
    ]


Extracted = tuple[list[tuple[int, str]], list[str]]


def with_readability(html: str) -> Extracted:
    """The bot's own reader (readability-lxml, then h1-h6 and block elements).

    Its levels are relative to the title ``h1`` (an ``h2`` comes back as level 1).
    """
    _title, blocks = extract_article(html.encode())
    headings = [((b.level or 0) + 1, b.text) for b in blocks if b.heading]
    return headings, [b.text for b in blocks if not b.heading]


def with_trafilatura(html: str) -> Extracted:
    """trafilatura's XML output with formatting, headings as ``<head rend="hN">``."""
    import trafilatura

    xml = trafilatura.extract(html, output_format="xml", include_formatting=True) or "<doc/>"
    root = lxml.etree.fromstring(xml.encode())
    headings: list[tuple[int, str]] = []
    paragraphs: list[str] = []
    for element in root.iter("head", "p", "item", "quote"):
        text = " ".join("".join(element.itertext()).split())
        rend = element.get("rend") or ""
        if element.tag == "head" and re.fullmatch(r"h[1-6]", rend):
            headings.append((int(rend[1]), text))
        elif text:
            paragraphs.append(text)
    return headings, paragraphs


def score(extract: Callable[[str], Extracted], page: Page) -> tuple[float, float, int]:
    """(headings kept, paragraphs kept, boilerplate lines let through) on one page."""
    headings, paragraphs = extract(page.html)
    found = "\n".join(paragraphs)
    levels = {text: level for level, text in headings}
    kept_headings = sum(1 for level, text in page.headings if levels.get(text) == level) / len(
        page.headings
    )
    kept = sum(1 for text in page.paragraphs if text in found) / len(page.paragraphs)
    leaked = sum(1 for text in page.boilerplate if text in found)
    return kept_headings, kept, leaked


def main() -> None:
    extractors: dict[str, Callable[[str], Extracted]] = {"readability-lxml": with_readability}
    try:
        import trafilatura  # noqa: F401

        extractors["trafilatura"] = with_trafilatura
    except ImportError:
        print("(trafilatura not installed: pip install trafilatura to compare)")
    print(f"| page | {' | '.join(extractors)} |")
    print(f"|---|{'---|' * len(extractors)}")
    totals = {name: [0.0, 0.0, 0] for name in extractors}
    for page in pages():
        cells = []
        for name, extract in extractors.items():
            headings, kept, leaked = score(extract, page)
            totals[name][0] += headings
            totals[name][1] += kept
            totals[name][2] += leaked
            cells.append(f"headings {headings:.0%}, text {kept:.0%}, boilerplate {leaked}")
        print(f"| {page.name} | {' | '.join(cells)} |")
    count = len(pages())
    cells = [
        f"headings {h / count:.0%}, text {k / count:.0%}, boilerplate {int(b)}"
        for h, k, b in totals.values()
    ]
    print(f"| **all** | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
