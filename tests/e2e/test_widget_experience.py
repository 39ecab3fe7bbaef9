"""End-to-end: how the web widget behaves in a real browser (issue 14).

Scrolling that keeps the newest answer's start in view and a "new messages" pill; the
position restored after a reload; quick replies that stay with their message; the error
line when the socket drops while a reply is awaited; "Start over" that asks first; tabs
that stay in sync, the privacy notice, "Clear", history expiry and "forget me"; contrast,
target sizes and the unread state for screen readers; phones with the keyboard open and
small windows with "Maximise". Chromium (Playwright) on the session's real servers.

Some tests play the server's part for a moment: they put ``bot_uttered`` frames on the
page's real WebSocket (``SocketTap``), to get answers of an exact length quickly. ``make e2e``
also saves ``results/widget-desktop.png`` and ``results/widget-phone.png``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from actions.privacy import FORGOT_YOU
from launcher.configuration import PROJECT_ROOT
from launcher.servers import RunningServers

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
ROLE_QUESTION = "What is your current job or role?"
DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
RESULTS = PROJECT_ROOT / "results"
LONG = (
    "Part {n} of the answer. This paragraph is long on purpose: it stands for a learning path "
    "step with a course name, its provider, the hours it takes each week, what it costs and why "
    "it fits the role you want to move into, so that the whole answer is taller than the panel."
)


# --- helpers ----------------------------------------------------------------------------------------


class SocketTap:
    """The page's socket.io WebSocket, passed through to the real server, with two extras:
    user messages matching ``drop`` never reach the server (optionally closing the socket as
    a server would), and ``inject`` puts bot messages on the page as if the server sent them."""

    def __init__(self, page: Any) -> None:
        self.route: Any = None
        self.upgraded = False
        self.drop: Callable[[str], bool] = lambda frame: False
        self.close_on_drop = False
        self.dropped: list[str] = []
        page.route_web_socket(lambda url: "/socket.io/" in url, self._handle)

    def _handle(self, ws: Any) -> None:
        server = ws.connect_to_server()
        self.route = ws
        self.upgraded = False

        def from_page(frame: Any) -> None:
            if frame == "5":  # engine.io "upgrade": from now on the page talks over this socket
                self.upgraded = True
            if isinstance(frame, str) and "user_uttered" in frame and self.drop(frame):
                self.dropped.append(frame)
                if self.close_on_drop:
                    ws.close()
                return
            server.send(frame)

        ws.on_message(from_page)

    def wait_upgraded(self, page: Any) -> None:
        deadline = time.monotonic() + 20
        while not self.upgraded:
            assert time.monotonic() < deadline, "the socket never upgraded to a WebSocket"
            page.wait_for_timeout(100)

    def inject(self, *messages: dict[str, Any]) -> None:
        for message in messages:
            self.route.send("42" + json.dumps(["bot_uttered", message]))


def with_attributes(page: Any, **attributes: str) -> None:
    """Serve the demo page with extra ``data-`` attributes on the widget's script tag."""
    extra = " ".join(f'data-{name.replace("_", "-")}="{value}"' for name, value in attributes.items())

    def demo(route: Any) -> None:
        response = route.fetch()
        tag = '<script src="/widget/widget.js"'
        route.fulfill(response=response, body=response.text().replace(tag, f"{tag} {extra}"))

    page.route("**/widget/demo", demo)


def open_widget(
    page: Any, servers: RunningServers, dismiss_notice: bool = True, reload: bool = False
) -> None:
    """Load the demo page (or reload it) and open the panel unless it opened itself."""
    if reload:
        page.reload()
    else:
        page.goto(f"{servers.rasa_url}/widget/demo")
    launcher = page.locator("button.cw-launcher")
    launcher.wait_for(timeout=TIMEOUT_MS)
    if launcher.get_attribute("aria-expanded") != "true":
        launcher.click()
    page.locator(".cw-bot .cw-bubble").first.wait_for(timeout=TIMEOUT_MS)
    page.locator(".cw-status", has_text="Online").wait_for(timeout=TIMEOUT_MS)
    if dismiss_notice and page.locator(".cw-privacy").is_visible():
        page.locator("button.cw-notice-ok").click()


