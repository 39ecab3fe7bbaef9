"""Run a custom action as the action server does: a ``CollectingDispatcher`` gets the messages."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def run_action(
    action: Any, tracker: Tracker, domain: dict[str, Any], dispatcher: CollectingDispatcher | None = None
) -> tuple[list[dict[str, Any]], CollectingDispatcher]:
    """The events an action returns and the dispatcher holding what it said (sync or async ``run``)."""
    dispatcher = dispatcher if dispatcher is not None else CollectingDispatcher()
    result = action.run(dispatcher, tracker, domain)
    if inspect.isawaitable(result):
        result = asyncio.run(_awaited(result))
    return list(result or []), dispatcher


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


def message_texts(messages: list[dict[str, Any]]) -> list[str]:
    """The text of every message (``""`` for a message with buttons or an image only)."""
    return [message.get("text") or "" for message in messages]
