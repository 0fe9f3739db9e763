"""Reply formatting: valid Telegram HTML, escaping once, and the 4096-unit limit."""

from __future__ import annotations

import html
import re

import pytest

from bot.console import rendering
from bot.conversation import answers, markup, replies, views
from retrieval import Hit, Index, Paragraph, Report, SearchResult, Section, parse
from retrieval.spelling import Correction

TAG = re.compile(r"</?([a-z]+)>")


def hit_for(text: str, section: tuple[str, ...] = ("Part",), **spans: object) -> Hit:
    paragraph = Paragraph(1, 2, section, 1, text)
    report = parse(f"A report\n{section[-1]}\n{text}")
    return Hit(1, 1.0, paragraph, spans.get("sentences", ()), spans.get("matches", ()), report)  # type: ignore[arg-type]


def assert_balanced(message: str) -> None:
    stack: list[str] = []
    for match in TAG.finditer(message):
        name = match.group(1)
        if match.group().startswith("</"):
            assert stack, message
            assert stack.pop() == name, message
        else:
            stack.append(name)
    assert not stack


def test_passage_has_bold_heading_then_text() -> None:
    block = answers.passage(hit_for("Plain text.", ("Part", "Sub")))[0]
    assert block == "<b>Part › Sub</b>\nPlain text."


def test_passage_of_a_paged_report_cites_its_page() -> None:
    paragraph = Paragraph(1, 2, ("Part",), 1, "Prices rose.", page=7)
    block = answers.passage(Hit(1, 1.0, paragraph, (), (), parse("A report\nPart\nPrices rose.")))[
        0
    ]
    assert block == "<b>Part</b> · <i>p. 7</i>\nPrices rose."


@pytest.mark.parametrize(
    ("page", "label", "cited"),
    [
        (18, "15", "p. 15, PDF page 18"),
        (3, "iii", "p. iii, PDF page 3"),
        (7, "7", "p. 7"),
        (7, None, "p. 7"),
        (None, None, None),
    ],
)
def test_pages_are_cited_as_printed_with_the_file_page_where_they_differ(
    page: int | None, label: str | None, cited: str | None
) -> None:
    paragraph = Paragraph(1, 2, ("Part",), 1, "Prices rose.", page=page, label=label)
    assert views.page_citation(paragraph) == cited


def test_section_view_marks_where_each_page_starts() -> None:
    report = Report(
        "Title",
        (Section(1, "Part", 1, ("Part",), (1, 2, 3)),),
        tuple(
            Paragraph(n, n, ("Part",), 1, f"Paragraph {n}.", page=page)
            for n, page in ((1, 6), (2, 7), (3, 7))
        ),
        format="pdf",
    )
    (message,) = views.section_view(report, 1, None)
    assert message == (
        "<i>Title</i>\n<b>1. Part</b>\n\n<i>p. 6</i>\n\nParagraph 1.\n\n<i>p. 7</i>\n\nParagraph 2."
        "\n\nParagraph 3."
    )


def test_reports_list_names_each_format() -> None:
    reports = [
        Report("Gas", (), (), "gas.pdf", "pdf"),
        Report("Oil", (), (), "oil.html", "html"),
    ]
    (message,) = views.reports_list(reports)
    assert message.endswith("1. <i>Gas</i> · PDF\n2. <i>Oil</i> · web page")


def test_report_text_is_escaped_once() -> None:
    block = answers.passage(hit_for("a < b & c > d &amp; e", ("A&B <x>",)))[0]
    assert "<b>A&amp;B &lt;x&gt;</b>" in block
    assert "a &lt; b &amp; c &gt; d &amp;amp; e" in block


def test_answer_sentence_is_bold_and_matched_words_underlined() -> None:
    text = "First one. The raid was in June. Last one."
    hit = hit_for(text, sentences=((11, 32),), matches=((15, 19), (27, 31)))
    body = answers.passage(hit)[0].split("\n", 1)[1]
    assert body == "First one. <b>The <u>raid</u> was in <u>June</u>.</b> Last one."


