"""Property: whatever a reader types, every reply is one Telegram would accept.

The oracle is the fake Bot API's own parser (a port of TDLib's HTML parser with the 4096
UTF-16 unit limit), so "accept" means what Telegram means by it.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.conversation import answers, replies
from retrieval import Index, QuestionError
from retrieval.analyze import clean_question
from tests.e2e.fake_bot_api import format_text, utf16_len

WORDS = st.sampled_from(
    ["Azerbaijan", "Kremlin’s", "<b>", "&amp;", "</a>", "Öztürk", "🙂", "Москва", "&", "<"]
)
QUESTIONS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=40).map(" ".join),
)


def replies_for(index: Index, text: str) -> list[str]:
    try:
        return answers.answer(index.search(clean_question(text, 64), 3))
    except QuestionError:
        return [replies.no_searchable_words()]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=QUESTIONS)
def test_any_question_yields_replies_telegram_accepts(seed_index: Index, question: str) -> None:
    messages = replies_for(seed_index, question)
    assert messages
    for message in messages:
        plain, _ = format_text(message, "HTML")  # raises with Telegram's description
        assert 1 <= utf16_len(plain) <= 4096
