"""Unit tests for actions/unanswered.py (no servers: Tracker + CollectingDispatcher)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.unanswered import ActionLogUnanswered, unanswered_record

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    return Domain.load(str(PROJECT_ROOT / "domain.yml")).as_dict()


@pytest.fixture(autouse=True)
def hr_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """A migrated SQLite database for the HR queue (bot/hr/), never the developer's var/."""
    from bot.storage import migrate
    from bot.storage.db import create_catalog_engine

    url = f"sqlite:///{tmp_path / 'hr.db'}"
    engine = create_catalog_engine(url)
    migrate.upgrade(engine)
    monkeypatch.setenv("CATALOG_DB_URL", url)
    yield engine
    engine.dispose()


def make_tracker(text: str, intent: str, ranking: list[tuple[str, float]], channel: str = "rest") -> Tracker:
    parse_data = {
        "text": text,
        "intent": {"name": intent, "confidence": ranking[0][1]},
        "intent_ranking": [{"name": name, "confidence": conf} for name, conf in ranking],
        "entities": [],
    }
    events = [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": parse_data, "input_channel": channel},
    ]
    return Tracker(
        sender_id="user-42",
        slots={},
        latest_message=parse_data,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


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


def test_action_logs_the_message_when_the_database_fails(
    domain: dict[str, Any], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CATALOG_DB_URL", f"sqlite:///{tmp_path / 'not-migrated.db'}")
    tracker = make_tracker("tell me a joke", "out_of_scope", OUT_OF_SCOPE_RANKING)

    with caplog.at_level(logging.INFO, logger="actions.unanswered"):
        assert ActionLogUnanswered().run(CollectingDispatcher(), tracker, domain) == []

    [record] = [r for r in caplog.records if r.name == "actions.unanswered"]
    payload = json.loads(record.getMessage().split(": ", 1)[1])
    assert payload["text"] == "tell me a joke" and payload["intent"] == "out_of_scope"


def test_every_custom_action_in_the_domain_is_registered(domain: dict[str, Any]) -> None:
    executor = ActionExecutor()
    executor.register_package("actions")

    custom_actions = {name for name in domain["actions"] if name.startswith("action_")}

    assert custom_actions
    assert custom_actions <= set(executor.actions)


def test_replies_used_after_the_action_exist_in_the_domain(domain: dict[str, Any]) -> None:
    assert {"utter_out_of_scope", "utter_default"} <= set(domain["responses"])
