"""Plain text as publishers write it: bylines, captions, lists and numbered headings."""

from __future__ import annotations

import pytest

from retrieval import Report, parse
from retrieval.formats.outline import Block, assemble


def outline(report: Report) -> list[tuple[int, str]]:
    return [(s.level, s.title) for s in report.sections]


NUMBERED = """How Europe Buys Gas
Callum Fraser | 12 March 2025
Europe changed where it buys gas after 2022. This report looks at why.
Key points:
• Imports from Norway rose
• Liquefied gas from the United States doubled
1 Introduction
Gas was cheap and Russian before 2022.
1.1 Background
Pipelines were built over fifty years.
1.2 Scope
We look at the twenty-seven member states.
2 Findings
The report recommends two steps:
1. Diversify suppliers
2. Build storage
Figure 1: Imports by source, 2021-2024
Source: Eurostat
2.1 Prices
Prices rose fivefold in one summer.
2.1.1 Households
Households paid the most.
3 What lessons for the next crisis
Buy early, store more.
4 Conclusion
Europe adapted faster than expected.
About the author
Callum Fraser is a fellow of the institute.
"""


def test_numbered_headings_nest_by_their_numbers() -> None:
    assert outline(parse(NUMBERED)) == [
        (1, "Overview"),
        (1, "1 Introduction"),
        (2, "1.1 Background"),
        (2, "1.2 Scope"),
        (1, "2 Findings"),
        (2, "2.1 Prices"),
        (3, "2.1.1 Households"),
        (1, "3 What lessons for the next crisis"),
        (1, "4 Conclusion"),
        (1, "About the author"),
    ]


def test_byline_bullets_captions_and_numbered_list_are_never_headings() -> None:
    report = parse(NUMBERED)
    texts = [p.text for p in report.paragraphs]
    assert texts[:3] == [
        "Callum Fraser | 12 March 2025",
        "Europe changed where it buys gas after 2022. This report looks at why.",
        "Key points:\n• Imports from Norway rose\n• Liquefied gas from the United States doubled",
    ]
    findings = [p for p in report.paragraphs if p.section == ("2 Findings",)]
    assert [(p.line, p.text) for p in findings] == [
        (14, "The report recommends two steps:\n1. Diversify suppliers\n2. Build storage"),
        (17, "Figure 1: Imports by source, 2021-2024"),
        (18, "Source: Eurostat"),
    ]


def test_opening_section_is_not_named_like_a_real_introduction() -> None:
    text = "Title\nBy Jane Doe\nIntroduction\nThe real introduction starts here.\n"
    report = parse(text)
    assert outline(report) == [(1, "Overview"), (1, "Introduction")]
    assert report.paragraphs[0].text == "By Jane Doe"


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        (
            ["I. Context", "A. Origins", "B. Actors", "II. Outlook", "A. Risks"],
            [1, 2, 2, 1, 2],
        ),
        (["1. Methods", "2. Results", "3. Discussion"], [1, 1, 1]),
        (["2 Data", "2.1 Sources", "2.2 Cleaning", "3 Models", "3.1 Baseline"], [1, 2, 2, 1, 2]),
    ],
)
def test_heading_numbers_give_the_levels(headings: list[str], expected: list[int]) -> None:
    lines = ["Title"]
    for heading in headings:
        lines += [heading, f"Text under {heading} explains it in full."]
    report = parse("\n".join(lines))
    assert [(s.level, s.title) for s in report.sections] == list(
        zip(expected, headings, strict=True)
    )


def test_numbered_list_with_text_between_items_stays_in_its_section() -> None:
    text = "\n".join(
        [
            "Title",
            "3 Recommendations",
            "Three things should change.",
            "1. Fund the agency",
            "The agency has been short of money since 2019.",
            "2. Hire inspectors",
            "Inspections fell by half.",
            "4 Conclusion",
            "Change is possible.",
        ]
    )
    report = parse(text)
    assert outline(report) == [(1, "3 Recommendations"), (1, "4 Conclusion")]
    assert [p.section for p in report.paragraphs[:5]] == [("3 Recommendations",)] * 5


@pytest.mark.parametrize("opening", ["Summary of findings", "About this study", "Further work"])
def test_summary_about_and_further_are_ordinary_headings(opening: str) -> None:
    text = "\n".join(
        ["Title", "Part one", opening, "Body of the first part.", "Next", "More body text."]
    )
    assert outline(parse(text)) == [(1, "Part one"), (2, opening), (2, "Next")]


def test_conclusion_stacked_under_a_heading_is_its_child() -> None:
    text = "\n".join(
        ["Title", "Case study", "Conclusions", "The case shows a pattern.", "Next", "Body."]
    )
    assert outline(parse(text)) == [(1, "Case study"), (2, "Conclusions"), (2, "Next")]


