"""The action server's request checks (actions/server_guard.py), table-driven on the decision
function; tests/e2e/test_action_server_auth.py checks the same on the running server."""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rasa.utils.endpoints import read_endpoint_config

from actions.server_guard import inflates_within, max_body_bytes, refusal, token_matches
from launcher.configuration import PROJECT_ROOT, child_env, write_endpoints

TOKEN = "s3cret-token-for-tests"
LIMIT = 1000


@dataclass
class FakeRequest:
    """The parts of a Sanic request the checks read."""

    path: str = "/webhook"
    method: str = "POST"
    args: dict[str, str] = field(default_factory=lambda: {"token": TOKEN})
    headers: dict[str, str] = field(default_factory=lambda: {"content-type": "application/json"})
    body: bytes = b'{"next_action": "action_listen", "tracker": {"sender_id": "s1"}}'


def status_of(request: Any, token: str = TOKEN) -> int | None:
    refused = refusal(request, token, LIMIT)
    return None if refused is None else refused.status


@pytest.mark.parametrize(
    ("request_", "status"),
    [
        (FakeRequest(), None),
        (FakeRequest(headers={"content-type": "application/json; charset=utf-8"}), None),
        (FakeRequest(args={}), 401),
        (FakeRequest(args={"token": "wrong"}), 401),
        (FakeRequest(args={"token": TOKEN[:-1]}), 401),
        (FakeRequest(path="/actions", method="GET", args={}), 401),
        (FakeRequest(path="/actions", method="GET"), None),
        (FakeRequest(path="/health", method="GET", args={}), None),
        (FakeRequest(headers={"content-type": "text/plain"}), 415),
        (FakeRequest(headers={}), 415),
        (FakeRequest(headers={"content-type": "application/x-www-form-urlencoded"}), 415),
        (FakeRequest(body=b"x" * (LIMIT + 1)), 413),
        (
            FakeRequest(body=b'{"next_action": "a", "tracker": {}, "pad": "' + b"x" * (LIMIT - 50) + b'"}'),
            None,
        ),
        (
            FakeRequest(
                headers={"content-type": "application/json", "content-encoding": "deflate"},
                body=zlib.compress(b" " * (LIMIT * 50)),
            ),
            413,
        ),
        (
            FakeRequest(
                headers={"content-type": "application/json", "content-encoding": "deflate"},
                body=zlib.compress(b'{"next_action": "action_listen", "tracker": {}}'),
            ),
            None,
        ),
        (
            FakeRequest(
                headers={"content-type": "application/json", "content-encoding": "deflate"}, body=b"nope"
            ),
            413,
        ),
        # not an action call: rasa_sdk answered these with a 500 (or ran nothing and said 200)
        (FakeRequest(body=b"[]"), 400),
        (FakeRequest(body=b'"hello"'), 400),
        (FakeRequest(body=b""), 400),
        (FakeRequest(body=b"{not json"), 400),
        (FakeRequest(body=b'{"next_action": 5, "tracker": {}}'), 400),
        (FakeRequest(body=b'{"next_action": "action_listen", "tracker": []}'), 400),
    ],
)
def test_each_request_is_served_or_refused_with_its_status(request_: FakeRequest, status: int | None) -> None:
    assert status_of(request_) == status


def test_without_a_configured_token_every_action_call_is_refused() -> None:
    assert status_of(FakeRequest(args={"token": ""}), token="") == 401
    assert status_of(FakeRequest(args={}), token="") == 401
    assert not token_matches("", "")


def test_a_small_bomb_is_stopped_before_it_inflates_fully() -> None:
    bomb = zlib.compress(b"\0" * 50_000_000)
    assert len(bomb) < 100_000
    assert not inflates_within(bomb, 8 * 1024 * 1024)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, 8 * 1024 * 1024), ("2048", 2048), ("0", 8 * 1024 * 1024), ("lots", 8 * 1024 * 1024)],
)
def test_the_body_limit_comes_from_the_environment(raw: str | None, expected: int) -> None:
    env = {} if raw is None else {"ACTION_SERVER_MAX_BODY_BYTES": raw}
    assert max_body_bytes(env) == expected


def test_the_launcher_gives_both_servers_one_token_and_writes_only_a_placeholder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ACTION_SERVER_TOKEN", raising=False)
    action_env, rasa_env = child_env(), child_env()
    generated = action_env["ACTION_SERVER_TOKEN"]
    assert len(generated) >= 32 and rasa_env["ACTION_SERVER_TOKEN"] == generated

    endpoints = write_endpoints(
        PROJECT_ROOT / "endpoints.yml", "http://127.0.0.1:1/webhook", tmp_path, rasa_env
    )
    assert generated not in endpoints.read_text(encoding="utf-8")
    monkeypatch.setenv("ACTION_SERVER_TOKEN", generated)  # the Rasa server's environment
    config = read_endpoint_config(str(endpoints), "action_endpoint")
    assert config is not None and config.token == generated

    assert child_env({"ACTION_SERVER_TOKEN": "configured-token"})["ACTION_SERVER_TOKEN"] == "configured-token"


def test_errors_inside_rasa_sdk_are_one_line_and_never_echo_the_conversation(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from rasa_sdk.endpoint import create_app

    from actions import server_guard

    app = create_app("actions")
    server_guard.install(app, {"ACTION_SERVER_TOKEN": TOKEN})
    handler = app.error_handler.lookup(RuntimeError("boom"), None)
    request = FakeRequest(body=b'{"next_action": "x", "tracker": {"events": ["my salary is 50k"]}}')

    reply = asyncio.run(handler(request, RuntimeError("my salary is 50k")))

    assert reply.status == 500 and b"salary" not in reply.body
    assert "salary" not in caplog.text and "RuntimeError" in caplog.text
