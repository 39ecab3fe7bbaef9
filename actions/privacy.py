"""Memory and privacy: "what do you know about me?", "forget me", and welcoming back.

- ``action_show_profile`` lists what the assistant knows: the profile of this conversation
  (slots) or, before anything was said in it, the stored profile (``bot.profiles.store``).
- ``action_forget_me`` (after the user confirmed) deletes the stored profile and resets the
  slots. The conversation history is deleted by the tracker store when it saves this turn
  (``addons/tracker_store.py`` reacts to this action's execution), so nothing of the
  conversation is left afterwards either.
- ``action_session_start`` replaces Rasa's default: it carries the slots over as the
  default does and, for a returning user with a stored profile, fills the profile slots
  and says what it remembers.

The texts these actions send live here, not in domain.yml: Rasa 3.6's
``data validate --fail-on-warnings`` reports responses used only by custom actions as
unused (see actions/prompts.py). The confirmation question and "kept" reply are responses
(``utter_confirm_forget``, ``utter_keep_data``) because rules use them.

The profile slots hold the advisor form's formats (``actions/advisor_form.py``): skills as
``"Excel; SQL"`` or ``"none"``, hours as ``"5"``, and ``"any"`` for an open constraint.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, AllSlotsReset, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import catalog_access
from actions.advisor_form import UNKNOWN_ROLE
from bot.profiles.store import (
    ProfileError,
    UserProfile,
    delete_user_data,
    describe_profile,
    format_hours,
    load_profile,
    normalise_hours,
    profile_fields,
    remembered_summary,
)
from bot.storage.db import DatabaseUnavailable

logger = logging.getLogger(__name__)

#: The slots that mirror the stored profile (same names as the profile's fields).
PROFILE_SLOTS = tuple(profile_fields())
#: The value the advisor form stores for a constraint the user left open.
OPEN = "any"
NO_SKILLS = "none"
DATABASE_ERRORS = (SQLAlchemyError, DatabaseUnavailable)

PROFILE_INTRO = "Here is what I remember about you:"
PROFILE_OUTRO = 'Say "forget me" if you want me to delete it.'
PROFILE_EMPTY = (
    "I don't know anything about you yet. When you ask me for advice, I remember your role, "
    'goal, skills and constraints so you don\'t have to repeat them next time; say "forget me" '
    "at any time to delete them."
)
PROFILE_UNAVAILABLE = (
    "Sorry, I can't look up what I remember about you right now. Please try again in a moment."
)
FORGOT_YOU = (
    "Done: I have deleted your profile and our conversation history. "
    "If you talk to me again, we start from scratch."
)
FORGET_FAILED = 'Sorry, I couldn\'t delete your profile just now. Please say "forget me" again in a moment.'
WELCOME_BACK = "Welcome back! Last time you told me {summary}. Want to pick up from there or update it?"
WELCOME_BACK_BUTTONS = [
    {"title": "Pick up from there", "payload": "/start_advice"},
    {"title": "Update it", "payload": "/restart_advice"},
    {"title": "What do you remember?", "payload": "/ask_profile"},
]


def profile_slot_values(profile: UserProfile) -> dict[str, Any]:
    """The stored profile as slot values, in the advisor form's formats."""
    return {
        "current_role": profile.current_role,
        # A role the catalog lacks is stored without a code; the form knows it as UNKNOWN_ROLE.
        "current_role_code": profile.current_role_code or UNKNOWN_ROLE,
        "goal": profile.goal,
        "target_role": profile.target_role,
        "target_role_code": profile.target_role_code or (UNKNOWN_ROLE if profile.target_role else None),
        "skills": "; ".join(profile.skills) if profile.skills else NO_SKILLS,
        "hours_per_week": format_hours(profile.hours_per_week) if profile.hours_per_week else OPEN,
        "budget": profile.budget or OPEN,
        "preferred_format": profile.preferred_format or OPEN,
    }


def _catalog_code(code: Any) -> str | None:
    return None if not code or code == UNKNOWN_ROLE else str(code)


