"""Two-stage fallback actions (actions/fallback.py) with rasa_sdk trackers and the domain."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine

from actions.fallback import (
    ASK_AFFIRMATION_NO_SUGGESTION_TEXT,
    ASK_AFFIRMATION_TEXT,
    ASK_REPHRASE_TEXT,
    CORE_FALLBACK_TEXT,
    FAQ_TOPICS,
    OFFER_HR_TEXT,
    ActionCoreFallback,
    ActionDefaultAskAffirmation,
    ActionDefaultAskRephrase,
    ActionDefaultFallback,
    ActionPassToHr,
    suggestions,
    unanswered_messages,
)
from actions.intent_labels import INTENT_LABELS, NOT_SUGGESTED
from actions.profile_changes import RESTARTED_TEXT, ActionRestart
from tests.kit.paths import PROJECT_ROOT
from tests.kit.trackers import make_tracker as build_tracker
from tests.kit.trackers import user_event as kit_user_event

ROOT = PROJECT_ROOT


@pytest.fixture(autouse=True)
def hr_database(actions_database: Engine) -> Engine:
    """The HR queue (bot/hr/) lives in the actions' database."""
    return actions_database


def _faq_examples() -> dict[str, list[str]]:
    data = yaml.safe_load((ROOT / "data" / "nlu" / "faq.yml").read_text(encoding="utf-8"))
    topics: dict[str, list[str]] = {}
    for item in data["nlu"]:
        intent = item.get("intent", "")
        if intent.startswith("faq/"):
            lines = [line.strip()[2:] for line in item["examples"].splitlines() if line.strip()]
            topics[intent.split("/", 1)[1]] = lines
    return topics


def parse_data(
    text: str,
    ranking: list[tuple[str, float]],
    faq_ranking: list[tuple[str, float]] | None = None,
    intent: str = "nlu_fallback",
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.6},
        "intent_ranking": [{"name": name, "confidence": conf} for name, conf in ranking],
        "entities": [],
    }
    if faq_ranking is not None:
        data["response_selector"] = {
            "all_retrieval_intents": ["faq"],
            "faq": {
                "response": {
                    "intent_response_key": f"faq/{faq_ranking[0][0]}",
                    "confidence": faq_ranking[0][1],
                },
                "ranking": [
                    {"intent_response_key": f"faq/{topic}", "confidence": conf} for topic, conf in faq_ranking
                ],
            },
        }
    return data


def user_event(text: str, intent: str, ranking: list[tuple[str, float]] | None = None) -> dict[str, Any]:
    return kit_user_event(text, intent, parsed=parse_data(text, ranking or [(intent, 1.0)], intent=intent))


def make_tracker(latest: dict[str, Any], events: list[dict[str, Any]] | None = None) -> Tracker:
    return build_tracker(
        events, latest_message=latest, sender_id="user-1", active_loop="action_two_stage_fallback"
    )


# --- the FAQ topic table stays in sync with the training data and the answers ----------


def test_every_faq_topic_has_a_label_and_its_canonical_question_is_its_first_example() -> None:
    examples = _faq_examples()

    assert set(FAQ_TOPICS) == set(examples)
    for topic, faq_topic in FAQ_TOPICS.items():
        assert examples[topic][0] == faq_topic.question, topic


def test_every_faq_topic_has_an_answer_and_every_button_is_understood() -> None:
    responses = yaml.safe_load((ROOT / "data" / "responses" / "faq.yml").read_text(encoding="utf-8"))[
        "responses"
    ]
    examples = _faq_examples()
    known_texts = {text for texts in examples.values() for text in texts}

    assert {name.split("/", 1)[1] for name in responses} == set(examples)
    assert len(examples) >= 35
    for name, variants in responses.items():
        for variant in variants:
            for button in variant.get("buttons", []):
                payload = button["payload"]
                assert payload.startswith("/") or payload in known_texts, (name, payload)


# --- stage 1: "did you mean ...?" ----------------------------------------------------


def test_affirmation_offers_the_two_most_likely_topics_expanding_the_faq_intent(
    domain: dict[str, Any],
) -> None:
    latest = parse_data(
        "how long and how much for a bootcamp",
        [("faq", 0.55), ("search_courses", 0.25), ("out_of_scope", 0.15), ("nlu_fallback", 0.6)],
        [("duration", 0.5), ("bootcamps", 0.4), ("cost", 0.1)],
    )
    dispatcher = CollectingDispatcher()

    events = ActionDefaultAskAffirmation().run(dispatcher, make_tracker(latest), domain)

    assert events == []
    [message] = dispatcher.messages
    assert message["text"] == ASK_AFFIRMATION_TEXT
    assert message["buttons"] == [
        {"title": "How long it takes", "payload": "How long does it take to upskill or reskill?"},
        {"title": "Search for courses", "payload": "/search_courses"},
        {"title": "Something else", "payload": "/out_of_scope"},
    ]


