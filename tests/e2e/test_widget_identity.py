"""End-to-end: signed-in employees in the widget (identity tokens from the intranet).

The session's servers trust identity tokens signed with ``E2E_IDENTITY_KEY`` (HS256,
tests/e2e/conftest.py). Each test uses an employee subject of its own.

- in a real browser: with a token, the conversation (history and profile) follows the
  employee to a second browser context, a "second device"; a forged or an expired token
  leaves the chat anonymous, with one notice, and shows nothing of the employee's;
- socket.io level: an employee's conversation cannot be joined by naming its id (nor over
  REST), and an HR ticket opened by a signed-in employee records who asked, from the
  verified token, never from what the client put in its message metadata.
"""

from __future__ import annotations

import json
import queue
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import jwt
import pytest
import requests
import socketio
from click.testing import CliRunner
from sqlalchemy.engine import Engine

from bot.cli import main
from bot.hr.tickets import Ticket, list_tickets
from bot.identity import METADATA_KEY, employee_sender_id
from launcher.servers import RunningServers
from tests.e2e.conftest import E2E_IDENTITY_KEY
from tests.e2e.test_widget import ROLE_QUESTION, TIMEOUT_MS, bot_bubbles, send

pytestmark = pytest.mark.e2e

NOTICE = "Couldn't confirm who you are; this chat is anonymous."
#: An expired sign-in says how to get signed in again.
EXPIRED_NOTICE = "Your sign-in has expired, so this chat is anonymous. Reload the page to sign in again."


def identity_token(subject: str, key: str = E2E_IDENTITY_KEY, expires_in: int = 600, **claims: Any) -> str:
    now = int(time.time())
    payload = {"sub": subject, "iat": now, "exp": now + expires_in, **claims}
    return jwt.encode(payload, key, algorithm="HS256")


def new_subject() -> str:
    return f"E{uuid.uuid4().hex[:10]}"


# --- in a real browser ------------------------------------------------------------------------------


def open_widget(browser: Any, servers: RunningServers, token: str | None) -> Any:
    """A new browser context (another device) showing the demo page, whose widget gets
    ``token`` as its ``data-identity-token``; the panel open and connected."""
    context = browser.new_context(viewport={"width": 1100, "height": 760}, locale="en-GB")
    page = context.new_page()
    if token:

        def demo(route: Any) -> None:
            response = route.fetch()
            tag = '<script src="/widget/widget.js"'
            route.fulfill(
                response=response, body=response.text().replace(tag, f'{tag} data-identity-token="{token}"')
            )

        page.route("**/widget/demo", demo)
    page.goto(f"{servers.rasa_url}/widget/demo")
    page.locator("button.cw-launcher").click()
    page.locator(".cw-status", has_text="Online").wait_for(timeout=TIMEOUT_MS)
    return page


@pytest.fixture
def devices(browser: Any) -> Iterator[list[Any]]:
    opened: list[Any] = []
    yield opened
    for page in opened:
        page.context.close()


def stored_widget_state(page: Any) -> str:
    return page.evaluate("JSON.stringify(Object.assign({}, window.localStorage))")


def test_a_signed_in_employee_finds_the_conversation_on_a_second_device(servers, browser, devices):
    token = identity_token(new_subject(), name="Ada Lovelace")
    first = open_widget(browser, servers, token)
    devices.append(first)
    assert "signed in" in first.locator(".cw-status").inner_text()
    bot_bubbles(first).first.wait_for(timeout=TIMEOUT_MS)  # the greeting: a new conversation
    send(first, "I want career advice")
    send(first, "I'm an accountant")
    assert first.locator("button.cw-choice", has_text="Move to a different role").count() == 1
    # the employee's messages are not kept in this browser (the server has them)
    assert "accountant" not in stored_widget_state(first)

    second = open_widget(browser, servers, token)
    devices.append(second)
    second.locator(".cw-user .cw-bubble", has_text="I'm an accountant").wait_for(timeout=TIMEOUT_MS)
    shown = second.locator(".cw-bubble").all_inner_texts()
    assert "I want career advice" in shown and any(ROLE_QUESTION in text for text in shown)
    assert shown == first.locator(".cw-bubble").all_inner_texts()
    # the last question's quick replies are offered again; the conversation goes on here
    second.locator("button.cw-choice", has_text="Move to a different role").wait_for(timeout=TIMEOUT_MS)
    send(second, "what do you know about me?")
    remembered = " ".join(bot_bubbles(second).all_inner_texts()[-3:])
    assert "Here is what I remember about you" in remembered and "ccountant" in remembered


