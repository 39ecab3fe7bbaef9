"""The project's servers and their life cycle: the action server (rasa_sdk), the Rasa
server (or ``rasa shell``) and, when ``HR_ADMIN_TOKEN`` is set, the HR page.

:func:`running_servers` starts the action server, renders endpoints/credentials into a
temporary folder, starts the Rasa server, then the HR page, waits until each answers, and
stops all of them on exit, errors included. The e2e tests and the benchmarks use it.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.config import PROJECT_ROOT, env_int, env_value
from launcher.configuration import (
    DEFAULT_BIND_HOST,
    ServerConfig,
    api_enabled,
    check_api_settings,
    check_model,
    child_env,
    write_credentials,
    write_endpoints,
)
from launcher.processes import free_port, start_process, stop_process, url_host, wait_until_ready


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


#: ``python -c`` program that runs ``rasa`` with the HTTP API secrets taken from the
#: environment, so they never appear in the process list as ``--auth-token TOKEN`` would.
RASA_WITH_API_SECRETS = (
    "import sys\n"
    "from bot.config import env_value\n"
    "from rasa.__main__ import main\n"
    "extra = ['--enable-api']\n"
    "if env_value('RASA_API_TOKEN'):\n"
    "    extra += ['--auth-token', env_value('RASA_API_TOKEN')]\n"
    "if env_value('RASA_JWT_SECRET'):\n"
    "    extra += ['--jwt-secret', env_value('RASA_JWT_SECRET'),\n"
    "              '--jwt-method', env_value('RASA_JWT_METHOD')]\n"
    "sys.argv = ['rasa', *sys.argv[1:], *extra]\n"
    "main()\n"
)


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


def start_action_server(config: ServerConfig, port: int, log_path: Path | None) -> subprocess.Popen[bytes]:
    """Start the action server on ``config.bind_host:port`` and wait until /health answers."""
    process = start_process(
        action_server_command(config, port),
        child_env({**config.env, "SANIC_HOST": config.bind_host}),  # rasa_sdk 3.6 has no host option
        log_path,
    )
    try:
        wait_until_ready(
            f"http://{url_host(config.bind_host)}:{port}/health",
            lambda status, body: status == 200 and '"ok"' in body,
            process,
            config.start_timeout,
            "action server",
        )
    except BaseException:
        stop_process(process, config.stop_timeout)
        raise
    return process


def start_hr_page(config: ServerConfig) -> tuple[subprocess.Popen[bytes] | None, str | None]:
    """Start the HR page (``python -m bot hr serve``) when ``HR_ADMIN_TOKEN`` is set.

    It binds to ``HR_PAGE_HOST`` (default 127.0.0.1, whatever ``--host`` the chat servers
    use: the HR page is never exposed by accident) on ``HR_PAGE_PORT`` (default 5056, 0:
    any free port) and is waited for like the other servers."""
    env = child_env(config.env)
    if not env_value("HR_ADMIN_TOKEN", env):
        return None, None
    host = env_value("HR_PAGE_HOST", env) or DEFAULT_BIND_HOST
    port = env_int("HR_PAGE_PORT", env) or free_port(host)
    log_path = config.log_dir / "hr_page.log" if config.log_dir is not None else None
    command = [config.python, "-m", "bot", "hr", "serve", "--host", host, "--port", str(port)]
    process = start_process(command, env, log_path)
    url = f"http://{url_host(host)}:{port}"
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
    check_api_settings(child_env(config.env))
    action_port = config.action_port or free_port(config.bind_host)
    rasa_port = config.rasa_port or free_port(config.bind_host)
    host = url_host(config.bind_host)
    action_url = f"http://{host}:{action_port}"
    rasa_url = f"http://{host}:{rasa_port}"
    action_log, rasa_log = _log_paths(config.log_dir)

    action_process = rasa_process = hr_process = None
    with tempfile.TemporaryDirectory(prefix="career-advisor-run-") as tmp:
        try:
            action_process = start_action_server(config, action_port, action_log)
            env = child_env({**config.env, "BIND_HOST": config.bind_host})  # the REST channel reads it
            endpoints = write_endpoints(config.endpoints, f"{action_url}/webhook", Path(tmp), env)
            credentials = write_credentials(config.credentials, Path(tmp), env)
            rasa_process = start_process(
                rasa_server_command(config, rasa_port, endpoints, credentials, api_enabled(env)),
                env,
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
    action_url = f"http://{url_host(config.bind_host)}:{action_port}"
    action_log, _ = _log_paths(config.log_dir or PROJECT_ROOT / "var" / "logs")
    action_process = None
    with tempfile.TemporaryDirectory(prefix="career-advisor-shell-") as tmp:
        try:
            action_process = start_action_server(config, action_port, action_log)
            print(f"Action server: {action_url}/webhook (log: {action_log})", flush=True)
            env = child_env(config.env)
            endpoints = write_endpoints(config.endpoints, f"{action_url}/webhook", Path(tmp), env)
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
                return subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=False).returncode
            finally:
                signal.signal(signal.SIGINT, previous)
        finally:
            stop_process(action_process, config.stop_timeout)
