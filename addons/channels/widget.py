"""The intranet web widget's channel: Rasa's socket.io channel, made safe to expose, plus
the widget's static files.

What it changes compared with ``rasa.core.channels.socketio.SocketIOInput``:

- **Origins.** Rasa creates its socket.io server with ``cors_allowed_origins=[]``, which
  switches the origin check off: any web page could open a socket to the bot. Here a
  connection whose ``Origin`` header is not allowed is refused during the handshake.
  Allowed: the server's own origin, ``http://127.0.0.1:<port>`` / ``http://localhost:<port>``
  of the port the browser connected to, and every origin in ``WIDGET_ALLOWED_ORIGINS``
  (space or comma separated, e.g. ``https://intranet.example.com``) or in the channel's
  ``allowed_origins`` credential. ``*`` is refused on purpose.
- **Sessions.** Rasa takes the conversation id from every message (``data["session_id"]``)
  as given, so whoever knows an id can write into that conversation, and a
  ``session_request`` with somebody else's id joins the room their replies go to. Here
  ``session_request`` answers with ``{"session_id", "session_token"}`` (an HMAC, see
  ``session_tokens``); resuming an existing id requires its token, otherwise the browser
  gets a new conversation. The id is bound to the socket on the server, and messages
  carrying another id are dropped.
- **Rich replies.** A learning path goes out as one message with its text and the
  payload as ``custom`` (:class:`WidgetOutput`; docs/channels-and-widget.md "Rich replies").
- **Signed-in employees.** A ``session_request`` may carry ``identity_token``, a JWT the
  intranet signed for the employee (verified by ``identity``, key from
  ``WIDGET_IDENTITY_JWT_KEY``). A valid one binds the socket to the employee's own
  conversation (``bot.identity.employee_sender_id``: the same on every device), and
  ``session_confirm`` then carries ``signed_in: true``, the employee's ``name`` and the
  conversation's last messages (``history``, see ``history``), but no session token: an
  ``employee:`` conversation is resumed only with a valid identity token, never with a
  session token. Each of the employee's messages carries the verified identity in its
  metadata (``bot.identity.METADATA_KEY``; whatever the client sent under that key is
  dropped, on every socket), which the HR hand-off records with the ticket. An invalid
  or expired token gets an ``identity_error`` event, ``{"reason": "invalid"|"expired"|
  "unavailable"}``, and the browser carries on anonymously, as without a token.
- ``enter_room`` is awaited: python-socketio 5.x made it a coroutine and Rasa 3.6 calls it
  without ``await``, so replies of a persisted session never reach the browser.
- **Static files.** ``/widget/widget.js`` (the embeddable script), ``widget.css``,
  ``socket.io.min.js`` (vendored socket.io client), and ``/widget/demo`` (a demo intranet
  page that embeds the widget with one ``<script>`` tag).

Configured in credentials.yml::

    addons.channels.widget.WidgetInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
"""

from __future__ import annotations

import json
import logging
import mimetypes
import uuid
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from addons.channels import identity, session_tokens
from addons.channels.guard import MAX_MESSAGE_CHARS, GuardedChannel
from addons.channels.history import widget_history
from addons.channels.rich_text import rich_payload
from bot.config import env_value
from bot.identity import METADATA_KEY, Employee, is_employee_sender

logger = logging.getLogger(__name__)

WIDGET_DIR = Path(__file__).resolve().parents[2] / "widget"
#: The files the widget blueprint serves (nothing else under widget/ is reachable).
STATIC_FILES = {
    "widget.js": "widget.js",
    "widget.css": "widget.css",
    "socket.io.min.js": "vendor/socket.io.min.js",
    "demo": "demo.html",
    "demo.css": "demo.css",
}
MAX_METADATA_BYTES = 4096


def split_origins(value: str | Iterable[str] | None) -> list[str]:
    if not value:
        return []
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    return [item.strip().rstrip("/") for item in items if item and item.strip() and item.strip() != "*"]


def origin_is_allowed(origin: str | None, environ: dict[str, Any], configured: Iterable[str]) -> bool:
    """The origin check of the engine.io handshake (``environ`` is its WSGI-like dict)."""
    if not origin:
        return True  # not a browser (browsers always send Origin on WebSocket / CORS requests)
    origin = origin.rstrip("/")
    if origin in configured:
        return True
    host = environ.get("HTTP_HOST", "")
    scheme = environ.get("wsgi.url_scheme", "http")
    if host and origin == f"{scheme}://{host}":
        return True  # the page was served by this server (e.g. /widget/demo)
    port = host.rsplit(":", 1)[1] if ":" in host else ("443" if scheme == "https" else "80")
    return origin in {f"http://127.0.0.1:{port}", f"http://localhost:{port}"}


