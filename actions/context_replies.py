"""Short follow-ups answered from what was said last: ``action_context_reply``.

"why?", "tell me more", "give me an example", "how long does that take?", "what now?" and a
yes or no that answers no open question (data/rules/context.yml). The subject (the last
FAQ topic or the last advice) is the ``context_subject`` slot, set with every "Was this
helpful?" (actions/feedback.py); the reply is chosen by ``bot.conversation.context_replies``.
For advice the advice is recomputed from the profile slots, the same way
``action_give_advice`` computes it.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.advice import run_advice
from actions.feedback import CONTEXT_SLOT
from actions.guard import guarded
from actions.profile_slots import advice_request_from_slots
from bot.advice.service import Advice, AdviceError
from bot.conversation.context_replies import (
    WHAT_NEXT,
    ContextReply,
    Subject,
    context_reply,
    follow_up_of,
)
from bot.storage.db import DATABASE_ERRORS

logger = logging.getLogger(__name__)


def last_advice(tracker: Tracker) -> Advice | None:
    """The advice for the profile in the slots, or ``None`` when it cannot be given now."""
    if not tracker.get_slot("current_role"):
        return None
    try:
        return run_advice(advice_request_from_slots(tracker))  # reads the catalog too (skill names)
    except (AdviceError, *DATABASE_ERRORS) as error:
        logger.warning(
            "advice for a follow-up of %s not available: %s", tracker.sender_id, type(error).__name__
        )
        return None


def send(dispatcher: CollectingDispatcher, reply: ContextReply) -> None:
    """Send the reply's text, its response (an FAQ answer) and its closing line, in order."""
    buttons = list(reply.buttons)
    if reply.text:
        dispatcher.utter_message(text=reply.text, buttons=[] if reply.response else buttons)
    if reply.response:
        dispatcher.utter_message(response=reply.response)
    elif not reply.text and buttons:
        dispatcher.utter_message(buttons=buttons)
    if reply.closing_text:
        dispatcher.utter_message(text=reply.closing_text, buttons=list(reply.closing_buttons))


@guarded
class ActionContextReply(Action):
    """Answers a short follow-up against the last FAQ topic or the last advice."""

    def name(self) -> str:
        return "action_context_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        follow_up = follow_up_of(intent) or WHAT_NEXT
        subject = Subject.parse(tracker.get_slot(CONTEXT_SLOT))
        advice = last_advice(tracker) if subject.kind == "advice" else None
        reply = context_reply(follow_up, subject, advice)
        send(dispatcher, reply)
        return [SlotSet(CONTEXT_SLOT, reply.subject)] if reply.subject else []
