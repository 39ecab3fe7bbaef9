"""Facebook Messenger: Rasa's connector within the Send API's limits, with strict signatures.

The button template (at most 3 buttons, 640 characters, titles of 20) when it fits, else
quick replies (at most 13) with the full titles listed in the text when they had to be
shortened, else numbered options; texts up to 2,000 characters (a learning path split between courses:
``addons.channels.rich_text``). ``X-Hub-Signature-256``
is checked (``X-Hub-Signature``, SHA-1, only when the 256 one is absent) in constant
time. The Graph API calls run in a worker thread instead of blocking the event loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fbmessenger import MessengerClient
from fbmessenger.elements import Text as FBText
from fbmessenger.quick_replies import QuickReplies, QuickReply
from fbmessenger.sender_actions import SenderAction
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.channels.guard import GuardedChannel
from addons.channels.messaging.common import Buttons, ChannelVariables, api_url_setting
from addons.channels.replies import (
    FACEBOOK,
    FACEBOOK_BUTTON_TEMPLATE,
    button_title,
    numbered_options,
    split_text,
    truncate,
    truncate_bytes,
)
from addons.channels.rich_text import plain_messages, rich_payload
from bot.config import env_value

logger = logging.getLogger(__name__)

VARIABLES = ChannelVariables(
    channel="addons.channels.messaging.FacebookChannel",
    webhook="/webhooks/facebook/webhook",
    required={
        "verify": "FACEBOOK_VERIFY_TOKEN",
        "secret": "FACEBOOK_APP_SECRET",
        "page-access-token": "FACEBOOK_PAGE_ACCESS_TOKEN",
    },
)


class FacebookOutputChannel(MessengerBot):
    """Messenger output within the Send API's limits; calls run in a worker thread."""

    async def _send(self, payload: dict[str, Any], recipient_id: str) -> None:
        await asyncio.to_thread(self.messenger_client.send, payload, recipient_id, "RESPONSE")

    async def send_action(self, recipient_id: str, sender_action: str) -> None:
        await asyncio.to_thread(
            self.messenger_client.send_action, SenderAction(sender_action).to_dict(), recipient_id
        )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, FACEBOOK.text_chars):
            await self._send(FBText(text=part).to_dict(), recipient_id)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """A rich reply (learning path, course) as plain text split between courses."""
        payload = rich_payload(message.get("custom"))
        if payload is None:
            await super().send_response(recipient_id, message)
            return
        for part in plain_messages(payload, FACEBOOK.text_chars):
            await self._send(FBText(text=part).to_dict(), recipient_id)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: Buttons, **kwargs: Any
    ) -> None:
        template = FACEBOOK_BUTTON_TEMPLATE
        titles = [button_title(button) for button in buttons]
        if (
            len(buttons) <= template.max_buttons
            and 0 < len(text.strip()) <= template.text_chars
            and all(len(title) <= template.button_title_chars for title in titles)
        ):
            postbacks = [
                {"type": "postback", "title": title, "payload": str(button.get("payload", ""))}
                for title, button in zip(titles, buttons, strict=True)
            ]
            payload = {
                "attachment": {
                    "type": "template",
                    "payload": {"template_type": "button", "text": text.strip(), "buttons": postbacks},
                }
            }
            await self._send(payload, recipient_id)
        else:
            await self.send_quick_replies(recipient_id, text, [dict(button) for button in buttons])

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        if len(quick_replies) > FACEBOOK.max_buttons:
            await self.send_text_message(recipient_id, numbered_options(text, quick_replies))
            return
        titles = [button_title(reply) for reply in quick_replies]
        if any(len(title) > FACEBOOK.button_title_chars for title in titles):
            text = numbered_options(text, quick_replies).rsplit("\n", 1)[0]  # list the full titles
            titles = [f"{index}. {title}" for index, title in enumerate(titles, start=1)]
        parts = split_text(text, FACEBOOK.text_chars) or ["…"]
        for part in parts[:-1]:
            await self._send(FBText(text=part).to_dict(), recipient_id)
        replies_ = QuickReplies(
            quick_replies=[
                QuickReply(
                    title=truncate(title, FACEBOOK.button_title_chars),
                    payload=truncate_bytes(str(reply.get("payload", "")), FACEBOOK.payload_bytes),
                )
                for title, reply in zip(titles, quick_replies, strict=True)
            ]
        )
        await self._send(FBText(text=parts[-1], quick_replies=replies_).to_dict(), recipient_id)


class _Messenger(Messenger):
    """Rasa's webhook parser, answering through ``FacebookOutputChannel``."""

    def __init__(
        self,
        page_access_token: str,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        api_url: str | None,
    ) -> None:
        super().__init__(page_access_token, on_new_message)
        if api_url:
            self.client.graph_url = f"{api_url}/v{self.client.api_version}"

    async def _handle_user_message(self, text: str, sender_id: str, metadata: dict[str, Any] | None) -> None:
        out_channel = FacebookOutputChannel(self.client)
        await out_channel.send_action(sender_id, sender_action="mark_seen")
        await out_channel.send_action(sender_id, sender_action="typing_on")
        try:
            await self.on_new_message(
                UserMessage(text, out_channel, sender_id, input_channel=self.name(), metadata=metadata)
            )
        except Exception:
            logger.exception("Exception when handling a Facebook message")
        finally:
            await out_channel.send_action(sender_id, sender_action="typing_off")


class FacebookChannel(GuardedChannel, FacebookInput):
    """Facebook Messenger input (``/webhooks/facebook/webhook``)."""

    api_url: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        assert isinstance(channel, FacebookChannel)
        channel.api_url = api_url_setting(credentials, env_value("FACEBOOK_API_URL"))
        return channel

    @staticmethod
    def signature_is_valid(app_secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
        """``X-Hub-Signature-256`` (or, without it, the SHA-1 ``X-Hub-Signature``)."""
        for header, algorithm in (("X-Hub-Signature-256", "sha256"), ("X-Hub-Signature", "sha1")):
            value = headers.get(header)
            if value:
                expected = hmac.new(app_secret.encode("utf-8"), body, getattr(hashlib, algorithm)).hexdigest()
                return hmac.compare_digest(value, f"{algorithm}={expected}")
        return False

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = self.guarded(on_new_message)
        fb_webhook = Blueprint("fb_webhook", __name__)

        @fb_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @fb_webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token") or ""
            if self.fb_verify and hmac.compare_digest(token, self.fb_verify):
                return response.text(request.args.get("hub.challenge") or "")
            return response.text("failure, invalid token", status=403)

        @fb_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.signature_is_valid(self.fb_secret or "", request.body, request.headers):
                logger.warning("Facebook webhook request with an invalid signature")
                return response.text("not validated", status=403)
            messenger = _Messenger(self.fb_access_token, on_new_message, self.api_url)
            await messenger.handle(request.json, self.get_metadata(request))
            return response.text("success")

        return fb_webhook

    def get_output_channel(self) -> OutputChannel:
        client = MessengerClient(self.fb_access_token)
        if self.api_url:
            client.graph_url = f"{self.api_url}/v{client.api_version}"
        return FacebookOutputChannel(client)