def bot_count(page: Any) -> int:
    return page.locator(".cw-bot .cw-bubble").count()


def wait_for_bot(page: Any, count: int) -> None:
    page.locator(".cw-bot .cw-bubble").nth(count).wait_for(timeout=TIMEOUT_MS)
    page.locator(".cw-typing").wait_for(state="hidden", timeout=TIMEOUT_MS)
    page.wait_for_timeout(1200)  # the rest of the turn's messages


def send(page: Any, text: str) -> None:
    count = bot_count(page)
    page.locator("textarea.cw-input").fill(text)
    page.keyboard.press("Enter")
    wait_for_bot(page, count)


def choose(page: Any, title: str) -> None:
    count = bot_count(page)
    page.locator("button.cw-choice:enabled", has_text=title).click()
    wait_for_bot(page, count)


def answer_start(page: Any) -> dict[str, float]:
    """Where the latest answer (the bot messages after the last user message) is in the log:
    its first message's top relative to the log's visible top, its height, the log's height."""
    return page.locator(".cw-log").evaluate(
        """log => {
            const rows = [...log.querySelectorAll('.cw-msg')];
            let last = -1;
            rows.forEach((row, i) => { if (row.classList.contains('cw-user')) last = i; });
            const start = rows[last + 1] || rows[rows.length - 1];
            const end = log.lastElementChild.getBoundingClientRect().bottom;
            const top = log.getBoundingClientRect().top;
            return {
                top: start.getBoundingClientRect().top - top,
                answerHeight: end - start.getBoundingClientRect().top,
                logHeight: log.clientHeight,
                text: start.querySelector('.cw-bubble').innerText,
            };
        }"""
    )


def assert_answer_start_in_view(page: Any) -> dict[str, float]:
    where = answer_start(page)
    assert 0 <= where["top"] <= where["logHeight"] - 24, where  # never above the top, and visible
    if where["answerHeight"] > where["logHeight"]:
        assert where["top"] <= 30, where  # does not fit: its start is at the top
    return where


def active_element(page: Any) -> str:
    return page.evaluate(
        "(() => { const a = document.querySelector('#career-advisor-widget').shadowRoot.activeElement;"
        " return a ? a.tagName.toLowerCase() + '.' + a.className : 'none'; })()"
    )


def stored(page: Any) -> Any:
    return page.evaluate(
        "(() => { const key = Object.keys(localStorage).find(k => k.startsWith('careerAdvisorWidget:'));"
        " return key ? JSON.parse(localStorage.getItem(key)) : null; })()"
    )


def screenshot(page: Any, name: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / name))


@pytest.fixture
def context_factory(browser: Any) -> Iterator[Callable[..., Any]]:
    opened: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(locale="en-GB", **{"viewport": DESKTOP, **options})
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


# --- 1, 2: scrolling, the pill, the position after a reload ------------------------------------------


