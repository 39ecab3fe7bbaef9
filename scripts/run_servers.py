#!/usr/bin/env python
"""Start the action server and the Rasa server together, wait until both answer, and
stop both cleanly on Ctrl-C / SIGTERM.

Used by ``make run`` and, through :func:`running_servers`, by the end-to-end tests::

    python scripts/run_servers.py                      # ports 5005 / 5055 on 127.0.0.1
    python scripts/run_servers.py --rasa-port 0 --action-port 0   # any free ports
    python scripts/run_servers.py --shell              # rasa shell + action server

Options fall back to environment variables: ``RASA_PORT`` (5005), ``ACTION_PORT`` (5055),
``BIND_HOST`` (127.0.0.1), ``MODEL_PATH`` (``models``, i.e. the newest archive there),
``CORS_ORIGINS`` (space- or comma-separated; none by default), ``TRACKER_DB_URL`` (where
conversations are stored; default: the SQLite file ``$CAREERBOT_VAR_DIR/tracker.db``).

The Rasa HTTP API stays OFF (no ``--enable-api``) unless ``ENABLE_API=true``, and then
only with ``RASA_API_TOKEN`` or ``RASA_JWT_SECRET`` (see ``check_api_settings``). The
input channels are those of credentials.yml plus each messaging channel whose variables
are set (``MESSAGING_CHANNELS``), written into a temporary copy of credentials.yml.
The action server (rasa_sdk 3.6) has no host option; it binds
to the address in the ``SANIC_HOST`` environment variable, which this launcher sets.
The action endpoint URL in endpoints.yml is rewritten into a temporary copy so the Rasa
server calls the action server on the port actually used.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urlparse

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_RASA_PORT = 5005
DEFAULT_ACTION_PORT = 5055
DEFAULT_BIND_HOST = "127.0.0.1"
DEFAULT_MODEL_PATH = "models"
DEFAULT_START_TIMEOUT = 300.0
DEFAULT_STOP_TIMEOUT = 15.0


class ServerStartError(RuntimeError):
    """A server exited or did not answer in time."""


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


@dataclass
class RunningServers:
    """Where the started servers answer."""

    config: ServerConfig
    rasa_url: str
    action_url: str
    action_process: subprocess.Popen[bytes]
    rasa_process: subprocess.Popen[bytes]
    action_log: Path | None = None
    rasa_log: Path | None = None
    #: The HR page (bot/hr/web.py), started only when HR_ADMIN_TOKEN is set.
    hr_url: str | None = None
    hr_process: subprocess.Popen[bytes] | None = None

    @property
    def rest_webhook_url(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    @property
    def action_webhook_url(self) -> str:
        return f"{self.action_url}/webhook"


# --- small building blocks ------------------------------------------------------------


def free_port(host: str = DEFAULT_BIND_HOST) -> int:
    """A TCP port that is free on ``host`` right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _url_host(host: str) -> str:
    """The host to put in URLs: a wildcard bind address is reached through loopback."""
    return "127.0.0.1" if host in ("0.0.0.0", "") else host


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
    if env.get("TRACKER_DB_URL"):
        return {**filled, "url": "${TRACKER_DB_URL}"}
    var_dir = PROJECT_ROOT / (env.get("CAREERBOT_VAR_DIR") or "var")
    return {**filled, "dialect": "sqlite", "db": str(var_dir / "tracker.db")}


def lock_store_endpoint(env: Mapping[str, str]) -> dict[str, Any] | None:
    """A Redis lock store from ``REDIS_URL`` (redis://[:password@]host:port/db), needed when
    several Rasa processes serve the same conversations; ``None`` keeps Rasa's in-memory one."""
    url = env.get("REDIS_URL")
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
        "key_prefix": env.get("REDIS_KEY_PREFIX", "careerbot"),
    }
    if parsed.password:
        section["password"] = "${REDIS_PASSWORD}"
    return section