@pytest.mark.parametrize(
    ("bad_token", "expected_notice"),
    [
        pytest.param(
            lambda subject: identity_token(subject, key="not-the-intranet-key-0123456789abcdef"),
            NOTICE,
            id="forged",
        ),
        pytest.param(lambda subject: identity_token(subject, expires_in=-300), EXPIRED_NOTICE, id="expired"),
    ],
)
def test_a_forged_or_expired_token_leaves_the_chat_anonymous(
    servers, browser, devices, talk_as_employee, bad_token, expected_notice
):
    subject = new_subject()
    talk_as_employee(subject, "I want career advice")  # the employee's real conversation
    page = open_widget(browser, servers, bad_token(subject))
    devices.append(page)
    notice = page.locator(".cw-notice", has_text=expected_notice)
    notice.wait_for(timeout=TIMEOUT_MS)
    bot_bubbles(page).first.wait_for(timeout=TIMEOUT_MS)  # greeted as a new, anonymous visitor
    assert notice.count() == 1
    assert "signed in" not in page.locator(".cw-status").inner_text()
    assert page.locator(".cw-user .cw-bubble", has_text="I want career advice").count() == 0
    session_id = json.loads(page.evaluate("Object.values(window.localStorage)[0]"))["sessionId"]
    assert session_id and not session_id.startswith("employee:")
    send(page, "what do you know about me?")
    assert "I don't know anything about you yet" in " ".join(bot_bubbles(page).all_inner_texts()[-3:])
    assert page.locator(".cw-notice", has_text=expected_notice).count() == 1  # said once


# --- socket.io level ----------------------------------------------------------------------------------


class IdentityClient:
    """A socket.io client speaking the widget's protocol, identity events included."""

    def __init__(self, url: str) -> None:
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.errors: list[dict[str, Any]] = []  # the identity_error events
        self.session_id = ""
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("session_confirm", lambda data: self.events.put(("session_confirm", data)))
        self.sio.on("bot_uttered", lambda data: self.events.put(("bot_uttered", data)))
        self.sio.on("identity_error", self.errors.append)
        self.sio.connect(url, headers={"Origin": url}, transports=["polling"], wait_timeout=10)

    def session(self, request: dict[str, Any]) -> dict[str, Any]:
        self.sio.emit("session_request", request)
        event, data = self.events.get(timeout=60)
        assert event == "session_confirm", (event, data)
        self.session_id = data["session_id"]
        return data  # type: ignore[no-any-return]

    def say(self, text: str, metadata: dict[str, Any] | None = None, quiet: float = 3.0) -> str:
        self.sio.emit(
            "user_uttered", {"message": text, "session_id": self.session_id, "metadata": metadata or {}}
        )
        texts = [self._next_reply(60)]
        while True:
            try:
                texts.append(self._next_reply(quiet))
            except queue.Empty:
                return "\n".join(texts)

    def _next_reply(self, timeout: float) -> str:
        event, data = self.events.get(timeout=timeout)
        return str(data.get("text") or "") if event == "bot_uttered" else f"<{event}>"

    def close(self) -> None:
        self.sio.disconnect()


@pytest.fixture
def clients(servers: RunningServers) -> Iterator[Any]:
    opened: list[IdentityClient] = []

    def connect() -> IdentityClient:
        client = IdentityClient(servers.rasa_url)
        opened.append(client)
        return client

    yield connect
    with ThreadPoolExecutor(max_workers=max(1, len(opened))) as closing:
        list(closing.map(IdentityClient.close, opened))


@pytest.fixture
def talk_as_employee(clients: Any) -> Any:
    """Send messages as a signed-in employee (a socket of their own)."""

    def talk(subject: str, *messages: str) -> str:
        client = clients()
        client.session({"identity_token": identity_token(subject)})
        return "\n".join(client.say(message) for message in messages)

    return talk


def test_an_employee_conversation_cannot_be_joined_by_its_id(servers, clients):
    subject = new_subject()
    employee = clients()
    confirmed = employee.session({"identity_token": identity_token(subject)})
    assert confirmed["session_id"] == employee_sender_id(subject) and confirmed["signed_in"] is True
    assert "session_token" not in confirmed and confirmed["history"] == []
    assert ROLE_QUESTION in employee.say("I want career advice")

    intruder = clients()
    for request in (
        {"session_id": employee_sender_id(subject)},
        {"session_id": employee_sender_id(subject), "session_token": "1732240000.AAAA"},
        {"session_id": employee_sender_id(subject), "identity_token": identity_token(subject, key="x" * 40)},
    ):
        other = intruder.session(request)
        assert other["session_id"] != employee_sender_id(subject) and not other.get("signed_in")
        assert "history" not in other
    deadline = time.monotonic() + 10  # the client handles each event in a thread of its own
    while not intruder.errors and time.monotonic() < deadline:
        time.sleep(0.1)
    assert intruder.errors == [{"reason": "invalid"}]
    reply = requests.post(
        servers.rest_webhook_url, json={"sender": employee_sender_id(subject), "message": "hi"}, timeout=30
    )
    assert reply.status_code == 403
    with pytest.raises(queue.Empty):
        employee.events.get(timeout=2)

    # the employee on another device with a fresh token: the same conversation, with its history
    again = clients()
    resumed = again.session({"identity_token": identity_token(subject)})
    assert resumed["session_id"] == employee_sender_id(subject)
    assert {"from": "user", "text": "I want career advice"} in [
        {key: message[key] for key in ("from", "text")} for message in resumed["history"]
    ]