def test_a_long_answer_keeps_its_start_in_view_with_a_pill_for_the_rest(servers, context_factory):
    page = context_factory(reduced_motion="reduce").new_page()  # reduced motion: jumps, no animation
    tap = SocketTap(page)
    open_widget(page, servers)
    tap.wait_upgraded(page)
    tap.drop = lambda frame: "show me everything" in frame

    page.locator("textarea.cw-input").fill("show me everything")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    answer = [{"text": LONG.format(n=n)} for n in range(1, 7)]
    adjust = [{"title": "Cheaper options", "payload": "/x"}]
    answer.append({"text": "Want to adjust it?", "quick_replies": adjust})
    tap.inject(*answer)
    page.locator(".cw-bubble", has_text="Want to adjust it?").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(300)

    where = assert_answer_start_in_view(page)
    assert where["text"].startswith("Part 1 of the answer"), where
    assert where["answerHeight"] > where["logHeight"], "the test answer must not fit"
    pill = page.locator("button.cw-pill")
    assert pill.is_visible() and "new message" in pill.inner_text()

    # the pill takes the reader to the first unread message; read to the end and it goes
    rows_js = "log => [...log.querySelectorAll('.cw-msg')]"
    first_unread = page.locator(".cw-log").evaluate(
        f"log => ({rows_js})(log).findIndex(r => r.offsetTop + 24 > log.scrollTop + log.clientHeight)"
    )
    pill.click()
    moved = page.locator(".cw-log").evaluate(
        f"(log) => ({rows_js})(log)[{first_unread}].getBoundingClientRect().top"
        " - log.getBoundingClientRect().top"
    )
    assert 0 <= moved <= page.locator(".cw-log").evaluate("log => log.clientHeight") - 24, moved
    page.locator(".cw-log").evaluate("log => { log.scrollTop = log.scrollHeight; }")
    pill.wait_for(state="hidden", timeout=5000)

    # scrolled up, a new message does not move the log; the pill appears and leads to it
    page.locator(".cw-log").evaluate("log => { log.scrollTop = 0; }")
    page.wait_for_timeout(200)
    tap.inject({"text": "One more thing: a late message."})
    page.locator(".cw-bubble", has_text="a late message").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(200)
    assert page.locator(".cw-log").evaluate("log => log.scrollTop") == 0
    assert pill.is_visible()
    pill.click()
    assert page.locator(".cw-bubble", has_text="a late message").is_visible()
    pill.wait_for(state="hidden", timeout=5000)
    assert active_element(page).startswith("textarea")

    # 2. after a reload the log opens at the latest answer's start, not at the top
    page.reload()
    page.locator(".cw-bubble", has_text="a late message").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    where = assert_answer_start_in_view(page)
    assert where["text"].startswith("Part 1 of the answer"), where
    assert page.locator(".cw-log").evaluate("log => log.scrollTop") > 0


def test_a_real_conversation_keeps_the_learning_path_in_view_and_quick_replies_with_their_message(
    servers, context_factory
):
    page = context_factory().new_page()
    open_widget(page, servers)
    send(page, "I want career advice")
    send(page, "I'm an accountant")
    choose(page, "Move to a different role")

    # 4. the answered group stays, inactive, with the choice marked; focus is in the message box
    answered = page.locator(".cw-buttons", has=page.locator("button", has_text="Grow in my current role"))
    assert "cw-inactive" in answered.get_attribute("class")
    for button in answered.locator("button").all():
        assert button.is_disabled() and button.get_attribute("aria-disabled") == "true"
    chosen = answered.locator("button", has_text="Move to a different role")
    assert chosen.get_attribute("aria-pressed") == "true" and "cw-chosen" in chosen.get_attribute("class")
    assert active_element(page).startswith("textarea")
    greeting = page.locator(".cw-buttons", has=page.locator("button", has_text="What can you do?"))
    assert greeting.locator("button").first.is_disabled()  # superseded, still on screen

    send(page, "digital marketing specialist")
    send(page, "I know Excel and bookkeeping")
    send(page, "5 hours a week")
    budget = page.locator("button.cw-choice:enabled").all_inner_texts()
    choose(page, budget[min(2, len(budget) - 1)])
    formats = page.locator("button.cw-choice:enabled").all_inner_texts()
    choose(page, next((title for title in formats if "nline" in title), formats[0]))
    page.locator(".cw-bot .cw-bubble", has_text="Your learning path").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(1500)

    # 1. the learning path answer: its start is in view, never scrolled off the top
    assert_answer_start_in_view(page)
    assert page.locator(".cw-buttons:not(.cw-inactive)").count() <= 1  # one live group at most
    assert page.locator(".cw-buttons.cw-inactive").count() >= 4
    screenshot(page, "widget-desktop.png")

    # 2. a reload: the same place
    page.reload()
    page.locator(".cw-bot .cw-bubble", has_text="Your learning path").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(800)
    assert_answer_start_in_view(page)

    # 6. the bot's own "Start over" button asks first too, and Cancel keeps the path
    before = page.locator(".cw-bubble").all_inner_texts()
    page.locator("button.cw-choice:enabled", has_text="Start over").click()
    assert page.locator(".cw-confirm").is_visible()
    page.locator("button.cw-confirm-no").click()
    assert page.locator(".cw-confirm").is_hidden() and page.locator(".cw-bubble").all_inner_texts() == before


