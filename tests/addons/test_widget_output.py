"""The widget's socket.io output passes the ``widget_event`` marker on (for "forget me")."""

from __future__ import annotations

import asyncio
from typing import Any

from actions.privacy import FORGOTTEN_MARKER
from addons.channels.widget import WidgetOutput


class RecordingServer:
    def __init__(self) -> None:
        self.emitted: list[tuple[str, Any, str]] = []

    async def emit(self, event: str, data: Any, room: str) -> None:
        self.emitted.append((event, data, room))


def sent(text: str, **metadata: Any) -> list[tuple[str, Any, str]]:
    server = RecordingServer()
    asyncio.run(WidgetOutput(server, "bot_uttered").send_text_message("room-1", text, **metadata))  # type: ignore[arg-type]
    return server.emitted


def test_a_marked_message_carries_its_marker_in_every_part():
    assert sent("Done.\n\nBye.", **FORGOTTEN_MARKER, template=None) == [
        ("bot_uttered", {"text": "Done.", "widget_event": "forgotten"}, "room-1"),
        ("bot_uttered", {"text": "Bye.", "widget_event": "forgotten"}, "room-1"),
    ]


def test_other_messages_are_sent_as_rasa_sends_them():
    assert sent("Hello.\n\nHow can I help?", other="x") == [
        ("bot_uttered", {"text": "Hello."}, "room-1"),
        ("bot_uttered", {"text": "How can I help?"}, "room-1"),
    ]
