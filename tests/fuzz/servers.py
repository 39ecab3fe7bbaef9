"""The servers the fuzzer talks to: started with the launcher (as the e2e tests do) on
fresh databases, with the HTTP API on behind a token (to read trackers) and the servers'
output in log files (to find exceptions and circuit-breaker warnings)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from launcher.configuration import ServerConfig
from launcher.servers import running_servers
from tests.fuzz.conversation import FuzzTarget
from tests.kit.databases import prepare_database, sqlite_url

#: Only ever used on 127.0.0.1 by a throw-away server.
FUZZ_API_TOKEN = "conversation-fuzzer-api-token-0123456789"


def fuzz_server_config(model: Path, folder: Path) -> ServerConfig:
    """Both servers on free loopback ports, with their own catalog, tracker store and logs."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    env = {
        "CATALOG_DB_URL": prepare_database(sqlite_url(data), seeded=True),
        "TRACKER_DB_URL": f"sqlite:///{data / 'tracker.db'}",
        "CAREERBOT_VAR_DIR": str(data),
        "ENABLE_API": "true",
        "RASA_API_TOKEN": FUZZ_API_TOKEN,
    }
    return ServerConfig(
        model=str(model), bind_host="127.0.0.1", rasa_port=0, action_port=0, log_dir=folder / "logs", env=env
    )


@contextlib.contextmanager
def fuzz_target(model: Path, folder: Path) -> Iterator[FuzzTarget]:
    """Start the servers, hand out a :class:`FuzzTarget` on them, stop them on exit."""
    with running_servers(fuzz_server_config(model, folder)) as servers:
        logs = [path for path in (servers.action_log, servers.rasa_log) if path is not None]
        yield FuzzTarget(servers.rasa_url, FUZZ_API_TOKEN, logs)
