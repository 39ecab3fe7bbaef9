"""A signed-in employee's hand-off ticket records who asked (actions/handoff.py), from the
identity the widget channel verified, and only in that employee's own conversation."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine

from actions.handoff import ActionCreateTicket
from bot.hr.tickets import list_tickets
from bot.identity import METADATA_KEY, employee_sender_id
from tests.kit.actions import run_action as run
from tests.kit.trackers import make_tracker, user_event

IDENTITY = {"subject": "E1042", "name": "Ada Lovelace", "email": "ada@example.com"}


def ticket_for(domain: Any, engine: Engine, sender: str, metadata: dict[str, Any]) -> Any:
    question = "can I work from another country for a month?"
    events = [
        user_event(question, "faq", channel="socketio"),
        user_event("/skip", "skip", channel="socketio"),
    ]
    events[-1]["metadata"] = metadata
    slots = {"handoff_question": question, "handoff_reason": "requested", "handoff_contact": "chat"}
    run(ActionCreateTicket(), make_tracker(events, slots=slots, sender_id=sender), domain)
    with engine.connect() as connection:
        [ticket] = [ticket for ticket in list_tickets(connection) if ticket.sender_id == sender]
    return ticket


def test_the_ticket_of_a_signed_in_employee_says_who_asked(domain, actions_database) -> None:
    ticket = ticket_for(domain, actions_database, employee_sender_id("E1042"), {METADATA_KEY: IDENTITY})
    assert (ticket.employee_subject, ticket.employee_name, ticket.employee_email) == (
        "E1042",
        "Ada Lovelace",
        "ada@example.com",
    )
    assert ticket.as_dict()["employee_subject"] == "E1042"


@pytest.mark.parametrize(
    "sender",
    ["0123456789abcdef0123456789abcdef", employee_sender_id("E0001")],
    ids=["anonymous", "another-employee"],
)
def test_an_identity_outside_its_own_conversation_is_ignored(domain, actions_database, sender) -> None:
    ticket = ticket_for(domain, actions_database, sender, {METADATA_KEY: IDENTITY})
    assert (ticket.employee_subject, ticket.employee_name, ticket.employee_email) == (None, None, None)
