"""The advisor form's questions, and the fixed messages the advisor actions send.

The questions are ``action_ask_<slot>`` actions rather than ``utter_ask_<slot>``
responses: Rasa 3.6's ``data validate --fail-on-warnings`` reports responses used only by
a form (or only by custom actions) as unused, so these texts live here, next to the
buttons built from the same constants the validators understand.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import catalog_access
from actions.advisor_form import BUDGET_BUTTONS, FORMAT_BUTTONS, GOAL_BUTTONS, MAX_ROLE_BUTTONS, role_buttons
from actions.guard import guarded

SKIP_BUTTON = {"title": "Skip", "payload": "/skip"}
NEED_PROFILE = "I need to know a bit about you first."
NEED_PROFILE_BUTTONS = [{"title": "Get advice", "payload": "/start_advice"}]
ADVICE_FAILED = 'Sorry, I couldn\'t put your advice together just now. Please try again, or say "start over".'
STARTING_OVER = "Sure, let's start over."

QUESTIONS: dict[str, tuple[str, list[dict[str, str]]]] = {
    "current_role": ("Let's start with where you are now. What is your current job or role?", []),
    "goal": ("What would you like to do next?", GOAL_BUTTONS),
    "target_role": ("Which role would you like to move into?", []),
    "skills": (
        "Which skills do you already have? List a few in your own words, for example "
        '"Excel, some SQL and I\'ve managed small teams".',
        [SKIP_BUTTON],
    ),
    "hours_per_week": (
        "How many hours a week could you spend learning?",
        [{"title": "Not sure", "payload": "/skip"}],
    ),
    "budget": ("What is your total budget for training? Free is a perfectly good answer.", BUDGET_BUTTONS),
    "preferred_format": ("How do you like to learn?", FORMAT_BUTTONS),
}


#: Why each question is asked, for "why?", "tell me more" or "what now?" in the middle of the form.
WHY_ASKED = {
    "current_role": "I compare the skills of the job you have now with the ones you'd need, "
    "which tells upskilling from reskilling.",
    "goal": "Growing where you are and moving to another role need different plans.",
    "target_role": "I compare its core skills with yours to find the gap your courses should close.",
    "skills": "Skills you already have are left out of your plan, so it only teaches what is new to you.",
    "hours_per_week": "It tells me how many weeks the path will take, and rules out courses too long to fit.",
    "budget": "No course in your plan will cost more than this; free courses are always considered.",
    "preferred_format": "I only pick courses in the formats that suit you.",
}


@guarded
class ActionExplainQuestion(Action):
    """ "why?", "tell me more", "what now?" while a question is open: why it is asked (the
    form then asks it again), instead of taking the words as the answer."""

    def name(self) -> str:
        return "action_explain_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slot = tracker.get_slot("requested_slot")
        reason = WHY_ASKED.get(str(slot), "These questions let me plan advice that fits you.")
        dispatcher.utter_message(text=f'{reason} You can also say "skip" or "stop".')
        return []


@guarded
class AskQuestion(Action, ABC):
    """Asks for one slot of the advisor form (abstract, so rasa-sdk does not register it)."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        pending = tracker.get_slot(f"{self.slot}_pending") if self.slot.endswith("_role") else None
        if pending:
            candidates = catalog_access.role_resolver().resolve(str(pending), limit=MAX_ROLE_BUTTONS)
            if candidates:
                what = "you do now" if self.slot == "current_role" else "you'd like to move into"
                dispatcher.utter_message(
                    text=f'You mentioned "{pending}" as the role {what}. Which of these is closest?',
                    buttons=role_buttons(candidates),
                )
                return []
        text, buttons = QUESTIONS[self.slot]
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionAskCurrentRole(AskQuestion):
    slot = "current_role"  # type: ignore[assignment]


class ActionAskGoal(AskQuestion):
    slot = "goal"  # type: ignore[assignment]


class ActionAskTargetRole(AskQuestion):
    slot = "target_role"  # type: ignore[assignment]


class ActionAskSkills(AskQuestion):
    slot = "skills"  # type: ignore[assignment]


class ActionAskHoursPerWeek(AskQuestion):
    slot = "hours_per_week"  # type: ignore[assignment]


class ActionAskBudget(AskQuestion):
    slot = "budget"  # type: ignore[assignment]


class ActionAskPreferredFormat(AskQuestion):
    slot = "preferred_format"  # type: ignore[assignment]
