"""Parse reports, analyse their text and rank their paragraphs against a question.

Knows nothing of Telegram: everything here is plain functions over values.
"""

from retrieval.config import RankingConfig, Verdict
from retrieval.formats import parse_text as parse
from retrieval.formats import read as load
from retrieval.index import (
    Hit,
    Index,
    QuestionError,
    Ranker,
    SearchResult,
)
from retrieval.library import Library, load_library
from retrieval.report import Paragraph, Report, ReportError, Section
from retrieval.spelling import Correction

load_report = load

__all__ = [
    "Correction",
    "Hit",
    "Index",
    "Library",
    "Paragraph",
    "QuestionError",
    "Ranker",
    "RankingConfig",
    "Report",
    "ReportError",
    "SearchResult",
    "Section",
    "Verdict",
    "load",
    "load_library",
    "load_report",
    "parse",
]
