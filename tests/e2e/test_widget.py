"""End-to-end: the intranet web widget on real servers.

- socket.io level (python-socketio client): the origin check, signed sessions that another
  client cannot take over, the HTTP API off by default;
- in a real browser (Playwright driving Debian's Chromium, /usr/bin/chromium): a whole
  advisor conversation by typing and clicking, a reload that keeps it, HTML injection shown
  as text, an error line with "Try again" when no reply comes. ``WIDGET_SCREENSHOT=docs/widget.png``
  also saves the screenshot for the README.
"""

from __future__ import annotations

import os
import queue
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
import socketio

from launcher.configuration import PROJECT_ROOT
from launcher.servers import RunningServers
from tests.e2e.conftest import bot_bubbles

pytestmark = pytest.mark.e2e

ROLE_QUESTION = "What is your current job or role?"
TIMEOUT_MS = 60_000


# --- socket.io level ------------------------------------------------------------------------------


class WidgetClient:
    """A socket.io client speaking the widget's protocol (long-polling transport)."""

    def __init__(self, url: str, origin: str) -> None:
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("session_confirm", lambda data: self.events.put(("session_confirm", data)))
        self.sio.on("bot_uttered", lambda data: self.events.put(("bot_uttered", data)))
        self.sio.connect(url, headers={"Origin": origin}, transports=["polling"], wait_timeout=10)

    def session(self, request: dict[str, Any] | None = None) -> dict[str, Any]:
        self.sio.emit("session_request", request or {})
        return self.next("session_confirm")

    def say(self, text: str, session_id: str) -> None:
        self.sio.emit("user_uttered", {"message": text, "session_id": session_id})

    def next(self, kind: str, timeout: float = 60) -> Any:
        event, data = self.events.get(timeout=timeout)
        assert event == kind, (event, data)
        return data

    def replies(self, quiet: float = 3.0, timeout: float = 60) -> list[str]:
        texts = [self.next("bot_uttered", timeout).get("text", "")]
        while True:
            try:
                event, data = self.events.get(timeout=quiet)
            except queue.Empty:
                return texts
            texts.append(data.get("text", "") if event == "bot_uttered" else f"<{event}>")

    def close(self) -> None:
        self.sio.disconnect()


@pytest.fixture
def clients(servers: RunningServers) -> Iterator[list[WidgetClient]]:
    opened: list[WidgetClient] = []
    yield opened
    # Each close waits for the client's pending long-poll (up to the server's ping interval,
    # 25 s): closed side by side, the waits overlap instead of adding up.
    with ThreadPoolExecutor(max_workers=max(1, len(opened))) as closing:
        list(closing.map(WidgetClient.close, opened))


def connect(servers: RunningServers, clients: list[WidgetClient], origin: str | None = None) -> WidgetClient:
    client = WidgetClient(servers.rasa_url, origin or servers.rasa_url)
    clients.append(client)
    return client


def test_connections_from_other_origins_are_refused(servers, clients):
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(servers, clients, origin="http://evil.example")
    port = servers.rasa_url.rsplit(":", 1)[1]
    handshake = requests.get(
        f"{servers.rasa_url}/socket.io/?EIO=4&transport=polling",
        headers={"Origin": f"http://localhost:{port}"},
        timeout=10,
    )
    assert handshake.status_code == 200 and '"sid"' in handshake.text
    refused = requests.get(
        f"{servers.rasa_url}/socket.io/?EIO=4&transport=polling",
        headers={"Origin": "http://intranet.evil.example"},
        timeout=10,
    )
    assert refused.status_code == 400


def test_a_session_cannot_be_taken_over_without_its_token(servers, clients):
    owner = connect(servers, clients)
    session = owner.session()
    assert re.fullmatch(r"[0-9a-f]{32}", session["session_id"]) and session["session_token"]
    owner.say("I want career advice", session["session_id"])
    assert ROLE_QUESTION in " ".join(owner.replies())

    intruder = connect(servers, clients)
    other = intruder.session({"session_id": session["session_id"]})  # no token
    assert other["session_id"] != session["session_id"]
    forged = intruder.session({"session_id": session["session_id"], "session_token": "1732240000.AAAA"})
    assert forged["session_id"] != session["session_id"]
    intruder.say("I'm a pharmacist", session["session_id"])  # claims the owner's id: dropped
    with pytest.raises(queue.Empty):
        owner.events.get(timeout=5)
    with pytest.raises(queue.Empty):
        intruder.events.get(timeout=1)

    # the owner's browser after a reload: same id with its token, the conversation goes on
    reloaded = connect(servers, clients)
    resumed = reloaded.session(session)
    assert resumed["session_id"] == session["session_id"]
    reloaded.say("I'm an accountant", session["session_id"])
    assert "What would you like to do next?" in " ".join(reloaded.replies())


