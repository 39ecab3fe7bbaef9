"""The running servers refuse what they must not serve.

The action server answers only the Rasa server (actions/server_guard.py): a call without the
shared token, a text/plain body (what any web page can post) or a deflate bomb is refused,
while the assistant itself keeps working through Rasa. The Rasa server cuts a huge message
(addons/channels/guard.py) and refuses a body over SANIC_REQUEST_MAX_SIZE with HTTP 413.
"""

from __future__ import annotations

import json
import time
import zlib

import pytest
import requests

from launcher.configuration import action_server_token
from launcher.servers import RunningServers

pytestmark = pytest.mark.e2e

ACTION_CALL = {
    "next_action": "action_show_profile",
    "sender_id": "someone-else",
    "tracker": {
        "sender_id": "someone-else",
        "slots": {},
        "latest_message": {},
        "events": [],
        "paused": False,
    },
    "domain": {},
    "version": "3.6.21",
}


def post(
    servers: RunningServers, token: str | None, data: bytes, headers: dict[str, str]
) -> requests.Response:
    params = {} if token is None else {"token": token}
    return requests.post(
        f"{servers.action_url}/webhook", params=params, data=data, headers=headers, timeout=30
    )


def test_an_action_call_without_the_token_is_refused(servers: RunningServers) -> None:
    body = json.dumps(ACTION_CALL).encode()
    for token in (None, "", "guess"):
        response = post(servers, token, body, {"Content-Type": "application/json"})
        assert response.status_code == 401, token
        assert response.json()["error"] == "unauthorized"
    assert requests.get(f"{servers.action_url}/actions", timeout=10).status_code == 401


def test_a_plain_text_body_is_refused_even_with_the_token(servers: RunningServers) -> None:
    token = action_server_token(servers.config.env)
    response = post(servers, token, json.dumps(ACTION_CALL).encode(), {"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_a_body_that_is_no_action_call_gets_400_not_500(servers: RunningServers) -> None:
    token = action_server_token(servers.config.env)
    for body in (b"[]", b'"hello"', b"", b"{broken"):
        response = post(servers, token, body, {"Content-Type": "application/json"})
        assert response.status_code == 400, body
        assert response.json()["error"] == "bad_request"


def test_a_deflate_bomb_is_refused_without_being_inflated(servers: RunningServers) -> None:
    token = action_server_token(servers.config.env)
    bomb = zlib.compress(b" " * (64 * 1024 * 1024))
    response = post(servers, token, bomb, {"Content-Type": "application/json", "Content-Encoding": "deflate"})
    assert response.status_code == 413
    assert requests.get(f"{servers.action_url}/health", timeout=10).json() == {"status": "ok"}


def test_the_token_lets_the_rasa_server_call_actions(servers: RunningServers) -> None:
    token = action_server_token(servers.config.env)
    response = post(servers, token, json.dumps(ACTION_CALL).encode(), {"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    # and a whole turn that runs custom actions goes through Rasa
    reply = requests.post(
        servers.rest_webhook_url,
        json={"sender": "auth-check", "message": "I'm a cashier and want to become a data analyst"},
        timeout=120,
    ).json()
    assert any("skills" in (message.get("text") or "").lower() for message in reply), reply


def test_a_huge_message_is_cut_and_answered_and_a_huge_body_refused(servers: RunningServers) -> None:
    huge = "I'm a cashier and want to become a data analyst. " + "blah " * 20_000  # ~100 KB
    started = time.monotonic()
    reply = requests.post(servers.rest_webhook_url, json={"sender": "huge-1", "message": huge}, timeout=120)
    assert reply.status_code == 200 and reply.json(), reply.text
    assert time.monotonic() - started < 30
    too_big = requests.post(
        servers.rest_webhook_url, json={"sender": "huge-2", "message": "x" * 2_000_000}, timeout=60
    )
    assert too_big.status_code == 413
    hello = requests.post(servers.rest_webhook_url, json={"sender": "huge-3", "message": "hello"}, timeout=60)
    assert hello.status_code == 200 and hello.json()