def profile_from_slots(tracker: Tracker) -> UserProfile | None:
    """What this conversation has told the assistant (``None`` before the current role)."""
    slots = {name: tracker.get_slot(name) for name in PROFILE_SLOTS}
    if not slots["current_role"]:
        return None
    skills = slots["skills"] if isinstance(slots["skills"], str) else ""
    try:
        hours: Decimal | None = normalise_hours(slots["hours_per_week"])
    except ProfileError:  # "any" or an answer still being validated
        hours = None
    return UserProfile(
        sender_id=tracker.sender_id,
        current_role=str(slots["current_role"]),
        current_role_code=_catalog_code(slots["current_role_code"]),
        goal=slots["goal"],
        target_role=slots["target_role"] if slots["goal"] == "switch" else None,
        target_role_code=_catalog_code(slots["target_role_code"]) if slots["goal"] == "switch" else None,
        skills=[] if skills == NO_SKILLS else [name.strip() for name in skills.split(";") if name.strip()],
        hours_per_week=hours,
        budget=slots["budget"] if slots["budget"] not in (None, OPEN) else None,
        preferred_format=slots["preferred_format"] if slots["preferred_format"] != OPEN else None,
    )


def stored_profile(sender_id: str) -> UserProfile | None:
    """The stored profile; raises one of ``DATABASE_ERRORS`` when the database fails."""
    with catalog_access.engine().connect() as connection:
        return load_profile(connection, sender_id)


class ActionShowProfile(Action):
    """Answers "what do you know about me?"."""

    def name(self) -> str:
        return "action_show_profile"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        profile = profile_from_slots(tracker)
        if profile is None:
            try:
                profile = stored_profile(tracker.sender_id)
            except DATABASE_ERRORS:
                logger.exception("could not load a stored profile")
                dispatcher.utter_message(text=PROFILE_UNAVAILABLE)
                return []
        if profile is None:
            dispatcher.utter_message(text=PROFILE_EMPTY)
            return []
        lines = [f"- {line}" for line in describe_profile(profile)]
        dispatcher.utter_message(text="\n".join([PROFILE_INTRO, *lines, PROFILE_OUTRO]))
        return []


class ActionForgetMe(Action):
    """Deletes what is stored about the user (after they confirmed) and resets the slots."""

    def name(self) -> str:
        return "action_forget_me"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            with catalog_access.engine().begin() as connection:
                removed = delete_user_data(connection, tracker.sender_id)
        except DATABASE_ERRORS:
            logger.exception("could not delete a user's data")
            dispatcher.utter_message(text=FORGET_FAILED)
            return []
        logger.info("deleted the stored data of a user on request (%d rows)", removed)
        dispatcher.utter_message(text=FORGOT_YOU)
        return [AllSlotsReset()]


class ActionSessionStart(Action):
    """Starts a session like Rasa's default and welcomes a returning user back."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        carried: dict[str, Any] = {}
        if (domain.get("session_config") or {}).get("carry_over_slots_to_new_session", True):
            carried = {name: value for name, value in tracker.slots.items() if value is not None}
            events.extend(SlotSet(name, value) for name, value in carried.items())
        try:
            profile = stored_profile(tracker.sender_id)
        except DATABASE_ERRORS:  # never block the conversation on the profile
            logger.exception("could not load a stored profile at session start")
            profile = None
        if profile is not None:
            known_slots = set(domain.get("slots") or {})
            events.extend(
                SlotSet(name, value)
                for name, value in profile_slot_values(profile).items()
                if name in known_slots and carried.get(name) is None and value is not None
            )
            dispatcher.utter_message(
                text=WELCOME_BACK.format(summary=remembered_summary(profile)), buttons=WELCOME_BACK_BUTTONS
            )
        # HR's answers to the user's hand-off tickets, once, on their next visit.
        from actions.handoff import deliver_answers

        deliver_answers(dispatcher, tracker.sender_id)
        events.append(ActionExecuted("action_listen"))
        return events
