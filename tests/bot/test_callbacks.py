"""Button data: round trips, the 64-byte limit, foreign data, report versions."""

from __future__ import annotations

import pytest

from bot.callbacks import Action, Kind, decode, report_tag
from retrieval import Report, parse


@pytest.mark.parametrize(
    "action",
    [
        Action(Kind.MORE, "abcd1234", 3),
        Action(Kind.SECTION, "abcd1234", 12),
        Action(Kind.PARAGRAPH, "abcd1234", 30000),
        Action(Kind.DISLIKE, "abcd1234", 0, (29999, 30000, 1)),
        Action(Kind.PARAGRAPH, "abcd1234", 12, report=999),
        Action(Kind.SECTION, "abcd1234", 3, (), 2),
    ],
)
def test_actions_survive_the_round_trip(action: Action) -> None:
    data = action.encode()
    assert len(data.encode()) <= 64
    assert decode(data) == action


@pytest.mark.parametrize("data", ["", "x|y", "m|tag|notanumber", "?|tag|1", "m|t|1|a,b"])
def test_data_this_bot_never_made_decodes_to_nothing(data: str) -> None:
    assert decode(data) is None


def test_over_long_data_is_refused_at_encoding() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        Action(Kind.LIKE, "abcd1234", 0, tuple(range(10000, 10020))).encode()


def test_report_tag_changes_with_the_text(seed_report: Report) -> None:
    changed = parse("Title\nHeading\nOther text.\n")
    assert report_tag(seed_report) == report_tag(seed_report)
    assert report_tag(seed_report) != report_tag(changed)
    assert len(report_tag(seed_report)) == 8
