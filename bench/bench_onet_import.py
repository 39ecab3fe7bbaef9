"""Time the O*NET import into a fresh SQLite file and a fresh PostgreSQL database.

Usage (from the project root)::

    .venv/bin/python bench/bench_onet_import.py [RELEASE_DIR] [--postgres-url URL]
        [--min-importance 3.0] [--skip-postgres]

RELEASE_DIR defaults to ../shared/data/onet-29.3. The PostgreSQL run creates a uniquely
named database through the admin URL (default: the local server used by the tests,
``TEST_POSTGRES_URL``), migrates it with Alembic, imports twice (fresh, then a no-op
re-import) and drops it at the end.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bot.catalog.onet_import import DEFAULT_MIN_IMPORTANCE, ImportSummary, import_onet  # noqa: E402
from bot.config import env_value  # noqa: E402
from bot.storage import migrate  # noqa: E402
from bot.storage.db import create_catalog_engine  # noqa: E402

DEFAULT_RELEASE = PROJECT_ROOT.parent / "shared" / "data" / "onet-29.3"
DEFAULT_POSTGRES_URL = env_value("TEST_POSTGRES_URL")


def _run(label: str, engine: Engine, release: Path, min_importance: float) -> None:
    migrate.upgrade(engine)
    first: ImportSummary = import_onet(engine, release, min_importance=min_importance)
    second: ImportSummary = import_onet(engine, release, min_importance=min_importance)
    print(
        f"{label:<11} import {first.elapsed_seconds:6.2f} s  ({first.total_created} rows created)   "
        f"re-import {second.elapsed_seconds:6.2f} s  ({second.total_created} created, "
        f"{second.total_updated} updated)"
    )


def bench_sqlite(release: Path, min_importance: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_catalog_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            _run("sqlite", engine, release, min_importance)
        finally:
            engine.dispose()


def bench_postgres(release: Path, admin_url: str, min_importance: float) -> None:
    admin = create_engine(admin_url, future=True, isolation_level="AUTOCOMMIT")
    name = f"careerbot_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = create_catalog_engine(
        make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    )
    try:
        _run("postgresql", engine, release, min_importance)
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                {"name": name},
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("release", nargs="?", type=Path, default=DEFAULT_RELEASE, help="O*NET release folder")
    parser.add_argument(
        "--postgres-url", default=DEFAULT_POSTGRES_URL, help="admin URL of a PostgreSQL server"
    )
    parser.add_argument("--min-importance", type=float, default=DEFAULT_MIN_IMPORTANCE)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args(argv)
    if not args.release.is_dir():
        parser.error(f"release folder not found: {args.release}")
    print(f"O*NET release: {args.release}  (min importance {args.min_importance})")
    bench_sqlite(args.release, args.min_importance)
    if not args.skip_postgres:
        bench_postgres(args.release, args.postgres_url, args.min_importance)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
