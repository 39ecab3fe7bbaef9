"""Shared fixtures: catalog databases on SQLite and PostgreSQL.

``catalog_engine`` is parametrised over both back-ends, so every data-layer test runs on
the embedded default and on the production database. PostgreSQL is reached at
``TEST_POSTGRES_URL`` (default: the local server with trust auth); each test session works
in a database of its own that is dropped at the end. Without a server the PostgreSQL
cases are skipped locally, but fail under ``CI=true`` so CI never goes green without them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from bot.storage import migrate
from bot.storage.db import create_catalog_engine
from bot.storage.models import Base

DEFAULT_POSTGRES_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"


def _postgres_admin_url() -> str:
    return os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@contextmanager
def throwaway_postgres_database(prefix: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped on exit.

    Skips the calling test when the server is unreachable, or fails it under ``CI``.
    """
    admin_url = _postgres_admin_url()
    admin = create_engine(admin_url, future=True, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure means "no server here"
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but unreachable at {admin_url}: {error}")
        pytest.skip(f"PostgreSQL not reachable at {admin_url}")
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                {"name": name},
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session, dropped afterwards."""
    with throwaway_postgres_database("careerbot_test") as url:
        engine = create_catalog_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url


def _empty_all_tables(engine: Engine) -> None:
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def catalog_engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """An empty, migrated catalog database on each back-end."""
    if request.param == "sqlite":
        engine = create_catalog_engine(f"sqlite:///{tmp_path / 'catalog.db'}")
        migrate.upgrade(engine)
    else:
        engine = create_catalog_engine(request.getfixturevalue("postgres_url"))
        _empty_all_tables(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_catalog_engine(tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """An empty, migrated SQLite catalog, for tests where the back-end does not matter."""
    engine = create_catalog_engine(f"sqlite:///{tmp_path / 'catalog.db'}")
    migrate.upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()
