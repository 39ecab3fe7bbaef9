"""Talking to running servers the way the fuzzer needs: one message through the REST
channel (with the reply's time), the conversation's tracker through the HTTP API, and the
lines the servers logged since the last look."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

#: How long a reply may take; a slower one is a failure (and the walk stops waiting).
REPLY_TIMEOUT_SECONDS = 10.0


@dataclass
class Turn:
    """One user message and everything observed after it."""

    sent: str
    messages: list[dict[str, Any]]
    seconds: float
    error: str | None = None
    #: The tracker's events after the turn (None: not read, e.g. after a timeout).
    events: list[dict[str, Any]] | None = None
    log_lines: list[str] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [str(message.get("text") or "") for message in self.messages]

    @property
    def buttons(self) -> list[dict[str, str]]:
        return [button for message in self.messages for button in (message.get("buttons") or [])]

    def summary(self) -> dict[str, Any]:
        """What the walk's record keeps of this turn (JSON)."""
        return {
            "sent": self.sent,
            "seconds": round(self.seconds, 2),
            "error": self.error,
            "replies": [text[:300] for text in self.texts],
            "buttons": [button.get("payload") for button in self.buttons],
        }


class LogTail:
    """The lines appended to a log file since the previous call."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = path.stat().st_size if path.exists() else 0

    def new_lines(self) -> list[str]:
        if not self.path.exists():
            return []
        with self.path.open("rb") as log:
            log.seek(self.offset)
            chunk = log.read()
        # Keep a partial last line for next time: a log record is being written.
        complete, _, _ = chunk.rpartition(b"\n")
        if not complete and not chunk.endswith(b"\n"):
            return []
        self.offset += len(complete) + 1
        return complete.decode("utf-8", errors="replace").splitlines()


class FuzzTarget:
    """Running Rasa + action servers with the HTTP API on (token) and logs in files."""

    def __init__(self, rasa_url: str, api_token: str, log_files: list[Path]) -> None:
        self.rasa_url = rasa_url.rstrip("/")
        self.api_token = api_token
        self.logs = [LogTail(path) for path in log_files]
        self.http = requests.Session()

    def new_log_lines(self) -> list[str]:
        return [line for log in self.logs for line in log.new_lines()]

    def tracker_events(self, sender: str) -> list[dict[str, Any]]:
        reply = self.http.get(
            f"{self.rasa_url}/conversations/{sender}/tracker",
            params={"include_events": "ALL", "token": self.api_token},
            timeout=REPLY_TIMEOUT_SECONDS,
        )
        reply.raise_for_status()
        return list(reply.json().get("events") or [])

    def send(self, sender: str, text: str) -> Turn:
        """Post ``text`` as ``sender``; never raises: a failure is recorded in the turn."""
        turn = self._post(sender, text)
        if turn.error is None:
            try:
                turn.events = self.tracker_events(sender)
            except (requests.RequestException, ValueError) as error:
                turn.error = f"tracker not readable: {type(error).__name__}: {error}"
        turn.log_lines = self.new_log_lines()
        return turn

    def _post(self, sender: str, text: str) -> Turn:
        started = time.monotonic()
        try:
            reply = self.http.post(
                f"{self.rasa_url}/webhooks/rest/webhook",
                json={"sender": sender, "message": text},
                timeout=REPLY_TIMEOUT_SECONDS,
            )
            seconds = time.monotonic() - started
            if reply.status_code != 200:
                return Turn(text, [], seconds, error=f"HTTP {reply.status_code}")
            return Turn(text, list(reply.json() or []), seconds)
        except requests.Timeout:
            return Turn(text, [], time.monotonic() - started, error="timed out")
        except (requests.RequestException, ValueError) as error:
            return Turn(text, [], time.monotonic() - started, error=f"{type(error).__name__}: {error}")
