"""Messaging channels: Rasa's Telegram, Slack, Twilio and Facebook Messenger connectors with
channel-aware replies, configurable API base URLs and stricter request checks.

Common to all four:

- ``api_url`` (credential) or the environment (``TELEGRAM_API_URL``, ``SLACK_API_URL``,
  ``TWILIO_API_URL``, ``FACEBOOK_API_URL``) replaces the platform's API address, for a
  proxy, a regional endpoint or the tests' local stub.
- Replies respect the platform's limits (``addons.channels.replies``): long texts are split
  at paragraph / line / sentence / word boundaries instead of being rejected or cut, and
  buttons beyond what the platform can show become numbered options.

Per channel:

- **Twilio (WhatsApp, SMS)** has no buttons: they are sent as a numbered list, and a reply
  of "2" is mapped to the second button's payload, looked up in the conversation's own
  tracker (the bot's last turn), so nothing is kept in memory. Messages are at most 1,600
  characters. With ``webhook_url`` set (``TWILIO_WEBHOOK_URL``: the public URL Twilio
  calls) the ``X-Twilio-Signature`` of every request is checked.
- **Telegram**: texts up to 4,096 characters; buttons one per row when there are more than
  two or their titles are long; a payload longer than Telegram's 64-byte ``callback_data``
  is sent as ``#option:N`` and mapped back through the tracker. With ``secret_token``
  (``TELEGRAM_SECRET_TOKEN``) the webhook is registered with it and requests without the
  matching ``X-Telegram-Bot-Api-Secret-Token`` header are refused. The bot's user name is
  looked up once, not on every message.
- **Slack**: sections of at most 3,000 characters, up to 25 buttons per actions block with
  titles of at most 75 characters (Rasa drops all buttons beyond 5). The signing secret
  check is Rasa's.
- **Facebook Messenger**: the button template (at most 3 buttons, 640 characters, titles of
  20) when it fits, else quick replies (at most 13) with the full titles listed in the text
  when they had to be shortened, else numbered options; texts up to 2,000 characters.
  ``X-Hub-Signature-256`` is checked (``X-Hub-Signature``, SHA-1, only when the 256 one is
  absent) in constant time. The Graph API calls run in a worker thread instead of blocking
  the server's event loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
from fbmessenger import MessengerClient
from fbmessenger.elements import Text as FBText
from fbmessenger.quick_replies import QuickReplies, QuickReply
from fbmessenger.sender_actions import SenderAction
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from rasa.core.channels.slack import SlackBot, SlackInput
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from addons.channels import replies
from addons.channels.replies import (
    FACEBOOK,
    FACEBOOK_BUTTON_TEMPLATE,
    OPTION_REFERENCE_PREFIX,
    SLACK,
    TELEGRAM,
    TWILIO,
    button_title,
    numbered_options,
    split_text,
    truncate,
    truncate_bytes,
)

logger = logging.getLogger(__name__)

Buttons = Sequence[Mapping[str, Any]]


def _setting(credentials: Mapping[str, Any] | None, key: str, env_var: str) -> str | None:
    value = (credentials or {}).get(key) or os.environ.get(env_var) or None
    return str(value).rstrip("/") if value else None


async def resolve_option(request: Request, sender_id: str, text: str, min_options: int = 2) -> str:
    """``text``, or the payload of the option it chose by number in the bot's last turn."""
    if replies.parse_option_number(text) is None:
        return text
    agent = getattr(request.app.ctx, "agent", None)
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return text
    try:
        tracker = await store.retrieve(sender_id)
    except Exception:  # a broken store must not lose the message: keep the text
        logger.exception("Could not read the tracker of %s to resolve an option number", sender_id)
        return text
    if tracker is None:
        return text
    return replies.payload_for_option(tracker.events, text, min_options) or text


# --- Twilio: WhatsApp and SMS -----------------------------------------------------------------


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


class TwilioChannel(TwilioInput):
    """Twilio input (``/webhooks/twilio/webhook``) with numbered options and signature checks."""

    api_url: str | None = None
    webhook_url: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        assert isinstance(channel, TwilioChannel)
        channel.api_url = _setting(credentials, "api_url", "TWILIO_API_URL")
        channel.webhook_url = (credentials or {}).get("webhook_url") or os.environ.get("TWILIO_WEBHOOK_URL")
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


# --- Telegram ----------------------------------------------------------------------------------


