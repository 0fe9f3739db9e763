"""``report-bot``: ask the report from the terminal, show its outline, score it, run the bot.

Exit status: 0 when there is an answer, 1 when the report does not cover the question,
2 for anything the user must fix (settings, report file, an empty question, a token Telegram
rejects), 3 when the bot could not reach Telegram or stopped on an error, 4 when ``health``
finds the bot not hearing from Telegram (``bot/console/exits.py``). The commands themselves
are in ``reading`` and ``operating``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.console import operating, reading
from bot.console.exits import EXIT_NOT_COVERED, EXIT_OK, EXIT_USAGE, USER_ERRORS
from bot.conversation.examples import first_question
from bot.redaction import printable
from bot.settings import ASK_EXAMPLE, Settings, load_settings
from retrieval import ReportError, load_library
from retrieval.semantic import prefer_passive_threads

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
    ask.add_argument(
        "--after", metavar="PREVIOUS", help="read the question as a follow-up of PREVIOUS"
    )

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
    prefer_passive_threads()  # a setting of the whole process: here, before a model loads
    args = build_parser().parse_args(argv)
    settings: Settings | None = None
    try:
        settings = load_settings()
        return COMMANDS[args.command](args, settings)
    except USER_ERRORS as error:
        message = str(error).replace("run: report-bot ", f"run: {_how_to_call_me()} ")
        if ASK_EXAMPLE in message and settings is not None:
            message = message.replace(ASK_EXAMPLE, _example_question(settings))
        print(f"report-bot: {printable(message)}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        sys.stderr.close()
        return EXIT_OK


Command = Callable[[argparse.Namespace, Settings], int]
COMMANDS: dict[str, Command] = {
    "ask": reading.ask,
    "sections": reading.sections,
    "reports": reading.reports,
    "eval": reading.evaluate,
    "check": operating.check,
    "health": operating.health,
    "index": operating.index,
    "feedback": operating.feedback,
    "run": operating.run,
}
"""Each sub-command of ``build_parser`` and the function that carries it out."""


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