def test_affirmation_never_suggests_fallback_out_of_scope_or_yes_no() -> None:
    latest = parse_data(
        "blorp",
        [("nlu_fallback", 0.6), ("out_of_scope", 0.3), ("affirm", 0.2), ("help", 0.1)],
    )

    assert [suggestion.payload for suggestion in suggestions(latest)] == ["/help"]


def test_affirmation_without_any_candidate_only_offers_something_else(domain: dict[str, Any]) -> None:
    dispatcher = CollectingDispatcher()

    ActionDefaultAskAffirmation().run(dispatcher, make_tracker({"text": "???"}), domain)

    assert dispatcher.messages[0]["text"] == ASK_AFFIRMATION_NO_SUGGESTION_TEXT
    assert dispatcher.messages[0]["buttons"] == [{"title": "Something else", "payload": "/out_of_scope"}]


def test_affirmation_reads_the_default_response_selector_key_too() -> None:
    latest = parse_data("what about badges", [("faq", 0.5)], [("micro_credentials", 0.9)])
    latest["response_selector"]["default"] = latest["response_selector"].pop("faq")

    [suggestion] = suggestions(latest)

    assert suggestion.payload == FAQ_TOPICS["micro_credentials"].question
    assert suggestion.confidence == pytest.approx(0.45)


# --- stage 2 and the hand-off offer ---------------------------------------------------


def test_rephrase_asks_for_other_words(domain: dict[str, Any]) -> None:
    dispatcher = CollectingDispatcher()

    assert ActionDefaultAskRephrase().run(dispatcher, make_tracker({}), domain) == []
    assert [message["text"] for message in dispatcher.messages] == [ASK_REPHRASE_TEXT]


def test_giving_up_offers_hr_and_keeps_the_conversation(domain: dict[str, Any]) -> None:
    dispatcher = CollectingDispatcher()

    events = ActionDefaultFallback().run(dispatcher, make_tracker({}), domain)

    assert events == []  # no UserUtteranceReverted: the yes/no rules and the HR record need it
    [message] = dispatcher.messages
    assert message["text"] == OFFER_HR_TEXT
    assert [button["payload"] for button in message["buttons"]] == ["/affirm", "/deny"]


def _fallback_episode() -> list[dict[str, Any]]:
    return [
        user_event("what is reskilling?", "faq"),
        {"event": "bot", "text": "Reskilling is ..."},
        user_event(
            "can my cat get a badge for sleeping", "nlu_fallback", [("nlu_fallback", 0.6), ("faq", 0.4)]
        ),
        {"event": "bot", "text": ASK_AFFIRMATION_TEXT},
        user_event("/out_of_scope", "out_of_scope"),
        {"event": "bot", "text": ASK_REPHRASE_TEXT},
        user_event("badge for a sleeping cat?", "nlu_fallback", [("nlu_fallback", 0.6), ("faq", 0.3)]),
        {"event": "bot", "text": ASK_AFFIRMATION_TEXT},
        user_event("/out_of_scope", "out_of_scope"),
        {"event": "bot", "text": OFFER_HR_TEXT},
        user_event("yes", "affirm"),
    ]


def test_the_unanswered_episode_is_the_typed_messages_since_the_last_understood_one() -> None:
    events = _fallback_episode()
    tracker = make_tracker(events[-1]["parse_data"], events)

    assert [event["text"] for event in unanswered_messages(tracker)] == [
        "can my cat get a badge for sleeping",
        "badge for a sleeping cat?",
    ]