class TelegramOutputChannel(TelegramOutput):
    """Telegram output: long texts split, vertical keyboards, payloads within 64 bytes."""

    def __init__(self, access_token: str | None, api_url: str | None = None) -> None:
        server = TelegramAPIServer.from_base(api_url) if api_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, TELEGRAM.text_chars):
            await self.send_message(recipient_id, part)

    @staticmethod
    def keyboard(buttons: Buttons) -> InlineKeyboardMarkup:
        markup = InlineKeyboardMarkup()
        items = []
        for index, button in enumerate(buttons, start=1):
            payload = str(button.get("payload") or button_title(button))
            if len(payload.encode("utf-8")) > TELEGRAM.payload_bytes:
                payload = f"{OPTION_REFERENCE_PREFIX}{index}"
            items.append(
                InlineKeyboardButton(
                    truncate(button_title(button), TELEGRAM.button_title_chars), callback_data=payload
                )
            )
        if len(items) <= 2 and all(len(button_title(button)) <= 20 for button in buttons):
            markup.row(*items)
        else:
            for item in items:
                markup.row(item)
        return markup

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: Buttons,
        button_type: str | None = "inline",
        **kwargs: Any,
    ) -> None:
        if len(buttons) > TELEGRAM.max_buttons:
            await self.send_text_message(recipient_id, numbered_options(text, buttons))
            return
        parts = split_text(text, TELEGRAM.text_chars) or [text or "…"]
        for part in parts[:-1]:
            await self.send_message(recipient_id, part)
        await self.send_message(recipient_id, parts[-1], reply_markup=self.keyboard(buttons))


class TelegramChannel(TelegramInput):
    """Telegram input (``/webhooks/telegram/webhook``)."""

    api_url: str | None = None
    secret_token: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        assert isinstance(channel, TelegramChannel)
        channel.api_url = _setting(credentials, "api_url", "TELEGRAM_API_URL")
        channel.secret_token = (credentials or {}).get("secret_token") or os.environ.get(
            "TELEGRAM_SECRET_TOKEN"
        )
        channel.debug_mode = False
        return channel

    def get_output_channel(self) -> TelegramOutputChannel:  # type: ignore[override]
        # unlike Rasa's, does not register the webhook (see the blueprint's listener)
        return TelegramOutputChannel(self.access_token, self.api_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram_webhook = Blueprint("telegram_webhook", __name__)
        state: dict[str, Any] = {}

        def output() -> TelegramOutputChannel:
            if "out" not in state:
                state["out"] = self.get_output_channel()
            return state["out"]

        async def register_webhook() -> bool:
            if not self.webhook_url:
                return False
            params: dict[str, Any] = {"url": self.webhook_url}
            if self.secret_token:
                params["secret_token"] = self.secret_token
            return bool(await output().request("setWebhook", params))

        @telegram_webhook.listener("after_server_start")
        async def set_webhook_on_start(*_: Any) -> None:
            try:
                if await register_webhook():
                    logger.info("Telegram webhook registered: %s", self.webhook_url)
            except Exception:  # the server keeps running; /set_webhook retries
                logger.exception("Could not register the Telegram webhook")

        @telegram_webhook.listener("before_server_stop")
        async def close_session(*_: Any) -> None:
            if "out" in state:
                await state["out"].close()

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram_webhook.route("/set_webhook", methods=["POST"])
        async def set_webhook(_: Request) -> HTTPResponse:
            ok = await register_webhook()
            return response.text("Webhook setup successful" if ok else "Invalid webhook")

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if self.secret_token and not hmac.compare_digest(
                request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), self.secret_token
            ):
                return response.text("invalid secret token", status=403)
            if self.verify:
                if "username" not in state:
                    state["username"] = (await output().get_me()).username
                if state["username"] != self.verify:
                    logger.warning("TELEGRAM_BOT_NAME does not match the bot of TELEGRAM_TOKEN")
                    return response.text("failed")
            update = Update(**(request.json or {}))
            if update.callback_query:
                msg = update.callback_query.message
                text = update.callback_query.data or ""
                await output().answer_callback_query(update.callback_query.id)
            elif update.edited_message:
                msg = update.edited_message
                text = msg.text
            else:
                msg = update.message
                if msg is None:
                    return response.text("success")
                if msg.text is not None:
                    text = msg.text.replace("/bot", "")
                elif msg.location is not None:
                    text = f'{{"lng":{msg.location.longitude}, "lat":{msg.location.latitude}}}'
                else:
                    return response.text("success")
            if msg is None or text is None:
                return response.text("success")
            sender_id = str(msg.chat.id)
            if text.startswith(OPTION_REFERENCE_PREFIX):
                text = await resolve_option(request, sender_id, text, min_options=1)
            await on_new_message(
                UserMessage(
                    text, output(), sender_id, input_channel=self.name(), metadata=self.get_metadata(request)
                )
            )
            return response.text("success")

        return telegram_webhook


# --- Slack -----------------------------------------------------------------------------------------


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


class SlackChannel(SlackInput):
    """Slack input (``/webhooks/slack/webhook``); requests must carry a valid signature."""

    api_url: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        assert isinstance(channel, SlackChannel)
        channel.api_url = _setting(credentials, "api_url", "SLACK_API_URL")
        return channel

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return SlackOutputChannel(
            self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url
        )


# --- Facebook Messenger ---------------------------------------------------------------------------


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


class FacebookChannel(FacebookInput):
    """Facebook Messenger input (``/webhooks/facebook/webhook``)."""

    api_url: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        assert isinstance(channel, FacebookChannel)
        channel.api_url = _setting(credentials, "api_url", "FACEBOOK_API_URL")
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
