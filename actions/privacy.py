"""Memory and privacy: "what do you know about me?", "forget me", and welcoming back.

- ``action_show_profile`` lists what the assistant knows: the profile of this conversation
  (slots) or, before anything was said in it, the stored profile (``bot.profiles.store``).
- ``action_forget_me`` (after the user confirmed) deletes the stored profile and the stored
  conversation history (``bot.storage.conversation_history``), then confirms and resets the
  slots; if either delete fails it says so and keeps both. The tracker store then deletes
  what this turn adds when it saves it (``addons/tracker_store.py`` reacts to the action's
  successful execution), so nothing of the conversation is left afterwards either.
- Welcoming back: ``action_session_start`` (actions/session_start.py) fills the profile
  slots of a returning user and sends :data:`WELCOME_BACK`.

The texts these actions send live here, not in domain.yml: Rasa 3.6's
``data validate --fail-on-warnings`` reports responses used only by custom actions as
unused (see actions/prompts.py). The confirmation question and "kept" reply are responses
(``utter_confirm_forget``, ``utter_keep_data``) because rules use them.

The slots are read as a profile by ``actions/profile_slots.py``.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import catalog_access
from actions.guard import guarded
from actions.profile_slots import profile_from_slots, stored_profile
from bot.profiles.store import delete_user_data, describe_profile
from bot.storage.conversation_history import delete_history
from bot.storage.db import DATABASE_ERRORS

logger = logging.getLogger(__name__)

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
#: Sent with :data:`FORGOT_YOU` as message metadata: the web widget clears the conversation it
#: keeps in the browser when it sees it (addons/channels/widget.py passes it on; other channels
#: ignore it).
FORGOTTEN_MARKER = {"widget_event": "forgotten"}
FORGET_FAILED = 'Sorry, I couldn\'t delete your profile just now. Please say "forget me" again in a moment.'
WELCOME_BACK = "Welcome back! Last time you told me {summary}. Want to pick up from there or update it?"
WELCOME_BACK_BUTTONS = [
    {"title": "Pick up from there", "payload": "/start_advice"},
    {"title": "Update it", "payload": "/restart_advice"},
    {"title": "What do you remember?", "payload": "/ask_profile"},
]


@guarded
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


@guarded
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
                # inside the profile's transaction: if the history cannot be deleted, the
                # profile is kept too and the user is told it failed, never "Done"
                events = delete_history(tracker.sender_id)
        except DATABASE_ERRORS:
            logger.exception("could not delete a user's data")
            dispatcher.utter_message(text=FORGET_FAILED)
            return []  # no AllSlotsReset: the tracker store keeps the history (addons/tracker_store.py)
        logger.info("deleted the stored data of a user on request (%d rows, %d events)", removed, events)
        dispatcher.utter_message(text=FORGOT_YOU, **FORGOTTEN_MARKER)
        return [AllSlotsReset()]
