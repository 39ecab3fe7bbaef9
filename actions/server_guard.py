"""Who may call the action server, and with what (a Sanic request middleware).

rasa_sdk's server answers any POST to ``/webhook``: whoever can reach it could run an action
under somebody else's sender id (read their profile, take HR's private answer to their ticket,
run "forget me"). Rasa sends the action endpoint's ``token`` as the ``?token=`` query parameter
(endpoints.yml ``action_endpoint.token``, filled by the launcher from ``ACTION_SERVER_TOKEN``),
so the action server refuses, before rasa_sdk reads the body:

- **401** a call to ``/webhook`` or ``/actions`` without the shared token, or with another one;
  with no ``ACTION_SERVER_TOKEN`` configured every such call (secure by default: the launcher
  always sets one);
- **415** a body that is not ``application/json`` (a web page can post ``text/plain`` to any
  address without a CORS preflight, so accepting it would let any page a user opens call it);
- **413** a body larger than ``ACTION_SERVER_MAX_BODY_BYTES``, or a ``deflate`` body that
  inflates beyond it (rasa_sdk inflates without a limit: 204 KB became 210 MB);
- **400** a body that is not an action call (a JSON object with ``next_action`` and a
  ``tracker`` object): rasa_sdk answered a JSON array with a 500.

An error inside rasa_sdk is logged as one line (its type and where it was raised) and answered
with a 500 that says only that: rasa_sdk's own handler logged the whole request and echoed
its body, the whole conversation, in a 55 KB line.

``/health`` stays open for load balancers and readiness checks.
"""

from __future__ import annotations

import hmac
import json
import logging
import zlib
from collections.abc import Mapping

from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.guard import failure_location
from bot.config import env_value

logger = logging.getLogger(__name__)

#: The paths that run or list actions; everything else rasa_sdk serves is ``/health``.
GUARDED_PATHS = ("/webhook", "/actions")
DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024
#: Sanic's default is 60 s; Rasa sends a whole action call in well under a second.
REQUEST_TIMEOUT_SECONDS = 30


def _error(status: int, code: str, message: str) -> HTTPResponse:
    return response.json({"error": code, "message": message}, status=status)


def configured_token(env: Mapping[str, str] | None = None) -> str:
    return (env_value("ACTION_SERVER_TOKEN", env) or "").strip()


def max_body_bytes(env: Mapping[str, str] | None = None) -> int:
    raw = env_value("ACTION_SERVER_MAX_BODY_BYTES", env)
    try:
        value = int(str(raw)) if raw else DEFAULT_MAX_BODY_BYTES
    except ValueError:
        return DEFAULT_MAX_BODY_BYTES
    return value if value > 0 else DEFAULT_MAX_BODY_BYTES


def token_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison; never true when no token is configured."""
    return bool(expected) and given is not None and hmac.compare_digest(given.encode(), expected.encode())


def inflated_within(body: bytes, limit: int) -> bytes | None:
    """A ``deflate`` body inflated, or ``None`` when it is not deflate or inflates beyond
    ``limit`` bytes (it is never inflated further than that)."""
    inflater = zlib.decompressobj()
    try:
        inflated = inflater.decompress(body, limit + 1)
    except zlib.error:
        return None
    if len(inflated) > limit or inflater.unconsumed_tail:
        return None
    return inflated


def inflates_within(body: bytes, limit: int) -> bool:
    """Does a ``deflate`` body inflate to at most ``limit`` bytes (and is it valid deflate)?"""
    return inflated_within(body, limit) is not None


def refusal(request: Request, token: str, limit: int) -> HTTPResponse | None:
    """The error response for a request the action server must not serve, else ``None``."""
    if request.path not in GUARDED_PATHS:
        return None
    if not token_matches(request.args.get("token"), token):
        logger.warning("action server: %s %s refused (no or wrong token)", request.method, request.path)
        return _error(401, "unauthorized", "This server only answers the assistant's Rasa server.")
    if request.method != "POST":
        return None
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        return _error(415, "unsupported_media_type", "Send the action call as application/json.")
    body = request.body or b""
    if len(body) > limit:
        return _error(413, "too_large", f"The action call is larger than {limit} bytes.")
    if request.headers.get("content-encoding") == "deflate":
        inflated = inflated_within(body, limit)
        if inflated is None:
            return _error(
                413, "too_large", f"The action call inflates beyond {limit} bytes or is not deflate."
            )
        body = inflated
    if not is_action_call(body):
        return _error(400, "bad_request", 'Send an action call: {"next_action": ..., "tracker": {...}, ...}.')
    return None


def is_action_call(body: bytes) -> bool:
    """Is ``body`` a JSON object naming the action to run and carrying a tracker?"""
    try:
        call = json.loads(body)
    except ValueError:
        return False
    return (
        isinstance(call, dict)
        and isinstance(call.get("next_action"), str)
        and isinstance(call.get("tracker"), dict)
    )


def install(app: Sanic, env: Mapping[str, str] | None = None) -> None:
    """Add the checks to rasa_sdk's app (``rasa_sdk_plugins``), with Sanic's own size limit."""
    token = configured_token(env)
    limit = max_body_bytes(env)
    if not token:
        logger.error("ACTION_SERVER_TOKEN is not set: every action call will be refused (401)")
    # Sanic refuses bigger bodies while reading them (413), before any of this runs.
    app.config.REQUEST_MAX_SIZE = limit
    # A client that sends its headers and then trickles the body is dropped after this long.
    app.config.REQUEST_TIMEOUT = REQUEST_TIMEOUT_SECONDS

    async def check(request: Request) -> HTTPResponse | None:
        return refusal(request, token, limit)

    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        if isinstance(exception, SanicException) and exception.status_code < 500:
            return _error(exception.status_code, "bad_request", str(exception) or "Bad request.")
        logger.error(
            "action server: %s %s failed: %s at %s",
            request.method,
            request.path,
            type(exception).__name__,
            failure_location(exception),
        )
        return _error(500, "internal_error", "The action failed; the assistant answers with an apology.")

    app.register_middleware(check, "request")
    # replaces rasa_sdk's handler, which logged and echoed the whole request body
    app.error_handler.add(Exception, failed)
