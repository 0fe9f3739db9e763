"""Inbound text: a lone surrogate never gets past the parsing of an update."""

from __future__ import annotations

import json

from bot.serving.inbound import REPLACEMENT, CleanRequest, scrub


def test_lone_surrogates_become_replacement_characters_and_pairs_stay() -> None:
    update = {"message": {"text": "Baku \ud83d?", "entities": [{"type": "x\udc00"}]}}
    assert scrub(update) == {
        "message": {"text": f"Baku {REPLACEMENT}?", "entities": [{"type": f"x{REPLACEMENT}"}]}
    }
    assert scrub("pipeline 😀") == "pipeline 😀"


def test_every_answer_parsed_by_the_bot_is_scrubbed() -> None:
    payload = json.dumps({"ok": True, "result": [{"text": "\ud83d"}]}).encode()
    assert CleanRequest.parse_json_payload(payload)["result"] == [{"text": REPLACEMENT}]
