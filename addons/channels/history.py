"""A conversation's recent messages from its tracker events, in the widget's own message
format (plain Python, no Rasa imports).

A signed-in employee's conversation lives on the server, not in one browser: on
``session_confirm`` the widget channel sends the last :data:`HISTORY_MAX_MESSAGES`
messages, so a second browser or device shows what was said. Each is what the widget
keeps in its storage: ``{"from": "user"|"bot", "text", "ts", "buttons"?, "rich"?}`` (``ts``
in milliseconds; ``rich``: a learning path's payload, ``addons.channels.rich_text``).
A user message that is a button's payload (``/affirm``) is shown as that button's title
(one offered since the last user message), as the widget showed it when it was clicked;
other payloads (the widget's ``/greet``) are left out, as are bot events without text or
buttons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from addons.channels.rich_text import rich_payload

HISTORY_MAX_MESSAGES = 50
TEXT_MAX_CHARS = 5000
BUTTONS_MAX = 20


def _buttons(data: Any) -> list[dict[str, str]]:
    if not isinstance(data, Mapping):
        return []
    raw = data.get("buttons") or data.get("quick_replies") or []
    if not isinstance(raw, list):
        return []
    return [
        {"title": button["title"], "payload": button["payload"]}
        for button in raw[:BUTTONS_MAX]
        if isinstance(button, Mapping)
        and isinstance(button.get("title"), str)
        and isinstance(button.get("payload"), str)
    ]


def _ts(event: Mapping[str, Any]) -> int | None:
    timestamp = event.get("timestamp")
    return int(timestamp * 1000) if isinstance(timestamp, (int, float)) else None


def widget_history(
    events: Iterable[Mapping[str, Any]], limit: int = HISTORY_MAX_MESSAGES
) -> list[dict[str, Any]]:
    """The last ``limit`` user and bot messages of ``events`` (tracker events as dicts)."""
    messages: list[dict[str, Any]] = []
    offered: list[dict[str, str]] = []
    for event in events:
        kind = event.get("event")
        raw = event.get("text")
        text = raw if isinstance(raw, str) else ""
        if kind == "user":
            text = text.strip()
            if text.startswith("/"):
                text = next((button["title"] for button in offered if button["payload"] == text), "")
            offered = []  # the widget removes the quick replies once anything is sent
            if not text:
                continue
            messages.append({"from": "user", "text": text[:TEXT_MAX_CHARS], "ts": _ts(event)})
        elif kind == "bot":
            buttons = _buttons(event.get("data"))
            if not text and not buttons:
                continue
            message: dict[str, Any] = {"from": "bot", "text": text[:TEXT_MAX_CHARS], "ts": _ts(event)}
            if buttons:
                message["buttons"] = buttons
            rich = rich_payload((event.get("data") or {}).get("custom"))
            if rich is not None:  # a learning path comes back as cards, as it was shown
                message["rich"] = rich
            offered = offered + buttons
            messages.append(message)
    return messages[-limit:] if limit > 0 else []
