"""Skills written straight into a catalog database, and the names an extractor finds, for
the skill-extraction tests."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from bot.catalog.skill_extractor import SkillExtractor
from bot.storage.models import Skill, SkillSynonym


def add_skills(engine: Engine, skills: dict[str, list[str]], kind: str = "technology") -> dict[str, int]:
    """Insert skills (name -> synonyms) directly; returns their ids by name."""
    ids = {}
    with engine.begin() as connection:
        for name, synonyms in skills.items():
            skill_id = connection.execute(insert(Skill).values(name=name, kind=kind)).inserted_primary_key[0]
            ids[name] = skill_id
            if synonyms:
                connection.execute(
                    insert(SkillSynonym), [{"skill_id": skill_id, "synonym": s} for s in synonyms]
                )
    return ids


def names(extractor: SkillExtractor, text: str) -> list[str]:
    """The names of the skills ``extractor`` finds in ``text``, in order."""
    return [skill.name for skill in extractor.extract(text)]
