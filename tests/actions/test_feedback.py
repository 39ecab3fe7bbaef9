"""Only the feedback buttons and a yes or no to "Was this helpful?" are votes (actions/feedback.py)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from sqlalchemy.engine import Engine

from actions.feedback import ActionAskFeedback, ActionStoreFeedback
from bot.hr.feedback import feedback_counts
from tests.kit.actions import run_action
from tests.kit.trackers import make_tracker, user_event


@pytest.fixture
def engine(actions_database: Engine) -> Engine:
    return actions_database


def store(text: str, intent: str, domain: dict[str, Any]) -> tuple[list[Any], list[dict[str, Any]]]:
    tracker = make_tracker([user_event(text, intent)], slots={"feedback_subject": "faq/duration"})
    events, dispatcher = run_action(ActionStoreFeedback(), tracker, domain)
    return events, dispatcher.messages


def test_asking_keeps_the_subject_for_follow_ups_too(domain) -> None:
    faq = user_event("what does it cost?", "faq", full_retrieval_intent_name="faq/cost")
    events, _ = run_action(ActionAskFeedback(), make_tracker([faq]), domain)
    assert events == [SlotSet("feedback_subject", "faq/cost"), SlotSet("context_subject", "faq/cost")]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("why so long?", "ask_why"),
        ("and how many people has it helped?", "ask_more"),
        ("hmm", "nlu_fallback"),
    ],
)
def test_a_message_that_is_no_answer_to_the_question_is_not_stored_as_a_vote(
    text: str, intent: str, domain, engine
) -> None:
    events, messages = store(text, intent, domain)
    assert events == []
    assert "Thanks for letting me know!" not in [m.get("text") for m in messages]
    with engine.connect() as connection:
        assert feedback_counts(connection)["all"].total == 0


def test_the_buttons_and_a_plain_yes_or_no_are_votes(domain, engine) -> None:
    for text, intent in [("/feedback_helpful", "feedback_helpful"), ("yes", "affirm"), ("no", "deny")]:
        events, _ = store(text, intent, domain)
        assert events == [SlotSet("feedback_subject", None)]
    with engine.connect() as connection:
        counts = feedback_counts(connection)["faq"]
    assert (counts.helpful, counts.not_helpful) == (2, 1)
