"""Catalog databases for tests: migrated SQLite files and throw-away PostgreSQL databases.

PostgreSQL is reached at ``TEST_POSTGRES_URL`` (default: the local server with trust
auth). Without a server, PostgreSQL cases are skipped locally but fail under ``CI=true``,
so CI never goes green without them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from bot.catalog.seeding import seed_sample_catalog
from bot.storage import migrate
from bot.storage.db import create_catalog_engine
from bot.storage.models import Base

DEFAULT_POSTGRES_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"


def postgres_admin_url() -> str:
    return os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@contextmanager
def throwaway_postgres_database(prefix: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped on exit.

    Skips the calling test when the server is unreachable, or fails it under ``CI``.
    """
    admin_url = postgres_admin_url()
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


def sqlite_url(directory: Path, name: str = "catalog.db") -> str:
    return f"sqlite:///{directory / name}"


def migrated_engine(url: str) -> Engine:
    """An engine on ``url`` with the schema at the newest migration (the caller disposes it)."""
    engine = create_catalog_engine(url)
    migrate.upgrade(engine)
    return engine


def prepare_database(url: str, *, seeded: bool = False) -> str:
    """Migrate the database at ``url`` (and load the sample catalog when ``seeded``); returns ``url``."""
    engine = migrated_engine(url)
    try:
        if seeded:
            seed_sample_catalog(engine)
    finally:
        engine.dispose()
    return url


def empty_all_tables(engine: Engine) -> None:
    """Delete every row of the schema's tables on PostgreSQL, keeping the migrated schema."""
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
