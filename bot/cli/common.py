"""What every admin command shares: readable failures, exit codes and opening the database.

Every command reports problems as one readable message on stderr and a non-zero exit code
(1: bad input, 2: database unavailable or not initialised), never a traceback, and writes
nothing when it fails.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click
from sqlalchemy.engine import Engine

from bot.storage import migrate
from bot.storage.db import DatabaseUnavailable, check_connection, get_engine, safe_url

EXIT_BAD_INPUT = 1
EXIT_DATABASE = 2


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    click.secho(f"Error: {message}", fg="red", err=True)
    sys.exit(code)


def open_catalog(ctx: click.Context, *, migrate_if_needed: bool = False) -> Engine:
    """The engine for ``--db``, connected, with the schema at the newest revision."""
    url: str = ctx.obj["db_url"]
    try:
        engine = get_engine(url)
        check_connection(engine)
        if migrate_if_needed:
            migrate.upgrade(engine)
        elif not migrate.is_up_to_date(engine):
            fail(
                f"the catalog at {safe_url(url)} is not initialised or is out of date; "
                "run `python -m bot catalog init` first",
                EXIT_DATABASE,
            )
    except DatabaseUnavailable as error:
        fail(str(error), EXIT_DATABASE)
    return engine


db_option = click.option(
    "--db",
    "db_url",
    envvar="CATALOG_DB_URL",
    default=None,
    metavar="URL",
    help=(
        "SQLAlchemy URL of the application database (catalog, profiles, HR records) "
        "[env CATALOG_DB_URL; default: embedded SQLite under var/]."
    ),
)
