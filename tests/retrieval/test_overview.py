"""A report's overview and a section's lead, from the report's own words."""

from __future__ import annotations

from retrieval import Report, parse
from retrieval.overview import find_section, lead, overview

WITH_SUMMARY = """Water in Cities (May 2024)
Executive summary
Cities lose a third of their water to leaks.
Pipes
Old pipes leak most.
Meters
Meters find leaks early.
Conclusions and next steps
Fixing leaks pays for itself within five years.
"""


def test_overview_gives_the_summary_and_conclusion_leads_and_the_outline() -> None:
    report = parse(WITH_SUMMARY)
    found = overview(report)
    assert found.summary is not None
    assert found.summary.text.startswith("Cities lose")
    assert found.conclusion is not None
    assert found.conclusion.text.startswith("Fixing leaks")
    assert next(s.title for s in found.outline) == "Executive summary"
    assert report.date == "May 2024"


def test_overview_of_the_seed_gives_its_introduction_and_conclusion(seed_report: Report) -> None:
    found = overview(seed_report)
    assert found.summary is not None
    assert found.summary.section == ("Introduction",)
    assert found.conclusion is not None
    assert found.conclusion.section == ("Conclusion",)
    assert [s.level for s in found.outline] == [1] * len(found.outline)


def test_a_report_without_headings_gives_its_first_paragraph_alone() -> None:
    found = overview(parse("Notes\nFirst thing.\n\nSecond thing.\n"))
    assert found.summary is not None
    assert found.summary.text == "First thing."
    assert found.conclusion is None


def test_a_section_is_found_by_its_heading_words(seed_report: Report) -> None:
    found = find_section([seed_report], "Turkey's view")
    assert found is not None
    report, section = found
    assert section.title == "Turkey"
    first = lead(report, section)
    assert first is not None
    assert first.section == ("How do the others see that?", "Turkey")


def test_no_section_is_found_for_a_topic_no_heading_names(seed_report: Report) -> None:
    assert find_section([seed_report], "inflation") is None