def test_pass_to_hr_logs_the_question_and_its_rephrasing(
    domain: dict[str, Any], caplog: pytest.LogCaptureFixture, hr_database: Any
) -> None:
    events = _fallback_episode()
    dispatcher = CollectingDispatcher()

    with caplog.at_level(logging.INFO, logger="actions.unanswered"):
        result = ActionPassToHr().run(dispatcher, make_tracker(events[-1]["parse_data"], events), domain)

    assert result == []
    # The ticket number; utter_hr_handoff_done (what happens next) comes from the rule.
    [message] = dispatcher.messages
    assert message["text"].startswith("Your question is ticket #")
    from bot.hr.tickets import list_tickets

    with hr_database.connect() as connection:
        [ticket] = list_tickets(connection)
    assert ticket.reason == "fallback" and ticket.sender_id == "user-1"
    assert ticket.question == "can my cat get a badge for sleeping / badge for a sleeping cat?"
    assert f"#{ticket.id}" in message["text"]
    [record] = [r for r in caplog.records if r.getMessage().startswith("question for HR: ")]
    logged = json.loads(record.getMessage().removeprefix("question for HR: "))
    assert logged["text"] == "can my cat get a badge for sleeping"
    assert logged["rephrasings"] == ["badge for a sleeping cat?"]
    assert logged["intent"] == "nlu_fallback"
    assert logged["channel"] == "rest"
    assert logged["sender_id"] == "user-1"
    assert logged["handoff_requested"] is True


def test_pass_to_hr_without_an_episode_logs_the_latest_message(
    domain: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    latest = parse_data("please send this to HR", [("affirm", 0.9)], intent="affirm")
    events = [user_event("please send this to HR", "affirm")]

    with caplog.at_level(logging.INFO, logger="actions.unanswered"):
        ActionPassToHr().run(CollectingDispatcher(), make_tracker(latest, events), domain)

    assert '"text": "please send this to HR"' in caplog.text


def test_the_fallback_actions_are_declared_in_the_domain(domain: dict[str, Any]) -> None:
    assert {
        "action_default_ask_affirmation",
        "action_default_ask_rephrase",
        "action_default_fallback",
        "action_core_fallback",
        "action_pass_to_hr",
    } <= set(domain["actions"])


# ------------------------------------------------ the core fallback and the button labels


def _core_fallback_name() -> str:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    [rule_policy] = [policy for policy in config["policies"] if policy["name"] == "RulePolicy"]
    return str(rule_policy["core_fallback_action_name"])


def test_the_core_fallback_offers_what_the_assistant_can_do_and_reverts_the_message(
    domain: dict[str, Any],
) -> None:
    """A core fallback that keeps the message is predicted again and again ("hi", "no":
    ten HR offers, then Rasa's circuit breaker and a dead conversation)."""
    assert _core_fallback_name() == ActionCoreFallback().name()
    dispatcher = CollectingDispatcher()
    said = [kit_user_event("hi", "greet"), kit_user_event("no", "deny")]
    tracker = make_tracker(said[-1]["parse_data"], said)

    events = ActionCoreFallback().run(dispatcher, tracker, domain)

    assert [event["event"] for event in events] == ["rewind"]
    [message] = dispatcher.messages
    assert message["text"] == CORE_FALLBACK_TEXT
    assert {button["payload"] for button in message["buttons"]} <= {
        f"/{intent}" for intent in domain["intents"]
    }


def test_every_intent_of_the_domain_has_a_human_label(domain: dict[str, Any]) -> None:
    intents = set(domain["intents"])
    assert sorted(intents - set(INTENT_LABELS)) == []
    assert not NOT_SUGGESTED - set(INTENT_LABELS)
    for intent, label in INTENT_LABELS.items():
        assert label[:1].isupper() and "_" not in label, intent
        assert label.lower() != intent.replace("_", " "), f"{intent}: the label is the internal name"


def test_no_suggestion_button_ever_shows_an_internal_intent_name(domain: dict[str, Any]) -> None:
    """Whatever the ranking (every intent of the domain, and one the labels do not know)."""
    names = [*domain["intents"], "some_new_intent"]
    internal = set(names) | {name.replace("_", " ").capitalize() for name in names}
    for position in range(len(names)):
        rotated = names[position:] + names[:position]
        ranking = [("nlu_fallback", 0.5), *((name, 0.4 / (rank + 1)) for rank, name in enumerate(rotated))]
        latest = parse_data("hmm", ranking, faq_ranking=[("duration", 0.9)])
        titles = [suggestion.title for suggestion in suggestions(latest, limit=len(names))]
        assert not internal & set(titles), titles
        assert all(
            suggestion.key != "some_new_intent" for suggestion in suggestions(latest, limit=len(names))
        )


def test_restart_says_so_and_offers_the_ways_on(domain: dict[str, Any]) -> None:
    """Rasa's own action_restart is silent without an utter_restart response."""
    assert "action_restart" in domain["actions"]
    dispatcher = CollectingDispatcher()

    events = asyncio.run(ActionRestart().run(dispatcher, make_tracker({}), domain))

    assert [event["event"] for event in events] == ["restart"]
    [message] = dispatcher.messages
    assert message["text"] == RESTARTED_TEXT and message["buttons"]