# --- 5, 6: no answer after a disconnect; Start over asks first ---------------------------------------


def test_offline_the_error_line_comes_at_once_not_after_the_whole_timeout(servers, context_factory):
    """A stranger saw the typing dots run 30 s with the network gone."""
    context = context_factory()
    page = context.new_page()  # the default data-reply-timeout: 30 s
    open_widget(page, servers)
    context.set_offline(True)
    started = time.monotonic()
    page.locator("textarea.cw-input").fill("I want career advice")
    page.keyboard.press("Enter")
    page.locator(".cw-error").wait_for(timeout=10_000)
    assert time.monotonic() - started < 10
    assert page.locator(".cw-error").inner_text().startswith("No answer came.")
    context.set_offline(False)


def test_a_socket_dropped_while_waiting_shows_the_error_line_and_try_again_answers(servers, context_factory):
    page = context_factory().new_page()  # the default data-reply-timeout: 30 s
    tap = SocketTap(page)
    open_widget(page, servers)
    tap.wait_upgraded(page)
    tap.drop = lambda frame: "career advice" in frame and not tap.dropped
    tap.close_on_drop = True  # the server side goes away with the message

    started = time.monotonic()
    page.locator("textarea.cw-input").fill("I want career advice")
    page.keyboard.press("Enter")
    error = page.locator(".cw-error")
    error.wait_for(timeout=15_000)
    assert time.monotonic() - started < 15, "not the whole 30 s reply timeout"
    assert tap.dropped and error.get_attribute("role") == "alert"
    assert error.inner_text().startswith("No answer came.")
    assert page.locator(".cw-typing").is_hidden()

    page.locator(".cw-status", has_text="Online").wait_for(timeout=TIMEOUT_MS)  # reconnected
    page.locator("textarea.cw-input").focus()
    page.keyboard.press("Shift+Tab")
    assert active_element(page) == "button.cw-retry"
    count = bot_count(page)
    page.keyboard.press("Enter")
    wait_for_bot(page, count)
    assert ROLE_QUESTION in " ".join(page.locator(".cw-bot .cw-bubble").all_inner_texts()[-3:])
    assert error.count() == 0


def test_start_over_asks_first_and_escape_cancels(servers, context_factory):
    page = context_factory().new_page()
    open_widget(page, servers)
    send(page, "I want career advice")
    before = page.locator(".cw-bubble").all_inner_texts()

    restart = page.locator("button.cw-restart")
    restart.focus()
    page.keyboard.press("Enter")
    bar = page.locator(".cw-confirm")
    assert bar.is_visible() and bar.get_attribute("role") == "alertdialog"
    assert "Start over? Your profile and this conversation will be cleared." in bar.inner_text()
    assert active_element(page) == "button.cw-bar-button cw-confirm-no"  # Cancel, the safe choice
    page.keyboard.press("Escape")
    assert bar.is_hidden() and page.locator(".cw-panel").is_visible()  # Escape cancelled, did not close
    assert active_element(page) == "button.cw-icon-button cw-restart"
    assert page.locator(".cw-bubble").all_inner_texts() == before

    restart.click()
    page.locator("button.cw-confirm-no").click()
    assert bar.is_hidden() and page.locator(".cw-bubble").all_inner_texts() == before

    restart.click()
    page.locator("button.cw-confirm-yes").click()
    assert active_element(page).startswith("textarea")
    page.locator(".cw-notice", has_text="Starting over.").wait_for(timeout=5000)
    wait_for_bot(page, 0)  # the log was emptied: the restart's reply is the first bot message
    assert "I want career advice" not in page.locator(".cw-log").inner_text()
    assert all(m["text"] != "I want career advice" for m in stored(page)["messages"])


