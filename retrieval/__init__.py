"""Parse a report, analyse its text and rank its paragraphs against a question.

Knows nothing of Telegram: everything here is plain functions over values.
"""

from retrieval.index import Hit, Index, QuestionError, Ranker, RankingConfig, SearchResult
from retrieval.report import Paragraph, Report, ReportError, Section, load, parse
from retrieval.spelling import Correction

load_report = load

__all__ = [
    "Correction",
    "Hit",
    "Index",
    "Paragraph",
    "QuestionError",
    "Ranker",
    "RankingConfig",
    "Report",
    "ReportError",
    "SearchResult",
    "Section",
    "load",
    "load_report",
    "parse",
]
