"""End-to-end: small answers with nothing asked never kill a conversation (issue 11, item 1).

Before, "hi" then "no" got ten copies of the HR offer, Rasa's circuit breaker tripped, and
every later message of that sender, "start over" and "/restart" included, got no reply.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from actions.prompts import QUESTIONS
from launcher.servers import RunningServers

pytestmark = pytest.mark.e2e

SMALL_ANSWERS = ["yes", "no", "ok", "sure", "nope", "no thanks", "skip"]
CIRCUIT_BREAKER = "Circuit breaker tripped"


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [message.get("text") or "" for message in messages]


def assert_a_sensible_reply(messages: list[dict[str, Any]], sent: str) -> None:
    said = [text for text in texts(messages) if text]
    assert said, f"no reply to {sent!r}"
    assert all(said.count(text) < 3 for text in said), f"the same text three times after {sent!r}: {said}"


@pytest.mark.parametrize("small", SMALL_ANSWERS)
def test_a_small_answer_with_nothing_asked_gets_one_reply_and_start_over_still_works(
    small: str, talk: Any, servers: RunningServers
) -> None:
    sender = str(uuid.uuid4())
    assert_a_sensible_reply(talk(sender, "hi"), "hi")

    for _ in range(3):  # again and again: still a reply every time
        assert_a_sensible_reply(talk(sender, small), small)

    started = texts(talk(sender, "start over"))
    assert QUESTIONS["current_role"][0] in started
    assert_a_sensible_reply(talk(sender, "/restart"), "/restart")
    assert servers.rasa_log is not None
    assert CIRCUIT_BREAKER not in servers.rasa_log.read_text(encoding="utf-8", errors="replace")


def test_commands_markup_and_amounts_are_refused_as_the_current_role(talk: Any) -> None:
    sender = str(uuid.uuid4())
    talk(sender, "hi")
    assert QUESTIONS["current_role"][0] in texts(talk(sender, "start over"))
    answers = ["/inform", "<img src=x onerror=alert(1)>", "about 300 dollars", "about 300 dollars"]
    for answer in answers:
        reply = " ".join(texts(talk(sender, answer)))
        assert "for example" in reply, (answer, reply)
        assert "I don't have" not in reply  # never accepted as an unknown role


def test_a_typed_session_start_is_never_stored_as_the_current_role(talk: Any) -> None:
    """It starts a new session (Rasa's default intent), which carries the slots over."""
    sender = str(uuid.uuid4())
    talk(sender, "hi")
    talk(sender, "start over")
    talk(sender, "/session_start")
    profile = " ".join(texts(talk(sender, "what do you know about me?")))
    assert profile and "/session_start" not in profile
