"""The advice in plain words: what the move needs first, the decision with the numbers it
rests on, and the path's real size.

Kept apart from ``bot.advice.decision`` (which decides) so the wording can change without
touching the decision. Three rules keep it honest: a role that needs a licence, a
registration, a degree or an apprenticeship says so before any course, and the path is
called preparation, never sufficient; what is said about duration matches the path's own
length, never a generic "months" beside a two-week path; totals are in one currency.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.advice.decision import Decision, carried_over
from bot.advice.learning_path import LearningPath
from bot.catalog.requirements import CATALOG, JOB_ZONE, Requirement, long_first_step, requires_credential
from bot.vocabulary import DEFAULT_CURRENCY, hours_text, money_text

#: Weeks below which a reskilling path is only the first step of the move (said so).
SHORT_RESKILL_WEEKS = 12


def weeks_text(weeks: int) -> str:
    """``"1 week"``, ``"7 weeks"``."""
    return f"{weeks} week" if weeks == 1 else f"{weeks} weeks"


def names(items: Sequence[str]) -> str:
    """``"A, B and C"``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def article(title: str) -> str:
    return f"an {title}" if title[:1].lower() in "aeiou" else f"a {title}"


PATH_MEANING = {
    "upskill": (
        "Upskilling usually means shorter, skill-specific learning alongside your job: online "
        "courses, workshops, badges or a vendor certification."
    ),
    "reskill": (
        "Reskilling usually takes longer than upskilling and is more comprehensive: bootcamps, "
        "certificate programmes or an apprenticeship, and experience in the new field."
    ),
    "both": (
        "This is a borderline move: part of it is upskilling what you already do, part is "
        "reskilling into new ground."
    ),
}


def requirements_text(
    role_title: str, requirements: Sequence[Requirement], *, moving: bool, outside_us: bool = False
) -> str | None:
    """What the role needs before anyone may work in it, said before any course.

    Curated requirements (a licence, a registration, a degree, an apprenticeship, the exams on
    the way) are stated as the route, with the path as preparation for it. The education that
    O*NET's job zone implies is only a typical expectation, said when moving into the role."""
    curated = [item for item in requirements if item.source == CATALOG]
    if curated:
        parts = []
        for item in curated:
            details = [
                text
                for text in (item.typical_time, item.granted_by and f"granted by {item.granted_by}")
                if text
            ]
            parts.append(f"{item.name} ({', '.join(details)})" if details else item.name)
        varies = any("vary" in item.note.lower() for item in curated)
        steps = "; ".join(parts[:-1]) + f"; and {parts[-1]}" if len(parts) > 1 else parts[0]
        text = f"Working as {article(role_title)} needs, in order: {steps}."
        if outside_us:
            text += (
                " These are the US rules, which this catalog follows; in your country the route and the "
                "bodies that grant it differ, so check with the national regulator first."
            )
        elif varies:
            text += " Rules vary by state or country."
        if requires_credential(curated):
            text += " Courses help you prepare for that route; on their own they do not qualify you."
        return text
    if moving:
        degree = next((item for item in requirements if item.source == JOB_ZONE), None)
        if degree is not None:
            source = " (US data)" if outside_us else ""
            return (
                f"Good to know: {role_title} is in {degree.note}{source} The courses build the skills; "
                "check what employers near you ask for."
            )
    return None


def explain(
    decision: Decision, path: LearningPath | None = None, requirements: Sequence[Requirement] = ()
) -> str:
    """Plain words, with the numbers the decision rests on (module docstring)."""
    sentences: list[str] = []
    if decision.target is not None:
        # the rules come first; a typical degree expectation (O*NET job zone) after the verdict,
        # and only when the target sits in a higher job zone than the current role
        step_up = (decision.target.job_zone or 0) > (decision.current.job_zone or 0)
        outside_us = path is not None and path.currency != DEFAULT_CURRENCY
        needs = requirements_text(decision.target.title, requirements, moving=step_up, outside_us=outside_us)
        curated = any(item.source == CATALOG for item in requirements)
        if needs and curated:
            sentences.append(f"First, the rules: {needs[0].lower()}{needs[1:]}")
        sentences += _move_sentences(decision)
        if needs and not curated:
            sentences.append(needs)
    elif decision.options:
        sentences += _unsure_sentences(decision)
    else:
        sentences += _growth_sentences(decision)
        if decision.next_step is not None:
            needs = requirements_text(decision.next_step.title, requirements, moving=False)
            if needs:
                sentences.append(f"For that step: {needs[0].lower()}{needs[1:]}")
    if path is not None:
        sentences += _path_sentences(decision, path, requirements)
    return " ".join(sentences)


