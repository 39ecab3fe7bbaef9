"""Process-wide access to the catalog for the actions: engine, role resolver, skill extractor.

Everything is built lazily on first use (never at import time) and shared by every
conversation (``bot.catalog.cache``); each action opens its own short-lived connection.
Tests replace :func:`engine` to point the actions at their own database.
"""

from __future__ import annotations

from bot.catalog.role_resolver import RoleResolver, get_role_resolver
from bot.catalog.skill_extractor import SkillExtractor, get_skill_extractor
from bot.storage.db import get_engine

#: The shared engine of the configured database (``CATALOG_DB_URL``).
engine = get_engine


def role_resolver() -> RoleResolver:
    return get_role_resolver(engine())


def skill_extractor() -> SkillExtractor:
    return get_skill_extractor(engine())
