"""Button data: round trips, the 64-byte limit, foreign data, report versions."""

from __future__ import annotations

import pytest

from bot.conversation.callbacks import (
    LAST_PART,
    Action,
    Kind,
    Origin,
    decode,
    is_current,
    signed,
)
from bot.conversation.catalogue import (
    Catalogue,
    Passage,
    Place,
    is_link_token,
    parse_token,
    split_vote_key,
)
from bot.conversation.keyboards import section_keyboard
from retrieval import Report, parse

ORCHARD = parse("Orchard Notes\nApples\nApples ripen in autumn.\nPears bruise.\n")
BUDGET = parse("City budget\nTransport\nThe council buys buses.\n")
BUDGET_EDITED = parse("City budget\nTransport\nThe council buys trams.\n")
SOLAR = parse("Solar Power\nPanels\nRooftop panels are cheap.\n")


@pytest.mark.parametrize(
    "action",
    [
        Action(Kind.MORE, "abcd1234", value=3),
        Action(Kind.SECTION, "abcd1234", 1, 12),
        Action(Kind.PARAGRAPH, "abcd1234", 1, 30000),
        Action(Kind.DISLIKE, "abcd1234", passages=(Passage(1, 29999), Passage(2, 30000))),
        Action(Kind.PARAGRAPH, "abcd1234", 999, 12),
        Action(Kind.OUTLINE, "abcd1234", 2, 4001),
        Action(Kind.PARAGRAPH, "abcd1234", 999, 30000, origin=Origin(9, 3)),
        Action(Kind.BACK, "abcd1234", origin=Origin(30, 2)),
        Action(Kind.BACK, "abcd1234", origin=Origin(9_999_990, LAST_PART)),
        Action(Kind.MORE, "abcd1234", value=9_999_999, origin=Origin(9_999_990, 9_999)),
        Action(Kind.SECTION, "abcd1234", 999, 19_000, origin=Origin(9_999_990, 9_999)),
        Action(Kind.UPLOAD, "abcd1234", 3, 9_999_999),
        Action(Kind.REMOVE, "abcd1234", 9_999, 2),
        Action(Kind.LIKE, "abcd1234", value=1, passages=(Passage(1, 29999), Passage(2, 1))),
    ],
)
def test_actions_survive_the_round_trip(action: Action) -> None:
    data = action.encode()
    assert len(data.encode()) <= 64
    assert decode(data) == action


@pytest.mark.parametrize(
    "data",
    [
        "",
        "x|y",
        "m|tag|1|notanumber|",
        "?|tag|1|1|",
        "m|t|1|1|a.b",
        "p|t|3|1",
        "p|t|1|1||3",
        f"m|tag|1|{10**18}|",  # a forged "More" for 10^18 passages
        "-|tag|1|0|1.99999999",
        "p|tag|-1|3|",
        "p|tag|1|\u0663|",  # an Arabic-Indic three, which int() would read
    ],
)
def test_data_this_bot_never_made_decodes_to_nothing(data: str) -> None:
    assert decode(data) is None


def test_feedback_keeps_the_passages_that_fit_the_first_always() -> None:
    shown = tuple(Passage(1000 + n, 30000 + n) for n in range(10))
    data = Action(Kind.LIKE, "abcd1234", passages=shown).fitted().encode()
    kept = decode(data)
    assert len(data.encode()) <= 64
    assert kept is not None
    assert kept.passages == shown[: len(kept.passages)]
    assert kept.passages[0] == shown[0]


@pytest.mark.parametrize(("place", "token"), [(Place(1, 3), "s3"), (Place(2, 14), "r2s14")])
def test_section_tokens_name_the_report_beyond_the_first(place: Place, token: str) -> None:
    assert place.token == token
    assert parse_token(token) == place


def test_a_deep_link_keeps_opening_its_report_when_another_sorts_before_it() -> None:
    before = Catalogue([ORCHARD, SOLAR])
    token = before.link_token(Place(2, 1))
    after = Catalogue([BUDGET, ORCHARD, SOLAR])  # a new report took number 1
    assert after.place_of_link(token) == Place(3, 1)
    assert Catalogue([ORCHARD]).place_of_link(token) is None  # its report left
    assert is_link_token(token)


