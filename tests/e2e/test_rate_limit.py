"""End-to-end: a client that floods one conversation gets a clear refusal, never silence.

Before the guard (addons/channels/guard.py), messages queued over 60 s in one conversation
were lost (Rasa's lock tickets expire): a 200-message burst on one socket got 56 answers,
and some of 70 parallel REST posts hung until the client gave up. Now every accepted
message is processed and answered, and every refused one gets a "slow down" reply (REST:
HTTP 429 with a JSON message). Counted here against the conversation's tracker.
"""

from __future__ import annotations

import queue
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import engineio.payload
import pytest
import requests
from sqlalchemy import text
from sqlalchemy.engine import Engine

from addons.channels.guard import SLOW_DOWN_TEXT
from bot.config import env_int
from tests.e2e.test_widget import WidgetClient

pytestmark = pytest.mark.e2e

REST_BURST = 70
SOCKET_BURST = 200
#: The servers run with the default limit (CHANNEL_RATE_LIMIT).
LIMIT = env_int("CHANNEL_RATE_LIMIT")
CLIENT_TIMEOUT = 120


def turns_of(tracker_db: Engine, sender: str) -> list[str]:
    """The conversation's user and bot events, in order ("user" / "bot")."""
    with tracker_db.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT type_name FROM events WHERE sender_id = :sender "
                "AND type_name IN ('user', 'bot') ORDER BY id"
            ),
            {"sender": sender},
        ).all()
    return [row[0] for row in rows]


def every_user_turn_is_answered(turns: list[str]) -> bool:
    """Each user event is followed by at least one bot event before the next user event."""
    followers = [*turns[1:], None]
    return all(
        following == "bot" for current, following in zip(turns, followers, strict=True) if current == "user"
    )


def post(url: str, sender: str) -> tuple[int | str, Any]:
    try:
        reply = requests.post(url, json={"sender": sender, "message": "hello"}, timeout=CLIENT_TIMEOUT)
    except requests.RequestException as error:
        return type(error).__name__, None
    return reply.status_code, reply.json()


def test_a_rest_burst_on_one_sender_is_answered_or_refused(servers, tracker_db) -> None:
    sender = f"burst-rest-{uuid.uuid4().hex[:8]}"
    with ThreadPoolExecutor(max_workers=REST_BURST) as pool:
        results = list(pool.map(lambda _: post(servers.rest_webhook_url, sender), range(REST_BURST)))

    statuses = [status for status, _ in results]
    answered = [body for status, body in results if status == 200]
    refused = [body for status, body in results if status == 429]
    assert len(answered) + len(refused) == REST_BURST, f"lost or failed: {statuses}"
    assert all(body for body in answered), "an accepted message got an empty reply"
    assert all(body["message"] == SLOW_DOWN_TEXT and body["retry_after"] >= 1 for body in refused)
    assert 1 <= len(answered) <= LIMIT and refused

    turns = turns_of(tracker_db, sender)
    assert turns.count("user") == len(answered)
    assert every_user_turn_is_answered(turns)


#: engine.io refuses a polling request of more than 16 packets: the burst goes in posts of 10.
PACKETS_PER_POST = 10


def socket_burst(url: str, count: int, quiet: float = 15, timeout: float = 300) -> tuple[str, list[str]]:
    """Send ``count`` messages at once on one widget session; the session id and the bot's
    texts, collected until ``count`` arrived and ``quiet`` seconds passed without another."""
    client = WidgetClient(url, url)
    try:
        session_id = client.session()["session_id"]
        for start in range(0, count, PACKETS_PER_POST):
            for _ in range(start, min(count, start + PACKETS_PER_POST)):
                client.say("hello", session_id)
            client.sio.eio.queue.join()  # sent (python-engineio's polling write queue)
        texts: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                kind, data = client.events.get(timeout=quiet if len(texts) >= count else 5)
            except queue.Empty:
                if len(texts) >= count:
                    break
                continue
            if kind == "bot_uttered":
                texts.append(data.get("text", ""))
        return session_id, texts
    finally:
        client.close()


def test_a_socket_burst_on_one_session_is_answered_or_refused(servers, tracker_db, monkeypatch) -> None:
    # python-engineio's client refuses a long-poll answer of more than 16 packets (a
    # browser's socket.io client has no such limit, and uses a websocket)
    monkeypatch.setattr(engineio.payload.Payload, "max_decode_packets", 10 * SOCKET_BURST)
    # at least one bot message per message sent: a reply or a refusal
    session_id, texts = socket_burst(servers.rasa_url, SOCKET_BURST)

    refusals = texts.count(SLOW_DOWN_TEXT)
    turns = turns_of(tracker_db, session_id)
    processed = turns.count("user")
    assert processed + refusals == SOCKET_BURST, f"{processed} processed + {refusals} refused"
    assert 1 <= processed <= LIMIT
    assert every_user_turn_is_answered(turns)
