"""action_context_reply with real trackers, the loaded domain and the seeded sample catalog."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet

from actions.context_replies import ActionContextReply
from tests.kit.actions import message_texts, run_action
from tests.kit.databases import prepare_database, sqlite_url
from tests.kit.trackers import make_tracker, user_event

SWITCH_PROFILE = {
    "current_role": "Accountant",
    "current_role_code": "13-2011.00",
    "goal": "switch",
    "target_role": "Digital Marketing Specialist",
    "target_role_code": "13-1161.01",
    "skills": "Microsoft Excel; Bookkeeping",
    "hours_per_week": "5",
    "budget": "500",
    "preferred_format": "online",
}


@pytest.fixture(scope="module")
def catalog_url(tmp_path_factory) -> str:
    return prepare_database(sqlite_url(tmp_path_factory.mktemp("context")), seeded=True)


@pytest.fixture(autouse=True)
def use_catalog(monkeypatch, catalog_url):
    monkeypatch.setenv("CATALOG_DB_URL", catalog_url)


def reply(text: str, intent: str, slots: dict[str, Any], domain) -> tuple[list[Any], list[dict[str, Any]]]:
    tracker = make_tracker([user_event(text, intent)], slots=slots)
    events, dispatcher = run_action(ActionContextReply(), tracker, domain)
    return events, dispatcher.messages


def test_tell_me_more_after_an_faq_answer_sends_the_deeper_answer(domain) -> None:
    events, messages = reply("tell me more", "ask_more", {"context_subject": "faq/difference"}, domain)
    assert [m.get("response") for m in messages] == ["utter_faq/difference_more"]
    assert events == [SlotSet("context_subject", "faq/difference_more")]


def test_why_after_the_advice_gives_the_reasons_not_the_advice_again(domain) -> None:
    slots = {**SWITCH_PROFILE, "context_subject": "advice/reskill"}
    _, messages = reply("why?", "ask_why", slots, domain)
    [text] = message_texts(messages)
    first, *courses = text.splitlines()
    assert first.startswith("Why reskilling: Accountant already covers about ")
    assert "% of what is specific to Digital Marketing Specialist" in first
    # one reason per course: the gap it closes, and why it and not its rivals
    assert courses and all(line[0].isdigit() and ": closes " in line for line in courses[:1])
    assert "Moving from Accountant" not in text, "the whole explanation is not repeated"


def test_how_long_after_the_advice_is_the_length_of_the_path(domain) -> None:
    slots = {**SWITCH_PROFILE, "context_subject": "advice/reskill"}
    _, messages = reply("and how long does that take?", "ask_how_long", slots, domain)
    [text] = message_texts(messages)
    assert text.startswith("Your learning path is about ") and "weeks at 5 hours a week" in text


def test_what_now_with_nothing_said_yet_offers_the_way_in_not_goodbye(domain) -> None:
    events, messages = reply("ok so what now", "what_next", {}, domain)
    [message] = messages
    assert "goodbye" not in message["text"].lower()
    assert message["buttons"][0]["payload"] == "/start_advice"
    assert events == []


def test_a_no_with_no_open_question_gets_one_friendly_reply(domain) -> None:
    _, messages = reply("no", "deny", {}, domain)
    assert message_texts(messages) == [
        "OK, no problem. Whenever you want advice on upskilling or reskilling, just ask."
    ]


def test_advice_that_cannot_be_recomputed_gets_a_way_back(domain, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CATALOG_DB_URL", f"sqlite:///{tmp_path / 'missing' / 'none.db'}")
    slots = {**SWITCH_PROFILE, "context_subject": "advice/reskill"}
    _, messages = reply("why?", "ask_why", slots, domain)
    [message] = messages
    assert message["text"].startswith("I can't bring back the details of that advice")