# --- 7: tabs, privacy notice, clearing, expiry, forget me --------------------------------------------


def test_two_tabs_stay_in_sync_and_never_overwrite_each_other(servers, context_factory):
    context = context_factory()
    first = context.new_page()
    open_widget(first, servers)
    second = context.new_page()
    open_widget(second, servers)

    send(first, "I want career advice")
    second.locator(".cw-user .cw-bubble", has_text="I want career advice").wait_for(timeout=10_000)
    second.locator(".cw-bot .cw-bubble", has_text=ROLE_QUESTION).wait_for(timeout=10_000)
    send(second, "I'm an accountant")
    first.locator(".cw-user .cw-bubble", has_text="I'm an accountant").wait_for(timeout=10_000)
    first.wait_for_timeout(500)

    shown = [page.locator(".cw-bubble").all_inner_texts() for page in (first, second)]
    assert shown[0] == shown[1]
    assert shown[0].count("I want career advice") == 1 and shown[0].count("I'm an accountant") == 1
    assert sum(ROLE_QUESTION in text for text in shown[0]) == 1  # each reply once, not once per tab
    texts = [m["text"] for m in stored(first)["messages"]]
    assert "I want career advice" in texts and "I'm an accountant" in texts

    # Clear in one tab clears the other
    first.locator("button.cw-clear-history").click()
    second.locator(".cw-notice", has_text="cleared").wait_for(timeout=10_000)
    assert second.locator(".cw-bubble").count() == 0


def test_privacy_notice_clear_expiry_and_old_histories(servers, context_factory):
    page = context_factory().new_page()
    page.goto(f"{servers.rasa_url}/widget/demo")
    page.locator("button.cw-launcher").click()
    notice = page.locator(".cw-privacy")
    notice.wait_for(timeout=TIMEOUT_MS)
    assert "This conversation is kept in this browser. Clear it any time." in notice.inner_text()
    page.locator(".cw-bot .cw-bubble").first.wait_for(timeout=TIMEOUT_MS)
    page.locator("button.cw-notice-ok").click()
    assert notice.is_hidden() and active_element(page).startswith("textarea")
    page.reload()
    page.locator(".cw-bot .cw-bubble").first.wait_for(timeout=TIMEOUT_MS)
    assert notice.is_hidden()  # shown once

    page.locator("button.cw-clear-history").click()
    assert page.locator(".cw-bubble").count() == 0
    assert page.locator(".cw-notice", has_text="cleared from this browser").is_visible()
    assert stored(page) is None

    # an old-format history (no ids, "answered" flags) loads; messages older than
    # data-history-days are dropped
    now = int(time.time() * 1000)
    day = 86_400_000
    old = {
        "sessionId": None,
        "messages": [
            {"from": "bot", "text": "From long ago", "ts": now - 40 * day},
            {"from": "user", "text": "Last week", "ts": now - 7 * day},
            {"from": "bot", "text": "Pick one", "ts": now - 7 * day, "answered": True,
             "buttons": [{"title": "A", "payload": "/a"}]},
            {"from": "bot", "text": "Yesterday", "ts": now - day,
             "buttons": [{"title": "B", "payload": "/b"}]},
        ],
        "open": True,
        "initSent": True,
    }  # fmt: skip
    page.evaluate(
        "(data) => localStorage.setItem('careerAdvisorWidget:' + location.origin, JSON.stringify(data))", old
    )
    page.reload()
    page.locator(".cw-bubble", has_text="Yesterday").wait_for(timeout=TIMEOUT_MS)
    assert page.locator(".cw-bubble").all_inner_texts() == ["Last week", "Pick one", "Yesterday"]
    assert page.locator("button.cw-choice").filter(has_text=re.compile("^A$")).is_disabled()
    assert page.locator("button.cw-choice").filter(has_text=re.compile("^B$")).is_enabled()

    with_attributes(page, history_days="3")
    page.reload()
    page.locator(".cw-bubble", has_text="Yesterday").wait_for(timeout=TIMEOUT_MS)
    assert page.locator(".cw-bubble").all_inner_texts() == ["Yesterday"]


