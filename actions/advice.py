"""Give advice from the profile slots, and the follow-ups on it.

``action_give_advice`` runs when the advisor form is complete (and after a correction);
``action_advice_alternatives`` answers "cheaper / shorter / online only / other options";
``action_explain_course`` answers "tell me more about the first one" / "why this course?".
All the thinking happens in ``bot.advice`` (``service``: the advice; ``follow_ups``:
alternatives and questions about a course; ``presentation``: how courses are written;
``rich_path``: the path and a course as a structured payload, sent with its text, see
docs/channels-and-widget.md "Rich replies"); these only map slots in
(``actions.profile_slots``) and messages out.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import catalog_access, prompts
from actions.feedback import ADJUST_AGAIN_TEXT, ADVICE_ASK_TEXT, ADVICE_VOTE_BUTTONS, feedback_asked
from actions.guard import guarded
from actions.profile_slots import advice_request_from_slots, profile_from_slots
from bot.advice.follow_ups import (
    CHEAPER,
    MORE,
    ONLINE,
    SHORTER,
    advise_alternative,
    alternative_from_text,
    course_in_question,
    sensible_alternatives,
)
from bot.advice.presentation import limits_note
from bot.advice.rich_path import course_payload, path_payload
from bot.advice.service import Advice, AdviceError, AdviceRequest, advise, no_course_advice
from bot.hr.advice_log import record_advice_given
from bot.profiles.store import ProfileError, save_profile
from bot.storage.db import DATABASE_ERRORS
from bot.vocabulary import SWITCH

logger = logging.getLogger(__name__)

ALTERNATIVE_BUTTONS = {
    CHEAPER: {"title": "Cheaper options", "payload": '/ask_alternatives{"alternative": "cheaper"}'},
    SHORTER: {"title": "Shorter courses", "payload": '/ask_alternatives{"alternative": "shorter"}'},
    ONLINE: {"title": "Online only", "payload": '/ask_alternatives{"alternative": "online"}'},
    MORE: {"title": "Other options", "payload": '/ask_alternatives{"alternative": "more"}'},
}
START_OVER_BUTTON = {"title": "Start over", "payload": "/restart_advice"}
#: "Cheaper options" before any advice: there is nothing to compare with yet.
NO_ADVICE_YET = (
    "I haven't suggested a learning path yet, so there is nothing to make cheaper or shorter. "
    "Shall we look at your options first?"
)


def follow_up_buttons(advice: Advice) -> list[dict[str, str]]:
    """Only the alternatives that can change this path (``bot.advice.follow_ups``), and "Start over"."""
    return [ALTERNATIVE_BUTTONS[key] for key in sensible_alternatives(advice)] + [START_OVER_BUTTON]


def asked_for_profile(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Before the current role is known there is nothing to advise on: say so (``True``)."""
    if tracker.get_slot("current_role"):
        return False
    dispatcher.utter_message(text=prompts.NEED_PROFILE, buttons=prompts.NEED_PROFILE_BUTTONS)
    return True


def run_advice(request: AdviceRequest) -> Advice:
    with catalog_access.engine().connect() as connection:
        return advise(connection, request)


def render_advice(
    dispatcher: CollectingDispatcher, advice: Advice, intro: str | None = None, ask_vote: bool = False
) -> list[EventType]:
    """Send the explanation, the path and the follow-up buttons; remember the courses. With
    ``ask_vote`` the closing question also asks whether the advice helped, in the same group
    of buttons (``actions.feedback.ADVICE_ASK_TEXT``)."""
    if intro:
        dispatcher.utter_message(text=intro)
    dispatcher.utter_message(text=advice.explanation)
    if advice.path.courses:
        # the text for text-only channels and transcripts, the payload for richer ones
        # (addons.channels.rich_text renders it per channel)
        payload = path_payload(advice.path)
        dispatcher.utter_message(text=payload["text"], json_message=payload)
    for note in (limits_note(advice.path), no_course_advice(advice.path)):
        if note:
            dispatcher.utter_message(text=note)
    option_buttons = [
        {
            "title": f"Explore {option.role.title}",
            "payload": f'/correct_target_role{{"role_code": "{option.role.code}"}}',
        }
        for option in advice.decision.options
    ]
    adjustments = option_buttons + follow_up_buttons(advice)
    if ask_vote:
        dispatcher.utter_message(text=ADVICE_ASK_TEXT, buttons=ADVICE_VOTE_BUTTONS + adjustments)
    else:
        dispatcher.utter_message(text=ADJUST_AGAIN_TEXT, buttons=adjustments)
    return [
        SlotSet("last_courses", [planned.course.code for planned in advice.path.courses]),
        SlotSet("advice_path", advice.decision.path),
    ]


@guarded
class ActionGiveAdvice(Action):
    """Upskill or reskill, why, and a learning path, from the completed profile."""

    def name(self) -> str:
        return "action_give_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if asked_for_profile(dispatcher, tracker):
            return []
        request = advice_request_from_slots(tracker)
        if tracker.get_slot("goal") == SWITCH and request.target_code is None:
            dispatcher.utter_message(
                text=f"I don't have \"{tracker.get_slot('target_role')}\" in my catalog, so I can't compare "
                "its skills with yours. Here are the roles closest to what you have, and how to grow "
                "where you are:"
            )
        try:
            advice = run_advice(request)
        except AdviceError as error:
            logger.warning("advice failed for %s: %s", tracker.sender_id, error)
            dispatcher.utter_message(text=prompts.ADVICE_FAILED)
            return []
        events = render_advice(dispatcher, advice, ask_vote=True)
        record_advice(tracker, advice)
        events += feedback_asked(f"advice/{advice.decision.path}")
        return events + remember_profile(tracker)


def record_advice(tracker: Tracker, advice: Advice) -> None:
    """Keep the advice's path, roles and skill gaps for the HR report (``bot.hr.advice_log``)."""
    try:
        with catalog_access.engine().begin() as connection:
            record_advice_given(connection, tracker.sender_id, advice)
    except DATABASE_ERRORS:
        logger.exception("advice record not stored")


def remember_profile(tracker: Tracker) -> list[EventType]:
    """Store the profile so a returning user is recognised (see ``bot.profiles.store``)."""
    profile = profile_from_slots(tracker)
    if profile is None:
        return []
    try:
        with catalog_access.engine().begin() as connection:
            save_profile(connection, profile)
    except ProfileError as error:
        logger.warning("profile of %s not stored: %s", tracker.sender_id, error)
    return []


@guarded
class ActionAdviceAlternatives(Action):
    """Re-plan with a changed constraint: cheaper, shorter, online only, or other courses."""

    def name(self) -> str:
        return "action_advice_alternatives"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if asked_for_profile(dispatcher, tracker):
            return []
        if not tracker.get_slot("advice_path"):
            dispatcher.utter_message(
                text=NO_ADVICE_YET, buttons=[{"title": "Get advice", "payload": "/start_advice"}]
            )
            return []
        alternative = next(tracker.get_latest_entity_values("alternative"), None) or alternative_from_text(
            tracker.latest_message.get("text") or ""
        )
        request = advice_request_from_slots(tracker)
        shown = tracker.get_slot("last_courses") or []
        with catalog_access.engine().connect() as connection:
            result = advise_alternative(connection, request, alternative, shown)
        if result.unchanged:
            dispatcher.utter_message(text=result.intro, buttons=follow_up_buttons(result.advice))
            return []
        return render_advice(dispatcher, result.advice, result.intro)


@guarded
class ActionExplainCourse(Action):
    """Details of one suggested course, and why it was suggested."""

    def name(self) -> str:
        return "action_explain_course"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        codes: list[str] = list(tracker.get_slot("last_courses") or [])
        if not codes or not tracker.get_slot("current_role"):
            dispatcher.utter_message(
                text="I haven't suggested any course yet. Shall we look at your options first?",
                buttons=[{"title": "Get advice", "payload": "/start_advice"}],
            )
            return []
        text = tracker.latest_message.get("text") or ""
        request = advice_request_from_slots(tracker)
        with catalog_access.engine().connect() as connection:
            asked = course_in_question(connection, request, codes, text)
        if asked.course is None:
            dispatcher.utter_message(
                text="Which course do you mean?",
                buttons=[
                    {"title": title, "payload": f"tell me more about {title}"} for title in asked.titles[:5]
                ],
            )
            return []
        payload = course_payload(asked.course, asked.covers, asked.reason)
        dispatcher.utter_message(text=payload["text"], json_message=payload)
        return []
