"""Direct catalog search at any time: "find me an online SQL course under 10 hours"."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import catalog_access
from actions.guard import guarded
from bot.advice.presentation import course_line
from bot.catalog.course_search import CourseFilter, search_courses
from bot.profiles import answers

MAX_RESULTS = 5


@guarded
class ActionSearchCatalog(Action):
    def name(self) -> str:
        return "action_search_catalog"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = answers.clean(tracker.latest_message.get("text") or "")
        skills = catalog_access.skill_extractor().extract(text)
        if not skills:
            dispatcher.utter_message(
                text=(
                    "Which skill would you like a course for? For example: "
                    '"find me an online SQL course under 10 hours" or "free Excel training".'
                )
            )
            return []
        limits = answers.parse_course_query(text)
        wanted = CourseFilter(
            skill_ids=tuple(skill.skill_id for skill in skills),
            max_cost=limits.max_cost,
            max_hours=limits.max_hours,
            formats=limits.catalog_formats,
            levels=(limits.level,) if limits.level else (),
            limit=MAX_RESULTS,
        )
        with catalog_access.engine().connect() as connection:
            hits = search_courses(connection, wanted)
        names = ", ".join(skill.name for skill in skills)
        if not hits:
            dispatcher.utter_message(
                text=f"I found no active course for {names} within those limits. "
                "Try without the time or price limit, or another format."
            )
            return []
        lines = [course_line(number, hit) for number, hit in enumerate(hits, 1)]
        dispatcher.utter_message(text=f"Courses for {names}:\n" + "\n".join(lines))
        return []
