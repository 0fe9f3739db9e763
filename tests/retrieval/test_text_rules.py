"""Plain text as publishers write it: bylines, captions, lists and numbered headings."""

from __future__ import annotations

import pytest

from retrieval import Report, parse


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
