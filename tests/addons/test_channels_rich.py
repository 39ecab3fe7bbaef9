"""Each channel's output sends a rich reply (a learning path) its own way, and every other
message as before: what would reach the platform is captured, nothing is sent."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest
from fbmessenger import MessengerClient

from addons.channels import rich_text
from addons.channels.messaging.facebook import FacebookOutputChannel
from addons.channels.messaging.slack import SlackOutputChannel
from addons.channels.messaging.telegram import TelegramOutputChannel
from addons.channels.messaging.twilio import TwilioOutputChannel
from addons.channels.replies import FACEBOOK, TELEGRAM, TWILIO
from addons.channels.rest import RichCollectingOutputChannel, RichQueueOutputChannel
from addons.channels.widget import WidgetOutput
from bot.advice.learning_path import LearningPath, PlannedCourse
from bot.advice.rich_path import path_payload
from bot.catalog.course_search import CatalogCourse

INJECTED = "<script>alert(1)</script> **x**"


def payload(count: int = 3, title: str | None = None) -> dict[str, Any]:
    courses = [
        PlannedCourse(
            CatalogCourse(
                id=n,
                code=f"C{n}",
                title=title or f"Course {n} 🚀",
                provider="Acme",
                format="online_self_paced",
                hours=Decimal(10),
                cost=Decimal(n),
                currency="USD",
                level="beginner",
                credential="none",
                language="en",
                url=f"https://example.com/{n}",
                skill_ids=frozenset({n}),
            ),
            (f"Skill {n}",),
        )
        for n in range(1, count + 1)
    ]
    return path_payload(LearningPath(courses=courses, hours_per_week=5))


def rich_message(count: int = 3, title: str | None = None) -> dict[str, Any]:
    """The message Rasa hands to ``send_response`` for ``utter_message(text=..., json_message=...)``."""
    custom = payload(count, title)
    return {"text": custom["text"], "custom": custom, "buttons": [], "image": None}


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


# --- Telegram -------------------------------------------------------------------------------------


class RecordingTelegram(TelegramOutputChannel):
    def __init__(self) -> None:
        super().__init__("123456:TEST-token")
        self.sent: list[tuple[str, dict[str, Any]]] = []

    async def send_message(self, chat_id: Any, text: str, **kwargs: Any) -> None:  # type: ignore[override]
        self.sent.append((text, kwargs))


def test_telegram_sends_a_path_as_escaped_html_split_by_course():
    channel = RecordingTelegram()
    run(channel.send_response("42", rich_message(30, title=INJECTED * 20)))
    assert len(channel.sent) > 1
    for text, options in channel.sent:
        assert len(text) <= TELEGRAM.text_chars
        assert options == {"parse_mode": "HTML", "disable_web_page_preview": True}
        assert "<script>" not in text
    assert "&lt;script&gt;" in channel.sent[1][0]


def test_telegram_sends_other_messages_as_before():
    channel = RecordingTelegram()
    run(channel.send_response("42", {"text": "Hello **there**"}))
    assert channel.sent == [("Hello **there**", {})]


# --- Slack ----------------------------------------------------------------------------------------


class RecordingSlack(SlackOutputChannel):
    def __init__(self) -> None:
        super().__init__("xoxb-test", "C123")
        self.posts: list[dict[str, Any]] = []

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        self.posts.append({"channel": channel, **kwargs})


def test_slack_sends_a_path_as_blocks_within_fifty_a_message():
    channel = RecordingSlack()
    run(channel.send_response("U1", rich_message(30)))
    assert len(channel.posts) == 2
    assert all(post["channel"] == "C123" and len(post["blocks"]) <= 50 for post in channel.posts)
    assert channel.posts[0]["blocks"][0]["type"] == "header"
    assert channel.posts == [
        {"channel": "C123", "text": text, "blocks": blocks}
        for text, blocks in rich_text.slack_messages(payload(30))
    ]


def test_slack_sends_other_messages_as_before():
    channel = RecordingSlack()
    run(channel.send_response("U1", {"text": "Hello"}))
    assert channel.posts == [{"channel": "C123", "text": "Hello"}]


# --- Twilio ---------------------------------------------------------------------------------------


class RecordingTwilio(TwilioOutputChannel):
    def __init__(self) -> None:
        super().__init__("ACtest", "token", "whatsapp:+15550000000")
        self.bodies: list[str] = []

    async def _send_message(self, message_data: dict[str, Any]) -> Any:
        self.bodies.append(message_data["body"])


def test_twilio_sends_a_path_as_numbered_text_in_1600_char_segments():
    channel = RecordingTwilio()
    run(channel.send_response("whatsapp:+15551234567", rich_message(30)))
    assert len(channel.bodies) > 1 and all(len(body) <= TWILIO.text_chars for body in channel.bodies)
    assert channel.bodies[0].startswith("Your learning path\n\n1. Course 1 🚀 (Acme)\n")
    assert "Course page: https://example.com/1" in channel.bodies[0]
    assert channel.bodies[-1].endswith("about 60 weeks at 5 h a week")


def test_twilio_sends_other_messages_as_before():
    channel = RecordingTwilio()
    run(channel.send_response("whatsapp:+15551234567", {"text": "Hi"}))
    assert channel.bodies == ["Hi"]


# --- Facebook -------------------------------------------------------------------------------------


class RecordingFacebook(FacebookOutputChannel):
    def __init__(self) -> None:
        super().__init__(MessengerClient("page-token"))
        self.payloads: list[dict[str, Any]] = []

    async def _send(self, payload: dict[str, Any], recipient_id: str) -> None:
        self.payloads.append(payload)


def test_facebook_sends_a_path_as_text_in_2000_char_messages():
    channel = RecordingFacebook()
    run(channel.send_response("psid", rich_message(30)))
    texts = [sent["text"] for sent in channel.payloads]
    assert len(texts) > 1 and all(len(text) <= FACEBOOK.text_chars for text in texts)
    assert texts == rich_text.plain_messages(payload(30), FACEBOOK.text_chars)


def test_facebook_sends_other_messages_as_before():
    channel = RecordingFacebook()
    run(channel.send_response("psid", {"text": "Hi"}))
    assert channel.payloads == [{"text": "Hi"}]


# --- the widget (socket.io) -----------------------------------------------------------------------


class FakeSio:
    def __init__(self) -> None:
        self.emitted: list[tuple[str, Any, dict[str, Any]]] = []

    async def emit(self, event: str, data: Any = None, **kwargs: Any) -> None:
        self.emitted.append((event, data, kwargs))


def test_the_widget_gets_one_message_with_the_text_and_the_payload():
    sio = FakeSio()
    message = rich_message()
    run(WidgetOutput(sio, "bot_uttered").send_response("session-1", message))  # type: ignore[arg-type]
    assert sio.emitted == [
        ("bot_uttered", {"text": message["text"], "custom": message["custom"]}, {"room": "session-1"})
    ]


def test_the_widget_gets_other_messages_as_before():
    sio = FakeSio()
    run(WidgetOutput(sio, "bot_uttered").send_response("s", {"text": "Hi"}))  # type: ignore[arg-type]
    assert sio.emitted == [("bot_uttered", {"text": "Hi"}, {"room": "s"})]


# --- REST -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("streaming", [False, True])
def test_rest_returns_the_text_and_the_payload_in_one_message(streaming):
    message = rich_message()

    async def collect() -> list[dict[str, Any]]:
        if not streaming:
            collector = RichCollectingOutputChannel()
            await collector.send_response("user", dict(message))
            return collector.messages
        queue: asyncio.Queue = asyncio.Queue()
        await RichQueueOutputChannel(queue).send_response("user", dict(message))
        return [queue.get_nowait() for _ in range(queue.qsize())]

    assert run(collect()) == [{"recipient_id": "user", "text": message["text"], "custom": message["custom"]}]


def test_rest_returns_other_messages_as_before():
    collector = RichCollectingOutputChannel()
    run(collector.send_response("user", {"text": "Hi", "buttons": [{"title": "A", "payload": "/a"}]}))
    assert collector.messages == [
        {"recipient_id": "user", "text": "Hi", "buttons": [{"title": "A", "payload": "/a"}]}
    ]
