"""The full O*NET 29.3 release in shared/data, for the tests marked ``onet``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.catalog.onet_import import import_onet
from bot.catalog.seeding import seed_sample_catalog
from tests.kit.databases import migrated_engine, sqlite_url
from tests.kit.paths import PROJECT_ROOT

ONET_RELEASE = PROJECT_ROOT.parent / "shared" / "data" / "onet-29.3"


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
