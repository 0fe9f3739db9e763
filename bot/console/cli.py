"""``report-bot``: ask the report from the terminal, show its outline, score it, run the bot.

Exit status: 0 when there is an answer, 1 when the report does not cover the question,
2 for anything the user must fix (settings, report file, an empty question, a token Telegram
rejects), 3 when the bot could not reach Telegram or stopped on an error (``bot/console/exits.py``).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.console import rendering as console
from bot.console.exits import EXIT_FAILED, EXIT_NOT_COVERED, EXIT_OK, EXIT_UNHEALTHY, EXIT_USAGE
from bot.console.progress import ProgressBar
from bot.conversation.examples import first_question
from bot.logs import protected_output
from bot.serving.editions import Editions
from bot.serving.heartbeat import age as heartbeat_age
from bot.serving.watching import snapshot
from bot.settings import ASK_EXAMPLE, Settings, SettingsError, load_settings
from retrieval import (
    Library,
    LibraryRanker,
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

__all__ = ["EXIT_NOT_COVERED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

EXAMPLES = """\
examples:
  report-bot ask "How did Azerbaijan react?"
  report-bot ask "Baku-Novorossiysk pipeline" -k 1 --json
  report-bot sections
  report-bot reports                  # the reports of REPORT_PATH (a file or a folder)
  report-bot eval eval/manifest.json
  report-bot check                    # settings, token format and report, offline
  report-bot check --online           # ... and one getMe call to Telegram
  report-bot health                   # is the running bot hearing from Telegram? (0 / 1)
  report-bot index                    # embed the report now (RANKER=hybrid or auto)
  report-bot feedback                 # readers' votes and uncovered questions
  report-bot run                      # needs TELEGRAM_BOT_TOKEN (see .env.example)
  report-bot run --webhook            # also WEBHOOK_URL and WEBHOOK_SECRET_TOKEN
"""


def build_parser() -> argparse.ArgumentParser:
    """The command line: one sub-command per job."""
    parser = argparse.ArgumentParser(
        prog="report-bot",
        description="Answer questions about a report with the passages that answer them.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_reading_commands(commands)
    _add_operating_commands(commands)
    return parser


def _add_reading_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The commands that read the reports: ask, sections, reports, eval."""
    ask = commands.add_parser("ask", help="answer a question from the terminal")
    ask.add_argument("question", help="the question, in plain words")
    ask.add_argument("-k", type=_positive, default=None, help="passages to show (default TOP_K)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")

    sections = commands.add_parser("sections", help="show the report's outline")
    sections.add_argument("--json", action="store_true", help="print one JSON object")
    sections.add_argument(
        "--report", type=_positive, default=1, help="which report of a folder (default 1)"
    )

    reports = commands.add_parser("reports", help="list the reports served (REPORT_PATH)")
    reports.add_argument("--json", action="store_true", help="print one JSON object")

    evaluate = commands.add_parser(
        "eval", help="score the ranking on a question file (JSONL) or eval/manifest.json"
    )
    evaluate.add_argument(
        "file", help="questions (.jsonl) on REPORT_PATH, or a collection manifest (.json)"
    )
    evaluate.add_argument("-k", type=_positive, default=10, help="hits per question (default 10)")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.add_argument(
        "--misses", action="store_true", help="also list questions not answered first"
    )


