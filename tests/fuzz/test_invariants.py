"""The fuzzer's invariants on hand-made turns (no servers): each one catches what it is for
and lets an ordinary turn pass."""

from __future__ import annotations

from typing import Any

from tests.fuzz.conversation import Turn
from tests.fuzz.invariants import check_turn, first_form_question, forget_confirmation


def event(kind: str, stamp: float, text: str | None = None, name: str | None = None) -> dict[str, Any]:
    return {"event": kind, "timestamp": stamp, "text": text, "name": name}


def answered(sent: str, replies: list[str], before: list[dict[str, Any]], stamp: float = 10.0) -> Turn:
    """A turn whose tracker holds ``before``, then the message and the replies."""
    events = [*before, event("user", stamp, sent)]
    events += [event("bot", stamp + 0.1 + i / 100, text) for i, text in enumerate(replies)]
    events.append(event("action", stamp + 0.5, name="action_listen"))
    return Turn(sent, [{"text": text} for text in replies], 0.4, events=events)


START = [event("action", 1.0, name="action_session_start"), event("action", 1.1, name="action_listen")]


def signatures(turn: Turn, before: list[dict[str, Any]], previous: Turn | None = None) -> list[str]:
    return [violation.signature for violation in check_turn(turn, before, previous)]


def test_an_ordinary_turn_passes():
    assert signatures(answered("hi", ["Hello!"], START), START) == []


def test_silence_slowness_and_errors_are_caught():
    silent = answered("/session_start", [], START)
    assert signatures(silent, START) == ["no reply after no action"]
    slow = answered("hi", ["Hello!"], START)
    slow.seconds = 12.0
    assert signatures(slow, START) == ["reply: slow"]
    timed_out = Turn("hi", [], 10.0, error="timed out")
    assert signatures(timed_out, START) == ["reply: timed out"]


def test_the_same_text_three_times_is_a_loop():
    looped = answered("no", ["Sorry?"] * 3, START)
    assert signatures(looped, START) == ["repeated: Sorry?"]


def test_log_errors_tracebacks_and_the_circuit_breaker_are_caught():
    turn = answered("hi", ["Hello!"], START)
    turn.log_lines = [
        "2026-12-01 23:59:50 INFO     rasa.core.processor  - fine",
        "2026-12-01 23:59:50 WARNING  rasa.core.processor  - Circuit breaker tripped. "
        "Stopped predicting more actions for sender 'fuzz-1'.",
        "Traceback (most recent call last):",
        '  File "actions/advice.py", line 3, in run',
        "TypeError: 'CursorResult' object is not subscriptable",
    ]
    assert signatures(turn, START) == [
        "log: Circuit breaker tripped. Stopped predicting more actions for sender _.",
        "exception: TypeError: _ object is not subscriptable",
    ]


def test_a_lost_or_rewritten_history_is_caught_unless_the_user_asked_to_be_forgotten():
    first = answered("hi", ["Hello!"], START)
    history = first.events or []
    rewritten = answered("ok", ["Fine."], START, stamp=20.0)  # the first turn is gone
    assert signatures(rewritten, history) == ["tracker: history lost"]
    asked = Turn("forget me", [{"text": forget_confirmation() + "?"}], 0.3, events=history)
    forgotten = Turn("/affirm", [{"text": "Done."}], 0.3, events=[])
    assert signatures(forgotten, history, previous=asked) == []


def test_the_stored_turn_must_match_what_was_sent_and_received():
    turn = answered("hi", ["Hello!", "How can I help?"], START)
    turn.messages = turn.messages[:1]
    assert signatures(turn, START) == ["tracker: bot events differ from the replies"]
    other = answered("hello", ["Hello!"], START)
    other.sent = "hi"
    assert "tracker: user message not stored once" in signatures(other, START)


def test_start_over_must_bring_back_the_first_question():
    assert signatures(answered("start over", ["Sure, let's start over."], START), START) == [
        "start over: no form"
    ]
    back = answered("start over", ["Sure, let's start over.", first_form_question()], START)
    assert signatures(back, START) == []


def test_a_bare_faq_is_expected_back_as_the_help_the_channels_pass_on():
    typed = answered("/help", ["Here is what I can do."], START)
    typed.sent = "/faq"
    assert "tracker: user message not stored once" not in signatures(typed, START)