def test_widget_files_and_demo_page_are_served(servers):
    demo = requests.get(f"{servers.rasa_url}/widget/demo", timeout=10)
    assert demo.status_code == 200 and demo.headers["Content-Type"].startswith("text/html")
    assert "default-src 'self'" in demo.headers["Content-Security-Policy"]
    assert '<script src="/widget/widget.js"' in demo.text
    files = [("widget.js", "javascript"), ("widget.css", "text/css"), ("socket.io.min.js", "javascript")]
    for name, kind in files:
        reply = requests.get(f"{servers.rasa_url}/widget/{name}", timeout=10)
        assert reply.status_code == 200 and kind in reply.headers["Content-Type"]
    assert requests.get(f"{servers.rasa_url}/widget/credentials.yml", timeout=10).status_code == 404
    assert requests.get(f"{servers.rasa_url}/widget/..%2Fcredentials.yml", timeout=10).status_code == 404


def test_the_http_api_is_off_by_default(servers):
    assert requests.get(f"{servers.rasa_url}/status", timeout=10).status_code == 404
    assert requests.get(f"{servers.rasa_url}/conversations/x/tracker", timeout=10).status_code == 404


# --- in a real browser ----------------------------------------------------------------------------


def send(page: Any, text: str) -> None:
    count = bot_bubbles(page).count()
    page.locator("textarea.cw-input").fill(text)
    page.keyboard.press("Enter")
    wait_for_bot(page, count)


def click(page: Any, title: str) -> None:
    count = bot_bubbles(page).count()
    page.locator("button.cw-choice:enabled", has_text=title).click()
    wait_for_bot(page, count)


def wait_for_bot(page: Any, count: int) -> None:
    """Wait for a new bot message, then until the bot's turn looks finished."""
    bot_bubbles(page).nth(count).wait_for(timeout=TIMEOUT_MS)
    page.locator(".cw-typing").wait_for(state="hidden", timeout=TIMEOUT_MS)
    page.wait_for_timeout(1200)  # the rest of the turn's messages


def last_bot_text(page: Any) -> str:
    return " ".join(bot_bubbles(page).all_inner_texts()[-4:])


def test_a_whole_advisor_conversation_in_the_browser_survives_a_reload(servers, page):
    page.goto(f"{servers.rasa_url}/widget/demo")
    launcher = page.locator("button.cw-launcher")
    assert launcher.get_attribute("aria-expanded") == "false"
    launcher.click()
    assert launcher.get_attribute("aria-expanded") == "true"
    assert page.locator(".cw-log").get_attribute("aria-live") == "polite"
    bot_bubbles(page).first.wait_for(timeout=TIMEOUT_MS)  # the greeting (data-init-payload)
    page.locator(".cw-status", has_text="Online").wait_for(timeout=TIMEOUT_MS)

    send(page, "I want career advice")
    assert ROLE_QUESTION in last_bot_text(page)
    send(page, "I'm an accountant")
    assert page.locator("button.cw-choice:enabled").all_inner_texts() == [
        "Grow in my current role",
        "Move to a different role",
        "Not sure yet",
    ]
    click(page, "Move to a different role")
    assert "Which role would you like to move into?" in last_bot_text(page)
    # answered groups stay on screen, inactive (tests/e2e/test_widget_experience.py)
    assert page.locator("button.cw-choice:enabled", has_text="Grow in my current role").count() == 0
    send(page, "digital marketing specialist")
    send(page, "I know Excel and bookkeeping")
    assert "Got it, I noted: Microsoft Excel, Bookkeeping." in last_bot_text(page)
    send(page, "5 hours a week")
    budget_buttons = page.locator("button.cw-choice:enabled").all_inner_texts()
    assert budget_buttons, "the budget question offers buttons"
    screenshot = os.environ.get("WIDGET_SCREENSHOT")
    if screenshot:
        page.screenshot(path=str(PROJECT_ROOT / screenshot))
    click(page, budget_buttons[min(2, len(budget_buttons) - 1)])
    format_buttons = page.locator("button.cw-choice:enabled").all_inner_texts()
    assert format_buttons, "the format question offers buttons"
    online = next((title for title in format_buttons if "nline" in title), format_buttons[0])
    click(page, online)

    learning_path = page.locator(".cw-bot .cw-bubble", has_text="Your learning path")
    learning_path.wait_for(timeout=TIMEOUT_MS)
    assert learning_path.is_visible()
    assert page.locator(".cw-bot .cw-bubble", has_text="Moving from Accountant to Digital Marketing").count()
    assert page.locator(".cw-msg time").first.get_attribute("datetime")
    before = page.locator(".cw-bubble").all_inner_texts()

    page.reload()
    page.locator(".cw-bubble").first.wait_for(timeout=TIMEOUT_MS)
    assert page.locator(".cw-bubble").all_inner_texts() == before
    assert page.locator(".cw-bot .cw-bubble", has_text="Your learning path").is_visible()
    page.locator(".cw-status", has_text="Online").wait_for(timeout=TIMEOUT_MS)
    # the same conversation goes on after the reload (the session was resumed with its token)
    send(page, "cheaper options")
    assert len(page.locator(".cw-bubble").all_inner_texts()) > len(before)


