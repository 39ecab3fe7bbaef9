"""The messaging platforms' APIs, stubbed for the channel end-to-end tests
(``test_channels.py``): a local HTTP server that records every call and answers like the
platform would, and a Rasa server started with every channel pointed at it.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from launcher.configuration import ServerConfig
from launcher.processes import free_port
from launcher.servers import RunningServers, running_servers

# The channels' credentials: the tests sign their webhook requests with the same ones.
TELEGRAM_TOKEN = "7000000001:AAE_test-token-for-the-local-stub-000000"
TELEGRAM_SECRET = "telegram-secret-token"
SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
FACEBOOK_SECRET = "facebook-app-secret"
FACEBOOK_VERIFY = "facebook-verify-token"
TWILIO_SID = "AC00000000000000000000000000000000"
TWILIO_TOKEN = "twilio-auth-token"
API_TOKEN = "api-token-for-the-e2e-tests-0123456789"


@dataclass
class Call:
    """One request the stub received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: dict[str, Any] = field(default_factory=dict)


class ApiStub:
    """Records every request and answers like the platform's API would (success)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.changed = threading.Condition()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                parsed = urllib.parse.urlsplit(self.path)
                call = Call(
                    "POST",
                    parsed.path,
                    urllib.parse.parse_qs(parsed.query),
                    dict(self.headers),
                    stub.parse_body(self.headers.get("Content-Type", ""), raw),
                )
                status, answer = stub.answer(call)
                with stub.changed:
                    stub.calls.append(call)
                    stub.changed.notify_all()
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @staticmethod
    def parse_body(content_type: str, raw: bytes) -> dict[str, Any]:
        if not raw:
            return {}
        if content_type.startswith("application/json"):
            return json.loads(raw)
        if content_type.startswith("multipart/form-data"):
            message = BytesParser(policy=HTTP).parsebytes(
                b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
            )
            return {
                part.get_param("name", header="content-disposition"): part.get_content()
                for part in message.iter_parts()
            }
        return {key: values[-1] for key, values in urllib.parse.parse_qs(raw.decode()).items()}

    @staticmethod
    def answer(call: Call) -> tuple[int, Any]:
        if call.path.startswith("/telegram/"):
            method = call.path.rsplit("/", 1)[1]
            if method == "getMe":
                bot = {"id": 7000000001, "is_bot": True, "first_name": "Career advisor"}
                return 200, {"ok": True, "result": {**bot, "username": "careerbot_test_bot"}}
            if method == "sendMessage":
                chat = {"id": int(call.body.get("chat_id", 0)), "type": "private"}
                message = {"message_id": 1, "date": 1732240000, "chat": chat, "text": call.body.get("text")}
                return 200, {"ok": True, "result": message}
            return 200, {"ok": True, "result": True}
        if call.path.startswith("/slack/"):
            return 200, {"ok": True, "channel": call.body.get("channel"), "ts": "1732240001.000100"}
        if call.path.startswith("/twilio/"):
            return 201, {
                "sid": "SM" + uuid.uuid4().hex,
                "account_sid": TWILIO_SID,
                "status": "queued",
                "body": call.body.get("Body"),
                "to": call.body.get("To"),
                "from": call.body.get("From"),
            }
        if call.path.startswith("/facebook/"):
            return 200, {"recipient_id": "7000000000000001", "message_id": "m_" + uuid.uuid4().hex}
        return 404, {"error": "unknown path"}

    def mark(self) -> int:
        with self.changed:
            return len(self.calls)

    def wait_for(
        self, since: int, predicate: Callable[[list[Call]], bool], timeout: float = 60
    ) -> list[Call]:
        """The calls after ``since`` once ``predicate`` holds for them (else fail)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                calls = self.calls[since:]
                if predicate(calls):
                    return calls
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    pytest.fail(f"expected API calls did not arrive; got {calls!r}")
                self.changed.wait(remaining)

    def settle(self, since: int, quiet: float = 1.5) -> list[Call]:
        """The calls after ``since`` once none arrived for ``quiet`` seconds."""
        count = -1
        while count != self.mark():
            count = self.mark()
            time.sleep(quiet)
        return self.calls[since:]


@dataclass
class ChannelServers:
    """The running servers and the stub their channels send to."""

    servers: RunningServers
    stub: ApiStub

    def webhook(self, channel: str) -> str:
        return f"{self.servers.rasa_url}/webhooks/{channel}/webhook"


@contextmanager
def running_channel_servers(
    model_path: Path, log_dir: Path, server_databases: dict[str, str]
) -> Iterator[ChannelServers]:
    """The stub and a Rasa server whose channels all send to it (and with the HTTP API on)."""
    stub = ApiStub()
    stub.thread.start()
    rasa_port = free_port()
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    env = {
        **server_databases,
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_BOT_NAME": "careerbot_test_bot",
        "TELEGRAM_WEBHOOK_URL": f"{rasa_url}/webhooks/telegram/webhook",
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
        "TELEGRAM_API_URL": f"{stub.url}/telegram",
        "SLACK_TOKEN": "xoxb-0000-test",
        "SLACK_SIGNING_SECRET": SLACK_SECRET,
        "SLACK_API_URL": f"{stub.url}/slack/api",
        "TWILIO_ACCOUNT_SID": TWILIO_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "TWILIO_NUMBER": "whatsapp:+14155238886",
        "TWILIO_WEBHOOK_URL": f"{rasa_url}/webhooks/twilio/webhook",
        "TWILIO_API_URL": f"{stub.url}/twilio",
        "FACEBOOK_VERIFY_TOKEN": FACEBOOK_VERIFY,
        "FACEBOOK_APP_SECRET": FACEBOOK_SECRET,
        "FACEBOOK_PAGE_ACCESS_TOKEN": "facebook-page-token",
        "FACEBOOK_API_URL": f"{stub.url}/facebook",
        "ENABLE_API": "true",
        "RASA_API_TOKEN": API_TOKEN,
    }
    config = ServerConfig(
        model=str(model_path),
        bind_host="127.0.0.1",
        rasa_port=rasa_port,
        action_port=0,
        log_dir=log_dir,
        env=env,
    )
    try:
        with running_servers(config) as running:
            yield ChannelServers(running, stub)
    finally:
        stub.server.shutdown()
        stub.server.server_close()
