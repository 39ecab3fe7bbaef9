"""The REST channel (``POST /webhooks/rest/webhook``): Rasa's, behind the project's guard.

Same requests and replies as ``rasa.core.channels.rest.RestInput`` (``{"sender": "...",
"message": "..."}`` in, the bot's messages as a JSON list out, ``?stream=true`` for a
stream), with what :class:`~addons.channels.guard.GuardedChannel` adds: HR's answers after
the reply, one message at a time per sender, and a flood refused with **HTTP 429**
(``{"error": "rate_limited", "message": "...", "retry_after": seconds}`` and a
``Retry-After`` header) instead of posts that hang until the client gives up. A body that
is not ``{"sender", "message"}`` gets HTTP 400 with what to send; a sender id of a
signed-in employee (``employee:...``, ``bot/identity.py``) gets HTTP 403.

Configured in credentials.yml as ``addons.channels.rest.RestChannel:``; its name stays
``rest`` (same URL, and ``rest`` as the input channel stored with tickets).
"""

from __future__ import annotations

import logging
from asyncio import CancelledError
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.constants import DEFAULT_SENDER_ID
from rasa.utils.endpoints import bool_arg
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from addons.channels.guard import SLOW_DOWN_TEXT, GuardedChannel, MessageHandler
from bot.identity import is_employee_sender

logger = logging.getLogger(__name__)

BAD_REQUEST_TEXT = 'Send a JSON object such as {"sender": "your-id", "message": "hello"}.'


def bad_request(detail: str) -> HTTPResponse:
    return response.json({"error": "bad_request", "message": f"{detail} {BAD_REQUEST_TEXT}"}, status=400)


class RestChannel(GuardedChannel, RestInput):
    """Rasa's REST channel with a per-sender rate limit (HTTP 429) and HR answers."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def rate_limited(self, sender_id: str) -> HTTPResponse:
        self.log_refusal(sender_id)
        retry_after = self.gate.retry_after(sender_id)
        return response.json(
            {"error": "rate_limited", "message": SLOW_DOWN_TEXT, "retry_after": retry_after},
            status=429,
            headers={"Retry-After": str(retry_after)},
        )

    def blueprint(self, on_new_message: MessageHandler) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        async def admitted(message: UserMessage) -> None:
            await self.process_admitted(on_new_message, message)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse | ResponseStream:
            body: Any = request.json
            if not isinstance(body, dict):
                return bad_request("The body is not a JSON object.")
            text = body.get("message")
            if not isinstance(text, str):
                return bad_request('"message" must be a text.')
            raw_sender = body.get("sender")
            sender_id = DEFAULT_SENDER_ID if raw_sender is None else str(raw_sender)
            if is_employee_sender(sender_id):
                # A signed-in employee's conversation is reached through the widget with their
                # identity token only (bot/identity.py), not by naming its id.
                return response.json(
                    {
                        "error": "forbidden",
                        "message": "This conversation id is reserved for signed-in employees.",
                    },
                    status=403,
                )
            if not self.gate.admit(sender_id):
                return self.rate_limited(sender_id)
            input_channel = body.get("input_channel") or self.name()
            metadata = body.get("metadata")
            metadata = metadata if isinstance(metadata, dict) else None
            if bool_arg(request, "stream", default=False):
                return response.stream(
                    self.stream_response(admitted, text, sender_id, input_channel, metadata),
                    content_type="text/event-stream",
                )
            collector = CollectingOutputChannel()
            try:
                await admitted(
                    UserMessage(text, collector, sender_id, input_channel=input_channel, metadata=metadata)
                )
            except CancelledError:
                logger.error("The REST message of %s was cancelled (timeout)", sender_id)
            except Exception:  # answer with what was collected, as Rasa does
                logger.exception("The REST message of %s failed", sender_id)
            return response.json(collector.messages)

        return webhook
