"""Signed widget session tokens (plain Python, no Rasa imports: unit-testable on its own).

A browser that starts a widget conversation gets a session id *and* a token,
``<issued_at>.<hmac>``, where the HMAC-SHA256 covers the session id and the time it was
issued. Resuming a session id (page reload, reconnect after a server restart) requires
the token, so knowing or guessing somebody's session id is not enough to read or write
their conversation.

The secret comes from ``WIDGET_SESSION_SECRET``; when unset, one is generated once and
kept in ``$CAREERBOT_VAR_DIR/widget_session_secret`` (mode 0600) so tokens survive a
restart of ``make run``. Several Rasa servers behind a load balancer must share the same
``WIDGET_SESSION_SECRET``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Mapping

from bot.config import env_value, var_dir

SECRET_FILE_NAME = "widget_session_secret"
#: Tokens older than this are refused (the browser then starts a new conversation).
DEFAULT_MAX_AGE_SECONDS = 30 * 24 * 3600
_CONTEXT = b"careerbot-widget-session-v1"


def load_or_create_secret(env: Mapping[str, str] | None = None) -> str:
    """``WIDGET_SESSION_SECRET``, else the secret kept under the var folder (created once)."""
    configured = (env_value("WIDGET_SESSION_SECRET", env) or "").strip()
    if configured:
        return configured
    path = var_dir(env) / SECRET_FILE_NAME
    if path.is_file():
        stored = path.read_text(encoding="utf-8").strip()
        if stored:
            return stored
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    # O_EXCL: two processes starting together must not overwrite each other's secret.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")
    return secret


def max_age_seconds(env: Mapping[str, str] | None = None) -> int:
    try:
        return max(60, int(env_value("WIDGET_SESSION_MAX_AGE", env) or DEFAULT_MAX_AGE_SECONDS))
    except ValueError:
        return DEFAULT_MAX_AGE_SECONDS


def _mac(secret: str, session_id: str, issued_at: int) -> str:
    message = _CONTEXT + b"\0" + session_id.encode("utf-8") + b"\0" + str(issued_at).encode("ascii")
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def sign(secret: str, session_id: str, now: float | None = None) -> str:
    """The token that lets a browser resume ``session_id``."""
    issued_at = int(time.time() if now is None else now)
    return f"{issued_at}.{_mac(secret, session_id, issued_at)}"


def verify(
    secret: str,
    session_id: str,
    token: object,
    max_age: int = DEFAULT_MAX_AGE_SECONDS,
    now: float | None = None,
) -> bool:
    """True when ``token`` was issued by us for ``session_id`` and has not expired."""
    if not isinstance(token, str) or not session_id or token.count(".") != 1:
        return False
    issued_text, mac = token.split(".")
    if not issued_text.isdigit():
        return False
    issued_at = int(issued_text)
    current = time.time() if now is None else now
    if issued_at > current + 60 or current - issued_at > max_age:
        return False
    return hmac.compare_digest(mac, _mac(secret, session_id, issued_at))