def test_forget_me_clears_what_the_browser_keeps(servers, context_factory):
    page = context_factory().new_page()
    open_widget(page, servers)
    send(page, "I want career advice")
    send(page, "forget me")
    page.locator("button.cw-choice:enabled", has_text="Yes, forget me").click()
    page.locator(".cw-bot .cw-bubble", has_text=FORGOT_YOU[:40]).wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(1200)
    assert "I want career advice" not in page.locator(".cw-log").inner_text()
    kept = stored(page)
    assert kept is None or not any("career advice" in m["text"] for m in kept["messages"]), kept
    open_widget(page, servers, reload=True)  # nothing kept: a new greeting
    assert "I want career advice" not in page.locator(".cw-log").inner_text()


# --- 8: contrast, target sizes, unread for screen readers ---------------------------------------------

#: WCAG contrast ratios in the page, from getComputedStyle: [selector, colour property, "self"
#: (against the element's own or inherited background) or "parent" (against its parent's)].
CONTRAST_JS = """
(pairs) => {
    const root = document.querySelector('#career-advisor-widget').shadowRoot;
    const parse = (c) => {
        const m = c.match(/[\\d.]+/g).map(Number);
        return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
    };
    const background = (el) => {
        for (let node = el; node; node = node.parentElement || (node.getRootNode().host || null)) {
            const c = parse(getComputedStyle(node).backgroundColor);
            if (c[3] > 0.99) return c;
        }
        return [255, 255, 255, 1];
    };
    const lum = (c) => {
        const ch = c.slice(0, 3).map(v => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        });
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
    };
    const ratio = (a, b) => {
        const x = lum(a), y = lum(b);
        return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    };
    return pairs.map(([selector, property, against]) => {
        const el = root.querySelector(selector);
        if (!el) return [selector, property, null];
        const style = getComputedStyle(el);
        const colour = parse(style[property]);
        const back = against === 'self' ? background(el) : background(el.parentElement);
        return [selector, property, Math.round(ratio(colour, back) * 100) / 100];
    });
}
"""


def contrast(page: Any, pairs: list[tuple[str, str, str]]) -> dict[tuple[str, str], float]:
    return {(s, p): r for s, p, r in page.evaluate(CONTRAST_JS, pairs)}


def small_targets(page: Any, minimum: float) -> list[tuple[str, dict[str, float]]]:
    small = []
    for button in page.locator(".cw-root button:visible").all():
        box = button.bounding_box()
        if box and (box["width"] < minimum or box["height"] < minimum):
            small.append((button.get_attribute("class"), box))
    return small