def _move_sentences(decision: Decision) -> list[str]:
    assert decision.target is not None
    current, target = decision.current.title, decision.target.title
    verdict = {
        "upskill": f"Moving from {current} to {target} is mostly upskilling",
        "reskill": f"Moving from {current} to {target} is reskilling",
        "both": f"Moving from {current} to {target} is a mix of upskilling and reskilling",
    }[decision.path]
    sentences = [
        f"{verdict}: {current} already covers about {round(decision.similarity * 100)}% of what is "
        f"specific to {article(target)} (its skills, knowledge and tools)."
    ]
    missing = [gap.name for gap in decision.gaps[:3]]
    if decision.core_count:
        have = (
            f"You already have about {decision.have_count} of the {decision.core_count} core skills "
            f"of {article(target)}"
        )
        sentences.append(
            f"{have}; the most important to add are {names(missing)}." if missing else f"{have}."
        )
    brought = carried_over(decision.current, decision.target)
    if brought and decision.path != "upskill":
        sentences.append(f"What carries over from {article(current)}: {names(brought)}.")
    sentences.append(PATH_MEANING[decision.path])
    return sentences


def _unsure_sentences(decision: Decision) -> list[str]:
    current = decision.current.title
    options = [f"{option.role.title} ({round(option.overlap * 100)}% overlap)" for option in decision.options]
    sentences = [
        f"Not sure yet is fine. Staying {article(current)} and upskilling is one way; the roles "
        f"closest to your skills, if you want to reskill, are {names(options)}."
    ]
    missing = [gap.name for gap in decision.gaps[:3]]
    if missing:
        sentences.append(f"To grow where you are, work on {names(missing)}.")
    return sentences


def _growth_sentences(decision: Decision) -> list[str]:
    """Upskilling beyond the role: deeper skills, in-demand tools, the next step's gaps."""
    current = decision.current.title
    by_source: dict[str, list[str]] = {}
    for gap in decision.gaps:
        by_source.setdefault(gap.source, []).append(gap.name)
    sentences = [
        f"Growing as {article(current)} is upskilling. I take it you already have the role's core "
        "skills, so the path goes beyond them"
    ]
    parts = []
    if by_source.get("deepen"):
        parts.append(f"deepen {names(by_source['deepen'][:3])} beyond the level the role asks")
    if by_source.get("technology"):
        parts.append(f"learn the tools employers now ask for: {names(by_source['technology'][:3])}")
    sentences[0] += f": {'; '.join(parts)}." if parts else "."
    step_gaps = by_source.get("next_step") or by_source.get("target") or []
    if decision.next_step is not None:
        reason = decision.next_step_reason or ""
        step = f"A natural next step is {decision.next_step.title}" + (f" ({reason})" if reason else "")
        sentences.append(
            f"{step}: the most important to add are {names(step_gaps[:3])}." if step_gaps else f"{step}."
        )
    elif step_gaps:
        sentences.append(f"Also worth adding: {names(step_gaps[:3])}.")
    sentences.append(PATH_MEANING["upskill"])
    return sentences


def route_time(requirements: Sequence[Requirement]) -> str | None:
    """The typical time of a licensed route's long part (its degree or apprenticeship), if curated."""
    step = long_first_step(requirements)
    if step is None or not step.typical_time:
        return None
    return step.typical_time.removeprefix("typically ")


def _path_sentences(decision: Decision, path: LearningPath, requirements: Sequence[Requirement]) -> list[str]:
    """The path's size, said as it is (study hours, weeks, paid work, money in one currency)."""
    if not path.courses:
        return []
    sentences = []
    study = path.study_courses
    if study:
        own_pace = all(
            planned.course.weekly_hours is None
            or float(planned.course.weekly_hours) >= (path.hours_per_week or 0)
            for planned in study
        )
        timing = ""
        if path.weeks and path.hours_per_week:
            timing = f", about {weeks_text(path.weeks)}" + (
                f" at {hours_text(path.hours_per_week)} hours a week"
                if own_pace
                else " (some courses run on a fixed weekly schedule)"
            )
        paid = f", plus {len(path.paid_work)} paid programme" if path.paid_work else ""
        sentences.append(
            f"The suggested path has {len(study)} course{'s' if len(study) != 1 else ''} of study{paid}: "
            f"{hours_text(path.total_hours)} hours of study in total{timing}, "
            f"{money_text(path.total_price, path.currency)}."
        )
        long_route = route_time(requirements) if decision.target is not None else None
        if long_route and path.weeks is not None:
            sentences.append(
                f"These courses take about {weeks_text(path.weeks)}; the qualification itself takes "
                f"longer ({long_route})."
            )
        elif decision.path == "reskill" and path.weeks is not None and path.weeks < SHORT_RESKILL_WEEKS:
            sentences.append(
                "That is a quick start for a reskilling move: the courses take about "
                f"{weeks_text(path.weeks)}, but getting hired in the new role usually also takes "
                "practice, a portfolio or an entry-level position, often several months in all."
            )
    for planned in path.paid_work:
        course = planned.course
        pace = course.weekly_hours or 40
        weeks = round(float(course.hours) / float(pace))
        sentences.append(
            f"{course.title} is paid work time, not study: about {weeks_text(weeks)} at "
            f"{hours_text(pace)} hours a week, usually with an employer's sponsorship."
        )
    for condition in path.conditions():
        sentences.append(f"Note: {condition}, full time.")
    if path.conversion_note:
        sentences.append(path.conversion_note)
    return sentences
