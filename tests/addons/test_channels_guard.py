"""The channels' guard without a server: the per-sender gate (rate limit, one message at a
time), refusals, HR answers after the reply on every channel, and the REST channel's 429."""

from __future__ import annotations

import asyncio
import json
import logging
from types import SimpleNamespace
from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sqlalchemy.engine import Engine

from addons.channels.flood import SenderGate
from addons.channels.guard import SLOW_DOWN_TEXT, GuardedChannel, deliver_pending_answers
from addons.channels.messaging import FacebookChannel, SlackChannel, TelegramChannel, TwilioChannel
from addons.channels.rest import RestChannel, rest_access_refusal
from addons.channels.widget import WidgetInput
from bot.hr.tickets import create_ticket, get_ticket, resolve_ticket


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


# --- the gate -------------------------------------------------------------------------------------


def test_the_gate_admits_up_to_the_limit_per_window_and_per_sender() -> None:
    clock = FakeClock()
    gate = SenderGate(3, 30, clock=clock)
    assert [gate.admit("a") for _ in range(4)] == [True, True, True, False]
    assert gate.admit("b"), "another sender has its own budget"
    assert gate.retry_after("a") == 30
    clock.now += 29.5
    assert not gate.admit("a") and gate.retry_after("a") == 1
    clock.now += 0.5
    # the window slid past the first three, but they are still waiting: at most 3 waiting
    assert not gate.admit("a")


def test_finished_messages_free_the_waiting_room_and_idle_senders_are_forgotten() -> None:
    clock = FakeClock()
    gate = SenderGate(2, 10, clock=clock)

    async def serve_two() -> None:
        for _ in range(2):
            assert gate.admit("a")
            async with gate.turn("a"):
                pass

    run(serve_two())
    assert not gate.admit("a"), "two in the last 10 s"
    clock.now += 10
    assert gate.admit("b")  # a sweep: "a" has been quiet for a whole window
    assert gate.tracked_senders() == 1


def test_admitted_messages_of_one_sender_run_one_at_a_time_in_order() -> None:
    gate = SenderGate(10, 30)
    running: list[int] = []
    order: list[int] = []

    async def message(number: int) -> None:
        assert gate.admit("a")
        async with gate.turn("a"):
            running.append(number)
            assert len(running) == 1, "two messages of one sender at once"
            await asyncio.sleep(0.01)
            order.append(number)
            running.remove(number)

    async def burst() -> None:
        await asyncio.gather(*(message(number) for number in range(5)))

    run(burst())
    assert order == [0, 1, 2, 3, 4]


def test_a_gate_needs_a_positive_limit_and_window() -> None:
    with pytest.raises(ValueError, match="rate limit"):
        SenderGate(0, 30)
    with pytest.raises(ValueError, match="rate limit"):
        SenderGate(5, 0)


# --- the guarded handler --------------------------------------------------------------------------


class Channel(GuardedChannel):
    def __init__(self, limit: int = 20) -> None:
        self._gate = SenderGate(limit, 30)


def greeting_bot(seen: list[str]) -> Any:
    async def on_new_message(message: UserMessage) -> None:
        seen.append(message.text or "")
        await asyncio.sleep(0.005)
        await message.output_channel.send_text_message(message.sender_id, f"reply to {message.text}")

    return on_new_message


def test_a_flood_gets_a_slow_down_reply_for_every_refused_message(actions_database: Engine) -> None:
    seen: list[str] = []
    handler = Channel(limit=5).guarded(greeting_bot(seen))
    output = CollectingOutputChannel()

    async def flood() -> None:
        await asyncio.gather(*(handler(UserMessage(f"m{n}", output, "s1")) for n in range(12)))

    run(flood())
    texts = [message["text"] for message in output.messages]
    assert seen == [f"m{n}" for n in range(5)], "accepted ones processed, in order"
    assert texts.count(SLOW_DOWN_TEXT) == 7
    assert [text for text in texts if text != SLOW_DOWN_TEXT] == [f"reply to m{n}" for n in range(5)]


def resolved_ticket(engine: Engine, sender: str, answer: str = "Yes, ask your manager.") -> int:
    with engine.begin() as connection:
        ticket = create_ticket(connection, sender, "Can I work part-time?")
        resolve_ticket(connection, ticket.id, answer)
    return ticket.id


