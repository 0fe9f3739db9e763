"""The commands that read the reports: ``ask``, ``sections``, ``reports`` and ``eval``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.console import overview_text as first
from bot.console import rendering
from bot.console.exits import EXIT_NOT_COVERED, EXIT_OK
from bot.console.progress import ProgressBar
from bot.redaction import printable
from bot.serving.reader import open_reader
from bot.settings import Settings
from retrieval import (
    Library,
    QuestionError,
    Ranker,
    Report,
    ReportError,
    load_library,
)
from retrieval.evaluation import (
    Outcome,
    ask_index,
    collection_scores,
    evaluate_collection,
    load_manifest,
    load_questions,
    score,
)
from retrieval.hybrid import Mode, plan_ranker
from retrieval.understanding import understand


def ask(args: argparse.Namespace, settings: Settings) -> int:
    """``ask``: the best passages for one question, or the overview, or a section's lead;
    with ``--after`` the question is read as a follow-up of that one."""
    if not args.question.strip():
        raise QuestionError("The question is empty; ask in plain words.")
    index = build_ranker(settings, settings.ranker)
    k = args.k or settings.top_k
    understood = understand(index, args.question, args.after or "", k)
    read = understood.reading
    if understood.overviews:
        overviews = understood.overviews
        shown = first.overview_json(args.question, overviews) if args.json else None
        print(shown or first.overview_text(overviews, read.language, read.concluding))
        return EXIT_OK
    if understood.section is not None and not args.json:
        print(first.section_text(understood.section))
        return EXIT_OK
    result = understood.result or index.search(args.question, k)
    if args.json:
        print(rendering.answer_json(result, read))
    else:
        several = len(index.reports) > 1
        text = rendering.answer_text(result, bold=sys.stdout.isatty(), name_reports=several)
        print(first.reading_prefix(read) + text)
    return EXIT_NOT_COVERED if result.verdict == "not_covered" else EXIT_OK


def sections(args: argparse.Namespace, settings: Settings) -> int:
    """``sections``: one report's outline."""
    library = read_library(settings)
    if args.report > len(library.reports):
        raise ReportError(f"There are {len(library.reports)} reports; see report-bot reports.")
    report = library.reports[args.report - 1]
    print(rendering.outline_json(report) if args.json else rendering.outline_text(report))
    return EXIT_OK


def reports(args: argparse.Namespace, settings: Settings) -> int:
    """``reports``: the reports of REPORT_PATH."""
    reports = read_library(settings).reports
    print(rendering.reports_json(reports) if args.json else rendering.reports_text(reports))
    return EXIT_OK


def evaluate(args: argparse.Namespace, settings: Settings) -> int:
    """``eval``: Hit@1, Hit@3 and MRR on a question file, or on a collection manifest."""
    if args.file.endswith(".json"):
        return _evaluate_collection(args, settings)
    index = build_ranker(settings, settings.ranker)
    questions = load_questions(args.file)
    outcomes = ask_index(index, questions, args.k)
    scores = score(outcomes)
    print(rendering.scores_json(scores) if args.json else rendering.scores_text(scores, args.k))
    if args.misses and not args.json:
        _print_misses(outcomes)
    return EXIT_OK


def _evaluate_collection(args: argparse.Namespace, settings: Settings) -> int:
    """``eval eval/manifest.json``: every report of the collection, each ranked alone."""
    entries = load_manifest(args.file)

    def ranker_for(report: Report) -> Ranker:
        return plan_ranker(report, settings.ranker, settings.cache_dir).built()[0]

    results = evaluate_collection(entries, ranker_for, args.k)
    scores = collection_scores(results)
    print(rendering.scores_json(scores) if args.json else rendering.scores_text(scores, args.k))
    if args.misses and not args.json:
        for entry, outcomes in results:
            print(f"\n{entry.id} ({entry.part})", end="")
            _print_misses(outcomes)
    return EXIT_OK


def _print_misses(outcomes: Sequence[Outcome]) -> None:
    """Each question whose first passage is not its answer, or whose verdict is wrong."""
    print("\nnot answered first:")
    for outcome in outcomes:
        rank = outcome.first_gold_rank
        wrong = outcome.question.answerable != (outcome.verdict == "answered")
        if (outcome.question.answerable and rank != 1) or wrong:
            asked = outcome.question
            print(f"  {asked.id} [{asked.kind}] rank={rank} {outcome.verdict}: {asked.question}")


def build_ranker(settings: Settings, ranker: Mode) -> Ranker:
    """The ranker over REPORT_PATH's reports, built (or read from the cache) in the foreground,
    with a progress bar while the paragraphs are embedded."""
    library = read_library(settings)
    bar = ProgressBar()
    try:
        index, _ = plan_ranker(library, ranker, settings.cache_dir, progress=bar).built()
    finally:
        bar.close()
    return index


def read_library(settings: Settings) -> Library:
    """The reports of REPORT_PATH, parsed once and then read back from the cache, with a
    progress bar while reading takes long; each file that cannot be served is named."""
    reader = open_reader(settings)
    bar = ProgressBar("Reading reports", unit="file")
    try:
        library = load_library(settings.report_path, read=reader, progress=bar)
    finally:
        bar.close()
    reader.prune()
    print_skipped(library)
    return library


def print_skipped(library: Library) -> None:
    """Name each file of the library that cannot be served, and why, on stderr."""
    for path, reason in library.skipped:
        print(f"report-bot: skipped {printable(path)}: {printable(reason)}", file=sys.stderr)
