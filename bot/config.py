"""Settings read from environment variables, with defaults that work on a laptop.

Everything outside the process (the catalog database today, more later) is configured
here and nowhere else, so the README's configuration table has one source of truth.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Where run-time state of the embedded default set-up lives (SQLite files). Git-ignored.
VAR_DIR = Path(os.environ.get("CAREERBOT_VAR_DIR", PROJECT_ROOT / "var"))


def default_catalog_url() -> str:
    """The embedded SQLite catalog a user gets without configuring anything."""
    return f"sqlite:///{VAR_DIR / 'catalog.db'}"


def catalog_db_url() -> str:
    """The SQLAlchemy URL of the training catalog (``CATALOG_DB_URL``)."""
    return os.environ.get("CATALOG_DB_URL") or default_catalog_url()


def tracker_db_url() -> str:
    """The SQLAlchemy URL of Rasa's tracker store (``TRACKER_DB_URL``), read by the HR report."""
    return os.environ.get("TRACKER_DB_URL") or f"sqlite:///{VAR_DIR / 'tracker.db'}"
