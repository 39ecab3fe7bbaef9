"""What the servers are started with: :class:`ServerConfig`, the checks that refuse an
unsafe or impossible start, and the endpoints / credentials files rendered from the
environment into a temporary folder.

Rendered files hold ``${VAR}`` placeholders, never secrets: Rasa resolves them from the
environment it inherits. Every variable is read through the registry in bot/config.py.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import yaml

from addons.channels.messaging import CHANNEL_VARIABLES, ChannelVariables
from bot.config import PROJECT_ROOT, env_flag, env_value, setting, var_dir
from launcher.processes import DEFAULT_STOP_TIMEOUT, ServerStartError

DEFAULT_RASA_PORT = int(setting("RASA_PORT").default or 0)
DEFAULT_ACTION_PORT = int(setting("ACTION_PORT").default or 0)
DEFAULT_BIND_HOST = setting("BIND_HOST").default or "127.0.0.1"
DEFAULT_MODEL_PATH = setting("MODEL_PATH").default or "models"
DEFAULT_START_TIMEOUT = 300.0
MIN_API_TOKEN_CHARS = 16


@dataclass
class ServerConfig:
    """Everything needed to start both servers. Port 0 means "pick a free port"."""

    model: str = DEFAULT_MODEL_PATH
    bind_host: str = DEFAULT_BIND_HOST
    rasa_port: int = DEFAULT_RASA_PORT
    action_port: int = DEFAULT_ACTION_PORT
    endpoints: Path = PROJECT_ROOT / "endpoints.yml"
    credentials: Path = PROJECT_ROOT / "credentials.yml"
    actions_package: str = "actions"
    cors_origins: list[str] = field(default_factory=list)
    #: Directory for ``action_server.log`` / ``rasa_server.log``; None: inherit the terminal.
    log_dir: Path | None = None
    start_timeout: float = DEFAULT_START_TIMEOUT
    stop_timeout: float = DEFAULT_STOP_TIMEOUT
    python: str = sys.executable
    #: Extra environment variables for both servers (e.g. CATALOG_DB_URL, TRACKER_DB_URL).
    env: dict[str, str] = field(default_factory=dict)


def check_model(model: str) -> None:
    """Fail early: ``rasa run`` without a model starts anyway and answers nothing."""
    path = Path(model) if Path(model).is_absolute() else PROJECT_ROOT / model
    if path.is_file() or (path.is_dir() and any(path.glob("*.tar.gz"))):
        return
    raise ServerStartError(f"no trained model at {path}; train one first (rasa train)")


def api_enabled(env: Mapping[str, str]) -> bool:
    """``ENABLE_API`` switches Rasa's HTTP API on (off by default)."""
    return env_flag("ENABLE_API", env)


def check_api_settings(env: Mapping[str, str]) -> None:
    """Refuse to start an HTTP API that anybody could use: it needs a token or JWT secret."""
    if not api_enabled(env):
        return
    token = env_value("RASA_API_TOKEN", env) or ""
    jwt_secret = env_value("RASA_JWT_SECRET", env) or ""
    if not token and not jwt_secret:
        raise ServerStartError(
            "ENABLE_API=true needs RASA_API_TOKEN (a random token of at least "
            f"{MIN_API_TOKEN_CHARS} characters) or RASA_JWT_SECRET; refusing to start an open HTTP API"
        )
    if token and len(token) < MIN_API_TOKEN_CHARS:
        raise ServerStartError(f"RASA_API_TOKEN must be at least {MIN_API_TOKEN_CHARS} characters long")


# --- endpoints.yml ----------------------------------------------------------------------------

#: The project's tracker store (addons/tracker_store.py); its location comes from the environment.
FORGETFUL_TRACKER_STORE = "addons.tracker_store.ForgetfulSQLTrackerStore"
_TRACKER_LOCATION_KEYS = ("url", "dialect", "db", "host", "port", "username", "password", "login_db")


def tracker_store_endpoint(section: Any, env: Mapping[str, str]) -> Any:
    """The ``tracker_store`` section with the location of the project's store filled in:
    ``TRACKER_DB_URL`` when set (as a ``${TRACKER_DB_URL}`` placeholder, so no password is
    written to disk), else the SQLite file ``tracker.db`` in ``CAREERBOT_VAR_DIR``
    (default ``var/``). Any other tracker store configured in endpoints.yml is kept as is.
    """
    if not isinstance(section, dict) or section.get("type") != FORGETFUL_TRACKER_STORE:
        return section
    filled = {key: value for key, value in section.items() if key not in _TRACKER_LOCATION_KEYS}
    if env_value("TRACKER_DB_URL", env):
        return {**filled, "url": "${TRACKER_DB_URL}"}
    return {**filled, "dialect": "sqlite", "db": str(var_dir(env) / "tracker.db")}


def lock_store_endpoint(env: Mapping[str, str]) -> dict[str, Any] | None:
    """A Redis lock store from ``REDIS_URL`` (redis://[:password@]host:port/db), needed when
    several Rasa processes serve the same conversations; ``None`` keeps Rasa's in-memory one."""
    url = env_value("REDIS_URL", env)
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("redis", "rediss") or not parsed.hostname:
        raise ServerStartError(f"REDIS_URL must look like redis://host:6379/0, got {url!r}")
    section: dict[str, Any] = {
        "type": "redis",
        "url": parsed.hostname,
        "port": parsed.port or 6379,
        "db": int(parsed.path.strip("/") or 0),
        "use_ssl": parsed.scheme == "rediss",
        "key_prefix": env_value("REDIS_KEY_PREFIX", env),
    }
    if parsed.password:
        section["password"] = "${REDIS_PASSWORD}"
    return section


