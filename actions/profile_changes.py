"""Changing the profile at any time: corrections ("actually I'm a pharmacist") and starting over.

A correction resolves the new role exactly like the form does; when the advice was
already given, it is given again for the corrected profile straight away.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import catalog_access, prompts
from actions.advice import render_advice, request_from_slots, run_advice
from actions.advisor_form import MAX_ROLE_BUTTONS, is_confident
from bot import answers
from bot.advice_service import AdviceError
from bot.role_profiles import load_role

PROFILE_SLOTS = (
    "current_role",
    "current_role_code",
    "current_role_pending",
    "goal",
    "target_role",
    "target_role_code",
    "target_role_pending",
    "skills",
    "hours_per_week",
    "budget",
    "preferred_format",
    "form_attempts",
    "last_courses",
    "advice_path",
)
FORM_SLOTS = ("current_role", "goal", "target_role", "skills", "hours_per_week", "budget", "preferred_format")


def profile_complete(slots: dict[str, Any]) -> bool:
    needed = [slot for slot in FORM_SLOTS if slot != "target_role" or slots.get("goal") == "switch"]
    return all(slots.get(slot) for slot in needed)


class ActionCorrectRole(Action):
    """Set the current or target role from a correction, then carry on."""

    def name(self) -> str:
        return "action_correct_role"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        slot = "target_role" if intent == "correct_target_role" else "current_role"
        code = next(tracker.get_latest_entity_values("role_code"), None)
        title = None
        if code:
            with catalog_access.engine().connect() as connection:
                role = load_role(connection, code)
            if role is not None:
                code, title = role.code, role.title
        if title is None:
            phrase = answers.strip_correction(tracker.latest_message.get("text") or "")
            candidates = (
                catalog_access.role_resolver().resolve(phrase, limit=MAX_ROLE_BUTTONS) if phrase else []
            )
            if not is_confident(candidates):
                if not candidates:
                    dispatcher.utter_message(
                        text='Which role do you mean? For example: "change my target to data analyst".'
                    )
                    return []
                dispatcher.utter_message(
                    text="Which of these do you mean?",
                    buttons=[
                        {"title": c.title, "payload": f'/{intent}{{"role_code": "{c.code}"}}'}
                        for c in candidates
                    ],
                )
                return []
            code, title = candidates[0].code, candidates[0].title
        events: list[EventType] = [SlotSet(slot, title), SlotSet(f"{slot}_code", code)]
        changes = {slot: title, f"{slot}_code": code}
        if slot == "target_role":
            events.append(SlotSet("goal", "switch"))
            changes["goal"] = "switch"
        what = "target role" if slot == "target_role" else "current role"
        dispatcher.utter_message(text=f"Updated: your {what} is now {title}.")
        slots = {**tracker.current_slot_values(), **changes}
        if tracker.active_loop.get("name") or not profile_complete(slots):
            return events
        updated = tracker.copy()
        for event in events:
            updated.slots[event["name"]] = event["value"]
        try:
            advice = run_advice(request_from_slots(updated))
        except AdviceError:
            dispatcher.utter_message(text=prompts.ADVICE_FAILED)
            return events
        return events + render_advice(dispatcher, advice)


class ActionRestartAdvice(Action):
    """Forget the answers of this conversation so the form asks again from the start."""

    def name(self) -> str:
        return "action_restart_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(text=prompts.STARTING_OVER)
        return [SlotSet(slot, None) for slot in PROFILE_SLOTS]
