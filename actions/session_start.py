"""``action_session_start``: Rasa's session start, plus what a returning user should hear.

It replaces Rasa's default: it carries the slots over as the default does, then runs the
two features that greet a returning user, each on its own and never blocking the
conversation when the database fails:

- their stored profile fills the profile slots and is summed up (actions/privacy.py's
  :data:`~actions.privacy.WELCOME_BACK`);
- HR's answers to their hand-off tickets are delivered, once (actions/handoff.py).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.guard import guarded
from actions.handoff import deliver_answers
from actions.privacy import WELCOME_BACK, WELCOME_BACK_BUTTONS
from actions.profile_slots import profile_slot_values, stored_profile
from bot.profiles.store import remembered_summary
from bot.storage.db import DATABASE_ERRORS

logger = logging.getLogger(__name__)


def carried_over_slots(tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
    """The slots the new session keeps (all set ones, unless the domain says otherwise)."""
    if not (domain.get("session_config") or {}).get("carry_over_slots_to_new_session", True):
        return {}
    return {name: value for name, value in tracker.slots.items() if value is not None}


def session_start_recovery(
    action: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType]:
    """When the session start fails, it must still start the session (keeping the slots, as
    Rasa's default does) and end with listening, or the user's first message would get no answer."""
    carried = carried_over_slots(tracker, domain)
    return [
        SessionStarted(),
        *(SlotSet(name, value) for name, value in carried.items()),
        ActionExecuted("action_listen"),
    ]


def welcome_back(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, carried: dict[str, Any]
) -> list[EventType]:
    """For a returning user: the stored profile's slots (where nothing was carried over)
    and a greeting that says what is remembered; nothing for a new user."""
    try:
        profile = stored_profile(tracker.sender_id)
    except DATABASE_ERRORS:  # never block the conversation on the profile
        logger.exception("could not load a stored profile at session start")
        return []
    if profile is None:
        return []
    known_slots = set(domain.get("slots") or {})
    dispatcher.utter_message(
        text=WELCOME_BACK.format(summary=remembered_summary(profile)), buttons=WELCOME_BACK_BUTTONS
    )
    return [
        SlotSet(name, value)
        for name, value in profile_slot_values(profile).items()
        if name in known_slots and carried.get(name) is None and value is not None
    ]


def typed_by_the_user(tracker: Tracker) -> bool:
    """True when this session start is the user's own ``/session_start`` message.

    Rasa starts sessions by itself before a conversation's first message and after a long
    pause; then the last event is not a user message. A typed ``/session_start`` is the last
    event (before Rasa's ``user_featurization``), and without a reply the user would see silence.
    """
    for event in reversed(tracker.events):
        if event.get("event") == "user_featurization":  # Rasa logs it right after the message
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        return event.get("event") == "user" and intent == "session_start"
    return False


@guarded(recovery=session_start_recovery)
class ActionSessionStart(Action):
    """Starts a session like Rasa's default and welcomes a returning user back."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        carried = carried_over_slots(tracker, domain)
        events: list[EventType] = [SessionStarted()]
        events.extend(SlotSet(name, value) for name, value in carried.items())
        events.extend(welcome_back(dispatcher, tracker, domain, carried))
        deliver_answers(dispatcher, tracker.sender_id)
        if typed_by_the_user(tracker) and not dispatcher.messages:
            dispatcher.utter_message(response="utter_greet")
        events.append(ActionExecuted("action_listen"))
        return events
