"""Fixtures of the skill-extraction tests (``test_skill_extractor*.py``).

``fresh_skill_extractor_cache`` is not autouse: the skill-extraction files opt in with
``pytestmark = pytest.mark.usefixtures(...)``, so the other catalog tests run as before.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.catalog.seeding import seed_sample_catalog
from bot.catalog.skill_extractor import SkillExtractor, clear_cache
from bot.storage import migrate
from bot.storage.db import create_catalog_engine


@pytest.fixture
def fresh_skill_extractor_cache() -> Iterator[None]:
    """Each test starts and ends with no cached extractor (the cache is per process)."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SkillExtractor:
    """The extractor over the embedded sample catalog (bot/catalog/seed/skills.yaml)."""
    engine = create_catalog_engine(f"sqlite:///{tmp_path_factory.mktemp('skills') / 'catalog.db'}")
    migrate.upgrade(engine)
    seed_sample_catalog(engine)
    extractor = SkillExtractor.from_engine(engine)
    engine.dispose()
    return extractor