class WidgetSocketBlueprint(SocketBlueprint):
    """Attaches socket.io to the app and registers the widget's static routes at /widget."""

    def __init__(self, sio: AsyncServer, socketio_path: str, static: Blueprint, *args: Any, **kwargs: Any):
        super().__init__(sio, socketio_path, *args, **kwargs)
        self.ctx.static = static

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        super().register(app, options)
        self.ctx.app = app  # its ``ctx.agent`` holds the tracker store (the employees' history)
        app.blueprint(self.ctx.static)


def static_blueprint(widget_dir: Path = WIDGET_DIR) -> Blueprint:
    static = Blueprint("widget_static", url_prefix="/widget")

    @static.route("/<name>", methods=["GET"])
    async def serve(_: Request, name: str) -> HTTPResponse:
        relative = STATIC_FILES.get(name)
        if relative is None:
            return response.text("not found", status=404)
        path = widget_dir / relative
        content_type = "text/html" if name == "demo" else mimetypes.guess_type(path.name)[0]
        headers = {
            "Cache-Control": "no-cache",
            "X-Content-Type-Options": "nosniff",
            "Cross-Origin-Resource-Policy": "cross-origin",  # embeddable in other origins
        }
        if name == "demo":
            headers["Content-Security-Policy"] = (
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'"
            )
        return await response.file(path, headers=headers, mime_type=content_type or "text/plain")

    @static.route("/", methods=["GET"])
    async def index(_: Request) -> HTTPResponse:
        return response.redirect("/widget/demo")

    return static


#: Message metadata the widget acts on, passed on with the text (``actions/privacy.py``).
WIDGET_EVENT_KEY = "widget_event"


class WidgetOutput(SocketIOOutput):
    """Rasa's socket.io output, with two additions:

    - a rich reply (learning path, course: ``bot.advice.rich_path``) is one ``bot_uttered``
      with its ``text`` and the payload as ``custom``, which the widget renders as cards (an
      older widget shows the text); Rasa's own ``send_custom_json`` would spread the payload
      into ``emit``'s arguments and fail;
    - the ``widget_event`` a bot message may carry as metadata is passed on (Rasa's output
      drops metadata; the widget needs to know when "forget me" was done).
    """

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        payload = rich_payload(message.get("custom"))
        if payload is None:
            await super().send_response(recipient_id, message)
            return
        await self._send_message(recipient_id, {"text": payload["text"], "custom": payload})

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        event = kwargs.get(WIDGET_EVENT_KEY)
        if not isinstance(event, str):
            await super().send_text_message(recipient_id, text, **kwargs)
            return
        for part in text.strip().split("\n\n"):
            await self._send_message(recipient_id, {"text": part, WIDGET_EVENT_KEY: event})


