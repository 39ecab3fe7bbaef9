"""End-to-end: real Rasa and action servers, spoken to through the REST channel."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
import requests

from launcher.servers import RunningServers

pytestmark = pytest.mark.e2e


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [message.get("text", "") for message in messages]


def variants(responses: dict[str, list[dict[str, Any]]], name: str) -> set[str]:
    return {variant["text"] for variant in responses[name]}


def new_sender() -> str:
    return str(uuid.uuid4())


def wait_for_log_line(servers: RunningServers, needle: str, timeout: float = 10.0) -> str:
    assert servers.action_log is not None
    deadline = time.monotonic() + timeout
    while True:
        content = servers.action_log.read_text(encoding="utf-8", errors="replace")
        for line in content.splitlines():
            if needle in line:
                return line
        if time.monotonic() > deadline:
            pytest.fail(f"{needle!r} not in the action server log:\n{content[-2000:]}")
        time.sleep(0.2)


def test_hello_gets_the_greeting_with_a_help_button(talk: Any, responses: Any) -> None:
    replies = talk(new_sender(), "hello")

    assert texts(replies)[0] in variants(responses, "utter_greet")
    assert "upskilling" in replies[0]["text"]
    assert "reskilling" in replies[0]["text"]
    assert {"title": "What can you do?", "payload": "/help"} in replies[0]["buttons"]


def test_help_button_payload_explains_what_the_bot_does(talk: Any, responses: Any) -> None:
    sender = new_sender()
    talk(sender, "hi")

    assert texts(talk(sender, "/help")) == [responses["utter_help"][0]["text"]]


def test_bye_gets_goodbye(talk: Any, responses: Any) -> None:
    replies = talk(new_sender(), "bye")

    assert texts(replies)[0] in variants(responses, "utter_goodbye")


def test_thanks_and_bot_challenge(talk: Any, responses: Any) -> None:
    sender = new_sender()

    assert texts(talk(sender, "thanks a lot"))[0] in variants(responses, "utter_you_are_welcome")
    assert texts(talk(sender, "am I talking to a bot?"))[0] in variants(responses, "utter_iamabot")


def test_out_of_scope_is_answered_and_logged_by_the_action_server(
    talk: Any, responses: Any, servers: RunningServers
) -> None:
    sender = new_sender()
    message = "what's the weather like in Madrid today?"

    replies = talk(sender, message)

    assert texts(replies) == [responses["utter_out_of_scope"][0]["text"]]
    # The custom action ran on the action server: it logged the message with its channel.
    line = wait_for_log_line(servers, sender)
    assert message not in line and f'"chars": {len(message)}' in line  # its length, not the words
    assert '"channel": "rest"' in line
    assert '"intent": "out_of_scope"' in line


def test_not_understood_message_asks_to_rephrase_and_is_logged(
    talk: Any, responses: Any, servers: RunningServers
) -> None:
    # "/nlu_fallback" sets the intent the FallbackClassifier predicts below its threshold,
    # so this checks the fallback rule without depending on a model's confidence.
    sender = new_sender()

    replies = talk(sender, "/nlu_fallback")

    assert texts(replies)[0] == responses["utter_default"][0]["text"]
    # then the two-stage fallback offers the likeliest topics as buttons
    assert any(message.get("buttons") for message in replies[1:])
    line = wait_for_log_line(servers, sender)
    assert '"intent": "nlu_fallback"' in line


def test_gibberish_is_never_answered_as_something_else(
    talk: Any, responses: Any, servers: RunningServers
) -> None:
    sender = new_sender()

    replies = talk(sender, "zxqv blorf wibble")

    # Either the fallback (rephrase) or the out-of-scope answer is right; both are logged.
    expected = variants(responses, "utter_default") | variants(responses, "utter_out_of_scope")
    assert texts(replies)[0] in expected
    line = wait_for_log_line(servers, sender)
    assert "zxqv" not in line and '"chars": 17' in line


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/status"), ("GET", "/version"), ("POST", "/model/parse"), ("GET", "/conversations/x/tracker")],
)
def test_http_api_is_not_exposed(servers: RunningServers, method: str, path: str) -> None:
    response = requests.request(method, f"{servers.rasa_url}{path}", json={"text": "hi"}, timeout=10)

    assert response.status_code in (403, 404)


def test_servers_listen_on_loopback_only(servers: RunningServers) -> None:
    assert servers.rasa_url.startswith("http://127.0.0.1:")
    assert servers.action_url.startswith("http://127.0.0.1:")
    assert requests.get(f"{servers.action_url}/health", timeout=10).json() == {"status": "ok"}
