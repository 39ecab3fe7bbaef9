"""The REST channel (``POST /webhooks/rest/webhook``): Rasa's, behind the project's guard.

Same requests and replies as ``rasa.core.channels.rest.RestInput`` (``{"sender": "...",
"message": "..."}`` in, the bot's messages as a JSON list out, ``?stream=true`` for a
stream), with what :class:`~addons.channels.guard.GuardedChannel` adds: HR's answers after
the reply, one message at a time per sender, and a flood refused with **HTTP 429**
(``{"error": "rate_limited", "message": "...", "retry_after": seconds}`` and a
``Retry-After`` header) instead of posts that hang until the client gives up. A rich
reply (a learning path, a course: ``bot.advice.rich_path``) is one message with both its
``text`` (the reply as before) and the payload as ``custom``. A body that
is not ``{"sender", "message"}`` gets HTTP 400 with what to send, a body without a sender too
(Rasa would put it into one shared conversation called "default"). The channel is open only
on a loopback server or to callers with ``REST_CHANNEL_TOKEN`` (:func:`rest_access_refusal`);
a sender id of a signed-in employee (``employee:...``, ``bot/identity.py``) gets HTTP 403.

Configured in credentials.yml as ``addons.channels.rest.RestChannel:``; its name stays
``rest`` (same URL, and ``rest`` as the input channel stored with tickets).
"""

from __future__ import annotations

import hmac
import logging
from asyncio import CancelledError, Queue
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import QueueOutputChannel, RestInput
from rasa.utils.endpoints import bool_arg
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from addons.channels.guard import SLOW_DOWN_TEXT, GuardedChannel, MessageHandler
from addons.channels.rich_text import rich_payload
from bot.config import env_value
from bot.identity import is_employee_sender

logger = logging.getLogger(__name__)

BAD_REQUEST_TEXT = 'Send a JSON object such as {"sender": "your-id", "message": "hello"}.'
#: The longest conversation id a REST client may name.
MAX_SENDER_CHARS = 128
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def rest_access_refusal(
    authorization: str | None, env: Mapping[str, str] | None = None
) -> HTTPResponse | None:
    """Who may post to the REST channel, whose callers name any conversation id they like.

    With ``REST_CHANNEL_TOKEN`` set: only a caller with ``Authorization: Bearer <token>`` (a
    trusted integration). Without it: anyone, but only while the server listens on loopback
    (``BIND_HOST``, development); on a public address the channel is off, so nobody can read
    or forget another user's conversation by naming its id (the widget has signed sessions).
    """
    token = (env_value("REST_CHANNEL_TOKEN", env) or "").strip()
    if token:
        given = (authorization or "").removeprefix("Bearer ").strip()
        if hmac.compare_digest(given.encode(), token.encode()):
            return None
        return response.json(
            {
                "error": "unauthorized",
                "message": "Send the REST channel's token as Authorization: Bearer <token>.",
            },
            status=401,
        )
    if (env_value("BIND_HOST", env) or "127.0.0.1") in LOOPBACK_HOSTS:
        return None
    return response.json(
        {
            "error": "rest_disabled",
            "message": "The REST channel is off on a public server (set REST_CHANNEL_TOKEN).",
        },
        status=403,
    )


def bad_request(detail: str) -> HTTPResponse:
    return response.json({"error": "bad_request", "message": f"{detail} {BAD_REQUEST_TEXT}"}, status=400)


async def collect_response(
    collector: CollectingOutputChannel, recipient_id: str, message: dict[str, Any]
) -> bool:
    """A rich reply (learning path, course) as one message holding both its ``text`` and the
    payload as ``custom`` (Rasa's collector would store two: the text, then the custom
    alone), so clients that read ``text`` get the same reply as before. False: not rich."""
    payload = rich_payload(message.get("custom"))
    if payload is None:
        return False
    await collector._persist_message(collector._message(recipient_id, text=payload["text"], custom=payload))
    return True


class RichCollectingOutputChannel(CollectingOutputChannel):
    """Rasa's collector, with rich replies as :func:`collect_response` stores them."""

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        if not await collect_response(self, recipient_id, message):
            await super().send_response(recipient_id, message)


class RichQueueOutputChannel(QueueOutputChannel):
    """The streaming (``?stream=true``) collector, with rich replies as :func:`collect_response`."""

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        if not await collect_response(self, recipient_id, message):
            await super().send_response(recipient_id, message)


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

    @staticmethod
    async def on_message_wrapper(
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        queue: Queue,
        sender_id: str,
        input_channel: str,
        metadata: dict[str, Any] | None,
    ) -> None:
        """Rasa's stream wrapper with :class:`RichQueueOutputChannel` as the collector."""
        collector = RichQueueOutputChannel(queue)
        await on_new_message(
            UserMessage(text, collector, sender_id, input_channel=input_channel, metadata=metadata)
        )
        await queue.put("DONE")

    def blueprint(self, on_new_message: MessageHandler) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        async def admitted(message: UserMessage) -> None:
            await self.process_admitted(on_new_message, message)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse | ResponseStream:
            refused = rest_access_refusal(request.headers.get("authorization"))
            if refused is not None:
                return refused
            body: Any = request.json
            if not isinstance(body, dict):
                return bad_request("The body is not a JSON object.")
            text = body.get("message")
            if not isinstance(text, str):
                return bad_request('"message" must be a text.')
            raw_sender = body.get("sender")
            if not isinstance(raw_sender, (str, int)) or not str(raw_sender).strip():
                # no shared "default" conversation that every client without an id would join
                return bad_request('"sender" must name the conversation.')
            sender_id = str(raw_sender).strip()
            if len(sender_id) > MAX_SENDER_CHARS:
                return bad_request(f'"sender" is longer than {MAX_SENDER_CHARS} characters.')
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
            collector = RichCollectingOutputChannel()
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