class WidgetInput(GuardedChannel, SocketIOInput):
    """Rasa's socket.io channel with an origin check, signed sessions and the widget files,
    behind the project's guard (rate limit, HR answers: addons/channels/guard.py)."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", True),
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "metadata"),
            allowed_origins=split_origins(credentials.get("allowed_origins"))
            + split_origins(env_value("WIDGET_ALLOWED_ORIGINS")),
        )

    def __init__(self, *args: Any, allowed_origins: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_origins = split_origins(list(allowed_origins))
        self.secret = session_tokens.load_or_create_secret()
        self.max_age = session_tokens.max_age_seconds()
        self.identity = identity.verifier_from_env()

    def _origin_check(self, origin: str | None, environ: dict[str, Any]) -> bool:
        allowed = origin_is_allowed(origin, environ, self.allowed_origins)
        if not allowed:
            logger.warning("Refused a socket.io connection from origin %s (not allowed)", origin)
        return allowed

    def new_session(self) -> dict[str, str]:
        session_id = uuid.uuid4().hex
        return {"session_id": session_id, "session_token": session_tokens.sign(self.secret, session_id)}

    def resume_or_new_session(self, data: Any) -> dict[str, str]:
        """The session a ``session_request`` gets: the requested one only with a valid token."""
        data = data if isinstance(data, dict) else {}
        session_id = data.get("session_id")
        if is_employee_sender(session_id):
            logger.info("session_request for an employee's conversation without their identity: new session")
        elif isinstance(session_id, str) and session_id:
            if session_tokens.verify(self.secret, session_id, data.get("session_token"), self.max_age):
                return {
                    "session_id": session_id,
                    "session_token": session_tokens.sign(self.secret, session_id),
                }
            logger.info("session_request for an existing session id without a valid token: new session")
        return self.new_session()

    def identify(self, token: object) -> tuple[Employee | None, str | None]:
        """The employee a session_request's ``identity_token`` proves, or why it does not."""
        if token is None or token == "":
            return None, None
        if self.identity is None:
            logger.warning("session_request with an identity token, but WIDGET_IDENTITY_JWT_KEY is not set")
            return None, "unavailable"
        try:
            return self.identity.verify(token), None
        except identity.IdentityError as error:
            logger.warning("Refused a widget identity token (%s): %s", error.reason, error)
            return None, error.reason

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = self.guarded(on_new_message)
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=self._origin_check)
        socketio_webhook = WidgetSocketBlueprint(
            sio, self.socketio_path or "/socket.io", static_blueprint(), "widget_socketio_webhook", __name__
        )
        self.sio = sio
        namespace = self.namespace

        async def recent_history(sender_id: str) -> list[dict[str, Any]]:
            """The conversation's last messages from the tracker store ([] when unknown)."""
            app_ctx = getattr(getattr(socketio_webhook.ctx, "app", None), "ctx", None)
            store = getattr(getattr(app_ctx, "agent", None), "tracker_store", None)
            if store is None:
                return []
            try:
                tracker = await store.retrieve_full_tracker(sender_id)
            except Exception:  # the history is a convenience: never fail the session over it
                logger.exception("Could not read the history of an employee's conversation")
                return []
            return widget_history(event.as_dict() for event in tracker.events) if tracker else []

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict, auth: dict | None) -> bool:
            if self.jwt_key:
                token = auth.get("token") if isinstance(auth, dict) else None
                if not token or not decode_bearer_token(token, self.jwt_key, self.jwt_algorithm or "HS256"):
                    return False
            logger.debug("socket.io client %s connected", sid)
            return True

        @sio.on("disconnect", namespace=namespace)
        async def disconnect(sid: str, *_: Any) -> None:
            logger.debug("socket.io client %s disconnected", sid)

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            if not self.session_persistence:
                await sio.emit("session_confirm", {"session_id": sid}, room=sid, namespace=namespace)
                return
            request = data if isinstance(data, dict) else {}
            employee, problem = self.identify(request.get("identity_token"))
            if problem:
                await sio.emit("identity_error", {"reason": problem}, room=sid, namespace=namespace)
            session: dict[str, Any]
            if employee is not None:
                session = {
                    "session_id": employee.sender_id,
                    "signed_in": True,
                    "name": employee.name,
                    "history": await recent_history(employee.sender_id),
                }
            else:
                session = self.resume_or_new_session(request)
            previous = (await sio.get_session(sid, namespace=namespace)).get("session_id")
            if previous and previous != session["session_id"]:
                await sio.leave_room(sid, previous, namespace=namespace)
            bound = {
                "session_id": session["session_id"],
                "employee": employee.as_metadata() if employee else None,
            }
            await sio.save_session(sid, bound, namespace=namespace)
            await sio.enter_room(sid, session["session_id"], namespace=namespace)
            await sio.emit("session_confirm", session, room=sid, namespace=namespace)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                return
            employee = None
            if self.session_persistence:
                bound = await sio.get_session(sid, namespace=namespace)
                sender_id, employee = bound.get("session_id"), bound.get("employee")
                if not sender_id:
                    logger.warning("Dropped a message from %s sent before session_request", sid)
                    return
                claimed = data.get("session_id")
                if claimed and claimed != sender_id:
                    logger.warning("Dropped a message from %s for a session it does not own", sid)
                    return
            else:
                sender_id = sid
            text = data.get("message", "")
            if not isinstance(text, str) or not text.strip():
                return
            metadata = data.get(self.metadata_key or "metadata") or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            if not isinstance(metadata, dict) or len(json.dumps(metadata)) > MAX_METADATA_BYTES:
                metadata = {}
            metadata.pop(METADATA_KEY, None)  # an identity comes from the verified token only
            if employee:
                metadata[METADATA_KEY] = dict(employee)
            message = UserMessage(
                text[:MAX_MESSAGE_CHARS],
                WidgetOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
                metadata=metadata,
            )
            await on_new_message(message)

        return socketio_webhook