def tickets_of(engine: Engine, sender: str) -> list[Ticket]:
    with engine.connect() as connection:
        return [ticket for ticket in list_tickets(connection, None) if ticket.sender_id == sender]


def ask_hr(client: IdentityClient, metadata: dict[str, Any]) -> str:
    assert "pass your question on to a person in the HR team" in client.say(
        "I want to talk to a person", metadata
    )
    assert "What would you like to ask HR?" in client.say("/affirm", metadata)
    assert "How should HR get back to you?" in client.say(
        "Can I work from another country for a month?", metadata
    )
    return client.say("/skip", metadata)


def test_an_hr_ticket_of_a_signed_in_employee_records_who_asked(clients, catalog, server_databases):
    subject = new_subject()
    forged = {METADATA_KEY: {"subject": "E-someone-else", "name": "Mallory"}}
    employee = clients()
    employee.session(
        {"identity_token": identity_token(subject, name="Ada Lovelace", email="ada@example.com")}
    )
    assert "ticket #" in ask_hr(employee, forged)  # what the client claims is ignored
    [ticket] = tickets_of(catalog, employee_sender_id(subject))
    assert (ticket.employee_subject, ticket.employee_name, ticket.employee_email) == (
        subject,
        "Ada Lovelace",
        "ada@example.com",
    )
    assert ticket.channel == "socketio" and ticket.contact is None
    shown = CliRunner().invoke(
        main, ["hr", "--db", server_databases["CATALOG_DB_URL"], "show", str(ticket.id)]
    )
    assert f"Asked by: {subject} (Ada Lovelace <ada@example.com>)" in shown.output

    # an anonymous visitor cannot make a ticket look like a signed-in employee's
    anonymous = clients()
    anonymous.session({})
    ask_hr(anonymous, {METADATA_KEY: {"subject": subject, "name": "Ada Lovelace"}})
    [other] = tickets_of(catalog, anonymous.session_id)
    assert other.employee_subject is None and other.employee_name is None


def test_a_page_can_sign_the_widget_in_later(servers, browser, devices, talk_as_employee):
    subject = new_subject()
    talk_as_employee(subject, "I want career advice")
    page = open_widget(browser, servers, None)  # anonymous at first
    devices.append(page)
    bot_bubbles(page).first.wait_for(timeout=TIMEOUT_MS)
    assert "signed in" not in page.locator(".cw-status").inner_text()
    send(page, "hello there")  # an anonymous chat, which signing in replaces
    page.evaluate("token => window.CareerAdvisorWidget.setIdentityToken(token)", identity_token(subject))
    page.locator(".cw-status", has_text="signed in").wait_for(timeout=TIMEOUT_MS)
    page.locator(".cw-user .cw-bubble", has_text="I want career advice").wait_for(timeout=TIMEOUT_MS)
    # said, not silently dropped (a stranger lost an anonymous chat without a word)
    page.locator(".cw-notice", has_text="The anonymous chat before it was not kept.").wait_for(
        timeout=TIMEOUT_MS
    )
    # signing out (null): a new anonymous conversation, the employee's messages gone from the panel
    page.evaluate("window.CareerAdvisorWidget.setIdentityToken(null)")
    page.locator(".cw-notice", has_text="A new conversation has started.").wait_for(timeout=TIMEOUT_MS)
    assert page.locator(".cw-user .cw-bubble", has_text="I want career advice").count() == 0
    assert "signed in" not in page.locator(".cw-status").inner_text()


def test_forget_me_from_one_device_forgets_the_employee_everywhere(clients, catalog):
    subject = new_subject()
    laptop = clients()
    laptop.session({"identity_token": identity_token(subject)})
    laptop.say("I want career advice")
    laptop.say("I'm an accountant")
    ask_hr(laptop, {})
    assert len(tickets_of(catalog, employee_sender_id(subject))) == 1
    assert "forget you" in laptop.say("forget me")
    assert "I have deleted your profile and our conversation history" in laptop.say("/affirm")
    assert tickets_of(catalog, employee_sender_id(subject)) == []

    phone = clients()
    resumed = phone.session({"identity_token": identity_token(subject)})
    assert resumed["session_id"] == employee_sender_id(subject) and resumed["history"] == []
    assert "I don't know anything about you yet" in phone.say("what do you know about me?")
