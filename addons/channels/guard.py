"""What every input channel of the project does around Rasa's handling of a message.

:class:`GuardedChannel` is a mixin for input channels. Each channel's ``blueprint`` wraps
the ``on_new_message`` callback it receives with :meth:`GuardedChannel.guarded`, so that on
every channel (REST, the socket.io widget, Telegram, Slack, Twilio, Facebook):

- **a flood gets a clear refusal, never silent loss.** At most ``CHANNEL_RATE_LIMIT``
  messages per conversation per ``CHANNEL_RATE_WINDOW`` seconds are accepted; each one
  beyond gets a "slow down" reply at once (the REST channel answers HTTP 429 instead,
  addons/channels/rest.py). The accepted ones reach Rasa one at a time per conversation
  (``addons.channels.flood``), so none waits in Rasa's expiring ticket lock.
- **a typed command Rasa cannot answer is made one it can.** "/faq" names the FAQ's
  retrieval intent without a question, so Rasa's ``utter_faq`` has no answer to pick and
  raises; it is passed on as "/help", which lists what can be asked.
- **HR's answers arrive with the next reply.** After the bot's reply to a message, the
  answers HR gave to that sender's tickets and that the user has not seen are sent
  through the message's own output channel, and marked delivered, exactly once
  (``bot.hr.tickets.claim_pending_answers``). The database work runs in a worker thread,
  off the event loop; a failure is logged and never breaks the reply.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage

from addons.channels.flood import SenderGate
from bot.config import env_int
from bot.hr.tickets import Ticket, answer_message, claim_pending_answers, release_answers
from bot.storage.db import get_engine

logger = logging.getLogger(__name__)

MessageHandler = Callable[[UserMessage], Awaitable[Any]]

SLOW_DOWN_TEXT = (
    "You're sending messages faster than I can answer them. Please wait a few seconds, "
    "then send your message again."
)


#: Retrieval intents (answered by the ResponseSelector, data/responses/): typed bare, as
#: "/faq", they carry no question to answer (tests/addons check this list against the data).
RETRIEVAL_INTENTS = ("faq",)
ANSWERABLE_INSTEAD = "/help"


def answerable_text(text: str | None) -> str | None:
    """``text``, or "/help" when it is a bare typed retrieval intent such as "/faq"."""
    typed = (text or "").strip()
    if typed.startswith("/") and typed[1:].strip().lower() in RETRIEVAL_INTENTS:
        return ANSWERABLE_INSTEAD
    return text


#: The longest message the assistant reads, on every channel: the rest is cut off. A 2 MB
#: message took 11.6 s to parse and held up every other conversation; nobody states a career
#: profile in more than a few paragraphs.
MAX_MESSAGE_CHARS = 5000


def answerable(message: UserMessage) -> UserMessage:
    """The message, with a bare typed retrieval intent ("/faq") replaced by "/help" and a
    text longer than :data:`MAX_MESSAGE_CHARS` cut to that length (logged by its length only)."""
    text = answerable_text(message.text)
    if text is not None and len(text) > MAX_MESSAGE_CHARS:
        logger.info(
            "A message of %s was cut from %d to %d characters",
            message.sender_id,
            len(text),
            MAX_MESSAGE_CHARS,
        )
        text = text[:MAX_MESSAGE_CHARS]
    message.text = text
    return message


def gate_from_settings() -> SenderGate:
    """A gate with ``CHANNEL_RATE_LIMIT`` messages per ``CHANNEL_RATE_WINDOW`` seconds."""
    return SenderGate(env_int("CHANNEL_RATE_LIMIT"), env_int("CHANNEL_RATE_WINDOW"))


def claim_answers(sender_id: str) -> list[Ticket]:
    """The sender's unseen HR answers, marked delivered (blocking: run it in a thread)."""
    with get_engine().begin() as connection:
        return claim_pending_answers(connection, sender_id)


def release_claimed(ticket_ids: list[int]) -> None:
    with get_engine().begin() as connection:
        release_answers(connection, ticket_ids)


async def deliver_pending_answers(message: UserMessage) -> int:
    """Send the sender's unseen HR answers through the message's output channel; the
    number sent. Never raises: the reply the user already has must not be spoiled."""
    loop = asyncio.get_running_loop()
    try:
        tickets = await loop.run_in_executor(None, claim_answers, message.sender_id)
    except Exception:  # any failure: log it, keep the conversation going
        logger.exception("Could not read the HR answers of conversation %s", message.sender_id)
        return 0
    unsent: list[int] = []
    for ticket in tickets:
        try:
            await message.output_channel.send_text_message(message.sender_id, answer_message(ticket))
        except Exception:
            logger.exception("Could not send the HR answer of ticket %d to %s", ticket.id, message.sender_id)
            unsent.append(ticket.id)
    if unsent:
        try:
            await loop.run_in_executor(None, release_claimed, unsent)
        except Exception:
            logger.exception("Could not mark the HR answers %s as not delivered", unsent)
    if tickets:
        logger.info("Delivered %d HR answer(s) to %s", len(tickets) - len(unsent), message.sender_id)
    return len(tickets) - len(unsent)


class GuardedChannel:
    """Mixin for input channels: rate limit per conversation, one message at a time per
    conversation, HR's answers after each reply. Put it first among the bases and call
    ``on_new_message = self.guarded(on_new_message)`` at the start of ``blueprint``."""

    _gate: SenderGate | None = None

    @property
    def gate(self) -> SenderGate:
        if self._gate is None:
            self._gate = gate_from_settings()
        return self._gate

    def guarded(self, on_new_message: MessageHandler) -> MessageHandler:
        """``on_new_message`` behind the rate limit, with HR's answers after the reply."""

        async def handle(message: UserMessage) -> None:
            if not self.gate.admit(message.sender_id):
                await self.refuse(message)
                return
            await self.process_admitted(on_new_message, message)

        return handle

    async def process_admitted(self, on_new_message: MessageHandler, message: UserMessage) -> None:
        """Process a message :meth:`SenderGate.admit` accepted: in its turn, then the answers."""
        async with self.gate.turn(message.sender_id):
            await on_new_message(answerable(message))
            await deliver_pending_answers(message)

    def log_refusal(self, sender_id: str) -> None:
        logger.warning(
            "Refused a message of %s: more than %d messages in %d s",
            sender_id,
            self.gate.limit,
            int(self.gate.window_seconds),
        )

    async def refuse(self, message: UserMessage) -> None:
        """Tell the sender to slow down (a bot message on its channel)."""
        self.log_refusal(message.sender_id)
        try:
            await message.output_channel.send_text_message(message.sender_id, SLOW_DOWN_TEXT)
        except Exception:  # the platform refused; nothing more to do
            logger.exception("Could not tell %s to slow down", message.sender_id)
