"""The command line of ``make run`` / ``make shell``: ``python -m launcher``.

    python -m launcher                                  # ports 5005 / 5055 on 127.0.0.1
    python -m launcher --rasa-port 0 --action-port 0    # any free ports
    python -m launcher --shell                          # rasa shell + action server

Options fall back to environment variables (``MODEL_PATH``, ``BIND_HOST``, ``RASA_PORT``,
``ACTION_PORT``, ``CORS_ORIGINS``; docs/configuration.md lists them all). Ctrl-C or SIGTERM
stops every server.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bot.config import PROJECT_ROOT, env_int, env_value
from launcher.configuration import (
    DEFAULT_START_TIMEOUT,
    ServerConfig,
    api_enabled,
    child_env,
    messaging_webhooks,
)
from launcher.processes import ServerStartError
from launcher.servers import RunningServers, run_shell, running_servers


def connection_help(servers: RunningServers) -> str:
    """What to print once both servers answer."""
    env = child_env(servers.config.env)
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
    for channel, webhook in messaging_webhooks(env).items():
        name = channel.rsplit(".", 1)[1]
        lines.append(f"  {name}: webhook {servers.rasa_url}{webhook}")
    return "\n".join(lines)


def split_origins(value: str | None) -> list[str]:
    return [origin for origin in (value or "").replace(",", " ").split() if origin]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m launcher",
        description="Start the action server and the Rasa server together, wait until both "
        "answer, and stop both cleanly on Ctrl-C / SIGTERM.",
    )
    parser.add_argument(
        "--model",
        default=env_value("MODEL_PATH"),
        help="model archive, or a directory holding archives (env MODEL_PATH)",
    )
    parser.add_argument(
        "--host",
        default=env_value("BIND_HOST"),
        help="address both servers bind to (env BIND_HOST)",
    )
    parser.add_argument(
        "--rasa-port",
        type=int,
        default=env_int("RASA_PORT"),
        help="Rasa server port, 0 for any free port (env RASA_PORT)",
    )
    parser.add_argument(
        "--action-port",
        type=int,
        default=env_int("ACTION_PORT"),
        help="action server port, 0 for any free port (env ACTION_PORT)",
    )
    parser.add_argument("--endpoints", type=Path, default=PROJECT_ROOT / "endpoints.yml")
    parser.add_argument("--credentials", type=Path, default=PROJECT_ROOT / "credentials.yml")
    parser.add_argument(
        "--cors",
        nargs="*",
        default=split_origins(env_value("CORS_ORIGINS")),
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
