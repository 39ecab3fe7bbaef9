"""Typed commands Rasa cannot answer reach it as ones it can (fuzzer finding: "/faq" raised
KeyError 'response_selector' in Rasa's utter_faq and the user got only "Was this helpful?")."""

from __future__ import annotations

import asyncio

import pytest
import yaml
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from addons.channels.guard import ANSWERABLE_INSTEAD, RETRIEVAL_INTENTS, GuardedChannel, answerable
from tests.kit.paths import PROJECT_ROOT


def message(text: str) -> UserMessage:
    return UserMessage(text, CollectingOutputChannel(), sender_id="typist")


@pytest.mark.parametrize("typed", ["/faq", " /faq ", "/FAQ", "/ faq"])
def test_a_bare_retrieval_intent_becomes_help(typed: str) -> None:
    assert answerable(message(typed)).text == ANSWERABLE_INSTEAD


@pytest.mark.parametrize(
    "typed", ["/faq/what_is_upskilling", "faq", "what is the faq?", "/help", "/affirm", "", "/faqs"]
)
def test_everything_else_is_left_as_typed(typed: str) -> None:
    assert answerable(message(typed)).text == typed


def test_the_list_of_retrieval_intents_matches_the_responses() -> None:
    """Every ``utter_<intent>/<key>`` response family in data/responses is listed, and only those."""
    families = set()
    for path in (PROJECT_ROOT / "data" / "responses").glob("*.yml"):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        families |= {name.split("/")[0].removeprefix("utter_") for name in responses if "/" in name}
    assert families == set(RETRIEVAL_INTENTS)


def test_the_channel_passes_the_answerable_command_to_rasa() -> None:
    seen: list[str] = []

    async def on_new_message(received: UserMessage) -> None:
        seen.append(received.text or "")

    asyncio.run(GuardedChannel().guarded(on_new_message)(message("/faq")))
    assert seen == [ANSWERABLE_INSTEAD]
