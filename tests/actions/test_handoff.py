"""Hand-off and feedback actions with real trackers, a collecting dispatcher and the domain."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine

from actions.fallback import ActionPassToHr
from actions.feedback import ActionAskFeedback, ActionStoreFeedback, faq_topic, parse_subject
from actions.handoff import (
    ActionCreateTicket,
    ActionOfferHandoff,
    ActionTicketStatus,
    ValidateHandoffForm,
    transcript,
)
from actions.privacy import ActionForgetMe
from actions.session_start import ActionSessionStart
from bot.hr.feedback import feedback_counts
from bot.hr.tickets import claim_pending_answers, create_ticket, get_ticket, list_tickets, resolve_ticket
from tests.kit.actions import run_action as run
from tests.kit.trackers import bot_event as bot
from tests.kit.trackers import make_tracker as build_tracker
from tests.kit.trackers import user_event


@pytest.fixture
def engine(actions_database: Engine) -> Engine:
    return actions_database


def user(text: str, intent: str, **extra: Any) -> dict[str, Any]:
    return user_event(text, intent, confidence=0.9, **extra)


def make_tracker(
    events: list[dict[str, Any]], slots: dict[str, Any] | None = None, sender: str = "u1"
) -> Tracker:
    return build_tracker(events, slots=slots, sender_id=sender)


def test_offer_after_an_unanswered_question_keeps_it(domain) -> None:
    events = [
        user("can I bring my dog to work?", "nlu_fallback"),
        bot("Sorry?"),
        user("talk to a person", "talk_to_human"),
    ]
    result, dispatcher = run(ActionOfferHandoff(), make_tracker(events), domain)

    assert result == [
        SlotSet("handoff_reason", "requested"),
        SlotSet("handoff_question", "can I bring my dog to work?"),
        SlotSet("handoff_contact", None),
    ]
    [message] = dispatcher.messages
    assert "pass your question on to a person" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


def test_offer_after_a_wrong_answer_keeps_the_real_question(domain) -> None:
    """The field case: a canned answer missed, "ok", then a complaint asking for a person."""
    question = "I manage 40 warehouse pickers, who pays for their forklift licences?"
    events = [
        user(question, "faq"),
        bot("Upskilling is usually paid by the employer..."),
        user("ok", "affirm"),
        bot("Anything else?"),
        user("this isn't helping, get me a human", "talk_to_human"),
    ]
    result, dispatcher = run(ActionOfferHandoff(), make_tracker(events), domain)
    assert SlotSet("handoff_question", question) in result
    assert question in dispatcher.messages[0]["text"]


def test_a_contact_in_the_request_is_kept_and_not_asked_again(domain) -> None:
    events = [user("please have someone from HR email me at jo.smith@example.com", "talk_to_human")]
    result, _ = run(ActionOfferHandoff(), make_tracker(events), domain)
    assert SlotSet("handoff_contact", "jo.smith@example.com") in result


def test_typing_the_chat_button_title_keeps_the_answer_in_the_chat(domain) -> None:
    form = ValidateHandoffForm()
    tracker = make_tracker([user("Here in the chat is fine", "inform")])
    dispatcher = CollectingDispatcher()
    assert form.validate_handoff_contact("Here in the chat is fine", dispatcher, tracker, domain) == {
        "handoff_contact": "chat"
    }


def test_offer_without_a_question_lets_the_form_ask(domain) -> None:
    events = [
        user("hi", "greet"),
        bot("Hi!"),
        user("human please", "talk_to_human"),
    ]
    result, dispatcher = run(ActionOfferHandoff(), make_tracker(events), domain)
    assert SlotSet("handoff_question", None) in result
    assert '"' not in dispatcher.messages[0]["text"]


def test_a_question_already_passed_on_is_not_reused(domain) -> None:
    events = [
        user("can I bring my dog to work?", "nlu_fallback"),
        {"event": "action", "name": "action_create_ticket"},
        bot("Thanks. I've passed your question on to HR as ticket #1."),
        user("talk to a person", "talk_to_human"),
    ]
    result, _ = run(ActionOfferHandoff(), make_tracker(events), domain)
    assert SlotSet("handoff_question", None) in result


def test_offer_for_a_declined_topic_says_why(domain) -> None:
    events = [user("can I get a pay rise?", "declined_topic")]
    result, dispatcher = run(ActionOfferHandoff(), make_tracker(events), domain)
    assert result[:2] == [
        SlotSet("handoff_reason", "declined"),
        SlotSet("handoff_question", "can I get a pay rise?"),
    ]
    assert dispatcher.messages[0]["text"].startswith("That's a question for a person")


def test_form_validation(domain) -> None:
    form = ValidateHandoffForm()
    tracker = make_tracker([user("x", "inform")])
    dispatcher = CollectingDispatcher()
    assert form.validate_handoff_question("  Is   overtime paid? ", dispatcher, tracker, domain) == {
        "handoff_question": "Is overtime paid?"
    }
    assert form.validate_handoff_question("ok", dispatcher, tracker, domain) == {"handoff_question": None}
    assert "few words" in dispatcher.messages[0]["text"]
    assert form.validate_handoff_contact("chat", dispatcher, tracker, domain) == {"handoff_contact": "chat"}
    assert form.validate_handoff_contact("jane@example.com", dispatcher, tracker, domain) == {
        "handoff_contact": "jane@example.com"
    }


def test_create_ticket_stores_everything_and_says_what_happens_next(domain, engine) -> None:
    events = [
        bot("Hi! I'm the career advisor."),
        user("can I get a pay rise?", "declined_topic"),
        bot("That's a question for a person ..."),
        user("/affirm", "affirm"),
        user("call me on 555 123 4567", "out_of_scope"),
    ]
    slots = {
        "handoff_question": "can I get a pay rise?",
        "handoff_reason": "declined",
        "handoff_contact": "555 123 4567",
        "current_role": "Accountant",
        "goal": "switch",
        "target_role": "Data Analyst",
        "skills": "SQL; Excel",
    }
    result, dispatcher = run(ActionCreateTicket(), make_tracker(events, slots, sender="pay-user"), domain)

    assert result == [
        SlotSet("handoff_question", None),
        SlotSet("handoff_contact", None),
        SlotSet("handoff_reason", None),
    ]
    with engine.connect() as connection:
        [ticket] = list_tickets(connection)
    assert (ticket.sender_id, ticket.reason, ticket.channel) == ("pay-user", "declined", "rest")
    assert ticket.question == "can I get a pay rise?" and ticket.contact == "555 123 4567"
    assert ticket.profile == {
        "current_role": "Accountant",
        "goal": "switch",
        "target_role": "Data Analyst",
        "skills": ["SQL", "Excel"],
    }
    assert ticket.transcript[0] == {"speaker": "bot", "text": "Hi! I'm the career advisor."}
    assert {"speaker": "user", "text": "/affirm"} not in ticket.transcript
    texts = [m["text"] for m in dispatcher.messages]
    assert texts[0] == f"Thanks. I've passed your question on to HR as ticket #{ticket.id}. " + (
        "Someone from HR will look at it, usually within two working days, and contact you at 555 123 4567."
    )
    assert texts[1] == "In the meantime, what else can I help you with?"


def test_the_ticket_keeps_the_contact_itself_not_the_sentence(domain, engine) -> None:
    events = [user("who approves study leave for apprentices?", "faq"), user("/affirm", "affirm")]
    slots = {
        "handoff_question": events[0]["text"],
        "handoff_contact": "you can email me at ana.b@example.com",
    }
    _, dispatcher = run(ActionCreateTicket(), make_tracker(events, slots, sender="ana"), domain)
    with engine.connect() as connection:
        [ticket] = list_tickets(connection)
    assert (ticket.contact, ticket.contact_email, ticket.contact_phone) == (
        "ana.b@example.com",
        "ana.b@example.com",
        None,
    )
    assert "contact you at ana.b@example.com." in dispatcher.messages[0]["text"]


def test_create_ticket_without_a_database_apologises(domain, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CATALOG_DB_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    tracker = make_tracker(
        [user("q?", "talk_to_human")], {"handoff_question": "q?", "handoff_contact": "chat"}
    )
    result, dispatcher = run(ActionCreateTicket(), tracker, domain)
    assert "couldn't record your question" in dispatcher.messages[0]["text"]
    assert SlotSet("handoff_question", None) in result


def test_answer_reaches_the_user_on_the_next_visit_once(domain, engine) -> None:
    tracker = make_tracker(
        [user("q", "talk_to_human")], {"handoff_question": "Is overtime paid?"}, sender="visitor"
    )
    run(ActionCreateTicket(), tracker, domain)
    with engine.begin() as connection:
        [ticket] = list_tickets(connection)
        resolve_ticket(connection, ticket.id, "Yes, at 1.5 times the hourly rate.")

    session = Tracker("visitor", {}, {}, [], False, None, {}, "action_listen")
    _, dispatcher = run(ActionSessionStart(), session, domain)
    assert [m["text"] for m in dispatcher.messages] == [
        'HR answered your question "Is overtime paid?":\nYes, at 1.5 times the hourly rate.'
    ]
    with engine.connect() as connection:
        assert get_ticket(connection, ticket.id).delivered_at is not None
    _, again = run(ActionSessionStart(), session, domain)
    assert again.messages == []


def test_ticket_status_lists_the_senders_tickets_with_the_answers(domain, engine) -> None:
    with engine.begin() as connection:
        waiting = create_ticket(connection, "asker", "Can I take a sabbatical?")
        answered = create_ticket(connection, "asker", "Is overtime paid?")
        resolve_ticket(connection, answered.id, "Yes, at 1.5 times the hourly rate.")
        create_ticket(connection, "someone-else", "Not yours")
    tracker = make_tracker([user("any news on my ticket?", "ask_ticket_status")], sender="asker")

    result, dispatcher = run(ActionTicketStatus(), tracker, domain)

    assert result == []
    status = dispatcher.messages[0]["text"]
    assert status.splitlines() == [
        "Here are your questions to HR:",
        f'- Ticket #{answered.id} ("Is overtime paid?"), answered just now: '
        "Yes, at 1.5 times the hourly rate.",
        f'- Ticket #{waiting.id} ("Can I take a sabbatical?"), opened just now: '
        "still open, HR has not answered yet.",
    ]
    assert dispatcher.messages[1]["buttons"], "and a way forward"
    with engine.begin() as connection:  # shown here: not sent again with the next reply
        assert claim_pending_answers(connection, "asker") == []


def test_ticket_status_without_tickets_or_database(domain, engine, monkeypatch, tmp_path) -> None:
    tracker = make_tracker([user("any news on my ticket?", "ask_ticket_status")], sender="nobody")
    _, dispatcher = run(ActionTicketStatus(), tracker, domain)
    assert "haven't asked HR anything" in dispatcher.messages[0]["text"]

    monkeypatch.setenv("CATALOG_DB_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    _, dispatcher = run(ActionTicketStatus(), tracker, domain)
    assert [m["text"] for m in dispatcher.messages] == [
        "Sorry, I couldn't look up your tickets just now. Please try again in a moment."
    ]


def test_feedback_after_faq_is_stored_and_counted(domain, engine) -> None:
    faq = user("what does it cost?", "faq", full_retrieval_intent_name="faq/cost")
    result, dispatcher = run(ActionAskFeedback(), make_tracker([faq]), domain)
    assert result == [SlotSet("feedback_subject", "faq/cost"), SlotSet("context_subject", "faq/cost")]
    assert dispatcher.messages[0]["text"] == "Was this helpful?"
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [
        "/feedback_helpful",
        "/feedback_not_helpful",
    ]

    yes = make_tracker([faq, user("/feedback_helpful", "feedback_helpful")], {"feedback_subject": "faq/cost"})
    no = make_tracker([bot("Was this helpful?"), user("no", "deny")], {"feedback_subject": "advice/reskill"})
    _, thanks = run(ActionStoreFeedback(), yes, domain)
    result, sorry = run(ActionStoreFeedback(), no, domain)
    assert thanks.messages[0]["text"] == "Thanks for letting me know!"
    assert sorry.messages[0]["buttons"] == [{"title": "Talk to a person", "payload": "/talk_to_human"}]
    assert result == [SlotSet("feedback_subject", None)]
    with engine.connect() as connection:
        counts = feedback_counts(connection)
    assert (counts["faq"].helpful, counts["advice"].not_helpful, counts["all"].total) == (1, 1, 2)


def test_feedback_helpers() -> None:
    assert parse_subject("faq/cost") == ("faq", "cost")
    assert parse_subject("advice/both") == ("advice", "both")
    assert parse_subject(None) == ("other", None)
    message = {
        "intent": {"name": "faq"},
        "response_selector": {"faq": {"response": {"intent_response_key": "faq/gi_bill"}}},
    }
    assert faq_topic(message) == "gi_bill"
    assert faq_topic({"intent": {"name": "greet"}}) is None


def test_forget_me_removes_the_tickets_and_feedback(domain, engine) -> None:
    tracker = make_tracker(
        [user("q", "talk_to_human")], {"handoff_question": "my question"}, sender="forgetful"
    )
    run(ActionCreateTicket(), tracker, domain)
    run(
        ActionStoreFeedback(),
        make_tracker(
            [bot("Was this helpful?"), user("yes", "affirm")], {"feedback_subject": "faq/cost"}, "forgetful"
        ),
        domain,
    )
    run(ActionForgetMe(), make_tracker([user("yes", "affirm")], sender="forgetful"), domain)
    with engine.connect() as connection:
        assert list_tickets(connection) == []
        assert feedback_counts(connection)["all"].total == 0


def test_transcript_runs_from_the_question_to_the_hand_off() -> None:
    """The question is kept however long the talk after it (the field case cut it off)."""
    question = user("how do I get my team of 40 pickers forklift certified?", "faq")
    chatter = [user(f"message {n}", "inform") for n in range(40)]
    events = [user("hi", "greet"), bot("Hi!"), question, bot("Certificates ..."), *chatter]
    events += [user("/affirm", "affirm"), bot("")]
    texts = [m["text"] for m in transcript(make_tracker(events), question["text"])]
    assert len(texts) == 30
    assert texts[:3] == ["hi", "Hi!", question["text"]]
    assert texts[-2:] == ["message 39", "[button] affirm"]


def test_the_fallback_ticket_skips_the_complaint_for_the_real_question(domain, engine) -> None:
    question = "do night shift workers get paid for the forklift course?"
    events = [
        user(question, "faq"),
        bot("Upskilling means ..."),
        user("this is useless", "nlu_fallback"),
        bot("Sorry, I didn't get that."),
        user("yes", "affirm"),
    ]
    run(ActionPassToHr(), make_tracker(events, sender="night-shift"), domain)
    with engine.connect() as connection:
        [ticket] = list_tickets(connection)
    assert ticket.question == question
    assert ticket.transcript[0]["text"] == question
