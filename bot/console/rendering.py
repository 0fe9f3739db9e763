"""Plain-text and JSON renderings for the command line (no Telegram here)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Any

from bot.conversation import answers
from bot.conversation.catalogue import report_key, split_vote_key
from bot.conversation.views import format_name, page_citation
from bot.redaction import printable
from bot.settings import Settings
from bot.storage.feedback import Summary
from retrieval import Hit, Ranker, Report, SearchResult
from retrieval.evaluation import Scores
from retrieval.intent import Reading
from retrieval.library import content_hash

SECTION_SEPARATOR = " › "
OUTLINE = "`report-bot sections`"


def hit_record(hit: Hit) -> dict[str, Any]:
    """One hit in the public JSON shape documented in README.md."""
    record = {
        "rank": hit.rank,
        "score": round(hit.score, 4),
        "section": list(hit.paragraph.section),
        "paragraph": hit.paragraph.number,
        "line": hit.paragraph.line,
        "page": hit.paragraph.page,
        "printed_page": hit.paragraph.label,
        "text": hit.paragraph.text,
        "sentences": [list(span) for span in hit.sentences],
        "matched": list(hit.matched),
    }
    if hit.components:
        record["scores"] = {name: round(value, 4) for name, value in hit.components}
    record["report"] = {"title": hit.report.title, "path": hit.report.source}
    return record


def answer_json(result: SearchResult, reading: Reading | None = None) -> str:
    """``report-bot ask --json``: exactly one JSON object.

    ``reading`` says how the question was read (a search, a follow-up ranked as ``query``).
    """
    return json.dumps(
        {
            "query": result.query,
            "reading": reading.kind if reading else "search",
            "hits": [hit_record(hit) for hit in result.hits],
            "corrections": [
                {"original": c.original, "replacement": c.replacement} for c in result.corrections
            ],
            "note": answers.language_note(result, OUTLINE),
            "verdict": result.verdict,
        },
        ensure_ascii=False,
    )


def answer_text(
    result: SearchResult, width: int = 88, bold: bool = False, name_reports: bool = False
) -> str:
    """The answer as a reader would see it: section path, then the passage.

    With ``name_reports`` (a library of several reports) each passage comes under its
    report's title and date.
    """
    lines: list[str] = []
    for note in answers.notes(result, OUTLINE):
        lines += [note.text, ""]
    if not result.hits:
        return "\n".join(lines).rstrip()
    for hit in result.hits:
        paragraph = hit.paragraph
        if name_reports:
            lines.append(hit.report.name)
        lines.append(SECTION_SEPARATOR.join(paragraph.section))
        cited = page_citation(paragraph)
        page = "" if cited is None else f"{cited}, "
        lines.append(f"  ({page}paragraph {paragraph.number}, line {paragraph.line})")
        text = _emphasise(paragraph.text, hit.sentences) if bold else paragraph.text
        lines.extend(textwrap.wrap(text, width=width, initial_indent="  ", subsequent_indent="  "))
        lines.append("")
    return "\n".join(lines).rstrip()


def reports_text(reports: Sequence[Report]) -> str:
    """``report-bot reports``: every report served, numbered, with its format and file."""
    return "\n".join(
        f"{number}. {report.name}  [{format_name(report)}: {printable(report.source)}]"
        for number, report in enumerate(reports, start=1)
    )


def reports_json(reports: Sequence[Report]) -> str:
    """``report-bot reports --json``."""
    records = [
        {
            "number": number,
            "title": report.title,
            "date": report.date,
            "path": report.source,
            "format": report.format,
            "paragraphs": len(report.paragraphs),
        }
        for number, report in enumerate(reports, start=1)
    ]
    return json.dumps({"reports": records}, ensure_ascii=False)


def _emphasise(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Wrap the answer sentences in ANSI bold for a terminal."""
    for start, end in sorted(spans, reverse=True):
        text = f"{text[:start]}\033[1m{text[start:end]}\033[0m{text[end:]}"
    return text


def outline_record(report: Report) -> dict[str, Any]:
    """``report-bot sections --json``: the title and the sections in reading order."""
    return {
        "title": report.title,
        "sections": [
            {
                "number": s.number,
                "title": s.title,
                "level": s.level,
                "path": list(s.path),
                "paragraphs": list(s.paragraphs),
            }
            for s in report.sections
        ],
    }


def outline_text(report: Report) -> str:
    """The outline, nested and numbered."""
    lines = [report.title, ""]
    lines += [f"{'    ' * (s.level - 1)}{s.number}. {s.title}" for s in report.sections]
    return "\n".join(lines)


