"""Channel-aware reply formatting, in plain Python (no Rasa imports, unit-tested alone).

- ``split_text``: cut a long reply into messages under a channel's limit, at paragraph,
  then line, then sentence, then word boundaries (a hard cut only for a single word
  longer than the limit).
- ``numbered_options`` / ``parse_option_number`` / ``payload_for_option``: channels
  without buttons (WhatsApp and SMS through Twilio) get the buttons as a numbered list,
  and a reply of "2" is mapped back to the second button's payload. The mapping is not
  kept anywhere of its own: it is read from the conversation itself (the buttons of the
  bot's last turn, stored in the tracker's ``bot`` events), so it survives restarts, works
  with several Rasa workers and needs no size limit or clean-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_OPTION_REPLY = re.compile(r"^\s*(?:option\s*)?[#(]?\s*(\d{1,2})\s*[.)]?\s*$", re.IGNORECASE)
#: Prefix of a button reference used where a payload does not fit (Telegram's 64 bytes).
OPTION_REFERENCE_PREFIX = "#option:"


@dataclass(frozen=True)
class ChannelLimits:
    """What one messaging platform accepts in one message."""

    text_chars: int
    #: Buttons per message; 0 means the channel has no buttons (numbered options instead).
    max_buttons: int = 0
    button_title_chars: int = 0
    payload_bytes: int = 0


TELEGRAM = ChannelLimits(text_chars=4096, max_buttons=100, button_title_chars=64, payload_bytes=64)
SLACK = ChannelLimits(text_chars=3000, max_buttons=25, button_title_chars=75, payload_bytes=2000)
FACEBOOK = ChannelLimits(text_chars=2000, max_buttons=13, button_title_chars=20, payload_bytes=1000)
#: Facebook's button template: at most 3 buttons under a text of at most 640 characters.
FACEBOOK_BUTTON_TEMPLATE = ChannelLimits(text_chars=640, max_buttons=3, button_title_chars=20)
TWILIO = ChannelLimits(text_chars=1600)


def truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when it was cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"


def truncate_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, never inside a character."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", "ignore")


def _pieces(text: str, limit: int) -> list[str]:
    """``text`` in pieces whose content (without trailing separator) fits in ``limit``,
    cut at the coarsest boundary present: paragraph, line, sentence, word, character."""
    body = text.rstrip()
    tail = text[len(body) :]
    if len(body) <= limit:
        return [text]
    separator = next((candidate for candidate in ("\n\n", "\n") if candidate in body), " ")
    if separator != " ":
        parts = body.split(separator)
    else:
        parts = _SENTENCE_END.split(body)
        if len(parts) == 1:
            parts = body.split(" ")
        if len(parts) == 1:
            chunks = [body[i : i + limit] for i in range(0, len(body), limit)]
            return [*chunks[:-1], chunks[-1] + tail]
    pieces = [part + separator for part in parts[:-1]] + [parts[-1] + tail]
    result: list[str] = []
    for piece in pieces:
        result.extend(_pieces(piece, limit))
    return result


def split_text(text: str, limit: int) -> list[str]:
    """``text`` as few messages of at most ``limit`` characters, cut at natural breaks."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    messages: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        if len(current) + len(piece.rstrip()) > limit and current.strip():
            messages.append(current.strip())
            current = ""
        current += piece
    if current.strip():
        messages.append(current.strip())
    return messages


def button_title(button: Mapping[str, Any]) -> str:
    return str(button.get("title") or button.get("payload") or "")


def numbered_options(text: str, buttons: Sequence[Mapping[str, Any]]) -> str:
    """The reply with its buttons as a numbered list and how to answer.

    A single option is not numbered ("You can also reply: Not sure"): a question such as
    "How many hours a week?" with one "Not sure" button must read a reply of "1" as one
    hour, not as the option (``payload_for_option`` maps numbers only for 2+ options).
    """
    if len(buttons) == 1:
        return f"{text.strip()}\n\nYou can also reply: {button_title(buttons[0])}".strip()
    lines = [f"{index}. {button_title(button)}" for index, button in enumerate(buttons, start=1)]
    options = "\n".join(lines)
    hint = "Reply with the number of your choice."
    return f"{text.strip()}\n\n{options}\n{hint}" if text.strip() else f"{options}\n{hint}"


def parse_option_number(text: str | None) -> int | None:
    """1-based option number in replies such as "2", "2.", "(2)", "#2", "option 2"."""
    if not text:
        return None
    if text.startswith(OPTION_REFERENCE_PREFIX):
        text = text[len(OPTION_REFERENCE_PREFIX) :]
    match = _OPTION_REPLY.match(text)
    if not match:
        return None
    number = int(match.group(1))
    return number if number >= 1 else None


def _event_dict(event: Any) -> Mapping[str, Any]:
    if isinstance(event, Mapping):
        return event
    as_dict = getattr(event, "as_dict", None)
    return as_dict() if callable(as_dict) else {}


def last_offered_buttons(events: Iterable[Any]) -> list[Mapping[str, Any]]:
    """The buttons of the bot's last message with buttons, if the user has not spoken since."""
    buttons: list[Mapping[str, Any]] = []
    for raw in events:
        event = _event_dict(raw)
        kind = event.get("event")
        if kind == "user":
            buttons = []
        elif kind == "bot":
            offered = (event.get("data") or {}).get("buttons") or []
            if offered:
                buttons = [button for button in offered if isinstance(button, Mapping)]
    return buttons


def payload_for_option(events: Iterable[Any], text: str | None, min_options: int = 2) -> str | None:
    """The payload of the option the user chose by number, or None (keep their text).

    ``min_options``: how many options the bot must have offered for a bare number to count
    as a choice (1 for explicit ``#option:N`` references).
    """
    number = parse_option_number(text)
    if number is None:
        return None
    buttons = last_offered_buttons(events)
    if len(buttons) < min_options or number > len(buttons):
        return None
    payload = buttons[number - 1].get("payload")
    return str(payload) if payload else None
