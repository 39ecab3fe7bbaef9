"""Only the feedback buttons and a yes or no to "Was this helpful?" are votes (actions/feedback.py)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from sqlalchemy.engine import Engine

from actions.feedback import ActionAskFeedback, ActionStoreFeedback
from bot.hr.feedback import feedback_counts
from tests.kit.actions import run_action
from tests.kit.trackers import bot_event, make_tracker, user_event


@pytest.fixture
def engine(actions_database: Engine) -> Engine:
    return actions_database


def store(
    text: str,
    intent: str,
    domain: dict[str, Any],
    asked: str = "Was this helpful?",
    subject: str | None = "faq/duration",
) -> tuple[list[Any], list[dict[str, Any]]]:
    """Run the action on ``text`` sent right after the bot said ``asked``."""
    tracker = make_tracker([bot_event(asked), user_event(text, intent)], slots={"feedback_subject": subject})
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


@pytest.mark.parametrize(
    ("text", "intent", "asked", "subject"),
    [
        # a yes to the advice's other question ("cheaper options?") is not a vote on it
        ("yes", "affirm", "Would you like cheaper options?", "advice/reskill"),
        ("no", "deny", "Shall I look for online courses only?", "advice/upskill"),
        # nothing was asked: a typed "that helped" has no answer to rate
        ("that helped, thanks", "feedback_helpful", "Here is your learning path.", None),
        ("yes", "affirm", "Was this helpful?", None),
        # "ok" says the answer was read, not that it helped
        ("ok", "affirm", "Was this helpful?", "faq/duration"),
        ("Alright.", "affirm", "Was this helpful?", "faq/duration"),
    ],
)
def test_a_yes_or_no_to_another_question_is_not_a_vote(
    text: str, intent: str, asked: str, subject: str | None, domain, engine
) -> None:
    events, _ = store(text, intent, domain, asked=asked, subject=subject)
    assert events == []
    with engine.connect() as connection:
        assert feedback_counts(connection)["all"].total == 0


def test_a_typed_verdict_while_the_question_is_open_is_a_vote(domain, engine) -> None:
    store("that was really useful", "feedback_helpful", domain, asked="Any questions about the path?")
    store("/feedback_not_helpful", "feedback_not_helpful", domain, asked="Something else", subject=None)
    with engine.connect() as connection:
        counts = feedback_counts(connection)
    assert (counts["all"].helpful, counts["all"].not_helpful) == (1, 1)


def test_an_ok_gets_a_gentle_reply_not_a_request_to_rephrase(domain, engine) -> None:
    _, messages = store("ok", "affirm", domain)
    assert messages[0]["text"].startswith("Noted.") and "rephrase" not in messages[0]["text"]
    assert [button["payload"] for button in messages[0]["buttons"]] == [
        "/feedback_helpful",
        "/feedback_not_helpful",
    ]


@pytest.mark.parametrize(
    ("text", "intent", "first"),
    [("/feedback_helpful", "feedback_helpful", "Thanks"), ("no", "deny", "Thanks for telling me")],
)
def test_a_vote_on_advice_offers_its_adjustments_again(
    text: str, intent: str, first: str, domain, engine
) -> None:
    """The vote and the adjustments came in one group of buttons; voting must not take the
    adjustments away (the widget keeps only the latest group usable)."""
    from actions.feedback import ADJUST_AGAIN_TEXT, ADVICE_ASK_TEXT, ADVICE_VOTE_BUTTONS

    shorter = {"title": "Shorter courses", "payload": "/ask_alternatives"}
    asked = bot_event(ADVICE_ASK_TEXT)
    asked["data"] = {"buttons": [*ADVICE_VOTE_BUTTONS, shorter]}
    tracker = make_tracker([asked, user_event(text, intent)], slots={"feedback_subject": "advice/reskill"})
    events, dispatcher = run_action(ActionStoreFeedback(), tracker, domain)

    assert events == [SlotSet("feedback_subject", None)]
    assert dispatcher.messages[0]["text"].startswith(first)
    # one group of buttons in the reply, holding the adjustments (after "not helpful", beside
    # the offer of a person)
    [grouped] = [message for message in dispatcher.messages if message.get("buttons")]
    if intent == "deny":
        assert grouped["buttons"] == [{"title": "Talk to a person", "payload": "/talk_to_human"}, shorter]
    else:
        assert grouped["text"] == ADJUST_AGAIN_TEXT and grouped["buttons"] == [shorter]
    with engine.connect() as connection:
        assert feedback_counts(connection)["all"].total == 1


def test_an_faq_answers_follow_ups_join_the_vote_and_come_back_after_it(domain, engine) -> None:
    """Two groups of buttons at once left the FAQ answer's own ones unusable in the widget."""
    from actions.feedback import ASK_BUTTONS, ASK_TEXT, FOLLOW_UPS_AGAIN_TEXT

    costs = {"title": "Costs", "payload": "How much does upskilling or reskilling cost?"}
    answer = bot_event("Reskilling usually takes longer ...")
    answer["data"] = {"buttons": [costs]}
    question = user_event("how long does reskilling take", "faq", full_retrieval_intent_name="faq/duration")
    _, asked = run_action(ActionAskFeedback(), make_tracker([question, answer]), domain)
    assert asked.messages[-1]["text"] == ASK_TEXT and asked.messages[-1]["buttons"] == [*ASK_BUTTONS, costs]

    vote = bot_event(ASK_TEXT)
    vote["data"] = {"buttons": [*ASK_BUTTONS, costs]}
    tracker = make_tracker(
        [vote, user_event("/feedback_helpful", "feedback_helpful")],
        slots={"feedback_subject": "faq/duration"},
    )
    _, voted = run_action(ActionStoreFeedback(), tracker, domain)
    assert voted.messages[-1] == {**voted.messages[-1], "text": FOLLOW_UPS_AGAIN_TEXT, "buttons": [costs]}
