"""Inline mode: ``@bot question`` typed in any chat lists the best passages to post."""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.ext import ContextTypes

from bot import replies
from bot.state import search, state
from retrieval import QuestionError

INLINE_RESULTS = 5


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the best passages for ``@bot question`` typed in any chat."""
    query = update.inline_query
    if query is None:
        return
    bot_state = state(context)
    try:
        hits = (await search(bot_state, query.query, INLINE_RESULTS)).hits
    except QuestionError:  # an empty or wordless query: no results
        hits = ()
    report = bot_state.index.report
    results = [
        InlineQueryResultArticle(
            id=f"{bot_state.report_tag}-{hit.paragraph.number}",
            title=replies.SECTION_SEPARATOR.join(hit.paragraph.section),
            description=replies.inline_description(hit),
            input_message_content=InputTextMessageContent(replies.inline_message(hit, report)),
        )
        for hit in hits
    ]
    await query.answer(results, cache_time=60)