def test_hr_answers_come_after_the_reply_to_the_next_message_once(actions_database: Engine) -> None:
    ticket_id = resolved_ticket(actions_database, "s1")
    handler = Channel().guarded(greeting_bot([]))
    output = CollectingOutputChannel()

    run(handler(UserMessage("hello", output, "s1")))
    run(handler(UserMessage("again", output, "s1")))

    texts = [message["text"] for message in output.messages]
    assert texts == [
        "reply to hello",
        'HR answered your question "Can I work part-time?":\nYes, ask your manager.',
        "reply to again",
    ]
    with actions_database.connect() as connection:
        assert get_ticket(connection, ticket_id).delivered_at is not None


def test_other_senders_do_not_get_the_answer(actions_database: Engine) -> None:
    resolved_ticket(actions_database, "s1")
    output = CollectingOutputChannel()
    run(Channel().guarded(greeting_bot([]))(UserMessage("hello", output, "s2")))
    assert [message["text"] for message in output.messages] == ["reply to hello"]


class BrokenOutput(CollectingOutputChannel):
    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        raise ConnectionError("platform down")


def test_an_answer_that_could_not_be_sent_is_kept_for_the_next_message(
    actions_database: Engine, caplog
) -> None:
    ticket_id = resolved_ticket(actions_database, "s1")
    with caplog.at_level(logging.ERROR):
        sent = run(deliver_pending_answers(UserMessage("hello", BrokenOutput(), "s1")))
    assert sent == 0 and "Could not send the HR answer of ticket" in caplog.text
    with actions_database.connect() as connection:
        assert get_ticket(connection, ticket_id).delivered_at is None
    assert run(deliver_pending_answers(UserMessage("hello", CollectingOutputChannel(), "s1"))) == 1


def test_a_database_failure_never_breaks_the_reply(monkeypatch, tmp_path, caplog) -> None:
    monkeypatch.setenv("CATALOG_DB_URL", f"sqlite:///{tmp_path / 'not-migrated.db'}")
    output = CollectingOutputChannel()
    with caplog.at_level(logging.ERROR):
        run(Channel().guarded(greeting_bot([]))(UserMessage("hello", output, "s1")))
    assert [message["text"] for message in output.messages] == ["reply to hello"]
    assert "Could not read the HR answers of conversation s1" in caplog.text
    assert "hello" not in caplog.text.replace("reply to hello", "")


def test_the_limit_comes_from_the_settings(monkeypatch) -> None:
    monkeypatch.setenv("CHANNEL_RATE_LIMIT", "7")
    monkeypatch.setenv("CHANNEL_RATE_WINDOW", "60")
    gate = GuardedChannel().gate
    assert (gate.limit, gate.window_seconds) == (7, 60)


# --- every channel is guarded ---------------------------------------------------------------------


#: The channels whose blueprint hands Rasa's callback to ``guarded`` (the REST channel
#: admits in its own route to answer HTTP 429: tested below).
CHANNELS = {
    "widget": lambda: WidgetInput(),
    "telegram": lambda: TelegramChannel.from_credentials({"access_token": "1:abc", "verify": "bot"}),
    "slack": lambda: SlackChannel.from_credentials({"slack_token": "xoxb-1", "slack_signing_secret": "s"}),
    "twilio": lambda: TwilioChannel.from_credentials(
        {"account_sid": "AC1", "auth_token": "t", "twilio_number": "+15550000"}
    ),
    "facebook": lambda: FacebookChannel.from_credentials(
        {"verify": "v", "secret": "s", "page-access-token": "p"}
    ),
}