@pytest.mark.parametrize("length", [10, 4000, 4096, 9000, 20000])
def test_every_message_fits_telegrams_limit(length: int) -> None:
    words = ("word " * (length // 5 + 1))[:length].strip()
    result = SearchResult("q", (hit_for(words), hit_for(words)))
    messages = answers.answer(result)
    assert all(1 <= markup.visible_length(m) <= markup.MESSAGE_LIMIT for m in messages)
    for message in messages:
        assert_balanced(message)


def test_one_long_word_is_cut_mid_word_rather_than_overflowing() -> None:
    messages = answers.answer(SearchResult("q", (hit_for("x" * 10000),)))
    assert all(markup.visible_length(m) <= markup.MESSAGE_LIMIT for m in messages)
    assert sum(m.count("x") for m in messages) == 10000


def test_emoji_count_two_units_towards_the_limit() -> None:
    assert markup.visible_length("🙂") == 2
    messages = answers.answer(SearchResult("q", (hit_for("🙂" * 3000),)))
    assert all(markup.visible_length(m) <= markup.MESSAGE_LIMIT for m in messages)
    assert len(messages) == 2


def test_entities_count_as_one_character() -> None:
    assert markup.visible_length("<b>a &amp; b</b>") == 5


def test_short_answer_is_one_message_with_passages_in_order() -> None:
    report = parse("T\nApples\nApples are red.\nPears\nPears are green.\n")
    result = Index.build(report).search("apples pears", k=2)
    messages = answers.answer(result)
    assert len(messages) == 1
    assert "are red." in messages[0]
    assert "are green." in messages[0]


def test_no_hits_says_not_covered_and_points_to_sections() -> None:
    (message,) = answers.answer(SearchResult("q", ()))
    assert "does not seem to cover" in message
    assert "/sections" in message


def test_correction_is_announced_escaped() -> None:
    result = SearchResult("q", (), (Correction("pashinian", "Pash<inyan>", "pashinyan"),))
    assert "Showing results for Pash&lt;inyan&gt;" in answers.answer(result)[0]


def test_outline_is_numbered_and_indented(seed_report: Report) -> None:
    message, following = views.outline_page(seed_report)
    assert following is None
    assert (
        "\n3. What is behind the scenes?  /s3\n    4. Russian arrogance and racism  /s4\n"
        in message
    )


def test_outline_of_another_report_shows_its_own_shortcuts(seed_report: Report) -> None:
    message, _ = views.outline_page(seed_report, report_number=2)
    assert "7. Turkey  /r2s7" in message


def test_long_outline_is_read_a_page_at_a_time_each_section_once() -> None:
    headings = "\n".join(f"Heading number {i}\nBody text {i}." for i in range(2000))
    report = parse("Title\n" + headings)
    pages: list[str] = []
    start: int | None = 1
    while start is not None and len(pages) <= len(report.sections):
        page, start = views.outline_page(report, 1, start)
        pages.append(page)
    assert len(pages) > 1
    assert all(markup.visible_length(page) <= markup.MESSAGE_LIMIT for page in pages)
    shortcuts = re.findall(r"/s(\d+)\b", "".join(pages))
    assert [int(n) for n in shortcuts] == list(range(1, len(report.sections) + 1))


def test_huge_section_is_cut_after_a_few_messages_and_says_so() -> None:
    body = "\n".join(f"Sub {i}\n{'Text of a long paragraph. ' * 40}" for i in range(500))
    report = parse(f"Title\nPart\n{body}")
    messages = views.section_view(report, 1, None)
    assert len(messages) == views.SECTION_MESSAGES + 1
    assert messages[-1] == views.section_goes_on()


def test_welcome_names_report_and_escapes_examples(seed_report: object) -> None:
    text = replies.welcome([seed_report], ["Is <this> & that?"], [("help", "how")])  # type: ignore[list-item]
    assert "PSCRP-BESA Reports No 140" in text
    assert "Is &lt;this&gt; &amp; that?" in text
    assert "/help - how" in text
    assert html.unescape(text).count("<b>") == text.count("<b>")


def test_a_foreign_question_without_hits_is_told_the_report_is_english() -> None:
    (message,) = answers.answer(SearchResult("q", (), (), foreign=True, verdict="not_covered"))
    assert message.startswith("<i>The report is in English")
    assert "/sections" in message
    assert answers.not_covered() not in message


@pytest.mark.parametrize(
    "result",
    [
        SearchResult("q", (hit_for("Rents will be capped."),), verdict="closest", language="ru"),
        SearchResult("q", (), verdict="not_covered", language="de"),
        SearchResult("q", (), (), foreign=True, verdict="not_covered", language="tr"),
    ],
)
def test_the_console_says_the_notes_the_bot_says_in_the_same_order(result: SearchResult) -> None:
    said = [note.text for note in answers.notes(result, rendering.OUTLINE)]
    assert said
    text = rendering.answer_text(result)
    assert [text.index(line) for line in said] == sorted(text.index(line) for line in said)
    in_chat = html.unescape(answers.answer(result)[0])
    assert all(line.replace(rendering.OUTLINE, "/sections") in in_chat for line in said)


def test_foreign_hits_are_marked_as_found_by_meaning() -> None:
    hit = hit_for("Rents will be capped.")
    first = answers.answer(SearchResult("q", (hit,), (), foreign=True))[0]
    assert first.startswith("<i>The question is not in English")


def test_closest_passages_come_under_a_caveat_line() -> None:
    hit = hit_for("Rents will be capped.")
    answered = answers.answer(SearchResult("rents", (hit,)))
    closest = answers.answer(SearchResult("rents", (hit,), verdict="closest"))
    assert answers.closest_caveat() not in "".join(answered)
    assert closest[0].startswith(f"<i>{html.escape(answers.closest_caveat())}</i>")
    assert_balanced(closest[0])


def test_inline_title_marks_a_closest_passage() -> None:
    hit = hit_for("Rents will be capped.", section=("Housing", "Rents"))
    assert answers.inline_title(hit) == "Housing › Rents"
    assert answers.inline_title(hit, closest=True) == "Closest match · Housing › Rents"


def test_each_message_of_a_long_answer_knows_the_passages_it_starts() -> None:
    hits = tuple(hit_for(f"Passage {n} " + "word " * 700, (f"Part {n}",)) for n in range(4))
    messages = answers.answer_messages(SearchResult("q", hits))
    assert len(messages) > 1
    assert [i for _, owned in messages for i in owned] == [0, 1, 2, 3]
    for text, owned in messages:
        assert all(f"Part {i}" in text for i in owned)


def test_a_paragraph_too_long_for_one_message_is_cut_to_fit() -> None:
    report = parse("A report\nPart\n" + "word " * 2000)
    view = views.paragraph_view(report, 1, name_report=True)
    assert view.startswith("<i>A report</i>\n<b>Part</b>\n")
    assert view.endswith(" …")
    assert markup.visible_length(view) <= markup.MESSAGE_LIMIT


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [(1, "report", "1 report"), (2, "report", "2 reports"), (12000, "word", "12,000 words")],
)
def test_counts_agree_with_their_nouns(count: int, noun: str, said: str) -> None:
    assert views.plural(count, noun) == said


def test_a_library_of_one_and_a_report_of_one_section_are_singular() -> None:
    report = parse("A report\nPart\nOne paragraph only.")
    assert "I answer from 1 report</b>" in views.reports_list([report])[0]
    assert "I answer from 1 report</b>" in views.about_library([report])[0]
    assert "1 section · 1 paragraph · about 3 words" in views.about(report)
    assert "The report has one section" in replies.no_such_section(1)
