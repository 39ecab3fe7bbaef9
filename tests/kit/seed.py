"""Counts of the embedded sample catalog, read from ``bot/catalog/seed/*.yaml`` so tests
follow the data when it grows instead of repeating a number."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from bot.catalog.seeding import load_yaml


@lru_cache(maxsize=1)
def _skills() -> list[dict[str, Any]]:
    return list(load_yaml("skills.yaml")["skills"])


def sample_skill_count() -> int:
    return len(_skills())


def sample_synonym_count() -> int:
    return sum(len(skill.get("synonyms") or []) for skill in _skills())


def sample_role_count() -> int:
    return len(load_yaml("roles.yaml")["roles"])


def sample_course_count() -> int:
    return len(load_yaml("courses.yaml")["courses"])
