"""The one place that creates SQLAlchemy engines.

Engines are created lazily (never at import time) and cached per URL, so the action
server, the CLI and the tests share a pool per database instead of opening a new one for
every request. Callers open their own short-lived ``Session(engine)``.
"""

from __future__ import annotations

import threading
import warnings
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from bot.config import catalog_db_url

# SQLite keeps NUMERIC columns as 8-byte floats and SQLAlchemy warns about it on every
# query. The catalog's decimals have at most 10 digits and 2 places (money) or 1 place
# (hours), well inside a double's 15 exact digits, and SQLAlchemy rounds them back to the
# column's scale as Decimal, so they round-trip exactly. PostgreSQL stores real NUMERIC.
warnings.filterwarnings("ignore", message=r"Dialect sqlite\+pysqlite does \*not\* support Decimal objects")

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


class DatabaseUnavailable(RuntimeError):
    """The catalog database cannot be reached or the URL is not usable."""


#: What a database call can raise when the database fails (unreachable, not migrated,
#: a broken statement): callers outside ``bot/`` catch these without importing SQLAlchemy.
DATABASE_ERRORS = (SQLAlchemyError, DatabaseUnavailable)


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """SQLite ignores foreign keys unless asked on every connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_catalog_engine(url: str) -> Engine:
    """A new engine for ``url``; SQLite gets foreign keys and its folder created."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseUnavailable(f"CATALOG_DB_URL is not a valid database URL: {url!r}") from error
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, future=True)
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    try:
        return create_engine(parsed, future=True, pool_pre_ping=True)
    except (ArgumentError, ImportError, SQLAlchemyError) as error:
        raise DatabaseUnavailable(f"cannot use database URL {safe_url(url)}: {error}") from error


def get_engine(url: str | None = None) -> Engine:
    """The shared engine for ``url`` (default: ``CATALOG_DB_URL``)."""
    url = url or catalog_db_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = create_catalog_engine(url)
            _engines[url] = engine
        return engine


def check_connection(engine: Engine) -> None:
    """Fail early with a readable message when the database cannot be reached."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise DatabaseUnavailable(
            f"cannot connect to the catalog database {safe_url(str(engine.url))}: {reason}"
        ) from error


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


def dispose_all() -> None:
    """Close every pooled connection (tests, and before a process forks)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