def test_older_deep_links_are_read_by_report_number() -> None:
    catalogue = Catalogue([ORCHARD, SOLAR])
    assert catalogue.place_of_link("r2s1") == Place(2, 1)
    assert catalogue.place_of_link("s1") == Place(1, 1)
    assert catalogue.place_of_link("hello") is None
    assert not is_link_token("hello")


PARAGRAPH_OF_2 = Action(Kind.PARAGRAPH, "", 2, 1)
VOTE_ON_1_AND_2 = Action(Kind.LIKE, "", passages=(Passage(2, 1), Passage(1, 2)))


@pytest.mark.parametrize(
    ("action", "now", "current"),
    [
        (PARAGRAPH_OF_2, [ORCHARD, BUDGET, SOLAR], True),  # a report added after it
        (PARAGRAPH_OF_2, [ORCHARD, BUDGET], True),  # served as it was
        (PARAGRAPH_OF_2, [SOLAR, BUDGET], True),  # another report changed
        (PARAGRAPH_OF_2, [ORCHARD, BUDGET_EDITED], False),  # its own report changed
        (PARAGRAPH_OF_2, [ORCHARD], False),  # its report removed
        (PARAGRAPH_OF_2, [ORCHARD, SOLAR, BUDGET], False),  # another report took its number
        (VOTE_ON_1_AND_2, [ORCHARD, BUDGET, SOLAR], True),
        (VOTE_ON_1_AND_2, [ORCHARD, BUDGET_EDITED], False),  # one of its passages changed
        (Action(Kind.MORE, "", value=3), [SOLAR], True),  # asks its question again
    ],
)
def test_a_button_works_while_its_own_reports_are_served_unchanged(
    action: Action, now: list[Report], current: bool
) -> None:
    made = signed(action, Catalogue([ORCHARD, BUDGET]))
    assert decode(made.encode()) == made
    assert is_current(made, Catalogue(now)) is current


@pytest.mark.parametrize(
    ("key", "parts"),
    [
        ("solar.md@0123abcd", ("solar.md", "0123abcd")),
        ("solar.md", ("solar.md", "")),  # stored before votes carried a version
        ("notes@2024.txt", ("notes@2024.txt", "")),
    ],
)
def test_vote_keys_split_into_file_name_and_version(key: str, parts: tuple[str, str]) -> None:
    assert split_vote_key(key) == parts


def test_sections_are_found_by_their_heading_whatever_its_numbering_and_case() -> None:
    first = parse("Report one\n2.1 Recommendations\nBuy buses.\nCivil war\nIt ended.\n")
    second = parse("Report two\nIV. Recommendations\nBuy trams.\n")
    catalogue = Catalogue([first, second])
    assert catalogue.sections_titled("recommendations") == [Place(1, 1), Place(2, 1)]
    assert catalogue.sections_titled("Civil  war") == [Place(1, 2)]
    assert catalogue.sections_titled("war") == []


def test_a_section_shown_in_place_offers_the_rest_below_and_the_way_back() -> None:
    catalogue = Catalogue([ORCHARD])
    cut = section_keyboard(catalogue, Place(1, 1), Origin(3, 1), cut=True)
    whole = section_keyboard(catalogue, Place(1, 1), Origin(3, 1), cut=False)
    rows = [[decode(str(b.callback_data)) for b in row] for row in cut.inline_keyboard]
    assert [[b.text for b in row] for row in cut.inline_keyboard] == [
        ["Read it all ▾"],
        ["↩ Back to the answer"],
    ]
    assert rows == [
        [Action(Kind.SECTION, catalogue.tag_of([1]), 1, 1)],  # no origin: sent below
        [Action(Kind.BACK, catalogue.tag_of([]), origin=Origin(3, 1))],
    ]
    assert [[b.text for b in row] for row in whole.inline_keyboard] == [["↩ Back to the answer"]]
