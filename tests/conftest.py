"""Shared fixtures: catalog databases on SQLite and PostgreSQL, the domain, the actions' database.

``catalog_engine`` is parametrised over both back-ends, so every data-layer test runs on
the embedded default and on the production database; each test session works in a
PostgreSQL database of its own that is dropped at the end (see :mod:`tests.kit.databases`).
The builders behind these fixtures are in :mod:`tests.kit`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.profiles.facts import use_known_titles
from bot.storage.db import create_catalog_engine
from tests.kit.databases import (
    empty_all_tables,
    migrated_engine,
    prepare_database,
    sqlite_url,
    throwaway_postgres_database,
)
from tests.kit.domain import load_domain


@pytest.fixture(autouse=True)
def _no_catalog_titles_left_behind() -> Iterator[None]:
    """The fact finder's catalog titles are process-wide (set when the NLU component loads):
    each test starts and ends without them, so no test depends on which ran before."""
    use_known_titles([])
    yield
    use_known_titles([])


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session, dropped afterwards."""
    with throwaway_postgres_database("careerbot_test") as url:
        yield prepare_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def catalog_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty, migrated catalog database on each back-end."""
    if request.param == "sqlite":
        engine = migrated_engine(sqlite_url(tmp_path))
    else:
        engine = create_catalog_engine(request.getfixturevalue("postgres_url"))
        empty_all_tables(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_catalog_engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty, migrated SQLite catalog, for tests where the back-end does not matter."""
    engine = migrated_engine(sqlite_url(tmp_path))
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def actions_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite file the actions use through ``CATALOG_DB_URL`` (never the developer's var/)."""
    url = sqlite_url(tmp_path, "actions.db")
    engine = migrated_engine(url)
    monkeypatch.setenv("CATALOG_DB_URL", url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    """The loaded domain, as the action server passes it to ``Action.run``."""
    return load_domain()
