"""Button data: round trips, the 64-byte limit, foreign data, report versions."""

from __future__ import annotations

import pytest

from bot.callbacks import Action, Kind, decode
from bot.catalogue import Passage, Place, parse_token, report_tag
from retrieval import Report, parse


@pytest.mark.parametrize(
    "action",
    [
        Action(Kind.MORE, "abcd1234", value=3),
        Action(Kind.SECTION, "abcd1234", 1, 12),
        Action(Kind.PARAGRAPH, "abcd1234", 1, 30000),
        Action(Kind.DISLIKE, "abcd1234", passages=(Passage(1, 29999), Passage(2, 30000))),
        Action(Kind.PARAGRAPH, "abcd1234", 999, 12),
        Action(Kind.OUTLINE, "abcd1234", 2, 4001),
    ],
)
def test_actions_survive_the_round_trip(action: Action) -> None:
    data = action.encode()
    assert len(data.encode()) <= 64
    assert decode(data) == action


@pytest.mark.parametrize(
    "data", ["", "x|y", "m|tag|1|notanumber|", "?|tag|1|1|", "m|t|1|1|a.b", "p|t|3|1"]
)
def test_data_this_bot_never_made_decodes_to_nothing(data: str) -> None:
    assert decode(data) is None


def test_feedback_keeps_the_passages_that_fit_the_first_always() -> None:
    shown = tuple(Passage(1000 + n, 30000 + n) for n in range(10))
    data = Action(Kind.LIKE, "abcd1234", passages=shown).encode()
    kept = decode(data)
    assert len(data.encode()) <= 64
    assert kept is not None
    assert kept.passages == shown[: len(kept.passages)]
    assert kept.passages[0] == shown[0]


@pytest.mark.parametrize(("place", "token"), [(Place(1, 3), "s3"), (Place(2, 14), "r2s14")])
def test_section_tokens_name_the_report_beyond_the_first(place: Place, token: str) -> None:
    assert place.token == token
    assert parse_token(token) == place


def test_report_tag_changes_with_the_text(seed_report: Report) -> None:
    changed = parse("Title\nHeading\nOther text.\n")
    assert report_tag(seed_report) == report_tag(seed_report)
    assert report_tag(seed_report) != report_tag(changed)
    assert report_tag(seed_report) != report_tag(seed_report, changed)
    assert len(report_tag(seed_report)) == 8