def test_html_in_messages_is_shown_as_text(servers, page):
    page.goto(f"{servers.rasa_url}/widget/demo")
    page.locator("button.cw-launcher").click()
    bot_bubbles(page).first.wait_for(timeout=TIMEOUT_MS)
    attack = "<img src=x onerror=alert(1)>"
    send(page, f"{attack} and javascript:alert(2) www.example.com")
    user_bubble = page.locator(".cw-user .cw-bubble").last
    assert user_bubble.inner_text() == f"{attack} and javascript:alert(2) www.example.com"
    assert page.locator(".cw-log img").count() == 0
    links = user_bubble.locator("a")
    assert links.count() == 1 and links.first.get_attribute("href") == "https://www.example.com/"
    assert links.first.get_attribute("rel") == "noopener noreferrer nofollow"
    page.wait_for_timeout(500)
    assert page.dialogs == []


def test_the_widget_works_on_a_phone_sized_screen(servers, browser):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        phone.goto(f"{servers.rasa_url}/widget/demo")
        phone.locator("button.cw-launcher").click()
        panel = phone.locator(".cw-panel")
        panel.wait_for(timeout=TIMEOUT_MS)
        box = panel.bounding_box()
        assert box is not None and box["width"] == 375 and box["height"] == 667
        phone.keyboard.press("Escape")
        panel.wait_for(state="hidden", timeout=TIMEOUT_MS)
    finally:
        context.close()


def shorter_reply_timeout(page: Any, seconds: int) -> None:
    """Serve the demo page with the widget's ``data-reply-timeout`` set to ``seconds``."""

    def demo(route: Any) -> None:
        response = route.fetch()
        tag = '<script src="/widget/widget.js"'
        body = response.text().replace(tag, f'{tag} data-reply-timeout="{seconds}"')
        route.fulfill(response=response, body=body)

    page.route("**/widget/demo", demo)


def drop_first_message_containing(page: Any, text: str) -> list[str]:
    """The server never hears the first user message containing ``text`` (on the WebSocket
    or, before the upgrade, in a long-polling POST); later ones go through. Returns the
    dropped frames."""
    dropped: list[str] = []

    def swallowed(frame: Any) -> bool:
        if isinstance(frame, str) and "user_uttered" in frame and text in frame and not dropped:
            dropped.append(frame)
            return True
        return False

    def websocket(ws: Any) -> None:
        server = ws.connect_to_server()
        ws.on_message(lambda frame: None if swallowed(frame) else server.send(frame))

    def polling(route: Any) -> None:
        if route.request.method == "POST" and swallowed(route.request.post_data or ""):
            route.fulfill(status=200, body="ok", content_type="text/html")
        else:
            route.continue_()

    page.route_web_socket(re.compile(r".*/socket\.io/.*"), websocket)
    page.route(re.compile(r".*/socket\.io/.*"), polling)
    return dropped


def test_no_reply_shows_an_error_line_whose_try_again_resends(servers, page):
    shorter_reply_timeout(page, 3)
    lost = "I'm an accountant"
    dropped = drop_first_message_containing(page, lost)
    page.goto(f"{servers.rasa_url}/widget/demo")
    page.locator("button.cw-launcher").click()
    bot_bubbles(page).first.wait_for(timeout=TIMEOUT_MS)
    page.locator(".cw-status", has_text="Online").wait_for(timeout=TIMEOUT_MS)
    send(page, "I want career advice")
    assert ROLE_QUESTION in last_bot_text(page)

    answered = bot_bubbles(page).count()
    page.locator("textarea.cw-input").fill(lost)
    page.keyboard.press("Enter")
    error = page.locator(".cw-error")
    error.wait_for(timeout=TIMEOUT_MS)  # after the 3 s reply timeout
    assert dropped, "the message never reached the server"
    assert error.get_attribute("role") == "alert"
    assert "No answer came" in error.inner_text()
    assert page.locator(".cw-typing").is_hidden()
    assert bot_bubbles(page).count() == answered

    # keyboard: from the message box, Shift+Tab reaches "Try again"; Enter resends
    page.locator("textarea.cw-input").focus()
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate(
        "document.querySelector('#career-advisor-widget').shadowRoot.activeElement.innerText"
    )
    assert focused == "Try again"
    page.keyboard.press("Enter")
    wait_for_bot(page, answered)
    assert "What would you like to do next?" in last_bot_text(page)
    assert page.locator(".cw-error").count() == 0
    assert page.locator(".cw-user .cw-bubble", has_text=lost).count() == 1  # resent, not retyped
