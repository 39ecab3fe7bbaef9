"""The widget channel without a server: session tokens, origin check, static files,
the launcher's credentials and HTTP API settings."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

import pytest
import yaml

from addons.channels import session_tokens
from addons.channels.widget import STATIC_FILES, WIDGET_DIR, WidgetInput, origin_is_allowed, split_origins
from launcher.configuration import (
    PROJECT_ROOT,
    ServerConfig,
    check_api_settings,
    enabled_messaging_channels,
    write_credentials,
)
from launcher.processes import ServerStartError
from launcher.servers import RASA_WITH_API_SECRETS, rasa_server_command

SOCKET_IO_SHA256 = "d5d79a35039e860b32bdef4795528b05c2f788d4b2d9dacc913120e2878f7b3f"


# --- session tokens -------------------------------------------------------------------------------


def test_a_token_resumes_only_its_own_session():
    token = session_tokens.sign("secret", "abc", now=1_000_000)
    assert session_tokens.verify("secret", "abc", token, now=1_000_100)
    assert not session_tokens.verify("secret", "abd", token, now=1_000_100)
    assert not session_tokens.verify("other secret", "abc", token, now=1_000_100)


@pytest.mark.parametrize("token", [None, "", "abc", "1.2.3", "x.y", 12, "1000000.", "1000000.AAAA"])
def test_malformed_tokens_are_refused(token):
    assert not session_tokens.verify("secret", "abc", token, now=1_000_100)


def test_expired_and_future_tokens_are_refused():
    token = session_tokens.sign("secret", "abc", now=1_000_000)
    assert not session_tokens.verify("secret", "abc", token, max_age=3600, now=1_000_000 + 3601)
    future = session_tokens.sign("secret", "abc", now=2_000_000)
    assert not session_tokens.verify("secret", "abc", future, now=1_000_000)


def test_the_secret_comes_from_the_environment_or_is_created_once(tmp_path):
    assert session_tokens.load_or_create_secret({"WIDGET_SESSION_SECRET": " s3cret "}) == "s3cret"
    env = {"CAREERBOT_VAR_DIR": str(tmp_path / "var")}
    first = session_tokens.load_or_create_secret(env)
    assert len(first) >= 40
    assert session_tokens.load_or_create_secret(env) == first
    path = tmp_path / "var" / session_tokens.SECRET_FILE_NAME
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


# --- origins --------------------------------------------------------------------------------------


def _environ(host="127.0.0.1:5005", scheme="http"):
    return {"HTTP_HOST": host, "wsgi.url_scheme": scheme}


@pytest.mark.parametrize(
    "origin",
    [None, "", "http://127.0.0.1:5005", "http://localhost:5005", "https://intranet.example.com"],
)
def test_allowed_origins(origin):
    assert origin_is_allowed(origin, _environ(), ["https://intranet.example.com"])


@pytest.mark.parametrize(
    "origin",
    ["http://evil.example", "http://127.0.0.1:8000", "https://127.0.0.1:5005", "null", "http://localhost"],
)
def test_refused_origins(origin):
    assert not origin_is_allowed(origin, _environ(), ["https://intranet.example.com"])


def test_own_origin_behind_a_host_name():
    assert origin_is_allowed("https://bot.example.com", _environ("bot.example.com", "https"), [])


def test_wildcards_cannot_be_configured():
    assert split_origins("https://a.example, *  https://b.example/") == [
        "https://a.example",
        "https://b.example",
    ]


def test_channel_reads_origins_from_credentials_and_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("WIDGET_ALLOWED_ORIGINS", "https://intranet.example.com")
    monkeypatch.setenv("CAREERBOT_VAR_DIR", str(tmp_path))
    channel = WidgetInput.from_credentials({"allowed_origins": "https://hr.example.com"})
    assert isinstance(channel, WidgetInput)
    assert channel.allowed_origins == ["https://hr.example.com", "https://intranet.example.com"]
    assert channel.session_persistence is True


def test_session_request_needs_the_token_to_resume(monkeypatch, tmp_path):
    monkeypatch.setenv("WIDGET_SESSION_SECRET", "test-secret")
    channel = WidgetInput.from_credentials({})
    assert isinstance(channel, WidgetInput)
    first = channel.resume_or_new_session(None)
    assert re.fullmatch(r"[0-9a-f]{32}", first["session_id"])
    resumed = channel.resume_or_new_session(first)
    assert resumed["session_id"] == first["session_id"]
    taken_over = channel.resume_or_new_session({"session_id": first["session_id"]})
    assert taken_over["session_id"] != first["session_id"]
    forged = channel.resume_or_new_session({"session_id": first["session_id"], "session_token": "1.abc"})
    assert forged["session_id"] != first["session_id"]


# --- static files ---------------------------------------------------------------------------------


def test_every_served_file_exists_and_the_socket_io_client_is_the_pinned_one():
    for relative in STATIC_FILES.values():
        assert (WIDGET_DIR / relative).is_file(), relative
    digest = hashlib.sha256((WIDGET_DIR / "vendor" / "socket.io.min.js").read_bytes()).hexdigest()
    assert digest == SOCKET_IO_SHA256
    assert (WIDGET_DIR / "vendor" / "socket.io-client.LICENSE").read_text().startswith("The MIT License")


def test_widget_script_never_renders_html():
    script = (WIDGET_DIR / "widget.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


def test_the_demo_page_embeds_the_widget_with_one_script_tag():
    page = (WIDGET_DIR / "demo.html").read_text(encoding="utf-8")
    assert page.count("<script") == 1 and 'src="/widget/widget.js"' in page


# --- launcher: credentials and HTTP API -----------------------------------------------------------


def test_default_credentials_are_rest_and_the_widget():
    content = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert set(content) == {"addons.channels.rest.RestChannel", "addons.channels.widget.WidgetInput"}


def test_only_channels_with_their_variables_set_are_written(tmp_path: Path, capsys):
    env = {
        "TWILIO_ACCOUNT_SID": "AC123",
        "TWILIO_AUTH_TOKEN": "token",
        "TWILIO_NUMBER": "whatsapp:+14155238886",
        "SLACK_TOKEN": "xoxb-1",  # signing secret missing: not enabled, with a warning
    }
    path = write_credentials(PROJECT_ROOT / "credentials.yml", tmp_path, env)
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(content) == {
        "addons.channels.rest.RestChannel",
        "addons.channels.widget.WidgetInput",
        "addons.channels.messaging.TwilioChannel",
    }
    assert content["addons.channels.messaging.TwilioChannel"] == {
        "account_sid": "${TWILIO_ACCOUNT_SID}",
        "auth_token": "${TWILIO_AUTH_TOKEN}",
        "twilio_number": "${TWILIO_NUMBER}",
    }
    assert "token" not in path.read_text(encoding="utf-8").replace("auth_token", "")
    assert "SlackChannel not enabled, missing SLACK_SIGNING_SECRET" in capsys.readouterr().err


def test_optional_channel_settings_are_added_when_set():
    channels = enabled_messaging_channels({"TELEGRAM_TOKEN": "1:abc", "TELEGRAM_SECRET_TOKEN": "s"})
    assert channels == {
        "addons.channels.messaging.TelegramChannel": {
            "access_token": "${TELEGRAM_TOKEN}",
            "secret_token": "${TELEGRAM_SECRET_TOKEN}",
        }
    }


def test_the_http_api_is_off_unless_enabled_and_then_needs_a_token():
    check_api_settings({})
    check_api_settings({"ENABLE_API": "false"})
    with pytest.raises(ServerStartError, match="RASA_API_TOKEN"):
        check_api_settings({"ENABLE_API": "true"})
    with pytest.raises(ServerStartError, match="at least 16"):
        check_api_settings({"ENABLE_API": "true", "RASA_API_TOKEN": "short"})
    check_api_settings({"ENABLE_API": "true", "RASA_API_TOKEN": "x" * 32})
    check_api_settings({"ENABLE_API": "1", "RASA_JWT_SECRET": "jwt-secret"})


def test_api_secrets_stay_off_the_command_line(tmp_path):
    config = ServerConfig(model="m.tar.gz")
    closed = rasa_server_command(config, 5005, tmp_path / "endpoints.yml", tmp_path / "credentials.yml")
    assert "--enable-api" not in closed and closed[1:3] == ["-m", "rasa"]
    assert str(tmp_path / "credentials.yml") in closed
    opened = rasa_server_command(config, 5005, tmp_path / "endpoints.yml", enable_api=True)
    assert opened[1:3] == ["-c", RASA_WITH_API_SECRETS] and opened[3] == "run"
    assert "--auth-token" not in opened[3:]


def test_the_launcher_refuses_to_start_an_open_http_api(monkeypatch, tmp_path, capsys):
    from launcher import cli as run_servers
    from launcher import servers

    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"not started anyway")
    monkeypatch.setenv("ENABLE_API", "true")
    monkeypatch.delenv("RASA_API_TOKEN", raising=False)
    monkeypatch.delenv("RASA_JWT_SECRET", raising=False)
    started = []
    monkeypatch.setattr(servers, "start_action_server", lambda *args: started.append(args))
    monkeypatch.setattr(run_servers.signal, "signal", lambda *args: None)  # keep pytest's handlers
    assert run_servers.main(["--model", str(model), "--rasa-port", "0", "--action-port", "0"]) == 1
    assert "refusing to start an open HTTP API" in capsys.readouterr().err
    assert started == []