def event_broker_endpoint(env: Mapping[str, str]) -> dict[str, Any] | None:
    """A RabbitMQ event broker from ``EVENT_BROKER_URL`` (amqp://user:password@host:5672),
    publishing every conversation event to ``EVENT_BROKER_QUEUE`` (for analytics)."""
    url = env.get("EVENT_BROKER_URL")
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
        "queues": [env.get("EVENT_BROKER_QUEUE", "careerbot_events")],
    }


def secret_env(env: Mapping[str, str]) -> dict[str, str]:
    """Passwords taken out of REDIS_URL / EVENT_BROKER_URL, handed to Rasa through the
    environment so that the endpoints file on disk holds only placeholders."""
    secrets: dict[str, str] = {}
    if env.get("REDIS_URL"):
        password = urlparse(env["REDIS_URL"]).password
        if password:
            secrets["REDIS_PASSWORD"] = unquote(password)
    if env.get("EVENT_BROKER_URL"):
        secrets["EVENT_BROKER_PASSWORD"] = unquote(urlparse(env["EVENT_BROKER_URL"]).password or "guest")
    return secrets


def write_endpoints(
    source: Path, action_webhook_url: str, directory: Path, env: Mapping[str, str] | None = None
) -> Path:
    """Copy ``source`` into ``directory`` with ``action_endpoint.url`` replaced and the
    tracker store's location taken from ``env`` (default: this process's environment).

    Other keys are kept as they are, ``${ENV_VAR}`` placeholders included: Rasa resolves
    them when it reads the copy.
    """
    content: dict[str, Any] = {}
    if source.exists():
        content = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    content["action_endpoint"] = {**(content.get("action_endpoint") or {}), "url": action_webhook_url}
    environment = os.environ if env is None else env
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


#: Messaging channels (addons/channels/messaging.py) the launcher adds to a temporary copy of
#: credentials.yml when their variables are set; Rasa refuses to start on a ``${VAR}`` whose
#: variable is unset, so credentials.yml itself only holds the channels that need no secret.
#: channel -> ({credential: required variable}, {credential: optional variable})
MESSAGING_CHANNELS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "addons.channels.messaging.TelegramChannel": (
        {"access_token": "TELEGRAM_TOKEN"},
        {
            "verify": "TELEGRAM_BOT_NAME",
            "webhook_url": "TELEGRAM_WEBHOOK_URL",
            "secret_token": "TELEGRAM_SECRET_TOKEN",
        },
    ),
    "addons.channels.messaging.SlackChannel": (
        {"slack_token": "SLACK_TOKEN", "slack_signing_secret": "SLACK_SIGNING_SECRET"},
        {"slack_channel": "SLACK_CHANNEL"},
    ),
    "addons.channels.messaging.TwilioChannel": (
        {
            "account_sid": "TWILIO_ACCOUNT_SID",
            "auth_token": "TWILIO_AUTH_TOKEN",
            "twilio_number": "TWILIO_NUMBER",
        },
        {"webhook_url": "TWILIO_WEBHOOK_URL"},
    ),
    "addons.channels.messaging.FacebookChannel": (
        {
            "verify": "FACEBOOK_VERIFY_TOKEN",
            "secret": "FACEBOOK_APP_SECRET",
            "page-access-token": "FACEBOOK_PAGE_ACCESS_TOKEN",
        },
        {},
    ),
}
#: Where each messaging channel's webhook answers on the Rasa server.
MESSAGING_WEBHOOKS = {
    "addons.channels.messaging.TelegramChannel": "/webhooks/telegram/webhook",
    "addons.channels.messaging.SlackChannel": "/webhooks/slack/webhook",
    "addons.channels.messaging.TwilioChannel": "/webhooks/twilio/webhook",
    "addons.channels.messaging.FacebookChannel": "/webhooks/facebook/webhook",
}


