"""Unit tests for actions/unanswered.py (no servers: Tracker + CollectingDispatcher)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher
from sqlalchemy.engine import Engine

from actions.unanswered import ActionLogUnanswered, unanswered_record
from tests.kit.trackers import make_tracker as build_tracker
from tests.kit.trackers import session_start_events, user_event


@pytest.fixture(autouse=True)
def hr_database(actions_database: Engine) -> Engine:
    """The HR queue (bot/hr/) lives in the actions' database."""
    return actions_database


def make_tracker(text: str, intent: str, ranking: list[tuple[str, float]], channel: str = "rest") -> Tracker:
    said = user_event(text, intent, channel=channel, confidence=ranking[0][1], ranking=ranking)
    return build_tracker([*session_start_events(), said], sender_id="user-42")


OUT_OF_SCOPE_RANKING = [
    ("out_of_scope", 0.91234567),
    ("help", 0.05),
    ("greet", 0.02),
    ("goodbye", 0.01),
]


def test_record_holds_text_channel_and_top_three_intents() -> None:
    tracker = make_tracker("what's the weather in Oslo?", "out_of_scope", OUT_OF_SCOPE_RANKING, "socketio")

    record = unanswered_record(tracker)

    assert record == {
        "sender_id": "user-42",
        "channel": "socketio",
        "text": "what's the weather in Oslo?",
        "intent": "out_of_scope",
        "confidence": 0.9123,
        "top_intents": [
            {"name": "out_of_scope", "confidence": 0.9123},
            {"name": "help", "confidence": 0.05},
            {"name": "greet", "confidence": 0.02},
        ],
    }


def test_record_tolerates_a_message_without_nlu_data() -> None:
    tracker = Tracker("empty", {}, {}, [], False, None, {}, "action_listen")

    record = unanswered_record(tracker)

    assert record["text"] is None
    assert record["intent"] is None
    assert record["confidence"] is None
    assert record["top_intents"] == []


@pytest.mark.parametrize(
    ("text", "intent", "ranking"),
    [
        ("tell me a joke", "out_of_scope", OUT_OF_SCOPE_RANKING),
        ("blorp fizz", "nlu_fallback", [("nlu_fallback", 0.6), ("greet", 0.4), ("help", 0.3)]),
    ],
)
def test_action_stores_the_message_and_leaves_the_reply_to_the_rule(
    domain: dict[str, Any],
    hr_database: Any,
    text: str,
    intent: str,
    ranking: list[tuple[str, float]],
) -> None:
    from bot.hr.unanswered import list_unanswered

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent, ranking)

    events = ActionLogUnanswered().run(dispatcher, tracker, domain)

    assert events == []
    assert dispatcher.messages == []  # utter_out_of_scope / utter_default come from the rules
    with hr_database.connect() as connection:
        [stored] = list_unanswered(connection)
    assert stored.text == text
    assert stored.kind == {"out_of_scope": "out_of_scope", "nlu_fallback": "fallback"}[intent]
    assert stored.channel == "rest"
    assert stored.sender_id == "user-42"
    assert [entry["name"] for entry in stored.top_intents] == [name for name, _ in ranking[:3]]


def test_action_logs_the_message_by_its_length_when_the_database_fails(
    domain: dict[str, Any], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CATALOG_DB_URL", f"sqlite:///{tmp_path / 'not-migrated.db'}")
    tracker = make_tracker("tell me a joke", "out_of_scope", OUT_OF_SCOPE_RANKING)

    with caplog.at_level(logging.INFO, logger="actions.unanswered"):
        assert ActionLogUnanswered().run(CollectingDispatcher(), tracker, domain) == []

    [record] = [r for r in caplog.records if r.name == "actions.unanswered"]
    payload = json.loads(record.getMessage().split(": ", 1)[1])
    assert payload["chars"] == len("tell me a joke") and payload["intent"] == "out_of_scope"
    assert "joke" not in record.getMessage()


def test_every_custom_action_in_the_domain_is_registered(domain: dict[str, Any]) -> None:
    executor = ActionExecutor()
    executor.register_package("actions")

    custom_actions = {name for name in domain["actions"] if name.startswith("action_")}

    assert custom_actions
    assert custom_actions <= set(executor.actions)


def test_replies_used_after_the_action_exist_in_the_domain(domain: dict[str, Any]) -> None:
    assert {"utter_out_of_scope", "utter_default"} <= set(domain["responses"])


def test_the_log_line_gives_the_length_not_the_words() -> None:
    from actions.unanswered import log_summary

    record = {
        "sender_id": "s1",
        "channel": "rest",
        "text": "my secret salary is 50k",
        "intent": "nlu_fallback",
    }
    line = log_summary(record)
    assert "secret" not in line and '"chars": 23' in line and '"intent": "nlu_fallback"' in line
