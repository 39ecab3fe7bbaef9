"""Slack: Rasa's connector with long texts split and up to 25 buttons per actions block.

Sections of at most 3,000 characters, buttons with titles of at most 75 characters (Rasa
drops all buttons beyond 5); a learning path as Block Kit, a section per course
(``addons.channels.rich_text``). The signing secret check is Rasa's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint
from slack_sdk.web.async_client import AsyncWebClient

from addons.channels.guard import GuardedChannel
from addons.channels.messaging.common import Buttons, ChannelVariables, api_url_setting
from addons.channels.replies import SLACK, button_title, split_text, truncate, truncate_bytes
from addons.channels.rich_text import rich_payload, slack_messages
from bot.config import env_value

VARIABLES = ChannelVariables(
    channel="addons.channels.messaging.SlackChannel",
    webhook="/webhooks/slack/webhook",
    required={"slack_token": "SLACK_TOKEN", "slack_signing_secret": "SLACK_SIGNING_SECRET"},
    optional={"slack_channel": "SLACK_CHANNEL"},
)


class SlackOutputChannel(SlackBot):
    """Slack output: sections of at most 3,000 chars, up to 25 buttons per actions block."""

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
        api_url: str | None = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        if api_url:
            self.client = AsyncWebClient(token, proxy=proxy, base_url=api_url + "/")

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        recipient = self.slack_channel or recipient_id
        for part in split_text(text, SLACK.text_chars):
            await self._post_message(channel=recipient, text=part)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """A rich reply (learning path, course) as Block Kit sections, 50 blocks a message."""
        payload = rich_payload(message.get("custom"))
        if payload is None:
            await super().send_response(recipient_id, message)
            return
        recipient = self.slack_channel or recipient_id
        for text, blocks in slack_messages(payload):
            await self._post_message(channel=recipient, text=text, blocks=blocks)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: Buttons, **kwargs: Any
    ) -> None:
        recipient = self.slack_channel or recipient_id
        parts = split_text(text, SLACK.text_chars) or [" "]
        for part in parts[:-1]:
            await self._post_message(channel=recipient, text=part)
        blocks: list[dict[str, Any]] = [
            {"type": "section", "text": {"type": "plain_text", "text": parts[-1]}}
        ]
        elements = [
            {
                "type": "button",
                "text": {
                    "type": "plain_text",
                    "text": truncate(button_title(button), SLACK.button_title_chars),
                },
                "value": truncate_bytes(str(button.get("payload", "")), SLACK.payload_bytes),
            }
            for button in buttons
        ]
        for start in range(0, len(elements), SLACK.max_buttons):
            blocks.append({"type": "actions", "elements": elements[start : start + SLACK.max_buttons]})
        await self._post_message(channel=recipient, text=parts[-1], blocks=blocks[:50])


class SlackChannel(GuardedChannel, SlackInput):
    """Slack input (``/webhooks/slack/webhook``); requests must carry a valid signature."""

    api_url: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        assert isinstance(channel, SlackChannel)
        channel.api_url = api_url_setting(credentials, env_value("SLACK_API_URL"))
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(self.guarded(on_new_message))

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return SlackOutputChannel(
            self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url
        )
