"""End-to-end: HR's answer reaches the user with the reply to their next message, on every
channel, exactly once; "any news on my ticket?" lists the tickets.

Before the channels' guard (addons/channels/guard.py) the answer came only with a new
session (after 60 idle minutes or a restart). Here each conversation is under way when HR
answers, so only the next-message delivery can bring it. HR answers through ``bot.hr``,
as the CLI and the HR page do.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.hr.tickets import create_ticket, get_ticket, resolve_ticket
from tests.e2e.test_channels import twilio_turn
from tests.e2e.test_widget import WidgetClient

pytestmark = pytest.mark.e2e

QUESTION = "Can I move to part-time hours while I finish my degree?"
ANSWER = "Yes: ask your manager, then fill in the part-time form on the intranet."
DELIVERED = f'HR answered your question "{QUESTION}":\n{ANSWER}'


def texts(replies: list[dict[str, Any]]) -> list[str]:
    return [reply.get("text") or "" for reply in replies]


def hr_answers(catalog: Engine, sender: str) -> int:
    """A ticket of ``sender``, answered by HR; its number."""
    with catalog.begin() as connection:
        ticket = create_ticket(connection, sender, QUESTION, channel="test")
        resolve_ticket(connection, ticket.id, ANSWER, resolved_by="e2e")
    return ticket.id


def delivered(catalog: Engine, ticket_id: int) -> bool:
    with catalog.connect() as connection:
        return get_ticket(connection, ticket_id).delivered_at is not None


def test_rest_delivers_the_answer_after_the_next_reply_once(talk, catalog) -> None:
    sender = f"delivery-rest-{uuid.uuid4().hex[:8]}"
    assert talk(sender, "hello")
    ticket_id = hr_answers(catalog, sender)

    reply = texts(talk(sender, "what can you do?"))
    assert reply[-1] == DELIVERED and len(reply) >= 2, "the bot's own reply first, then HR's answer"
    assert delivered(catalog, ticket_id)
    assert DELIVERED not in texts(talk(sender, "what can you do?"))


def test_the_widget_delivers_the_answer_after_the_next_reply_once(servers, catalog) -> None:
    client = WidgetClient(servers.rasa_url, servers.rasa_url)
    try:
        session_id = client.session()["session_id"]
        client.say("hello", session_id)
        assert client.replies()
        ticket_id = hr_answers(catalog, session_id)

        client.say("what can you do?", session_id)
        first = client.replies()
        client.say("what can you do?", session_id)
        second = client.replies()
    finally:
        client.close()
    assert first.count(DELIVERED) == 1 and first[0] != DELIVERED
    assert DELIVERED not in second
    assert delivered(catalog, ticket_id)


def test_whatsapp_delivers_the_answer_after_the_next_reply_once(channel_servers, catalog) -> None:
    sender = f"whatsapp:+1555{uuid.uuid4().int % 10**7:07d}"
    assert twilio_turn(channel_servers, sender, "hello")
    ticket_id = hr_answers(catalog, sender)

    first = twilio_turn(channel_servers, sender, "what can you do?")
    assert first.count(DELIVERED) == 1 and first[0] != DELIVERED
    assert DELIVERED not in twilio_turn(channel_servers, sender, "what can you do?")
    assert delivered(catalog, ticket_id)


def test_ticket_status_lists_the_tickets_with_the_answer(talk, catalog) -> None:
    sender = f"status-{uuid.uuid4().hex[:8]}"
    assert talk(sender, "hello")
    with catalog.begin() as connection:
        waiting = create_ticket(connection, sender, "Is there a budget for conferences?")
    answered = hr_answers(catalog, sender)

    status = "\n".join(texts(talk(sender, "/ask_ticket_status")))
    assert f"Ticket #{waiting.id}" in status and "still open" in status
    assert f"Ticket #{answered}" in status and ANSWER in status
    # the answer was shown in the list: it does not come a second time
    assert DELIVERED not in texts(talk(sender, "what can you do?"))
