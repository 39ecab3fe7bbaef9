"""Session fixtures: a trained model, both servers, and the channel servers, on free loopback ports.

The model comes from ``MODEL_PATH`` when it points to an existing archive (the Makefile
trains once and passes it); otherwise it is trained into a temporary directory. The
servers are started ahead of need, in the background, by the session's ``server_sets``
(:mod:`tests.kit.server_sets`), so their model loads overlap with the
tests before them. The ``catalog`` and ``tracker_db`` fixtures open the servers'
databases, for tests that check what was stored.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from bot.storage.db import create_catalog_engine
from launcher.configuration import PROJECT_ROOT, ServerConfig
from launcher.servers import RunningServers, running_servers
from tests.e2e.channel_stubs import ChannelServers, running_channel_servers
from tests.kit.databases import prepare_database, sqlite_url
from tests.kit.domain import domain_responses
from tests.kit.server_sets import REGISTRY, ServerSets, StartContext, register

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
#: The intranet's identity-token secret the session's servers trust (HS256).
E2E_IDENTITY_KEY = "e2e-intranet-identity-secret-0123456789"


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


def session_model(context: StartContext) -> Path:
    """``MODEL_PATH`` when it names an archive, else a model trained once for the session."""

    def find_or_train() -> Path:
        given = os.environ.get("MODEL_PATH")
        if given:
            path = Path(given)
            if not path.is_absolute():
                path = PROJECT_ROOT / path
            if path.is_file():
                return path
        return _train(context.folder("model"))

    return context.once("model", find_or_train)


def session_databases(context: StartContext) -> dict[str, str]:
    """Fresh databases for the session's servers, as environment variables: the catalog
    (migrated, sample data; it holds the user profiles too) and the tracker store (SQLite files)."""

    def make() -> dict[str, str]:
        directory = context.folder("server-data")
        return {
            "CATALOG_DB_URL": prepare_database(sqlite_url(directory), seeded=True),
            "TRACKER_DB_URL": f"sqlite:///{directory / 'tracker.db'}",
            "CAREERBOT_VAR_DIR": str(directory),
        }

    return context.once("server_databases", make)


def start_session_servers(stack: ExitStack, context: StartContext) -> RunningServers:
    config = ServerConfig(
        model=str(session_model(context)),
        bind_host="127.0.0.1",
        rasa_port=0,
        action_port=0,
        log_dir=context.folder("server-logs"),
        # The HR page (tests/e2e/test_hr_page.py) on a free port, with a test token; the
        # widget accepts identity tokens signed with E2E_IDENTITY_KEY (test_widget_identity.py).
        env={
            **session_databases(context),
            "HR_ADMIN_TOKEN": E2E_HR_TOKEN,
            "HR_PAGE_PORT": "0",
            "WIDGET_IDENTITY_JWT_KEY": E2E_IDENTITY_KEY,
        },
    )
    return stack.enter_context(running_servers(config))


def start_channel_servers(stack: ExitStack, context: StartContext) -> ChannelServers:
    return stack.enter_context(
        running_channel_servers(
            session_model(context), context.folder("channel-server-logs"), session_databases(context)
        )
    )


# Started ahead of need by the session's ServerSets (the server_sets fixture below).
register("servers", start_session_servers, shared=True)
register("channel_servers", start_channel_servers, shared=True)


@pytest.fixture(scope="session")
def server_sets(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerSets]:
    """The e2e tests' servers, started in the background from the first e2e test on, in the
    order the collected tests first need them (:mod:`tests.kit.server_sets`); all stopped at
    the end. Not before: the background thread must not run beside unit tests that patch
    the environment, sockets or Alembic's global context."""
    needed: list[str] = []
    for item in request.session.items:
        for name in getattr(item, "fixturenames", ()):
            if name in REGISTRY and name not in needed:
                needed.append(name)
    context = StartContext(tmp_path_factory)
    session_databases(context)  # migrated here, never beside a migration in the background
    sets = ServerSets(needed, context)
    try:
        yield sets
    finally:
        sets.close()


@pytest.fixture(scope="session")
def model_path(server_sets: ServerSets) -> Path:
    return session_model(server_sets.context)


@pytest.fixture(scope="session")
def server_databases(server_sets: ServerSets) -> dict[str, str]:
    return session_databases(server_sets.context)


@pytest.fixture(scope="session")
def servers(server_sets: ServerSets) -> RunningServers:
    """Both servers (and the HR page) on the session's databases, on free loopback ports."""
    return server_sets.get("servers")  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def channel_servers(server_sets: ServerSets) -> ChannelServers:
    """The platforms' API stub and a Rasa server with every channel and the HTTP API on (see
    channel_stubs), started once: the channel, delivery and FAQ tests share it, each with
    senders of its own, reading only the stub calls made after its own ``mark()``."""
    return server_sets.get("channel_servers")  # type: ignore[no-any-return]


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


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context's page at a laptop size; ``page.dialogs`` collects (and
    dismisses) every alert or confirm the page opens, which the widget must never do."""
    context = browser.new_context(viewport={"width": 1100, "height": 760}, locale="en-GB")
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs
    yield opened
    context.close()


def bot_bubbles(page: Any) -> Any:
    """The widget's bot messages, oldest first."""
    return page.locator(".cw-bot .cw-bubble")
