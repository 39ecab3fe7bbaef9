"""End-to-end over REST: hand-off to HR (request and declined topic), the answer on the
next visit, feedback after an FAQ answer, and "forget me" removing the tickets.

The servers run on fresh databases (``server_databases``); the test reads and resolves
tickets through ``bot.hr`` and the admin CLI, as HR would.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import Engine

from bot.cli import main
from bot.hr.feedback import feedback_counts
from bot.hr.tickets import get_ticket, list_tickets

pytestmark = pytest.mark.e2e


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)


def tickets_of(engine: Engine, sender: str) -> list[Any]:
    with engine.connect() as connection:
        return [ticket for ticket in list_tickets(connection, None) if ticket.sender_id == sender]


def test_asking_for_a_person_creates_a_ticket_and_the_answer_comes_back(
    talk, catalog, server_databases
) -> None:
    sender = f"handoff-{uuid.uuid4().hex[:8]}"
    offer = talk(sender, "I want to talk to a person")
    assert "pass your question on to a person in the HR team" in texts(offer)
    assert [button["payload"] for button in offer[-1]["buttons"]] == ["/affirm", "/deny"]

    assert "What would you like to ask HR?" in texts(talk(sender, "/affirm"))
    contact = talk(sender, "Can I move to part-time hours while I finish my degree?")
    assert "How should HR get back to you?" in texts(contact)
    done = talk(sender, "/skip")
    [ticket] = tickets_of(catalog, sender)
    assert f"ticket #{ticket.id}" in texts(done) and "In the meantime" in texts(done)
    assert ticket.question == "Can I move to part-time hours while I finish my degree?"
    assert ticket.reason == "requested" and ticket.channel == "rest" and ticket.contact is None
    assert {"speaker": "user", "text": "I want to talk to a person"} in ticket.transcript

    # The conversation goes on.
    assert "Here is what I can do" in texts(talk(sender, "what can you do?"))

    # HR answers from the CLI; the user sees it on the next visit, once.
    result = CliRunner().invoke(
        main,
        [
            "hr",
            "--db",
            server_databases["CATALOG_DB_URL"],
            "resolve",
            str(ticket.id),
            "--answer",
            "Yes, talk to your manager.",
        ],
    )
    assert result.exit_code == 0, result.output
    visit = talk(sender, "/session_start")
    assert 'HR answered your question "Can I move to part-time hours' in texts(visit)
    assert "Yes, talk to your manager." in texts(visit)
    with catalog.connect() as connection:
        assert get_ticket(connection, ticket.id).delivered_at is not None
    assert "HR answered" not in texts(talk(sender, "/session_start"))


def test_a_declined_topic_is_handed_off_with_a_contact(talk, catalog) -> None:
    sender = f"declined-{uuid.uuid4().hex[:8]}"
    offer = talk(sender, "can I get a pay rise?")
    assert "I don't handle pay, contracts or personal matters" in texts(offer)
    assert "How should HR get back to you?" in texts(talk(sender, "/affirm"))
    done = talk(sender, "call me on 555 123 4567")
    assert "contact you at call me on 555 123 4567" in texts(done) or "555 123 4567" in texts(done)
    [ticket] = tickets_of(catalog, sender)
    assert ticket.reason == "declined" and ticket.question == "can I get a pay rise?"
    assert ticket.contact and "555 123 4567" in ticket.contact


def test_declining_the_hand_off_creates_nothing(talk, catalog) -> None:
    sender = f"no-handoff-{uuid.uuid4().hex[:8]}"
    talk(sender, "I want to talk to a person")
    assert "I won't pass it on" in texts(talk(sender, "/deny"))
    assert tickets_of(catalog, sender) == []


def test_feedback_after_an_faq_answer_is_stored(talk, catalog) -> None:
    sender = f"feedback-{uuid.uuid4().hex[:8]}"
    answer = talk(sender, "what is reskilling?")
    assert answer[-1]["text"] == "Was this helpful?"
    with catalog.connect() as connection:
        before = feedback_counts(connection).get("faq")
    reply = talk(sender, "/feedback_not_helpful")
    # one group of buttons: the offer of a person first, then the answer's follow-up questions
    [grouped] = [message for message in reply if message.get("buttons")]
    assert grouped["buttons"][0] == {"title": "Talk to a person", "payload": "/talk_to_human"}
    with catalog.connect() as connection:
        after = feedback_counts(connection)["faq"]
    assert after.not_helpful == (before.not_helpful if before else 0) + 1


def test_forget_me_removes_the_tickets(talk, catalog) -> None:
    sender = f"forget-{uuid.uuid4().hex[:8]}"
    talk(sender, "can I get a pay rise?")
    talk(sender, "/affirm")
    talk(sender, "/skip")
    assert len(tickets_of(catalog, sender)) == 1
    talk(sender, "forget me")
    talk(sender, "/affirm")
    assert tickets_of(catalog, sender) == []