def test_wrapped_list_items_in_blank_separated_text_stay_one_list() -> None:
    text = (
        "Title\n\nPart\n\nThe plan has steps:\n- first step\n  still the first\n- second step\n"
        "\nA closing paragraph, which wraps,\nends here.\n"
    )
    report = parse(text)
    assert [(p.line, p.text) for p in report.paragraphs] == [
        (5, "The plan has steps:\n- first step still the first\n- second step"),
        (10, "A closing paragraph, which wraps, ends here."),
    ]


LIST_IN_SECTION = """Governing export controls
1 Introduction
Controls began in 1949.
2 Background
The regime has grown.
2.1 Origins
It started small.
2.2 Members
Forty-two states take part.
2.3 Principles
The regime rests on five principles.
1. Regulation
States pass laws.
2. Licensing
Exports need a licence.
3. Transparency
States report what they licensed.
4. Governance
A plenary decides.
5. Collaboration
States share intelligence.
2.4 Reform
Reform has stalled.
3 Analysis
Three findings stand out.
3.1 Scope
The lists are long.
3.2 Speed
Updates are slow.
3.3 Enforcement
Penalties vary.
3.4 Technology
New technology outpaces the lists.
3.5 Trust
Trust is low.
4 Conclusion
The regime needs reform.
"""


def test_a_numbered_list_in_a_section_never_hides_the_headings_after_it() -> None:
    report = parse(LIST_IN_SECTION)
    assert [title for _level, title in outline(report)] == [
        "1 Introduction",
        "2 Background",
        "2.1 Origins",
        "2.2 Members",
        "2.3 Principles",
        "2.4 Reform",
        "3 Analysis",
        "3.1 Scope",
        "3.2 Speed",
        "3.3 Enforcement",
        "3.4 Technology",
        "3.5 Trust",
        "4 Conclusion",
    ]
    principles = [p.text for p in report.paragraphs if p.section[-1] == "2.3 Principles"]
    assert "5. Collaboration" in principles


def test_numbered_list_after_a_colon_is_a_list_even_as_the_first_numbers() -> None:
    text = "\n".join(
        [
            "Title",
            "Our aims are these:",
            "1. Cut waste",
            "Waste costs millions.",
            "2. Save energy",
            "Energy is dear.",
            "1 Introduction",
            "This report starts here.",
            "2 Method",
            "We asked people.",
        ]
    )
    assert outline(parse(text)) == [(1, "Overview"), (1, "1 Introduction"), (1, "2 Method")]


def test_short_lines_after_a_colon_lead_in_are_list_items() -> None:
    text = "\n".join(
        [
            "Title",
            "Controls",
            "The regime has three aims:",
            "Preventing unauthorised exports of weapons",
            "Sharing information between states",
            "Building trust among suppliers",
            "Each aim has a working group.",
            "Membership",
            "Forty-two states take part.",
        ]
    )
    report = parse(text)
    assert outline(report) == [(1, "Controls"), (1, "Membership")]
    assert report.paragraphs[0].text == (
        "The regime has three aims:\nPreventing unauthorised exports of weapons\n"
        "Sharing information between states\nBuilding trust among suppliers"
    )


@pytest.mark.parametrize("appendix", ["Appendix A. Data sources", "Annex 1 Methodology"])
def test_appendix_headings_are_top_level(appendix: str) -> None:
    text = "\n".join(
        [
            "Title",
            "1 Findings",
            "Findings here.",
            "1.1 Prices",
            "Prices rose.",
            appendix,
            "Where the data came from.",
            "Survey details",
            "Two thousand people answered.",
        ]
    )
    assert outline(parse(text)) == [
        (1, "1 Findings"),
        (2, "1.1 Prices"),
        (1, appendix),
        (2, "Survey details"),
    ]


def test_a_bare_appendix_heading_naming_a_thing_keeps_its_given_level() -> None:
    blocks = [
        Block("Schema changes", 1, heading=True, level=1),
        Block("Model extensions", 2, heading=True, level=2),
        Block("Appendix", 3, heading=True, level=3),
        Block("The appendix element holds matter after the main text.", 4),
        Block("Tables", 5, heading=True, level=2),
        Block("Tables changed too.", 6),
        Block("Appendix A. Data", 7, heading=True, level=2),
        Block("Where the data came from.", 8),
    ]
    assert outline(assemble("Guide", blocks)) == [
        (1, "Schema changes"),
        (2, "Model extensions"),
        (3, "Appendix"),
        (2, "Tables"),
        (1, "Appendix A. Data"),
    ]
