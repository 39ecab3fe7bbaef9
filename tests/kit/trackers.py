"""Build rasa-sdk trackers the way the action server receives them.

Events are plain dicts (the action server's wire format); the latest message defaults
to the ``parse_data`` of the last user event, as Rasa sends it.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def parse_data(
    text: str,
    intent: str = "inform",
    *,
    confidence: float = 0.99,
    ranking: list[tuple[str, float]] | None = None,
    entities: list[dict[str, Any]] | None = None,
    **intent_extra: Any,
) -> dict[str, Any]:
    """NLU output for one message; ``ranking`` adds an ``intent_ranking``."""
    data: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence, **intent_extra},
        "entities": entities or [],
    }
    if ranking is not None:
        data["intent_ranking"] = [{"name": name, "confidence": conf} for name, conf in ranking]
    return data


def user_event(
    text: str,
    intent: str = "inform",
    *,
    channel: str | None = "rest",
    parsed: dict[str, Any] | None = None,
    **parse_options: Any,
) -> dict[str, Any]:
    """A ``user`` event; ``parsed`` replaces the NLU output built from ``parse_options``."""
    event: dict[str, Any] = {
        "event": "user",
        "text": text,
        "parse_data": parsed if parsed is not None else parse_data(text, intent, **parse_options),
    }
    if channel is not None:
        event["input_channel"] = channel
    return event


def bot_event(text: str) -> dict[str, Any]:
    return {"event": "bot", "text": text}


def session_start_events() -> list[dict[str, Any]]:
    """What every conversation starts with: the session start, then listening."""
    return [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "action", "name": "action_listen"},
    ]


def make_tracker(
    events: list[dict[str, Any]] | None = None,
    *,
    slots: dict[str, Any] | None = None,
    sender_id: str = "tester",
    latest_message: dict[str, Any] | None = None,
    active_loop: str | None = None,
) -> Tracker:
    """A tracker after ``events``; the latest message is the last user event's NLU output."""
    events = events or []
    if latest_message is None:
        latest_message = next((e["parse_data"] for e in reversed(events) if e["event"] == "user"), {})
    return Tracker(
        sender_id=sender_id,
        slots=slots or {},
        latest_message=latest_message,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )
