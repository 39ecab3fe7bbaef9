"""Give advice from the profile slots, and the follow-ups on it.

``action_give_advice`` runs when the advisor form is complete (and after a correction);
``action_advice_alternatives`` answers "cheaper / shorter / online only / other options";
``action_explain_course`` answers "tell me more about the first one" / "why this course?".
All the thinking happens in ``bot.advice.service``; these only map slots in and
messages out.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from decimal import Decimal

from rapidfuzz import fuzz, process
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from actions import catalog_access, prompts
from actions.advisor_form import UNKNOWN_ROLE
from actions.feedback import ask_feedback
from actions.privacy import profile_from_slots
from bot.advice.learning_path import (
    CatalogCourse,
    Constraints,
    PlannedCourse,
    hours_text,
    load_courses_by_code,
    money_text,
)
from bot.advice.service import Advice, AdviceError, AdviceRequest, advise, no_course_advice
from bot.catalog.course_search import SkillNames
from bot.hr.advice_log import record_advice_given
from bot.profiles import answers
from bot.profiles.store import ProfileError, save_profile
from bot.storage.models import Skill

logger = logging.getLogger(__name__)

FOLLOW_UP_BUTTONS = [
    {"title": "Cheaper options", "payload": '/ask_alternatives{"alternative": "cheaper"}'},
    {"title": "Shorter courses", "payload": '/ask_alternatives{"alternative": "shorter"}'},
    {"title": "Online only", "payload": '/ask_alternatives{"alternative": "online"}'},
    {"title": "Other options", "payload": '/ask_alternatives{"alternative": "more"}'},
    {"title": "Start over", "payload": "/restart_advice"},
]
ORDINALS = {
    "first": 0,
    "1st": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "fifth": 4,
}


def describe_course(planned: PlannedCourse, number: int) -> str:
    course = planned.course
    line = (
        f"{number}. {course.title} ({course.provider}): {course.format.replace('_', ' ')}, "
        f"{hours_text(course.hours)} h, {money_text(course.cost, course.currency)}"
    )
    if planned.covers:
        line += f". Covers {', '.join(planned.covers)}"
    if course.url:
        line += f". {course.url}"
    return line


def request_from_slots(tracker: Tracker, constraints: Constraints | None = None) -> AdviceRequest:
    """The advice request the current slots describe."""
    skills_text = tracker.get_slot("skills") or ""
    names = [name for name in skills_text.split(";") if name.strip() and skills_text != "none"]
    with catalog_access.engine().connect() as connection:
        matches = SkillNames(connection).match_all(names)
    hours = tracker.get_slot("hours_per_week")
    hours_per_week = float(hours) if hours and hours != "any" else None
    formats = answers.FORMAT_CHOICES.get(tracker.get_slot("preferred_format") or "any", ())
    base = constraints or Constraints(
        hours_per_week=hours_per_week,
        budget=answers.budget_amount(tracker.get_slot("budget")),
        formats=formats,
    )
    return AdviceRequest(
        current_code=_known_code(tracker.get_slot("current_role_code")),
        current_title=tracker.get_slot("current_role") or "your current role",
        goal=tracker.get_slot("goal") or "advance",
        target_code=_known_code(tracker.get_slot("target_role_code"))
        if tracker.get_slot("goal") == "switch"
        else None,
        skill_ids=frozenset(match.skill_id for match in matches if match.skill_id is not None),
        constraints=base,
    )


def _known_code(code: str | None) -> str | None:
    return None if not code or code == UNKNOWN_ROLE else code


def run_advice(request: AdviceRequest) -> Advice:
    with catalog_access.engine().connect() as connection:
        return advise(connection, request)


def render_advice(
    dispatcher: CollectingDispatcher, advice: Advice, intro: str | None = None
) -> list[EventType]:
    """Send the explanation, the path and the follow-up buttons; remember the courses."""
    if intro:
        dispatcher.utter_message(text=intro)
    dispatcher.utter_message(text=advice.explanation)
    if advice.path.courses:
        lines = [describe_course(planned, number) for number, planned in enumerate(advice.path.courses, 1)]
        dispatcher.utter_message(text="Your learning path:\n" + "\n".join(lines))
    gaps = [item for item in advice.path.uncovered if item.reason not in ("no_course", "course_limit")]
    if gaps:
        notes = "; ".join(f"{item.name} ({item.detail})" for item in gaps)
        relax = advice.path.relax_suggestions()
        suffix = f" If you like, you could {' or '.join(relax)}." if relax else ""
        dispatcher.utter_message(text=f"Not covered within your limits: {notes}.{suffix}")
    extra = no_course_advice(advice.path)
    if extra:
        dispatcher.utter_message(text=extra)
    option_buttons = [
        {
            "title": f"Explore {option.role.title}",
            "payload": f'/correct_target_role{{"role_code": "{option.role.code}"}}',
        }
        for option in advice.decision.options
    ]
    dispatcher.utter_message(
        text="Would you like to adjust anything?", buttons=option_buttons + FOLLOW_UP_BUTTONS
    )
    return [
        SlotSet("last_courses", [planned.course.code for planned in advice.path.courses]),
        SlotSet("advice_path", advice.decision.path),
    ]


class ActionGiveAdvice(Action):
    """Upskill or reskill, why, and a learning path, from the completed profile."""

    def name(self) -> str:
        return "action_give_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not tracker.get_slot("current_role"):
            dispatcher.utter_message(text=prompts.NEED_PROFILE, buttons=prompts.NEED_PROFILE_BUTTONS)
            return []
        request = request_from_slots(tracker)
        if tracker.get_slot("goal") == "switch" and request.target_code is None:
            dispatcher.utter_message(
                text=f"I don't have \"{tracker.get_slot('target_role')}\" in my catalog, so I can't compare "
                "its skills with yours. Here are the roles closest to what you have, and how to grow "
                "where you are:"
            )
            request = replace(request, goal="unsure")
        try:
            advice = run_advice(request)
        except AdviceError as error:
            logger.warning("advice failed for %s: %s", tracker.sender_id, error)
            dispatcher.utter_message(text=prompts.ADVICE_FAILED)
            return []
        events = render_advice(dispatcher, advice)
        record_advice(tracker, advice)
        events += ask_feedback(dispatcher, f"advice/{advice.decision.path}")
        return events + remember_profile(tracker)


def record_advice(tracker: Tracker, advice: Advice) -> None:
    """Keep the advice's path, roles and skill gaps for the HR report (``bot.hr.advice_log``)."""
    try:
        with catalog_access.engine().begin() as connection:
            record_advice_given(connection, tracker.sender_id, advice)
    except SQLAlchemyError:
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


