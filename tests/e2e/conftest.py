"""Session fixture: a trained model and both servers running on free loopback ports.

The model comes from ``MODEL_PATH`` when it points to an existing archive (the Makefile
trains once and passes it); otherwise it is trained into a temporary directory. The
``catalog`` and ``tracker_db`` fixtures open the servers' databases, for tests that check
what was stored.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from bot.storage.db import create_catalog_engine
from launcher.configuration import PROJECT_ROOT, ServerConfig
from launcher.servers import RunningServers, running_servers
from tests.kit.databases import prepare_database, sqlite_url
from tests.kit.domain import domain_responses

TRAIN_TIMEOUT = 900
#: Debian's Chromium (``make browser``), driven by Playwright for the browser tests.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E2E_HR_TOKEN = "e2e-hr-admin-token-0123456789"


def _train(out_dir: Path) -> Path:
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", "config.yml", "--domain", "domain.yml", "--data", "data",
        "--out", str(out_dir), "--fixed-model-name", "e2e",
    ]  # fmt: skip
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2")}
    result = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=TRAIN_TIMEOUT, check=False
    )
    if result.returncode != 0:
        pytest.fail(
            f"rasa train failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return out_dir / "e2e.tar.gz"


@pytest.fixture(scope="session")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("MODEL_PATH")
    if given:
        path = Path(given)
        if not path.is_absolute():
            path = PROJECT_ROOT / path
        if path.is_file():
            return path
    return _train(tmp_path_factory.mktemp("model"))


@pytest.fixture(scope="session")
def server_databases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Fresh databases for the servers, as environment variables: the catalog (migrated,
    sample data; it holds the user profiles too) and the tracker store (SQLite files)."""
    directory = tmp_path_factory.mktemp("server-data")
    return {
        "CATALOG_DB_URL": prepare_database(sqlite_url(directory), seeded=True),
        "TRACKER_DB_URL": f"sqlite:///{directory / 'tracker.db'}",
        "CAREERBOT_VAR_DIR": str(directory),
    }


@pytest.fixture(scope="session")
def servers(
    model_path: Path, tmp_path_factory: pytest.TempPathFactory, server_databases: dict[str, str]
) -> Iterator[RunningServers]:
    config = ServerConfig(
        model=str(model_path),
        bind_host="127.0.0.1",
        rasa_port=0,
        action_port=0,
        log_dir=tmp_path_factory.mktemp("server-logs"),
        # The HR page (tests/e2e/test_hr_page.py) on a free port, with a test token.
        env={**server_databases, "HR_ADMIN_TOKEN": E2E_HR_TOKEN, "HR_PAGE_PORT": "0"},
    )
    with running_servers(config) as running:
        yield running


@pytest.fixture(scope="session")
def responses() -> dict[str, list[dict[str, Any]]]:
    """The responses of domain.yml, to compare replies without copying their text."""
    return domain_responses()


@pytest.fixture
def catalog(server_databases: dict[str, str]) -> Iterator[Engine]:
    """The servers' catalog database (it holds the profiles, tickets and feedback too)."""
    engine = create_catalog_engine(server_databases["CATALOG_DB_URL"])
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def tracker_db(server_databases: dict[str, str]) -> Iterator[Engine]:
    """The tracker store's database (Rasa's ``events`` table)."""
    engine = create_engine(server_databases["TRACKER_DB_URL"], future=True)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def talk(servers: RunningServers) -> Any:
    """Send one message through the REST channel; returns the bot's messages."""

    def send(sender: str, message: str) -> list[dict[str, Any]]:
        reply = requests.post(
            servers.rest_webhook_url, json={"sender": sender, "message": message}, timeout=60
        )
        reply.raise_for_status()
        return reply.json()

    return send


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium; missing, the browser tests fail in CI and are skipped elsewhere."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"no Chromium at {CHROMIUM} (make browser)")
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
