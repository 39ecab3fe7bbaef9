"""Twilio (WhatsApp, SMS): Rasa's connector with numbered options and signature checks.

Twilio has no buttons: they are sent as a numbered list (a learning path too:
``addons.channels.rich_text``), and a reply of "2" is mapped to
the second button's payload, looked up in the conversation's own tracker (the bot's last
turn), so nothing is kept in memory. Messages are at most 1,600 characters. With
``webhook_url`` set (``TWILIO_WEBHOOK_URL``: the public URL Twilio calls) the
``X-Twilio-Signature`` of every request is checked.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from addons.channels.guard import GuardedChannel
from addons.channels.messaging.common import Buttons, ChannelVariables, api_url_setting, resolve_option
from addons.channels.replies import TWILIO, numbered_options, split_text
from addons.channels.rich_text import plain_messages, rich_payload
from bot.config import env_value

logger = logging.getLogger(__name__)

VARIABLES = ChannelVariables(
    channel="addons.channels.messaging.TwilioChannel",
    webhook="/webhooks/twilio/webhook",
    required={
        "account_sid": "TWILIO_ACCOUNT_SID",
        "auth_token": "TWILIO_AUTH_TOKEN",
        "twilio_number": "TWILIO_NUMBER",
    },
    optional={"webhook_url": "TWILIO_WEBHOOK_URL"},
)


class TwilioOutputChannel(TwilioOutput):
    """Twilio output: numbered options instead of buttons, messages of at most 1,600 chars."""

    def __init__(
        self,
        account_sid: str | None,
        auth_token: str | None,
        twilio_number: str | None,
        api_url: str | None = None,
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        if api_url:
            self.api.base_url = api_url

    async def _send_message(self, message_data: dict[str, Any]) -> Any:
        try:
            # the Twilio client is synchronous: keep it off the event loop
            return await asyncio.to_thread(self.messages.create, **message_data)
        except TwilioRestException as error:
            logger.error("Twilio refused a message: %s", error.msg)
        return None

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, TWILIO.text_chars):
            await self._send_message({"to": recipient_id, "from_": self.twilio_number, "body": part})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: Buttons, **kwargs: Any
    ) -> None:
        await self.send_text_message(recipient_id, numbered_options(text, buttons))

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """A rich reply (learning path, course) as numbered plain text; anything else as Rasa sends it."""
        payload = rich_payload(message.get("custom"))
        if payload is None:
            await super().send_response(recipient_id, message)
            return
        for part in plain_messages(payload, TWILIO.text_chars):
            await self.send_text_message(recipient_id, part)


class TwilioChannel(GuardedChannel, TwilioInput):
    """Twilio input (``/webhooks/twilio/webhook``) with numbered options and signature checks."""

    api_url: str | None = None
    webhook_url: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        assert isinstance(channel, TwilioChannel)
        channel.api_url = api_url_setting(credentials, env_value("TWILIO_API_URL"))
        channel.webhook_url = (credentials or {}).get("webhook_url") or env_value("TWILIO_WEBHOOK_URL")
        return channel

    def signature_is_valid(self, request: Request) -> bool:
        if not self.webhook_url:
            return True
        params = {key: request.form.get(key) for key in request.form}
        validator = RequestValidator(self.auth_token or "")
        return bool(
            validator.validate(self.webhook_url, params, request.headers.get("X-Twilio-Signature", ""))
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = self.guarded(on_new_message)
        twilio_webhook = Blueprint("twilio_webhook", __name__)

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not self.signature_is_valid(request):
                logger.warning("Twilio webhook request with an invalid X-Twilio-Signature")
                return response.text("invalid signature", status=403)
            sender = request.form.get("From")
            text = request.form.get("Body")
            if self._is_location_message(request):
                text = '/locationData{{"Latitude": {}, "Longitude": {}}}'.format(
                    json.dumps(request.form.get("Latitude")), json.dumps(request.form.get("Longitude"))
                )
            if not sender or text is None:
                return response.text("", status=204)
            text = await resolve_option(request, sender, text.replace("¡", "@"))
            await on_new_message(
                UserMessage(
                    text,
                    self.get_output_channel(),
                    sender,
                    input_channel=self.name(),
                    metadata=self.get_metadata(request),
                )
            )
            return response.text("", status=204)

        return twilio_webhook

    def get_output_channel(self) -> OutputChannel:
        return TwilioOutputChannel(self.account_sid, self.auth_token, self.twilio_number, self.api_url)