@pytest.mark.parametrize("name", sorted(CHANNELS))
def test_every_channel_wraps_the_handler_its_blueprint_receives(name, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CAREERBOT_VAR_DIR", str(tmp_path))
    channel = CHANNELS[name]()
    assert isinstance(channel, GuardedChannel)
    wrapped: list[Any] = []
    original = channel.guarded

    def spy(handler: Any) -> Any:
        wrapped.append(handler)
        return original(handler)

    async def handler(message: UserMessage) -> None:
        return None

    monkeypatch.setattr(channel, "guarded", spy)
    channel.blueprint(handler)
    assert wrapped == [handler]


# --- the REST channel -----------------------------------------------------------------------------


def rest_route(channel: RestChannel, on_new_message: Any) -> Any:
    blueprint = channel.blueprint(on_new_message)
    return next(route.handler for route in blueprint._future_routes if route.uri == "/webhook")


def request(body: Any, headers: dict[str, str] | None = None) -> Any:
    return SimpleNamespace(json=body, args={}, headers=headers or {})


def test_the_rest_channel_answers_429_with_a_json_message_beyond_the_limit(actions_database: Engine) -> None:
    channel = RestChannel()
    assert isinstance(channel, GuardedChannel)
    channel._gate = SenderGate(2, 30)
    seen: list[str] = []
    receive = rest_route(channel, greeting_bot(seen))

    async def burst() -> list[Any]:
        return await asyncio.gather(
            *(receive(request({"sender": "s1", "message": f"m{n}"})) for n in range(4))
        )

    replies = run(burst())
    assert [reply.status for reply in replies] == [200, 200, 429, 429]
    assert json.loads(replies[0].body) == [{"recipient_id": "s1", "text": "reply to m0"}]
    refusal = json.loads(replies[2].body)
    assert refusal == {"error": "rate_limited", "message": SLOW_DOWN_TEXT, "retry_after": 30}
    assert replies[2].headers["Retry-After"] == "30"
    assert seen == ["m0", "m1"]


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "hello",
        {"sender": "s1"},
        {"sender": "s1", "message": 5},
        {"message": "hi"},  # Rasa would put it into one conversation shared by all: "default"
        {"sender": "  ", "message": "hi"},
        {"sender": None, "message": "hi"},
        {"sender": ["a"], "message": "hi"},
        {"sender": "x" * 129, "message": "hi"},
    ],
)
def test_the_rest_channel_explains_a_bad_body(body) -> None:
    reply = run(rest_route(RestChannel(), greeting_bot([]))(request(body)))
    assert reply.status == 400
    assert '{"sender": "your-id", "message": "hello"}' in json.loads(reply.body)["message"]


def test_the_rest_channel_delivers_hr_answers_in_its_reply(actions_database: Engine) -> None:
    resolved_ticket(actions_database, "s1")
    reply = run(rest_route(RestChannel(), greeting_bot([]))(request({"sender": "s1", "message": "hi"})))
    texts = [message["text"] for message in json.loads(reply.body)]
    assert texts[0] == "reply to hi" and texts[1].startswith('HR answered your question "Can I work')


@pytest.mark.parametrize(
    ("env", "authorization", "status"),
    [
        ({}, None, None),  # development: make run listens on 127.0.0.1
        ({"BIND_HOST": "localhost"}, None, None),
        ({"BIND_HOST": "0.0.0.0"}, None, 403),  # public, and no token: callers could name any id
        ({"BIND_HOST": "10.0.0.5"}, "Bearer anything", 403),
        (
            {"BIND_HOST": "0.0.0.0", "REST_CHANNEL_TOKEN": "integration-token"},
            "Bearer integration-token",
            None,
        ),
        ({"BIND_HOST": "0.0.0.0", "REST_CHANNEL_TOKEN": "integration-token"}, "Bearer wrong", 401),
        ({"BIND_HOST": "0.0.0.0", "REST_CHANNEL_TOKEN": "integration-token"}, None, 401),
        ({"REST_CHANNEL_TOKEN": "integration-token"}, None, 401),  # a token is required even on loopback
    ],
)
def test_the_rest_channel_is_open_only_on_loopback_or_with_its_token(env, authorization, status) -> None:
    refused = rest_access_refusal(authorization, env)
    assert (None if refused is None else refused.status) == status


def test_a_public_rest_channel_without_a_token_serves_nothing(monkeypatch) -> None:
    monkeypatch.setenv("BIND_HOST", "0.0.0.0")
    monkeypatch.delenv("REST_CHANNEL_TOKEN", raising=False)
    seen: list[str] = []
    reply = run(
        rest_route(RestChannel(), greeting_bot(seen))(
            request({"sender": "whatsapp:+15550001111", "message": "/session_start"})
        )
    )
    assert reply.status == 403 and json.loads(reply.body)["error"] == "rest_disabled"
    assert seen == []