def enabled_messaging_channels(env: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Channel -> its credentials as ``${VAR}`` placeholders, for channels whose required
    variables are all set (so no secret is written to disk). Warns about half-set ones."""
    enabled: dict[str, dict[str, str]] = {}
    for channel, (required, optional) in MESSAGING_CHANNELS.items():
        missing = [variable for variable in required.values() if not env.get(variable)]
        if missing:
            if len(missing) < len(required):
                print(f"warning: {channel} not enabled, missing {', '.join(missing)}", file=sys.stderr)
            continue
        settings = {**required, **{key: var for key, var in optional.items() if env.get(var)}}
        enabled[channel] = {key: "${" + variable + "}" for key, variable in settings.items()}
    return enabled


def write_credentials(source: Path, directory: Path, env: Mapping[str, str]) -> Path:
    """Copy ``source`` into ``directory`` with the messaging channels whose variables are set."""
    content: dict[str, Any] = {}
    if source.exists():
        content = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    content.update(enabled_messaging_channels(env))
    target = directory / "credentials.yml"
    target.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    return target


def api_enabled(env: Mapping[str, str]) -> bool:
    """``ENABLE_API`` switches Rasa's HTTP API on (off by default)."""
    return env.get("ENABLE_API", "").strip().lower() in ("1", "true", "yes", "on")


MIN_API_TOKEN_CHARS = 16


def check_api_settings(env: Mapping[str, str]) -> None:
    """Refuse to start an HTTP API that anybody could use: it needs a token or JWT secret."""
    if not api_enabled(env):
        return
    token, jwt_secret = env.get("RASA_API_TOKEN", ""), env.get("RASA_JWT_SECRET", "")
    if not token and not jwt_secret:
        raise ServerStartError(
            "ENABLE_API=true needs RASA_API_TOKEN (a random token of at least "
            f"{MIN_API_TOKEN_CHARS} characters) or RASA_JWT_SECRET; refusing to start an open HTTP API"
        )
    if token and len(token) < MIN_API_TOKEN_CHARS:
        raise ServerStartError(f"RASA_API_TOKEN must be at least {MIN_API_TOKEN_CHARS} characters long")


#: ``python -c`` program that runs ``rasa`` with the HTTP API secrets taken from the
#: environment, so they never appear in the process list as ``--auth-token TOKEN`` would.
RASA_WITH_API_SECRETS = (
    "import os, sys\n"
    "from rasa.__main__ import main\n"
    "extra = ['--enable-api']\n"
    "if os.environ.get('RASA_API_TOKEN'):\n"
    "    extra += ['--auth-token', os.environ['RASA_API_TOKEN']]\n"
    "if os.environ.get('RASA_JWT_SECRET'):\n"
    "    extra += ['--jwt-secret', os.environ['RASA_JWT_SECRET'],\n"
    "              '--jwt-method', os.environ.get('RASA_JWT_METHOD') or 'HS256']\n"
    "sys.argv = ['rasa', *sys.argv[1:], *extra]\n"
    "main()\n"
)


def check_model(model: str) -> None:
    """Fail early: ``rasa run`` without a model starts anyway and answers nothing."""
    path = Path(model) if Path(model).is_absolute() else PROJECT_ROOT / model
    if path.is_file() or (path.is_dir() and any(path.glob("*.tar.gz"))):
        return
    raise ServerStartError(f"no trained model at {path}; train one first (rasa train)")


def _child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("PYTHONUNBUFFERED", "1")
    env.update(extra or {})
    env.update(secret_env(env))
    return env


def _start(command: Sequence[str], env: dict[str, str], log_path: Path | None) -> subprocess.Popen[bytes]:
    """Start ``command`` in a process group of its own (so it can be stopped as a whole)."""
    output: IO[bytes] | None = None
    if log_path is not None:
        output = log_path.open("ab")
    try:
        return subprocess.Popen(
            list(command),
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT if output is not None else None,
            start_new_session=True,
        )
    finally:
        if output is not None:
            output.close()  # the child holds its own copy of the descriptor


def action_server_command(config: ServerConfig, port: int) -> list[str]:
    command = [config.python, "-m", "rasa_sdk", "--actions", config.actions_package, "--port", str(port)]
    if config.cors_origins:
        command += ["--cors", *config.cors_origins]
    return command


def rasa_server_command(
    config: ServerConfig,
    port: int,
    endpoints: Path,
    credentials: Path | None = None,
    enable_api: bool = False,
) -> list[str]:
    # With ENABLE_API the secrets come from the environment (RASA_WITH_API_SECRETS).
    start = ["-c", RASA_WITH_API_SECRETS] if enable_api else ["-m", "rasa"]
    command = [
        config.python, *start, "run",
        "--model", config.model,
        "--endpoints", str(endpoints),
        "--credentials", str(credentials or config.credentials),
        "--interface", config.bind_host,
        "--port", str(port),
    ]  # fmt: skip
    # No --enable-api unless ENABLE_API: the HTTP API (tracker access, model replacement,
    # ...) stays off; when on, check_api_settings requires a token or JWT secret.
    if config.cors_origins:
        command += ["--cors", *config.cors_origins]
    return command


def _http_get(url: str, timeout: float = 2.0) -> tuple[int, str]:
    request = urllib.request.Request(url, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def wait_until_ready(
    url: str,
    is_ready: Callable[[int, str], bool],
    process: subprocess.Popen[bytes],
    timeout: float,
    name: str,
) -> None:
    """Poll ``url`` until ``is_ready(status, body)``; fail early if ``process`` exits."""
    deadline = time.monotonic() + timeout
    while True:
        code = process.poll()
        if code is not None:
            raise ServerStartError(f"{name} exited with code {code} before it was ready")
        with contextlib.suppress(OSError):
            status, body = _http_get(url)
            if is_ready(status, body):
                return
        if time.monotonic() > deadline:
            raise ServerStartError(f"{name} did not answer at {url} within {timeout:.0f} s")
        time.sleep(0.5)


def stop_process(process: subprocess.Popen[bytes] | None, timeout: float = DEFAULT_STOP_TIMEOUT) -> None:
    """SIGTERM the process group, wait up to ``timeout`` seconds, then SIGKILL it."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


# --- the whole life cycle -------------------------------------------------------------


def start_action_server(config: ServerConfig, port: int, log_path: Path | None) -> subprocess.Popen[bytes]:
    """Start the action server on ``config.bind_host:port`` and wait until /health answers."""
    process = _start(
        action_server_command(config, port),
        _child_env({**config.env, "SANIC_HOST": config.bind_host}),  # rasa_sdk 3.6 has no host option
        log_path,
    )
    try:
        wait_until_ready(
            f"http://{_url_host(config.bind_host)}:{port}/health",
            lambda status, body: status == 200 and '"ok"' in body,
            process,
            config.start_timeout,
            "action server",
        )
    except BaseException:
        stop_process(process, config.stop_timeout)
        raise
    return process


DEFAULT_HR_PORT = 5056


def start_hr_page(config: ServerConfig) -> tuple[subprocess.Popen[bytes] | None, str | None]:
    """Start the HR page (``python -m bot hr serve``) when ``HR_ADMIN_TOKEN`` is set.

    It binds to ``HR_PAGE_HOST`` (default 127.0.0.1, whatever ``--host`` the chat servers
    use: the HR page is never exposed by accident) on ``HR_PAGE_PORT`` (default 5056, 0:
    any free port) and is waited for like the other servers."""
    env = _child_env(config.env)
    if not env.get("HR_ADMIN_TOKEN"):
        return None, None
    host = env.get("HR_PAGE_HOST") or DEFAULT_BIND_HOST
    port = int(env.get("HR_PAGE_PORT") or DEFAULT_HR_PORT) or free_port(host)
    log_path = config.log_dir / "hr_page.log" if config.log_dir is not None else None
    command = [config.python, "-m", "bot", "hr", "serve", "--host", host, "--port", str(port)]
    process = _start(command, env, log_path)
    url = f"http://{_url_host(host)}:{port}"
    try:
        wait_until_ready(
            f"{url}/hr/health",
            lambda status, body: status == 200 and body == "ok",
            process,
            config.start_timeout,
            "HR page",
        )
    except BaseException:
        stop_process(process, config.stop_timeout)
        raise
    return process, url


def _log_paths(log_dir: Path | None) -> tuple[Path | None, Path | None]:
    if log_dir is None:
        return None, None
    log_dir.mkdir(parents=True, exist_ok=True)
    return log_dir / "action_server.log", log_dir / "rasa_server.log"


@contextlib.contextmanager
def running_servers(config: ServerConfig) -> Iterator[RunningServers]:
    """Start the action server, then the Rasa server; stop both on exit (even on errors)."""
    check_model(config.model)
    check_api_settings(_child_env(config.env))
    action_port = config.action_port or free_port(config.bind_host)
    rasa_port = config.rasa_port or free_port(config.bind_host)
    host = _url_host(config.bind_host)
    action_url = f"http://{host}:{action_port}"
    rasa_url = f"http://{host}:{rasa_port}"
    action_log, rasa_log = _log_paths(config.log_dir)

    action_process = rasa_process = hr_process = None
    with tempfile.TemporaryDirectory(prefix="career-advisor-run-") as tmp:
        try:
            action_process = start_action_server(config, action_port, action_log)
            endpoints = write_endpoints(
                config.endpoints, f"{action_url}/webhook", Path(tmp), _child_env(config.env)
            )
            child_env = _child_env(config.env)
            credentials = write_credentials(config.credentials, Path(tmp), child_env)
            rasa_process = _start(
                rasa_server_command(config, rasa_port, endpoints, credentials, api_enabled(child_env)),
                child_env,
                rasa_log,
            )
            wait_until_ready(
                f"{rasa_url}/",
                lambda status, body: status == 200 and "Hello from Rasa" in body,
                rasa_process,
                config.start_timeout,
                "Rasa server",
            )
            hr_process, hr_url = start_hr_page(config)
            yield RunningServers(
                config=config,
                rasa_url=rasa_url,
                action_url=action_url,
                action_process=action_process,
                rasa_process=rasa_process,
                action_log=action_log,
                rasa_log=rasa_log,
                hr_url=hr_url,
                hr_process=hr_process,
            )
        finally:
            stop_process(hr_process, config.stop_timeout)
            stop_process(rasa_process, config.stop_timeout)
            stop_process(action_process, config.stop_timeout)


def _ignore_signal(signum: int, frame: object) -> None:
    """A Python-level no-op handler (unlike SIG_IGN it is not inherited by children)."""


def run_shell(config: ServerConfig) -> int:
    """Start the action server in the background and ``rasa shell`` in this terminal."""
    check_model(config.model)
    action_port = config.action_port or free_port(config.bind_host)
    action_url = f"http://{_url_host(config.bind_host)}:{action_port}"
    action_log, _ = _log_paths(config.log_dir or PROJECT_ROOT / "var" / "logs")
    action_process = None
    with tempfile.TemporaryDirectory(prefix="career-advisor-shell-") as tmp:
        try:
            action_process = start_action_server(config, action_port, action_log)
            print(f"Action server: {action_url}/webhook (log: {action_log})", flush=True)
            endpoints = write_endpoints(
                config.endpoints, f"{action_url}/webhook", Path(tmp), _child_env(config.env)
            )
            command = [
                config.python,
                "-m",
                "rasa",
                "shell",
                "--model",
                config.model,
                "--endpoints",
                str(endpoints),
            ]
            # rasa shell handles Ctrl-C itself (and /stop); the launcher just waits for it.
            previous = signal.signal(signal.SIGINT, _ignore_signal)
            try:
                return subprocess.run(
                    command, cwd=PROJECT_ROOT, env=_child_env(config.env), check=False
                ).returncode
            finally:
                signal.signal(signal.SIGINT, previous)
        finally:
            stop_process(action_process, config.stop_timeout)


def connection_help(servers: RunningServers) -> str:
    """What to print once both servers answer."""
    env = _child_env(servers.config.env)
    api_state = "enabled, token/JWT required" if api_enabled(env) else "disabled"
    lines = [
        "Career advisor is running.",
        f"  Rasa server:    {servers.rasa_url}  (HTTP API {api_state})",
        f"  Action server:  {servers.action_webhook_url}",
        f"  REST channel:   POST {servers.rest_webhook_url}",
        "  Try it:",
        f"    curl -s -X POST {servers.rest_webhook_url} \\",
        "      -H 'Content-Type: application/json' \\",
        '      -d \'{"sender": "me", "message": "hello"}\'',
        f"  socket.io:      {servers.rasa_url}/socket.io  (events user_uttered / bot_uttered)",
        f"  Web widget:     {servers.rasa_url}/widget/demo  (demo intranet page; open it in a browser)",
        f'    embed it:     <script src="{servers.rasa_url}/widget/widget.js" defer></script>',
    ]
    if servers.hr_url:
        lines.append(f"  HR page:        {servers.hr_url}/hr/  (log in with HR_ADMIN_TOKEN)")
    for channel in enabled_messaging_channels(env):
        name = channel.rsplit(".", 1)[1]
        lines.append(f"  {name}: webhook {servers.rasa_url}{MESSAGING_WEBHOOKS[channel]}")
    return "\n".join(lines)


# --- command line ---------------------------------------------------------------------


def _split_origins(value: str) -> list[str]:
    return [origin for origin in value.replace(",", " ").split() if origin]


def build_parser() -> argparse.ArgumentParser:
    env = os.environ
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--model",
        default=env.get("MODEL_PATH", DEFAULT_MODEL_PATH),
        help="model archive, or a directory holding archives (env MODEL_PATH)",
    )
    parser.add_argument(
        "--host",
        default=env.get("BIND_HOST", DEFAULT_BIND_HOST),
        help="address both servers bind to (env BIND_HOST)",
    )
    parser.add_argument(
        "--rasa-port",
        type=int,
        default=int(env.get("RASA_PORT", DEFAULT_RASA_PORT)),
        help="Rasa server port, 0 for any free port (env RASA_PORT)",
    )
    parser.add_argument(
        "--action-port",
        type=int,
        default=int(env.get("ACTION_PORT", DEFAULT_ACTION_PORT)),
        help="action server port, 0 for any free port (env ACTION_PORT)",
    )
    parser.add_argument("--endpoints", type=Path, default=PROJECT_ROOT / "endpoints.yml")
    parser.add_argument("--credentials", type=Path, default=PROJECT_ROOT / "credentials.yml")
    parser.add_argument(
        "--cors",
        nargs="*",
        default=_split_origins(env.get("CORS_ORIGINS", "")),
        help="allowed CORS origins (env CORS_ORIGINS); none by default",
    )
    parser.add_argument(
        "--log-dir",
        type=Path,
        default=None,
        help="write the servers' output to files here instead of the terminal",
    )
    parser.add_argument("--start-timeout", type=float, default=DEFAULT_START_TIMEOUT)
    parser.add_argument(
        "--shell",
        action="store_true",
        help="talk to the bot in this terminal (rasa shell) instead of starting the Rasa server",
    )
    return parser


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config = ServerConfig(
        model=args.model,
        bind_host=args.host,
        rasa_port=args.rasa_port,
        action_port=args.action_port,
        endpoints=args.endpoints,
        credentials=args.credentials,
        cors_origins=list(args.cors),
        log_dir=args.log_dir,
        start_timeout=args.start_timeout,
    )
    # SIGTERM behaves like Ctrl-C: leave the context manager, which stops both servers.
    # SIGINT is set explicitly too: a shell starting us in the background ignores it.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    signal.signal(signal.SIGINT, _raise_keyboard_interrupt)
    try:
        if args.shell:
            return run_shell(config)
        with running_servers(config) as servers:
            print(connection_help(servers), flush=True)
            print("Press Ctrl-C to stop.", flush=True)
            while servers.rasa_process.poll() is None and servers.action_process.poll() is None:
                time.sleep(1)
            print("A server stopped unexpectedly; shutting down.", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("\nStopping the servers ...", flush=True)
        return 0
    except ServerStartError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
