"""Telegram: Rasa's connector with long texts split, vertical keyboards and a secret token.

Texts up to 4,096 characters (a learning path: escaped HTML split between courses,
``addons.channels.rich_text``); buttons one per row when there are more than two or their
titles are long; a payload longer than Telegram's 64-byte ``callback_data`` is sent as
``#option:N`` and mapped back through the tracker. With ``secret_token``
(``TELEGRAM_SECRET_TOKEN``) the webhook is registered with it and requests without the
matching ``X-Telegram-Bot-Api-Secret-Token`` header are refused. The bot's user name is
looked up once, not on every message.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.channels.guard import GuardedChannel
from addons.channels.messaging.common import Buttons, ChannelVariables, api_url_setting, resolve_option
from addons.channels.replies import (
    OPTION_REFERENCE_PREFIX,
    TELEGRAM,
    button_title,
    numbered_options,
    split_text,
    truncate,
)
from addons.channels.rich_text import rich_payload, telegram_messages
from bot.config import env_value

logger = logging.getLogger(__name__)

VARIABLES = ChannelVariables(
    channel="addons.channels.messaging.TelegramChannel",
    webhook="/webhooks/telegram/webhook",
    required={"access_token": "TELEGRAM_TOKEN"},
    optional={
        "verify": "TELEGRAM_BOT_NAME",
        "webhook_url": "TELEGRAM_WEBHOOK_URL",
        "secret_token": "TELEGRAM_SECRET_TOKEN",
    },
)


class TelegramOutputChannel(TelegramOutput):
    """Telegram output: long texts split, vertical keyboards, payloads within 64 bytes."""

    def __init__(self, access_token: str | None, api_url: str | None = None) -> None:
        server = TelegramAPIServer.from_base(api_url) if api_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, TELEGRAM.text_chars):
            await self.send_message(recipient_id, part)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """A rich reply (learning path, course) as escaped HTML, split between courses."""
        payload = rich_payload(message.get("custom"))
        if payload is None:
            await super().send_response(recipient_id, message)
            return
        for part in telegram_messages(payload):
            await self.send_message(recipient_id, part, parse_mode="HTML", disable_web_page_preview=True)

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


class TelegramChannel(GuardedChannel, TelegramInput):
    """Telegram input (``/webhooks/telegram/webhook``)."""

    api_url: str | None = None
    secret_token: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        channel = super().from_credentials(credentials)
        assert isinstance(channel, TelegramChannel)
        channel.api_url = api_url_setting(credentials, env_value("TELEGRAM_API_URL"))
        channel.secret_token = (credentials or {}).get("secret_token") or env_value("TELEGRAM_SECRET_TOKEN")
        channel.debug_mode = False
        return channel

    def get_output_channel(self) -> TelegramOutputChannel:  # type: ignore[override]
        # unlike Rasa's, does not register the webhook (see the blueprint's listener)
        return TelegramOutputChannel(self.access_token, self.api_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = self.guarded(on_new_message)
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
