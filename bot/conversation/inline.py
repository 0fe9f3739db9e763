"""Inline mode: ``@bot question`` typed in any chat lists the best passages to post; ``@bot``
alone lists example questions."""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.ext import ContextTypes

from bot.conversation import answers
from bot.conversation.catalogue import Catalogue, Passage
from bot.conversation.examples import Examples
from bot.conversation.state import search, state
from retrieval import QuestionError

INLINE_RESULTS = 5


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the best passages for ``@bot question`` typed in any chat."""
    query = update.inline_query
    if query is None:
        return
    bot_state = state(context)
    catalogue = bot_state.catalogue
    if not query.query.strip():
        await query.answer(examples(catalogue, bot_state.examples), cache_time=60)
        return
    try:
        result = await search(bot_state, query.query, INLINE_RESULTS)
        hits, closest = result.hits, result.verdict == "closest"
    except QuestionError:  # a wordless query: no results
        hits, closest = (), False
    results = [
        InlineQueryResultArticle(
            id=result_id(catalogue, catalogue.passage(hit)),
            title=answers.inline_title(hit, closest=closest),
            description=answers.inline_description(hit),
            input_message_content=InputTextMessageContent(answers.inline_message(hit)),
        )
        for hit in hits
    ]
    await query.answer(results, cache_time=60)


def examples(catalogue: Catalogue, suggested: Examples) -> list[InlineQueryResultArticle]:
    """For an empty query: the example questions, each posting its best passage (found when
    the examples were chosen, so nothing is searched)."""
    return [
        InlineQueryResultArticle(
            id=f"{catalogue.tag}-example-{number}",
            title=answers.inline_example_title(question),
            description=answers.inline_description(hit),
            input_message_content=InputTextMessageContent(answers.inline_message(hit)),
        )
        for number, (question, hit) in enumerate(
            zip(suggested.questions, suggested.answers, strict=False)
        )
    ]


def result_id(catalogue: Catalogue, passage: Passage) -> str:
    """Unique per passage of the library (Telegram refuses an answer with two equal ids)."""
    return f"{catalogue.tag}-{passage.report}-{passage.paragraph}"