def scores_text(scores: Sequence[Scores], k: int) -> str:
    """The eval table: Hit@1, Hit@3, MRR@k and the verdicts, one row per group."""
    width = max([30] + [len(s.kind) + 2 for s in scores])  # long report ids stay aligned
    header = (
        f"{'group':<{width}}{'n':>4}{'Hit@1':>7}{'Hit@3':>7}{f'MRR@{k}':>8}"
        f"{'refused':>9}{'caveat':>8}{'   unans':>8}{' caught':>8}"
    )
    rows = [header, "-" * len(header)]
    for s in scores:
        if not (s.answerable or s.unanswerable):
            continue
        caught = s.unanswerable_rejected + s.unanswerable_caveated
        unanswerable = f"{s.unanswerable:>8}{caught:>8}" if s.unanswerable else ""
        answerable = (
            f"{s.hit_at_1:>7.3f}{s.hit_at_3:>7.3f}{s.mrr_at_10:>8.3f}"
            f"{s.answerable_without_hits:>9}{s.answerable_caveated:>8}"
            if s.answerable
            else f"{'':>39}"
        )
        rows.append(f"{s.kind:<{width}}{s.answerable:>4}{answerable}{unanswerable}")
    rows.append(
        '\nn: answerable questions; refused: of them, answered "not covered"; caveat: shown'
        " as\nclosest passages; unans: unanswerable questions; caught: refused or caveated."
        "\nunanswerable:easy / :hard: facts the report never mentions / its own names asked"
        " about\na fact it lacks. gist, followup :own-text: ranked on their own words (no"
        " overview,\nno earlier question), kept out of the overall rows."
    )
    return "\n".join(rows)


def scores_json(scores: Sequence[Scores]) -> str:
    """``report-bot eval --json``."""
    return json.dumps(
        [
            {
                "kind": s.kind,
                "answerable": s.answerable,
                "hit_at_1": round(s.hit_at_1, 4),
                "hit_at_3": round(s.hit_at_3, 4),
                "mrr_at_10": round(s.mrr_at_10, 4),
                "answerable_without_hits": s.answerable_without_hits,
                "answerable_caveated": s.answerable_caveated,
                "unanswerable": s.unanswerable,
                "unanswerable_rejected": s.unanswerable_rejected,
                "unanswerable_caveated": s.unanswerable_caveated,
            }
            for s in scores
        ]
    )


def outline_json(report: Report) -> str:
    """``report-bot sections --json``."""
    return json.dumps(outline_record(report), ensure_ascii=False)


def check_text(
    settings: Settings, index: Ranker, feedback: str, username: str | None = None
) -> str:
    """``report-bot check``: what was validated, without printing the token or a password.

    ``feedback`` is where the feedback store is (a URL's password hidden); ``username`` is
    the bot's, when ``--online`` asked Telegram with ``getMe``.
    """
    token = settings.require_token().get_secret_value()
    bot_id = token.split(":", 1)[0]
    access = "everyone"
    if settings.allowed_user_ids or settings.allowed_chat_ids:
        access = f"{len(settings.allowed_user_ids)} users, {len(settings.allowed_chat_ids)} chats"
    return "\n".join(
        [
            f"token: well-formed (bot id {bot_id})",
            f"api: {settings.telegram_base_url}",
            *_served(index, settings),
            f"access: {access}",
            f"feedback: {feedback} (writable)",
            f"fair use: {_fair_use(settings)}",
            *([f"telegram: the token is accepted (getMe: @{username})"] if username else []),
            "ok",
        ]
    )


def _fair_use(settings: Settings) -> str:
    limit = f"{settings.fair_use_questions} per {settings.fair_use_window_seconds:g} s"
    if settings.redis_url is None:
        return f"{limit}, counted in this process"
    return f"{limit}, shared through Redis at {settings.redis_url} (reachable)"


def _served(index: Ranker, settings: Settings) -> list[str]:
    if len(index.reports) == 1:
        (report,) = index.reports
        return [
            f"report: {report.title} ({settings.report_path})",
            f"  {len(report.sections)} sections, {len(report.paragraphs)} paragraphs",
        ]
    paragraphs = sum(len(r.paragraphs) for r in index.reports)
    return [f"reports: {len(index.reports)} ({settings.report_path}), {paragraphs} paragraphs"]


def feedback_text(summary: Summary, reports: Sequence[Report]) -> str:
    """``report-bot feedback``: the most disliked answers and the most asked uncovered questions.

    Each disliked answer's first passage is looked up in the report it came from.
    """
    by_key = {report_key(report): (report, content_hash(report)) for report in reports}
    if len(reports) == 1:
        by_key[""] = by_key[report_key(reports[0])]  # votes before passages named their report
    lines = [f"{summary.votes} votes, {summary.likes} 👍, {summary.votes - summary.likes} 👎", ""]
    lines.append("Most 👎 (question, then the passage shown first):")
    for row in summary.disliked:
        lines.append(f"  {row.dislikes} 👎 {row.likes} 👍  {printable(row.question)}")
        key, number = row.first_passage or ("", 0)
        name, voted_on = split_vote_key(key)
        report, version = by_key.get(name, (None, ""))
        if report is not None and not version.startswith(voted_on):
            lines.append(f"      ({report.name} has changed since this vote)")
        elif report is not None and 1 <= number <= len(report.paragraphs):
            paragraph = report.paragraph(number)
            path = SECTION_SEPARATOR.join(paragraph.section)
            if len(reports) > 1:
                lines.append(f"      {report.name}")
            lines.append(f"      {path}: {textwrap.shorten(paragraph.text, 70)}")
    if not summary.disliked:
        lines.append("  (none)")
    for title, asked in (
        ("Most asked, not covered by the report:", summary.uncovered),
        ("Most asked, answered only with the closest passages (likely misses):", summary.closest),
    ):
        lines += ["", title]
        lines += [f"  {count}x  {printable(question)}" for question, count in asked]
        if not asked:
            lines.append("  (none)")
    return "\n".join(lines)
