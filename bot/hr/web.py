"""The HR page: the ticket queue (list, detail, resolve), the unanswered queue, the report.

A small WSGI application served by its own process (``python -m bot hr serve``, started
by the launcher, ``python -m launcher``, when ``HR_ADMIN_TOKEN`` is set), not by the Rasa server: the
chat server may have to face the internet (messaging webhooks), the HR page never should.
It binds to 127.0.0.1 by default (``HR_PAGE_HOST`` / ``HR_PAGE_PORT``); put it behind an
HTTPS reverse proxy with ``HR_PAGE_SECURE_COOKIE=true`` to reach it from elsewhere.

Security:
- Without ``HR_ADMIN_TOKEN`` (or with one shorter than 16 characters) every request is
  refused (503) and ``serve`` refuses to start.
- Authentication: ``Authorization: Bearer <token>`` (scripts), or the login form, which
  sets an HttpOnly, SameSite=Strict session cookie signed with the token (HMAC-SHA256,
  valid 8 hours) and kept in the process's list of open sessions: "Log out" closes the
  session on the server, so a copied cookie stops working too (and a restart logs everyone
  out). Anything else gets 401 and the login form, never data.
- Forms posted with the cookie carry a CSRF token derived from the session (HMAC).
- Every text is HTML-escaped (Jinja2 autoescape); a strict Content-Security-Policy
  allows no scripts at all; responses are not cached.
- Only ``/hr/health`` answers without credentials, with "ok" and nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from http.cookies import SimpleCookie
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.config import env_flag, env_value, hr_overdue_hours, tracker_db_url
from bot.hr.faq_drafts import DraftError, make_draft, suggest_topic, topic_slug
from bot.hr.queue import DEFAULT_OVERDUE_HOURS, assign, open_queue, queue_entry, set_status, ticket_events
from bot.hr.tickets import TicketError, get_ticket, list_tickets, resolve_ticket
from bot.hr.unanswered import (
    Group,
    RecordError,
    get_unanswered,
    group_similar,
    list_unanswered,
    mark_exported,
    split_off_topic,
)
from bot.profiles.masking import mask_contacts
from bot.storage.db import DatabaseUnavailable, get_engine

logger = logging.getLogger(__name__)

MIN_TOKEN_CHARS = 16
SESSION_COOKIE = "hr_session"
SESSION_SECONDS = 8 * 3600
MAX_BODY_BYTES = 64 * 1024
SECURITY_HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
]

StartResponse = Callable[..., Any]


class HrPageError(RuntimeError):
    """The HR page cannot run with this configuration (the message says why)."""


@dataclass(frozen=True)
class HrPageConfig:
    token: str | None
    catalog_url: str
    tracker_url: str
    secure_cookie: bool = False
    overdue_hours: int = DEFAULT_OVERDUE_HOURS

    @classmethod
    def from_env(cls, catalog_url: str, env: dict[str, str] | None = None) -> HrPageConfig:
        """The configuration from the environment; ``HrPageError`` without a usable token."""
        token = env_value("HR_ADMIN_TOKEN", env)
        if token is None:
            raise HrPageError("HR_ADMIN_TOKEN is not set; the HR page refuses to run without it")
        if len(token) < MIN_TOKEN_CHARS:
            raise HrPageError(f"HR_ADMIN_TOKEN must be at least {MIN_TOKEN_CHARS} characters long")
        try:
            overdue_hours = hr_overdue_hours(env)
        except ValueError as error:
            raise HrPageError(str(error)) from None
        return cls(
            token=token,
            catalog_url=catalog_url,
            tracker_url=tracker_db_url(env),
            secure_cookie=env_flag("HR_PAGE_SECURE_COOKIE", env),
            overdue_hours=overdue_hours,
        )

    @property
    def usable(self) -> bool:
        return bool(self.token) and len(self.token or "") >= MIN_TOKEN_CHARS


def _sign(token: str, message: str) -> str:
    return hmac.new(token.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass
class Response:
    status: int
    body: str
    headers: list[tuple[str, str]]
    content_type: str = "text/html; charset=utf-8"


class HrPage:
    """The WSGI application."""

    def __init__(self, config: HrPageConfig) -> None:
        from jinja2 import Environment, PackageLoader, select_autoescape

        self.config = config
        #: The sessions the login form opened and logout has not closed: value -> expiry.
        self._open_sessions: dict[str, int] = {}
        self._sessions_lock = threading.Lock()
        self.templates = Environment(
            loader=PackageLoader("bot.hr", "templates"), autoescape=select_autoescape(default=True)
        )
        self.templates.filters.update(group_topic=_group_topic, topic_slug=topic_slug, masked=mask_contacts)

    # --- plumbing -------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            response = self.handle(environ)
        except (SQLAlchemyError, DatabaseUnavailable):
            logger.exception("HR page: database error")
            response = self.page(
                HTTPStatus.SERVICE_UNAVAILABLE, "error", message="The database is unavailable."
            )
        body = response.body.encode("utf-8")
        headers = [
            ("Content-Type", response.content_type),
            ("Content-Length", str(len(body))),
            *SECURITY_HEADERS,
            *response.headers,
        ]
        status = HTTPStatus(response.status)
        start_response(f"{status.value} {status.phrase}", headers)
        return [body]

    def page(
        self, status: int, view: str, headers: list[tuple[str, str]] | None = None, **values: Any
    ) -> Response:
        body = self.templates.get_template("hr_page.html").render(view=view, **values)
        return Response(int(status), body, headers or [])

    def redirect(self, location: str, headers: list[tuple[str, str]] | None = None) -> Response:
        return Response(HTTPStatus.SEE_OTHER, "", [("Location", location), *(headers or [])])

    def engine(self) -> Engine:
        return get_engine(self.config.catalog_url)

    # --- authentication -------------------------------------------------------------------

    def _session_cookie(self, environ: dict[str, Any]) -> str | None:
        cookie = SimpleCookie()
        try:
            cookie.load(environ.get("HTTP_COOKIE", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie header is no session
            return None
        morsel = cookie.get(SESSION_COOKIE)
        return morsel.value if morsel else None

    def _valid_session(self, value: str | None) -> bool:
        token = self.config.token
        if not value or not token or value.count(".") != 2:
            return False
        expiry, nonce, signature = value.split(".")
        if not expiry.isdigit() or int(expiry) < time.time():
            return False
        if not hmac.compare_digest(signature, _sign(token, f"session:{expiry}:{nonce}")):
            return False
        with self._sessions_lock:
            return value in self._open_sessions

    def _bearer_ok(self, environ: dict[str, Any]) -> bool:
        header = environ.get("HTTP_AUTHORIZATION", "")
        token = self.config.token or ""
        if not header.startswith("Bearer ") or not token:
            return False
        return hmac.compare_digest(header[len("Bearer ") :].strip().encode("utf-8"), token.encode("utf-8"))

    def _new_session(self) -> str:
        now = int(time.time())
        expiry, nonce = str(now + SESSION_SECONDS), secrets.token_urlsafe(16)
        value = f"{expiry}.{nonce}.{_sign(self.config.token or '', f'session:{expiry}:{nonce}')}"
        with self._sessions_lock:
            self._open_sessions = {
                session: ends for session, ends in self._open_sessions.items() if ends >= now
            }
            self._open_sessions[value] = now + SESSION_SECONDS
        return value

    def _close_session(self, value: str | None) -> None:
        with self._sessions_lock:
            self._open_sessions.pop(value or "", None)

    def _cookie_header(self, value: str, max_age: int) -> tuple[str, str]:
        parts = [f"{SESSION_COOKIE}={value}", "Path=/hr", "HttpOnly", "SameSite=Strict", f"Max-Age={max_age}"]
        if self.config.secure_cookie:
            parts.append("Secure")
        return ("Set-Cookie", "; ".join(parts))

    def csrf_for(self, session: str | None) -> str:
        return _sign(self.config.token or "", f"csrf:{session or ''}")

    # --- routing --------------------------------------------------------------------------

    def handle(self, environ: dict[str, Any]) -> Response:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO", "/") or "/"
        if path == "/hr/health" and method == "GET":
            return Response(HTTPStatus.OK, "ok", [], "text/plain; charset=utf-8")
        if not self.config.usable:
            return self.page(
                HTTPStatus.SERVICE_UNAVAILABLE,
                "error",
                message="The HR page is disabled: HR_ADMIN_TOKEN is not set.",
            )
        form = self._form(environ) if method == "POST" else {}
        if form is None:
            return self.page(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "error", message="Request too large.")
        if path == "/hr/login":
            return self.login(method, form)
        session = self._session_cookie(environ)
        by_cookie = self._valid_session(session)
        if not by_cookie and not self._bearer_ok(environ):
            return self.page(
                HTTPStatus.UNAUTHORIZED,
                "login",
                message="Please log in.",
                headers=[("WWW-Authenticate", "Bearer")],
            )
        if (
            method == "POST"
            and by_cookie
            and not hmac.compare_digest(form.get("csrf", ""), self.csrf_for(session))
        ):
            return self.page(
                HTTPStatus.FORBIDDEN, "error", message="The form expired; reload the page and try again."
            )
        csrf = self.csrf_for(session) if by_cookie else ""
        if path in ("/", "/hr", "/hr/"):
            return self.redirect("/hr/tickets")
        if path == "/hr/logout" and method == "POST":
            self._close_session(session)
            return self.redirect("/hr/login", [self._cookie_header("", 0)])
        if path == "/hr/tickets" and method == "GET":
            status = parse_qs(environ.get("QUERY_STRING", "")).get("status", ["open"])[0]
            status = status if status in ("open", "resolved", "all") else "open"
            hours = self.config.overdue_hours
            with self.engine().connect() as connection:
                if status == "open":  # the queue: oldest first, with age, overdue badge and owner
                    entries = open_queue(connection, overdue_hours=hours)
                else:
                    found = list_tickets(connection, None if status == "all" else status)
                    entries = [queue_entry(ticket, overdue_hours=hours) for ticket in found]
            tickets = [entry.ticket for entry in entries]
            return self.page(
                HTTPStatus.OK,
                "tickets",
                tickets=tickets,
                entries=entries,
                overdue_hours=hours,
                status_filter=status,
                csrf=csrf,
            )
        match = re.fullmatch(r"/hr/tickets/(\d{1,9})(/resolve)?", path)
        if match:
            return self.ticket(int(match.group(1)), bool(match.group(2)), method, form, csrf)
        match = re.fullmatch(r"/hr/tickets/(\d{1,9})/(assign|status)", path)
        if match:
            return self.change_ticket(int(match.group(1)), match.group(2), method, form, csrf)
        if path == "/hr/unanswered" and method == "GET":
            include_off_topic = parse_qs(environ.get("QUERY_STRING", "")).get("off_topic") == ["1"]
            with self.engine().connect() as connection:
                messages = list_unanswered(connection)
            career, off_topic = split_off_topic(messages)
            groups = group_similar(messages if include_off_topic else career)
            return self.page(
                HTTPStatus.OK,
                "unanswered",
                groups=groups,
                off_topic_count=len(off_topic),
                include_off_topic=include_off_topic,
                csrf=csrf,
            )
        if path == "/hr/unanswered/faq" and method == "POST":
            return self.faq_from_unanswered(form, csrf)
        match = re.fullmatch(r"/hr/tickets/(\d{1,9})/faq", path)
        if match and method == "POST":
            return self.faq_from_ticket(int(match.group(1)), form, csrf)
        if path == "/hr/report" and method == "GET":
            from bot.hr.report import build_report, parse_days, render_html

            notice = None
            try:  # the period of `hr report --days`: ?days=N (1 to 3650), default everything
                days = parse_days(parse_qs(environ.get("QUERY_STRING", "")).get("days", [""])[0])
            except ValueError as problem:
                days, notice = None, f"{problem} Showing everything."
            report = build_report(self.engine(), get_engine(self.config.tracker_url), days=days)
            html = render_html(report, standalone=False, notice=notice)
            return self.page(HTTPStatus.OK, "report", report_html=html, csrf=csrf)
        if path == "/hr/report.csv" and method == "GET":
            from bot.hr.figures import report_csv
            from bot.hr.report import build_report, parse_days

            try:
                days = parse_days(parse_qs(environ.get("QUERY_STRING", "")).get("days", [""])[0])
            except ValueError as problem:  # a download of another period would mislead
                return Response(HTTPStatus.BAD_REQUEST, f"{problem}\n", [], "text/plain; charset=utf-8")
            report = build_report(self.engine(), get_engine(self.config.tracker_url), days=days)
            name = f"hr-report-{report.generated_at:%Y-%m-%d}" + (f"-last-{days}-days" if days else "")
            disposition = ("Content-Disposition", f'attachment; filename="{name}.csv"')
            return Response(HTTPStatus.OK, report_csv(report), [disposition], "text/csv; charset=utf-8")
        return self.page(HTTPStatus.NOT_FOUND, "error", message="Not found.", csrf=csrf)

    def _form(self, environ: dict[str, Any]) -> dict[str, str] | None:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES:
            return None
        raw = environ["wsgi.input"].read(length) if length > 0 else b""
        values = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
        return {name: items[0] for name, items in values.items()}

    def login(self, method: str, form: dict[str, str]) -> Response:
        if method != "POST":
            return self.page(HTTPStatus.OK, "login", message=None)
        given = form.get("token", "").encode("utf-8")
        if not hmac.compare_digest(given, (self.config.token or "").encode("utf-8")):
            time.sleep(0.5)  # slows down guessing; a 16+ character token is not guessable anyway
            return self.page(HTTPStatus.UNAUTHORIZED, "login", message="Wrong token.")
        return self.redirect("/hr/tickets", [self._cookie_header(self._new_session(), SESSION_SECONDS)])

    def ticket(self, number: int, resolve: bool, method: str, form: dict[str, str], csrf: str) -> Response:
        error = None
        if resolve:
            if method != "POST":
                return self.page(HTTPStatus.METHOD_NOT_ALLOWED, "error", message="Use the form.", csrf=csrf)
            try:
                with self.engine().begin() as connection:
                    resolve_ticket(
                        connection, number, form.get("answer", ""), resolved_by=form.get("by") or None
                    )
                return self.redirect(f"/hr/tickets/{number}?{urlencode({'resolved': 1})}")
            except TicketError as problem:
                error = str(problem)
        status = HTTPStatus.BAD_REQUEST if error else HTTPStatus.OK
        return self.ticket_page(number, status, csrf, error=error)

    def ticket_page(self, number: int, status: HTTPStatus, csrf: str, **problems: Any) -> Response:
        """The ticket with its queue entry and history (404 when there is no such ticket);
        ``problems``: the form error to show (``error`` or ``queue_error``)."""
        with self.engine().connect() as connection:
            try:
                ticket = get_ticket(connection, number)
                events = ticket_events(connection, number)
            except TicketError as problem:
                return self.page(HTTPStatus.NOT_FOUND, "error", message=str(problem), csrf=csrf)
        entry = queue_entry(ticket, overdue_hours=self.config.overdue_hours)
        return self.page(status, "ticket", ticket=ticket, entry=entry, events=events, csrf=csrf, **problems)

    def change_ticket(
        self, number: int, action: str, method: str, form: dict[str, str], csrf: str
    ) -> Response:
        """The assign and status forms of the ticket page: change, then back to the ticket;
        bad input shows the ticket again with the reason (400)."""
        if method != "POST":
            return self.page(HTTPStatus.METHOD_NOT_ALLOWED, "error", message="Use the form.", csrf=csrf)
        actor = form.get("by") or None
        try:
            with self.engine().begin() as connection:
                if action == "assign":
                    assign(connection, number, form.get("person", ""), actor)
                else:
                    set_status(connection, number, form.get("status", ""), actor)
            return self.redirect(f"/hr/tickets/{number}?{urlencode({'updated': 1})}")
        except TicketError as problem:
            return self.ticket_page(number, HTTPStatus.BAD_REQUEST, csrf, queue_error=str(problem))

    # --- unanswered questions and resolved tickets into FAQ drafts (bot/hr/faq_drafts.py) ---

    def faq_from_unanswered(self, form: dict[str, str], csrf: str) -> Response:
        """A group of unanswered messages as an FAQ draft; the messages leave the queue once
        their draft passed validation (until then HR can correct it and send it again)."""
        values = form.get("ids", "").split()
        if not values or not all(value.isdigit() for value in values):
            return self.page(HTTPStatus.BAD_REQUEST, "error", message="Choose the messages by id.", csrf=csrf)
        ids = [int(value) for value in values]
        try:
            with self.engine().connect() as connection:
                get_unanswered(connection, ids)
        except RecordError as problem:
            return self.page(
                HTTPStatus.BAD_REQUEST, "error", message=f"Unknown messages: {problem}", csrf=csrf
            )
        source = "unanswered message(s) " + ", ".join(f"#{value}" for value in ids)
        return self._faq_draft(form, csrf, source, "/hr/unanswered/faq", ids)

    def faq_from_ticket(self, number: int, form: dict[str, str], csrf: str) -> Response:
        with self.engine().connect() as connection:
            try:
                ticket = get_ticket(connection, number)
            except TicketError as problem:
                return self.page(HTTPStatus.NOT_FOUND, "error", message=str(problem), csrf=csrf)
        if ticket.status != "resolved":
            return self.page(HTTPStatus.BAD_REQUEST, "error", message="Resolve the ticket first.", csrf=csrf)
        return self._faq_draft(form, csrf, f"ticket #{number}", f"/hr/tickets/{number}/faq", [])

    def _faq_draft(
        self, form: dict[str, str], csrf: str, source: str, action: str, ids: list[int]
    ) -> Response:
        """Write and validate the draft (20-40 s, outside any database transaction)."""
        values = {name: form.get(name, "") for name in ("topic", "examples", "answer")}
        shown: dict[str, Any] = {
            "form": values,
            "action": action,
            "ids": " ".join(map(str, ids)),
            "csrf": csrf,
        }
        try:
            written = make_draft(
                values["topic"], values["examples"].splitlines(), values["answer"], source + " (HR page)"
            )
        except DraftError as problem:
            return self.page(HTTPStatus.BAD_REQUEST, "faq_draft", error=str(problem), written=None, **shown)
        except OSError as problem:
            logger.exception("HR page: cannot write an FAQ draft")
            return self.page(
                HTTPStatus.SERVICE_UNAVAILABLE,
                "error",
                message=f"Cannot write the draft: {problem}",
                csrf=csrf,
            )
        if ids and written.validation.passed:
            with self.engine().begin() as connection:
                mark_exported(connection, ids, written.draft.topic)
        return self.page(HTTPStatus.OK, "faq_draft", error=None, written=written, **shown)


def _group_topic(group: Group) -> str:
    """The topic key suggested for a group: the FAQ topic the assistant guessed, else a slug."""
    for message in group.messages:
        if message.top_intents and str(message.top_intents[0].get("name", "")).startswith("faq/"):
            return suggest_topic(message.top_intents, message.text)
    return topic_slug(group.label)


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Handler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        logger.info("%s %s", self.address_string(), format % args)


def serve(config: HrPageConfig, host: str = "127.0.0.1", port: int = 5056) -> None:
    """Serve the HR page until interrupted."""
    if not config.usable:
        raise HrPageError("HR_ADMIN_TOKEN is not set or too short; the HR page refuses to run")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    with make_server(
        host, port, HrPage(config), server_class=_ThreadingServer, handler_class=_Handler
    ) as server:
        actual = server.server_address[1]
        print(f"HR page: http://{host}:{actual}/hr/ (log in with HR_ADMIN_TOKEN)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