def _add_operating_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The commands that run or look after the bot: run, index, check, health, feedback."""
    run = commands.add_parser("run", help="start the Telegram bot (polling, or --webhook)")
    run.add_argument(
        "--webhook",
        action="store_true",
        help="receive updates on an HTTP server Telegram posts to (WEBHOOK_* settings)",
    )
    commands.add_parser(
        "index", help="build the embedding cache ahead of time (hybrid ranker), with progress"
    )
    check = commands.add_parser(
        "check", help="validate settings, token format and report offline (a deploy gate)"
    )
    check.add_argument(
        "--online", action="store_true", help="also call Telegram's getMe once with the token"
    )
    commands.add_parser(
        "health",
        help="exit 0 if the running bot heard from Telegram lately (its heartbeat file), else 1",
    )
    feedback = commands.add_parser(
        "feedback", help="what readers disliked and asked about that the report lacks"
    )
    feedback.add_argument("-n", type=_positive, default=10, help="rows per list (default 10)")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``report-bot`` console script."""
    args = build_parser().parse_args(argv)
    settings: Settings | None = None
    try:
        settings = load_settings()
        return COMMANDS[args.command](args, settings)
    except (SettingsError, ReportError, QuestionError) as error:
        message = str(error).replace("run: report-bot ", f"run: {_how_to_call_me()} ")
        if ASK_EXAMPLE in message and settings is not None:
            message = message.replace(ASK_EXAMPLE, _example_question(settings))
        print(f"report-bot: {message}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        sys.stderr.close()
        return EXIT_OK


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    """``ask``: the best passages for one question."""
    if not args.question.strip():
        raise QuestionError("The question is empty; ask in plain words.")
    index = _ranker(settings, settings.ranker)
    result = index.search(args.question, args.k or settings.top_k)
    if args.json:
        print(console.answer_json(result))
    else:
        several = len(index.reports) > 1
        print(console.answer_text(result, bold=sys.stdout.isatty(), name_reports=several))
    return EXIT_NOT_COVERED if result.verdict == "not_covered" else EXIT_OK


def _sections(args: argparse.Namespace, settings: Settings) -> int:
    """``sections``: one report's outline."""
    library = _load_library(settings)
    if args.report > len(library.reports):
        raise ReportError(f"There are {len(library.reports)} reports; see report-bot reports.")
    report = library.reports[args.report - 1]
    print(console.outline_json(report) if args.json else console.outline_text(report))
    return EXIT_OK


def _reports(args: argparse.Namespace, settings: Settings) -> int:
    """``reports``: the reports of REPORT_PATH."""
    reports = _load_library(settings).reports
    print(console.reports_json(reports) if args.json else console.reports_text(reports))
    return EXIT_OK


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    """``eval``: Hit@1, Hit@3 and MRR on a question file, or on a collection manifest."""
    if args.file.endswith(".json"):
        return _evaluate_collection(args, settings)
    index = _ranker(settings, settings.ranker)
    questions = load_questions(args.file)
    outcomes = ask_index(index, questions, args.k)
    scores = score(outcomes)
    print(console.scores_json(scores) if args.json else console.scores_text(scores, args.k))
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
    print(console.scores_json(scores) if args.json else console.scores_text(scores, args.k))
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


def _check(args: argparse.Namespace, settings: Settings) -> int:
    """``check``: settings, token format and report offline; ``--online``: one getMe call."""
    settings.require_token()  # the most likely thing to be missing
    index = _ranker(settings, "bm25")
    store = settings.open_feedback()  # FeedbackStoreError says why it cannot be used
    store.close()
    if settings.redis_url is not None:
        from bot.storage.fair_use_redis import ping  # redis loads only when configured

        ping(settings.redis_url)  # SharedStateError says why it cannot be used
    username = None
    if args.online:
        from bot.serving.online import (  # the Telegram stack loads only here
            OnlineCheckError,
            get_me,
        )

        with protected_output(settings.secrets()):
            try:
                username = get_me(settings)
            except OnlineCheckError as error:
                print(f"report-bot: {error}", file=sys.stderr)
                return EXIT_USAGE if error.rejected else EXIT_FAILED
    print(console.check_text(settings, index, store.location, username))
    return EXIT_OK


def _health(args: argparse.Namespace, settings: Settings) -> int:
    """``health``: whether the running bot's heartbeat is fresh (the Docker HEALTHCHECK)."""
    seconds = heartbeat_age(settings.heartbeat_file)
    limit = settings.health_max_age_seconds
    if seconds is None:
        where = settings.heartbeat_file
        print(f"report-bot: not serving: no heartbeat at {where}", file=sys.stderr)
        return EXIT_UNHEALTHY
    if seconds > limit:
        print(
            f"report-bot: not serving: last heard from Telegram {seconds:.0f} s ago "
            f"(more than {limit:g} s)",
            file=sys.stderr,
        )
        return EXIT_UNHEALTHY
    print(f"serving: last heard from Telegram {seconds:.0f} s ago")
    return EXIT_OK


def _index(args: argparse.Namespace, settings: Settings) -> int:
    """``index``: build the caches (the embeddings, with a progress bar) ahead of time."""
    bar = ProgressBar()
    try:
        library = _load_library(settings)
        _, description = plan_ranker(
            library, settings.ranker, settings.cache_dir, progress=bar
        ).built()
    finally:
        bar.close()
    print(f"ranker: {description}")
    return EXIT_OK


def _feedback(args: argparse.Namespace, settings: Settings) -> int:
    """``feedback``: the most disliked answers and the most asked uncovered questions."""
    library = _load_library(settings)
    store = settings.open_feedback()
    try:
        print(console.feedback_text(store.summary(args.n), library.reports))
    finally:
        store.close()
    return EXIT_OK


def _run(args: argparse.Namespace, settings: Settings) -> int:
    """``run``: the Telegram bot, polling or on a webhook."""
    settings.require_token()  # before the report: the most likely thing to be missing
    if args.webhook:
        settings.require_webhook()
    editions = Editions(settings.report_path, settings.ranker, settings.cache_dir)
    seen = snapshot(settings.report_path)  # before reading: a change made meanwhile is seen
    library = editions.read()
    _print_skipped(library)
    # The bot answers with BM25 while the embeddings are built in the background.
    edition = editions.build(library)
    from bot.serving.app import run_bot  # the Telegram stack loads only when needed
    from bot.serving.reloading import Reloader

    interval = settings.reload_interval
    reloader = Reloader(editions, edition, seen, interval) if interval > 0 else None
    return run_bot(
        settings, edition.ranker, edition.description, webhook=args.webhook, reloader=reloader
    )


Command = Callable[[argparse.Namespace, Settings], int]
COMMANDS: dict[str, Command] = {
    "ask": _ask,
    "sections": _sections,
    "reports": _reports,
    "eval": _eval,
    "check": _check,
    "health": _health,
    "index": _index,
    "feedback": _feedback,
    "run": _run,
}
"""Each sub-command of ``build_parser`` and the function that carries it out."""


def _ranker(settings: Settings, ranker: Mode) -> LibraryRanker:
    """The ranker over REPORT_PATH's reports, built (or read from the cache) in the foreground."""
    index, _ = plan_ranker(_load_library(settings), ranker, settings.cache_dir).built()
    return index


def _load_library(settings: Settings) -> Library:
    """The reports of REPORT_PATH; each file that cannot be served is named on stderr."""
    library = load_library(settings.report_path)
    _print_skipped(library)
    return library


def _print_skipped(library: Library) -> None:
    """Name each file of the library that cannot be served, and why, on stderr."""
    for path, reason in library.skipped:
        print(f"report-bot: skipped {path}: {reason}", file=sys.stderr)


def _example_question(settings: Settings) -> str:
    """A question about the served report, quoted for a shell; the placeholder if unreadable."""
    try:
        report = load_library(settings.report_path).reports[0]
    except ReportError:
        return ASK_EXAMPLE
    return shlex.quote(first_question(report.sections))


def _how_to_call_me() -> str:
    """How the user can run this command again: ``report-bot`` if it is on PATH, else its path.

    After ``make run`` it lives in .venv/bin, which is not on the user's PATH.
    """
    me = Path(sys.argv[0]).resolve()
    on_path = shutil.which("report-bot")
    if not me.name.startswith("report-bot") or (on_path and Path(on_path).resolve() == me):
        return "report-bot"
    relative = os.path.relpath(me)
    return relative if not relative.startswith("..") else str(me)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


if __name__ == "__main__":
    raise SystemExit(main())