def test_contrast_target_sizes_and_unread_state_for_screen_readers(servers, context_factory):
    page = context_factory().new_page()
    open_widget(page, servers, dismiss_notice=False)
    send(page, "I'm an accountant")  # an answer with buttons

    page.locator("textarea.cw-input").focus()
    texts = contrast(page, [
        (".cw-bot .cw-bubble", "color", "self"),
        (".cw-user .cw-bubble", "color", "self"),
        (".cw-time", "color", "self"),
        (".cw-choice:enabled", "color", "self"),
        (".cw-title", "color", "self"),
        (".cw-subtitle", "color", "self"),
        (".cw-status", "color", "self"),
        (".cw-bar-text", "color", "self"),
        (".cw-input", "color", "self"),
    ])  # fmt: skip
    assert all(r is not None and r >= 4.5 for r in texts.values()), texts
    controls = contrast(page, [
        (".cw-input", "borderTopColor", "parent"),
        (".cw-input", "outlineColor", "parent"),  # focused: the focus ring against the form
        (".cw-choice:enabled", "borderTopColor", "parent"),
        (".cw-bar-button", "borderTopColor", "parent"),
    ])  # fmt: skip
    assert all(r is not None and r >= 3 for r in controls.values()), controls
    assert page.locator(".cw-input").evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    page.locator("button.cw-restart").focus()
    page.keyboard.press("Tab")  # keyboard focus on a header button: its ring on the header
    ring = contrast(page, [(".cw-header button:focus-visible", "outlineColor", "parent")])
    assert all(r is not None and r >= 3 for r in ring.values()), ring
    assert small_targets(page, 24) == []

    # unread state: the launcher's name and a polite live region say so
    assert page.locator(".cw-log").get_attribute("aria-live") == "polite"
    page.locator("textarea.cw-input").fill("I want career advice")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    launcher = page.locator("button.cw-launcher")
    page.wait_for_function(
        "() => document.querySelector('#career-advisor-widget').shadowRoot"
        ".querySelector('.cw-launcher').getAttribute('aria-label').includes('new message')",
        timeout=TIMEOUT_MS,
    )
    assert launcher.get_attribute("aria-expanded") == "false"
    announcer = page.locator(".cw-announcer")
    assert announcer.get_attribute("aria-live") == "polite"
    page.wait_for_timeout(300)
    assert "new message" in announcer.inner_text()
    launcher.click()
    assert "new message" not in launcher.get_attribute("aria-label")


# --- 9: phones with the keyboard open, small windows ---------------------------------------------------


def test_a_phone_with_the_keyboard_open_keeps_the_latest_answer_in_view(servers, context_factory):
    page = context_factory(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    open_widget(page, servers)
    send(page, "I want career advice")
    send(page, "I'm an accountant")
    assert small_targets(page, 44) == [], "touch targets on a phone: 44 px"
    screenshot(page, "widget-phone.png")

    page.locator("textarea.cw-input").focus()
    page.set_viewport_size({"width": 390, "height": 400})  # the on-screen keyboard takes the rest
    page.wait_for_timeout(400)
    box = page.locator(".cw-panel").bounding_box()
    assert box is not None and box["height"] <= 400 and box["y"] >= 0
    assert page.locator(".cw-subtitle").is_hidden()  # compact header
    where = assert_answer_start_in_view(page)
    assert where["logHeight"] >= 200, where
    assert page.locator("textarea.cw-input").is_visible()

    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    assert_answer_start_in_view(page)


def test_a_small_window_offers_maximise(servers, context_factory):
    # a short laptop window: the floating panel leaves room, and Maximise gives the whole window
    page = context_factory(viewport={"width": 1000, "height": 600}).new_page()
    open_widget(page, servers)
    send(page, "I want career advice")
    normal = page.locator(".cw-log").evaluate("log => log.clientHeight")
    maximise = page.locator("button.cw-maximise")
    assert maximise.is_visible() and maximise.get_attribute("aria-pressed") == "false"
    maximise.click()
    assert maximise.get_attribute("aria-pressed") == "true"
    box = page.locator(".cw-panel").bounding_box()
    assert box == {"x": 0, "y": 0, "width": 1000, "height": 600}
    bigger = page.locator(".cw-log").evaluate("log => log.clientHeight")
    assert bigger > normal, (normal, bigger)
    assert_answer_start_in_view(page)
    maximise.click()
    assert maximise.get_attribute("aria-pressed") == "false"


def test_at_200_percent_zoom_the_open_panel_takes_the_whole_window(servers, context_factory):
    # 1366x800 at 200% zoom: a 683x400 CSS-pixel window (a stranger saw 80 px of conversation)
    page = context_factory(viewport={"width": 683, "height": 400}).new_page()
    open_widget(page, servers)
    send(page, "I want career advice")
    assert page.locator(".cw-panel").bounding_box() == {"x": 0, "y": 0, "width": 683, "height": 400}
    assert page.locator(".cw-log").evaluate("log => log.clientHeight") >= 200
    assert_answer_start_in_view(page)
