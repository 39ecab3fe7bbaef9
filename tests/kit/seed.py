"""The embedded sample catalog (``bot/catalog/seed/*.yaml``) as the tests read it: straight
from the YAML, so the tests follow the data when it grows instead of repeating a number, and
check the files themselves before they ever reach a database."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from bot.catalog.seeding import SEED_DIR


@cache
def seed_file(name: str) -> dict[str, Any]:
    """One seed file, parsed once per test session."""
    with (SEED_DIR / name).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict), f"{name}: expected a mapping at the top level"
    return data


def skills() -> list[dict[str, Any]]:
    return seed_file("skills.yaml")["skills"]


def deliberate_gaps() -> list[str]:
    """Skills a role requires that no course teaches, on purpose (the advisor must say so)."""
    return seed_file("skills.yaml")["deliberate_gaps"]


def roles() -> list[dict[str, Any]]:
    return seed_file("roles.yaml")["roles"]


def courses() -> list[dict[str, Any]]:
    return seed_file("courses.yaml")["courses"]


def skill_names() -> set[str]:
    return {skill["name"] for skill in skills()}


def roles_by_name() -> dict[str, dict[str, Any]]:
    """Role by title and by every alias, case-folded."""
    index = {}
    for role in roles():
        for name in [role["title"], *role.get("aliases", [])]:
            index[name.casefold()] = role
    return index


def required_skills() -> set[str]:
    return {link["skill"] for role in roles() for link in role["skills"]}


def taught_skills(*, active_only: bool) -> set[str]:
    return {
        skill for course in courses() if course["active"] or not active_only for skill in course["skills"]
    }


def sample_skill_count() -> int:
    return len(skills())


def sample_synonym_count() -> int:
    return sum(len(skill.get("synonyms") or []) for skill in skills())


def sample_role_count() -> int:
    return len(roles())


def sample_course_count() -> int:
    return len(courses())
