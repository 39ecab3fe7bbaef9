"""Changing the profile at any time: corrections ("actually I'm a pharmacist") and starting over.

``action_restart`` replaces Rasa's default for "/restart", which only speaks when the
domain has an ``utter_restart`` response (one no rule could use, so ``rasa data validate
--fail-on-warnings`` rejects it): without it a restart got no reply at all.

A correction resolves the new role exactly like the form does; when the advice was
already given, it is given again for the corrected profile straight away.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import catalog_access, prompts
from actions.advice import render_advice, run_advice
from actions.advisor_form import MAX_ROLE_BUTTONS
from actions.guard import guarded
from actions.profile_slots import PROFILE_SLOTS as STORED_PROFILE_SLOTS
from actions.profile_slots import advice_request_from_slots
from bot.advice.service import AdviceError
from bot.catalog.role_profiles import load_role
from bot.profiles import answers
from bot.vocabulary import GET_ADVICE_BUTTON, SAID_BACK, SWITCH, WHAT_CAN_YOU_DO_BUTTON

#: Everything "start over" clears: the stored profile's slots and the form's bookkeeping.
PROFILE_SLOTS = (
    *STORED_PROFILE_SLOTS,
    "current_role_pending",
    "target_role_pending",
    "form_attempts",
    "last_courses",
    "advice_path",
)
FORM_SLOTS = ("current_role", "goal", "target_role", "skills", "hours_per_week", "budget", "preferred_format")


def profile_complete(slots: dict[str, Any]) -> bool:
    needed = [slot for slot in FORM_SLOTS if slot != "target_role" or slots.get("goal") == SWITCH]
    return all(slots.get(slot) for slot in needed)


@guarded
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
            choice = catalog_access.role_resolver().choose(phrase, limit=MAX_ROLE_BUTTONS) if phrase else None
            if choice is None or choice.chosen is None:
                candidates = choice.candidates if choice else []
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
            code, title = choice.chosen.code, choice.chosen.title
        events: list[EventType] = [SlotSet(slot, title), SlotSet(f"{slot}_code", code)]
        changes = {slot: title, f"{slot}_code": code}
        if slot == "target_role":
            events.append(SlotSet("goal", SWITCH))
            changes["goal"] = SWITCH
        what = "target role" if slot == "target_role" else "current role"
        dispatcher.utter_message(text=f"Updated: your {what} is now {title}.")
        return events + advise_again_if_complete(dispatcher, tracker, changes)


def advise_again_if_complete(
    dispatcher: CollectingDispatcher, tracker: Tracker, changes: dict[str, Any]
) -> list[EventType]:
    """After a change outside the form, give the advice again for the updated profile."""
    slots = {**tracker.current_slot_values(), **changes}
    if tracker.active_loop.get("name") or not profile_complete(slots):
        return []
    updated = tracker.copy()
    updated.slots.update(changes)
    try:
        advice = run_advice(advice_request_from_slots(updated))
    except AdviceError:
        dispatcher.utter_message(text=prompts.ADVICE_FAILED)
        return []
    return render_advice(dispatcher, advice)


@guarded
class ActionUpdateProfile(Action):
    """Change hours, budget, format, goal or add skills: "make my budget 1000", "I also know Python"."""

    def name(self) -> str:
        return "action_update_profile"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        update = answers.parse_profile_update(text)
        changes: dict[str, Any] = {
            slot: value
            for slot, value in (
                ("hours_per_week", update.hours_per_week),
                ("budget", update.budget),
                ("preferred_format", update.preferred_format),
                ("goal", update.goal),
            )
            if value is not None
        }
        described = [f"{LABELS[slot]}: {SAID_BACK.get(value, value)}" for slot, value in changes.items()]
        found = (
            [skill.name for skill in catalog_access.skill_extractor().extract(text)] if not changes else []
        )
        if found:
            known = [
                name for name in (tracker.get_slot("skills") or "").split("; ") if name and name != "none"
            ]
            merged = known + [name for name in found if name not in known]
            changes["skills"] = "; ".join(merged)
            described.append(f"skills: {', '.join(merged)}")
        if not changes:
            dispatcher.utter_message(
                text=(
                    'What would you like to change? For example: "make my budget 1000", '
                    '"I have 10 hours a week now", "online only" or "I also know Python".'
                )
            )
            return []
        dispatcher.utter_message(text=f"Updated {'; '.join(described)}.")
        events: list[EventType] = [SlotSet(slot, value) for slot, value in changes.items()]
        return events + advise_again_if_complete(dispatcher, tracker, changes)


LABELS = {
    "hours_per_week": "hours per week",
    "budget": "budget",
    "preferred_format": "format",
    "goal": "goal",
}


@guarded
class ActionRestartAdvice(Action):
    """Forget the answers of this conversation so the form asks again from the start."""

    def name(self) -> str:
        return "action_restart_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(text=prompts.STARTING_OVER)
        return [SlotSet(slot, None) for slot in PROFILE_SLOTS]


RESTARTED_TEXT = (
    "Okay, I've cleared our conversation. I can give you career advice, answer questions "
    "about upskilling and reskilling, or pass a question on to a person in HR."
)
RESTARTED_BUTTONS = [
    GET_ADVICE_BUTTON,
    WHAT_CAN_YOU_DO_BUTTON,
]


def restart_recovery(
    action: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType]:
    """A failed restart still restarts (and says so): the user asked for a clean slate."""
    dispatcher.utter_message(text=RESTARTED_TEXT)
    return [Restarted()]


@guarded(recovery=restart_recovery)
class ActionRestart(Action):
    """The "/restart" command: a clean slate, said out loud, with the ways to carry on."""

    def name(self) -> str:
        return "action_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(text=RESTARTED_TEXT, buttons=RESTARTED_BUTTONS)
        return [Restarted()]
