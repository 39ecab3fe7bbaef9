"""The profile slots and what they mean to ``bot/``: the stored profile, an advice request.

The slots hold the advisor form's formats (``actions/advisor_form.py``): skills as
``"Excel; SQL"`` or ``"none"``, hours as ``"5"``, ``"any"`` for an open constraint, and
:data:`UNKNOWN_ROLE` as the code of a role the catalog does not know. Every action that
reads or fills the profile slots goes through this module, so the formats are read in
one place (advice, corrections, privacy, hand-off, session start).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker

from actions import catalog_access
from bot.advice.eligibility import Learner
from bot.advice.learning_path import Constraints
from bot.advice.service import AdviceRequest
from bot.catalog.course_search import known_skill_ids
from bot.catalog.currency import configured_rates
from bot.config import employee_channels, organisation_name
from bot.profiles import answers
from bot.profiles.store import ProfileError, UserProfile, load_profile, normalise_hours, profile_fields
from bot.vocabulary import ADVANCE, NO_LIMIT, NO_SKILLS, SWITCH, UNSURE, hours_text

#: The slots that mirror the stored profile (same names as the profile's fields).
PROFILE_SLOTS = tuple(profile_fields())
#: Code slot value of a role the user named that the catalog does not know.
UNKNOWN_ROLE = "unknown"


def catalog_code(code: Any) -> str | None:
    """A role code slot as a catalog code (``None`` for none and for :data:`UNKNOWN_ROLE`)."""
    return None if not code or code == UNKNOWN_ROLE else str(code)


def skill_names(skills: Any) -> list[str]:
    """The skills slot as names: ``"Excel; SQL"`` -> ``["Excel", "SQL"]``, ``"none"`` -> ``[]``."""
    if not isinstance(skills, str) or skills == NO_SKILLS:
        return []
    return [name.strip() for name in skills.split(";") if name.strip()]


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
        "hours_per_week": hours_text(profile.hours_per_week) if profile.hours_per_week else NO_LIMIT,
        "budget": profile.budget or NO_LIMIT,
        "preferred_format": profile.preferred_format or NO_LIMIT,
    }


def profile_from_slots(tracker: Tracker) -> UserProfile | None:
    """What this conversation has told the assistant (``None`` before the current role)."""
    slots = {name: tracker.get_slot(name) for name in PROFILE_SLOTS}
    if not slots["current_role"]:
        return None
    try:
        hours: Decimal | None = normalise_hours(slots["hours_per_week"])
    except ProfileError:  # "any" or an answer still being validated
        hours = None
    # a step up named while growing ("grow into team lead") is kept as the target too
    switching = slots["goal"] == SWITCH or bool(catalog_code(slots["target_role_code"]))
    return UserProfile(
        sender_id=tracker.sender_id,
        current_role=str(slots["current_role"]),
        current_role_code=catalog_code(slots["current_role_code"]),
        goal=slots["goal"],
        target_role=slots["target_role"] if switching else None,
        target_role_code=catalog_code(slots["target_role_code"]) if switching else None,
        skills=skill_names(slots["skills"]),
        hours_per_week=hours,
        budget=slots["budget"] if slots["budget"] not in (None, NO_LIMIT) else None,
        preferred_format=slots["preferred_format"] if slots["preferred_format"] != NO_LIMIT else None,
    )


def stored_profile(sender_id: str) -> UserProfile | None:
    """The stored profile; raises one of ``bot.storage.db.DATABASE_ERRORS`` when the database fails."""
    with catalog_access.engine().connect() as connection:
        return load_profile(connection, sender_id)


def advice_request_from_slots(tracker: Tracker) -> AdviceRequest:
    """The advice request the current slots describe.

    A move to a role the catalog lacks has no skills to compare with: it is advised as
    "not sure yet" (the closest roles and growing where one is), by every action alike. A
    step up the person named while growing where they are is planned towards that role."""
    hours = tracker.get_slot("hours_per_week")
    goal = tracker.get_slot("goal") or ADVANCE
    named_target = catalog_code(tracker.get_slot("target_role_code"))
    if goal == ADVANCE and named_target and tracker.get_slot("target_role"):
        # "grow into a team lead role": the step up they named is the target; the decision
        # still calls it upskilling when the two roles are close
        goal = SWITCH
    target_code = named_target if goal == SWITCH else None
    if goal == SWITCH and target_code is None:
        goal = UNSURE
    with catalog_access.engine().connect() as connection:
        skill_ids = known_skill_ids(connection, skill_names(tracker.get_slot("skills")))
    return AdviceRequest(
        current_code=catalog_code(tracker.get_slot("current_role_code")),
        current_title=tracker.get_slot("current_role") or "your current role",
        goal=goal,
        target_code=target_code,
        skill_ids=skill_ids,
        constraints=Constraints(
            hours_per_week=float(hours) if hours and hours != NO_LIMIT else None,
            budget=answers.budget_amount(tracker.get_slot("budget")),
            budget_currency=answers.budget_currency(tracker.get_slot("budget")),
            formats=answers.formats_from_slot(tracker.get_slot("preferred_format")),
            learner=learner_of(tracker),
            rates=configured_rates(),
        ),
    )


def learner_of(tracker: Tracker) -> Learner:
    """Who may enrol where: the intranet widget's users are the organisation's employees
    (``EMPLOYEE_CHANNELS``), messaging channels the public."""
    channel = (tracker.get_latest_input_channel() or "").lower()
    employee = channel in employee_channels()
    return Learner(is_employee=employee, employer=organisation_name() if employee else None)
