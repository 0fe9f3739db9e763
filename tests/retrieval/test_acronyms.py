"""Acronyms a report defines: found in its text, and searched for when a question spells
them out."""

from __future__ import annotations

import pytest

from retrieval import Index, parse
from retrieval.acronyms import Glossary, definitions


@pytest.mark.parametrize(
    ("text", "acronym", "long_form"),
    [
        ("Global foreign direct investment (FDI) rose.", "fdi", ("foreign", "direct", "invest")),
        ("the Office of Management and Budget (OMB) said", "omb", ("offic", "manag", "budget")),
        ("chains of proof-of-work (PoW) miners", "pow", ("proof", "work")),
        ("regional global value chains (GVCs) grew", "gvcs", ("global", "valu", "chain")),
    ],
)
def test_a_definition_is_an_acronym_in_brackets_after_its_initials(
    text: str, acronym: str, long_form: tuple[str, ...]
) -> None:
    assert definitions([text]) == {(acronym, long_form)}


@pytest.mark.parametrize(
    "text",
    [
        "The ministry (see annex) said so.",  # not an acronym
        "The index fell again (GDP).",  # "again" gives no P
        "The Preventing Rate Inflation in Consumer Energy (PRICE) Act.",  # an everyday word
    ],
)
def test_brackets_that_define_nothing_searchable_are_skipped(text: str) -> None:
    assert definitions([text]) == set()


def test_each_long_form_an_acronym_stands_for_is_kept() -> None:
    glossary = Glossary(["Deep packet inspection (DPI) first.", "dots per inch (DPI) later."])
    assert glossary.definitions == {
        ("dpi", ("deep", "packet", "inspect")),
        ("dpi", ("dot", "per", "inch")),
    }
    assert glossary.expansions(["dot", "per", "inch"]) == {"dpi"}


def test_a_question_spelling_out_a_long_form_also_searches_its_acronym() -> None:
    glossary = Glossary(["Global foreign direct investment (FDI) rose."])
    assert glossary.expansions(["africa", "foreign", "direct", "invest"]) == {"fdi"}
    assert glossary.expansions(["direct", "foreign", "invest"]) == set()  # not the long form
    assert glossary.expansions(["fdi", "africa"]) == set()  # the acronym itself: nothing more


REPORT = """# Investment

## Global

Global foreign direct investment (FDI) rose by 6 per cent.

## Jobs

Factories drew more workers than in any year since 2010.

## Capital

Factories drew less FDI than in any year since 2010.
"""


def test_a_passage_using_the_acronym_comes_before_one_without_it() -> None:
    index = Index.build(parse(REPORT))
    question = "How much foreign direct investment went into factories?"
    assert index.score(question).weights["fdi"] == index.config.variant_weight
    found = [hit.paragraph.section[-1] for hit in index.search(question, k=3).hits]
    assert found.index("Capital") < found.index("Jobs")