class ActionAdviceAlternatives(Action):
    """Re-plan with a changed constraint: cheaper, shorter, online only, or other courses."""

    def name(self) -> str:
        return "action_advice_alternatives"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not tracker.get_slot("current_role"):
            dispatcher.utter_message(text=prompts.NEED_PROFILE, buttons=prompts.NEED_PROFILE_BUTTONS)
            return []
        alternative = next(tracker.get_latest_entity_values("alternative"), None) or _alternative_from_text(
            tracker.latest_message.get("text") or ""
        )
        request = request_from_slots(tracker)
        previous = run_advice(request)
        constraints = request.constraints
        intro = ""
        if alternative == "cheaper":
            total = sum(previous.path.total_cost().values(), Decimal(0))
            budget = (total / 2).quantize(Decimal("1")) if total > 0 else Decimal(0)
            constraints = replace(constraints, budget=budget)
            currency = next(iter(previous.path.total_cost()), "USD")
            intro = "Here is a cheaper path" + (
                f" (at most {budget} {currency} in total)." if budget else ", with free courses only."
            )
        elif alternative == "shorter":
            longest = max((planned.course.hours for planned in previous.path.courses), default=Decimal(0))
            limit = max(Decimal(1), (longest / 2).quantize(Decimal("1")))
            constraints = replace(constraints, max_course_hours=limit)
            intro = f"Here is a path with shorter courses (at most {limit} hours each)."
        elif alternative == "online":
            constraints = replace(constraints, formats=("online_self_paced",))
            intro = "Here is a path with online, self-paced courses only."
        else:
            codes = frozenset(tracker.get_slot("last_courses") or [])
            constraints = replace(constraints, exclude_codes=codes)
            intro = "Here are other options for the same skills."
        advice = run_advice(replace(request, constraints=constraints))
        return render_advice(dispatcher, advice, intro)


def _alternative_from_text(text: str) -> str:
    lowered = text.lower()
    for key, words in {
        "cheaper": ("cheap", "free", "less expensive", "lower cost", "afford"),
        "shorter": ("short", "quick", "less time", "faster"),
        "online": ("online", "remote", "self-paced", "self paced"),
    }.items():
        if any(word in lowered for word in words):
            return key
    return "more"


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
        with catalog_access.engine().connect() as connection:
            courses = {course.code: course for course in load_courses_by_code(connection, codes)}
            skill_names = {
                skill_id: name for skill_id, name in connection.execute(select(Skill.id, Skill.name))
            }
        chosen = _pick_course(tracker.latest_message.get("text") or "", codes, courses)
        course = courses.get(chosen) if chosen else None
        if course is None:
            titles = [courses[code].title for code in codes if code in courses]
            dispatcher.utter_message(
                text="Which course do you mean?",
                buttons=[{"title": title, "payload": f"tell me more about {title}"} for title in titles[:5]],
            )
            return []
        gaps = {gap.skill_id: gap.name for gap in run_advice(request_from_slots(tracker)).decision.gaps}
        covers = [gaps[skill_id] for skill_id in course.skill_ids if skill_id in gaps]
        taught = sorted(skill_names[skill_id] for skill_id in course.skill_ids if skill_id in skill_names)
        details = [
            f"{course.title}, by {course.provider}.",
            f"Format: {course.format.replace('_', ' ')}; about {hours_text(course.hours)} hours; "
            f"cost: {money_text(course.cost, course.currency)}; level: {course.level}; "
            f"credential: {course.credential.replace('_', ' ')}.",
        ]
        details.append(f"It teaches {', '.join(taught)}.")
        if covers:
            details.append(
                f"I suggested it because it covers {', '.join(covers)}, among the most important skills "
                "you are missing, and it fits the limits you gave me."
            )
        if course.url:
            details.append(f"More information: {course.url}")
        dispatcher.utter_message(text=" ".join(details))
        return []


def _pick_course(text: str, codes: list[str], courses: dict[str, CatalogCourse]) -> str | None:
    """The course the user means: "the second one", "#2", or words of its title."""
    lowered = text.lower()
    for word, index in ORDINALS.items():
        if word in lowered.split() and index < len(codes):
            return codes[index]
    for token in lowered.replace("#", " ").split():
        if token.isdigit() and 1 <= int(token) <= len(codes):
            return codes[int(token) - 1]
    titles = {courses[code].title: code for code in codes if code in courses}
    found = process.extractOne(lowered, list(titles), scorer=fuzz.partial_ratio, score_cutoff=75)
    return titles[found[0]] if found else None