def event_broker_endpoint(env: Mapping[str, str]) -> dict[str, Any] | None:
    """A RabbitMQ event broker from ``EVENT_BROKER_URL`` (amqp://user:password@host:5672),
    publishing every conversation event to ``EVENT_BROKER_QUEUE`` (for analytics)."""
    url = env_value("EVENT_BROKER_URL", env)
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("amqp", "amqps") or not parsed.hostname:
        raise ServerStartError(f"EVENT_BROKER_URL must look like amqp://user:pass@host:5672, got {url!r}")
    return {
        "type": "pika",
        "url": parsed.hostname,
        "port": parsed.port or 5672,
        "username": parsed.username or "guest",
        "password": "${EVENT_BROKER_PASSWORD}",
        "queues": [env_value("EVENT_BROKER_QUEUE", env)],
    }


#: The action server's token when ACTION_SERVER_TOKEN is unset: one per launcher process, so the
#: Rasa server and the action server it starts share it and nothing else knows it.
_RUN_ACTION_TOKEN = secrets.token_urlsafe(32)


def action_server_token(env: Mapping[str, str]) -> str:
    """ACTION_SERVER_TOKEN, else this run's random token (``actions/server_guard.py``)."""
    return (env_value("ACTION_SERVER_TOKEN", env) or "").strip() or _RUN_ACTION_TOKEN


def secret_env(env: Mapping[str, str]) -> dict[str, str]:
    """Secrets handed to the servers through the environment so that the endpoints file on
    disk holds only placeholders: the action server's token, and the passwords taken out of
    REDIS_URL / EVENT_BROKER_URL."""
    found: dict[str, str] = {"ACTION_SERVER_TOKEN": action_server_token(env)}
    redis_url = env_value("REDIS_URL", env)
    if redis_url:
        password = urlparse(redis_url).password
        if password:
            found["REDIS_PASSWORD"] = unquote(password)
    broker_url = env_value("EVENT_BROKER_URL", env)
    if broker_url:
        found["EVENT_BROKER_PASSWORD"] = unquote(urlparse(broker_url).password or "guest")
    return found


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a server: this process's whole environment, plus ``extra`` and
    the passwords taken out of REDIS_URL / EVENT_BROKER_URL (:func:`secret_env`)."""
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", setting("TF_CPP_MIN_LOG_LEVEL").default or "2")
    env.setdefault("PYTHONUNBUFFERED", "1")
    # Sanic reads SANIC_* variables into its config: bodies above this get HTTP 413.
    env.setdefault("SANIC_REQUEST_MAX_SIZE", setting("SANIC_REQUEST_MAX_SIZE").default or "1048576")
    env.update(extra or {})
    env.update(secret_env(env))
    return env


def _load_yaml(source: Path) -> dict[str, Any]:
    if not source.exists():
        return {}
    return yaml.safe_load(source.read_text(encoding="utf-8")) or {}


def write_endpoints(
    source: Path, action_webhook_url: str, directory: Path, env: Mapping[str, str] | None = None
) -> Path:
    """Copy ``source`` into ``directory`` with ``action_endpoint.url`` replaced and the
    tracker store's location taken from ``env`` (default: this process's environment).

    Other keys are kept as they are, ``${ENV_VAR}`` placeholders included: Rasa resolves
    them when it reads the copy.
    """
    content = _load_yaml(source)
    # Rasa sends the token as ?token=; the action server refuses calls without it.
    content["action_endpoint"] = {
        **(content.get("action_endpoint") or {}),
        "url": action_webhook_url,
        "token": "${ACTION_SERVER_TOKEN}",
    }
    environment: Mapping[str, str] = os.environ if env is None else env
    if "tracker_store" in content:
        content["tracker_store"] = tracker_store_endpoint(content["tracker_store"], environment)
    lock_store = lock_store_endpoint(environment)
    if lock_store is not None:
        content["lock_store"] = lock_store
    event_broker = event_broker_endpoint(environment)
    if event_broker is not None:
        content["event_broker"] = event_broker
    target = directory / "endpoints.yml"
    target.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    return target


# --- credentials.yml: the messaging channels whose variables are set ---------------------------


def _channel_credentials(declared: ChannelVariables, env: Mapping[str, str]) -> dict[str, str] | None:
    """The channel's credentials as ``${VAR}`` placeholders, or None when a required
    variable is unset (with a warning when only some of them are)."""
    required = declared.required
    missing = [variable for variable in required.values() if not env_value(variable, env)]
    if missing:
        if len(missing) < len(required):
            print(f"warning: {declared.channel} not enabled, missing {', '.join(missing)}", file=sys.stderr)
        return None
    optional = {key: variable for key, variable in declared.optional.items() if env_value(variable, env)}
    return {key: "${" + variable + "}" for key, variable in {**required, **optional}.items()}


def enabled_messaging_channels(env: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Channel class path -> its credentials, for every messaging channel whose required
    variables are all set (each channel declares them: ``addons.channels.messaging``)."""
    enabled: dict[str, dict[str, str]] = {}
    for declared in CHANNEL_VARIABLES:
        credentials = _channel_credentials(declared, env)
        if credentials is not None:
            enabled[declared.channel] = credentials
    return enabled


def messaging_webhooks(env: Mapping[str, str]) -> dict[str, str]:
    """Channel class path -> the path of its webhook, for the enabled channels."""
    enabled = enabled_messaging_channels(env)
    return {
        declared.channel: declared.webhook for declared in CHANNEL_VARIABLES if declared.channel in enabled
    }


def write_credentials(source: Path, directory: Path, env: Mapping[str, str]) -> Path:
    """Copy ``source`` into ``directory`` with the messaging channels whose variables are set."""
    content = _load_yaml(source)
    content.update(enabled_messaging_channels(env))
    target = directory / "credentials.yml"
    target.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    return target
