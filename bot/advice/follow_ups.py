"""Follow-ups on advice already given: "cheaper / shorter / online only / other options",
and "tell me more about the second one".

An alternative re-plans the same profile with one constraint changed, derived from the
path shown before: *cheaper* halves its total cost (free courses only when it was free
already), *shorter* halves its longest course, *online* keeps online self-paced
courses, anything else excludes the courses shown. The course a user asks about is found
by ordinal ("the second one", "2nd"), number ("#2") or words of its title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from rapidfuzz import fuzz, process
from sqlalchemy.engine import Connection

from bot.advice.learning_path import Constraints
from bot.advice.reasons import course_reason, leads_to
from bot.advice.service import Advice, AdviceRequest, advise
from bot.catalog.course_search import CatalogCourse, load_courses_by_code
from bot.vocabulary import ONLINE_SELF_PACED, money_text

CHEAPER, SHORTER, ONLINE, MORE = "cheaper", "shorter", "online", "more"
#: Words that ask for an alternative when no button was used (anything else: MORE).
ALTERNATIVE_WORDS = {
    CHEAPER: ("cheap", "free", "less expensive", "lower cost", "afford"),
    SHORTER: ("short", "quick", "less time", "faster"),
    ONLINE: ("online", "remote", "self-paced", "self paced"),
}
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
#: How close (0-100) typed words must be to a course title to mean it.
TITLE_MATCH_CUTOFF = 75


def alternative_from_text(text: str) -> str:
    """The alternative a typed request asks for: CHEAPER, SHORTER, ONLINE or MORE."""
    lowered = text.lower()
    for key, words in ALTERNATIVE_WORDS.items():
        if any(word in lowered for word in words):
            return key
    return MORE


@dataclass
class AlternativeAdvice:
    advice: Advice
    #: One sentence on what changed ("Here is a cheaper path (at most 150 USD in total).").
    intro: str
    #: True when nothing could change (the path is already free, online, or empty): the reply
    #: says so instead of repeating the same path.
    unchanged: bool = False


def sensible_alternatives(advice: Advice) -> list[str]:
    """The alternatives worth offering after ``advice``: never "cheaper" for a free path,
    "online only" for an all-online one, or "shorter" without a course to shorten."""
    courses = [planned.course for planned in advice.path.courses]
    if not courses:
        return []
    offered = []
    if advice.path.total_price > 0:
        offered.append(CHEAPER)
    if max(course.hours for course in courses) > 1:
        offered.append(SHORTER)
    if any(course.format != ONLINE_SELF_PACED for course in courses):
        offered.append(ONLINE)
    offered.append(MORE)
    return offered


def advise_alternative(
    connection: Connection, request: AdviceRequest, alternative: str, shown_codes: Sequence[str] = ()
) -> AlternativeAdvice:
    """The advice for ``request`` with the constraint ``alternative`` changes, relative to
    the path the same request gives now (module docstring); ``shown_codes``: courses the
    user has seen, excluded for MORE. The first path is optimal for its limits, so a
    tighter limit can only give a path that covers less or costs no less."""
    current = advise(connection, request)
    previous = current.path
    constraints = request.constraints
    if not previous.courses:
        return AlternativeAdvice(current, NOTHING_ON_THE_PATH, unchanged=True)
    shown_total = _total_of(connection, shown_codes, previous.currency, constraints)
    if alternative == CHEAPER and shown_total is not None and shown_total == 0:
        return AlternativeAdvice(current, _nothing_to_change(CHEAPER), unchanged=True)
    if alternative != MORE and alternative not in sensible_alternatives(current):
        return AlternativeAdvice(current, _nothing_to_change(alternative), unchanged=True)
    if alternative == CHEAPER:
        # cheaper than what the user last saw, so asking again keeps getting cheaper
        total = shown_total if shown_total is not None else previous.total_price
        budget = (total / 2).quantize(Decimal("1")) if total >= 2 else Decimal(0)
        constraints = replace(constraints, budget=budget)
        intro = "Here is a cheaper path" + (
            f" (at most {money_text(budget, previous.currency)} in total)."
            if budget
            else ", with free courses only."
        )
    elif alternative == SHORTER:
        longest = max((planned.course.hours for planned in previous.courses), default=Decimal(0))
        limit = max(Decimal(1), (longest / 2).quantize(Decimal("1")))
        constraints = replace(constraints, max_course_hours=limit)
        intro = f"Here is a path with shorter courses (at most {limit} hours each)."
    elif alternative == ONLINE:
        constraints = replace(constraints, formats=(ONLINE_SELF_PACED,))
        intro = "Here is a path with online, self-paced courses only."
    else:
        constraints = replace(constraints, exclude_codes=frozenset(shown_codes))
        intro = "Here are other options for the same skills."
    return AlternativeAdvice(advise(connection, replace(request, constraints=constraints)), intro)


NOTHING_ON_THE_PATH = (
    "There is no course on your path yet, so there is nothing to change. Changing your limits "
    "(more hours, a budget, other formats) may open some."
)


def _total_of(
    connection: Connection, codes: Sequence[str], currency: str, constraints: Constraints
) -> Decimal | None:
    """What the courses last shown cost in ``currency`` (``None`` when none were shown)."""
    if not codes:
        return None
    courses = load_courses_by_code(connection, codes)
    rates = constraints.rates
    known = [course for course in courses if rates.knows(course.currency)]
    return sum((rates.convert(c.cost, c.currency, currency) for c in known), Decimal(0))


def _nothing_to_change(alternative: str) -> str:
    return {
        CHEAPER: "Your path is already free, so there is nothing cheaper to find.",
        SHORTER: "Your path has no course I could make shorter.",
        ONLINE: "Every course on your path is already online and self-paced.",
    }.get(alternative, "There is nothing to change on this path.")


@dataclass
class CourseInQuestion:
    """The suggested course a user asks about, or the titles to ask "which one?" with."""

    course: CatalogCourse | None
    #: The missing skills (of the current advice) the course covers, most important first.
    covers: tuple[str, ...]
    #: Why it is on the path: the gap it closes and why it beat its rivals (``bot.advice.reasons``);
    #: empty for a course of an earlier path that the current advice no longer holds.
    reason: str
    titles: list[str]


def course_in_question(
    connection: Connection, request: AdviceRequest, codes: Sequence[str], text: str
) -> CourseInQuestion:
    """Which of the suggested ``codes`` ``text`` means, and what it covers of the gaps."""
    courses = {course.code: course for course in load_courses_by_code(connection, codes)}
    titles = [courses[code].title for code in codes if code in courses]
    chosen = pick_course(text, codes, courses)
    course = courses.get(chosen) if chosen else None
    if course is None:
        return CourseInQuestion(None, (), "", titles)
    advice = advise(connection, request)
    covers = tuple(gap.name for gap in advice.decision.gaps if gap.skill_id in course.skill_ids)
    planned = next((item for item in advice.path.courses if item.course.code == course.code), None)
    reason = course_reason(planned, advice.path, leads_to(advice)) if planned else ""
    return CourseInQuestion(course, covers, reason, titles)


def pick_course(text: str, codes: Sequence[str], courses: dict[str, CatalogCourse]) -> str | None:
    """The code of the course the user means: "the second one", "#2", or words of its title."""
    lowered = text.lower()
    for word, index in ORDINALS.items():
        if word in lowered.split() and index < len(codes):
            return codes[index]
    for token in lowered.replace("#", " ").split():
        if token.isdigit() and 1 <= int(token) <= len(codes):
            return codes[int(token) - 1]
    titles = {courses[code].title: code for code in codes if code in courses}
    found = process.extractOne(
        lowered, list(titles), scorer=fuzz.partial_ratio, score_cutoff=TITLE_MATCH_CUTOFF
    )
    return titles[found[0]] if found else None
