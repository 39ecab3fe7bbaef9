"""Process supervision: free ports, start a process in a group of its own (in the project
folder), wait until it answers over HTTP, stop it (SIGTERM, then SIGKILL).

Nothing here knows which servers the project runs (``launcher.servers``) or how they are
configured (``launcher.configuration``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from bot.config import PROJECT_ROOT

DEFAULT_STOP_TIMEOUT = 15.0


class ServerStartError(RuntimeError):
    """A server exited or did not answer in time, or its configuration is refused."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def url_host(host: str) -> str:
    """The host to put in URLs: a wildcard bind address is reached through loopback."""
    return "127.0.0.1" if host in ("0.0.0.0", "") else host


def start_process(
    command: Sequence[str], env: dict[str, str], log_path: Path | None
) -> subprocess.Popen[bytes]:
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


def http_get(url: str, timeout: float = 2.0) -> tuple[int, str]:
    """Status and body of a GET (an HTTP error status is an answer too)."""
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
            status, body = http_get(url)
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
