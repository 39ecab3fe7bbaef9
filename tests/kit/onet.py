"""O*NET releases for the importer's tests: the full O*NET 29.3 release in shared/data (the
tests marked ``onet``), the five-occupation ``tests/fixtures/onet-mini`` (see its README), and
readers of what an import wrote."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.catalog.onet_import import import_onet
from bot.catalog.seeding import seed_sample_catalog
from bot.storage.models import Base, Role, RoleAlias, RoleSkill, Skill
from tests.kit.databases import migrated_engine, sqlite_url
from tests.kit.paths import FIXTURES_DIR, PROJECT_ROOT

ONET_RELEASE = PROJECT_ROOT.parent / "shared" / "data" / "onet-29.3"
#: Five occupations cut from the release, with deliberate edits (its README lists them).
MINI_RELEASE = FIXTURES_DIR / "onet-mini"


def require_onet_release() -> Path:
    """The release folder; skips the test when it is missing, or fails it under ``CI``."""
    if not ONET_RELEASE.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the O*NET release is required in CI but missing at {ONET_RELEASE}")
        pytest.skip(f"O*NET release not found at {ONET_RELEASE}")
    return ONET_RELEASE


def onet_catalog_engine(directory: Path, *, with_sample_catalog: bool = False) -> Engine:
    """A SQLite catalog in ``directory`` with the full release imported (optionally over
    the sample catalog); the caller disposes the engine."""
    release = require_onet_release()
    engine = migrated_engine(sqlite_url(directory))
    if with_sample_catalog:
        seed_sample_catalog(engine)
    import_onet(engine, release)
    return engine


def copy_mini_release(tmp_path: Path) -> Path:
    """A copy of the mini release in ``tmp_path``, for a test to edit."""
    target = tmp_path / "release"
    shutil.copytree(MINI_RELEASE, target)
    return target


def rewrite_once(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a release file; fails the test if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per table, for every table of the schema."""
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def role_row(engine: Engine, code: str) -> Any:
    """The ``roles`` row of one occupation code."""
    with engine.connect() as connection:
        return connection.execute(select(Role.__table__).where(Role.code == code)).one()


def role_aliases(engine: Engine, code: str) -> dict[str, str]:
    """A role's aliases and their kinds."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(RoleAlias.alias, RoleAlias.kind)
            .join(Role, Role.id == RoleAlias.role_id)
            .where(Role.code == code)
        )
        return {row.alias: row.kind for row in rows}


def role_links(engine: Engine, code: str) -> dict[str, tuple[Decimal, Decimal | None]]:
    """A role's skills: name -> (importance, level or None), to two decimals."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Skill.name, RoleSkill.importance, RoleSkill.level)
            .join(RoleSkill, RoleSkill.skill_id == Skill.id)
            .join(Role, Role.id == RoleSkill.role_id)
            .where(Role.code == code)
        )
        return {
            row.name: (
                Decimal(str(row.importance)).quantize(Decimal("0.01")),
                None if row.level is None else Decimal(str(row.level)).quantize(Decimal("0.01")),
            )
            for row in rows
        }
