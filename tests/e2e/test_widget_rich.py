"""End-to-end: rich replies (a learning path as a structured payload, bot.advice.rich_path) on
real servers: over REST one message with the old text and the payload as ``custom``; in the
widget (Playwright driving Debian's Chromium) cards with a totals row and labelled links that
survive a reload, catalog markup shown as text, old text-only histories still loading, and
light formatting in ordinary bot texts; Telegram and WhatsApp (through the platforms' API
stub) get the path in their own format. Saves results/widget-path.png;
``WIDGET_PATH_SCREENSHOT=docs/widget.png`` also saves the README's screenshot.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from launcher.configuration import PROJECT_ROOT
from launcher.servers import RunningServers
from tests.e2e.channel_stubs import ChannelServers
from tests.e2e.conftest import bot_bubbles
from tests.e2e.test_channels import fixture, telegram_messages, telegram_post, twilio_turn

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000
#: A course on the path of the conversation below (sample catalog).
ON_THE_PATH = "Google Analytics Certification"
INJECTED = "<script>alert(1)</script> **x** <img src=x onerror=alert(2)> [y](javascript:alert(3))"
#: The advisor conversation to a path: accountant -> digital marketing, 5 h a week, 500 USD, online.
CONVERSATION = [
    "I want career advice",
    "I'm an accountant",
    '/inform{"goal": "switch"}',
    "digital marketing specialist",
    "I know Excel and bookkeeping",
    "5 hours a week",
    '/inform{"budget": "500"}',
    '/inform{"preferred_format": "online"}',
]


# --- REST: the text as before, and the payload ------------------------------------------------------


def test_rest_sends_the_path_as_text_and_payload_in_one_message(talk):
    sender = f"e2e-rich-{uuid.uuid4()}"
    for message in CONVERSATION[:-1]:
        talk(sender, message)
    advice = talk(sender, CONVERSATION[-1])

    rich = [message for message in advice if "custom" in message]
    assert len(rich) == 1, advice
    message = rich[0]
    assert message["text"].startswith("Your learning path:\n1. ")
    payload = message["custom"]
    assert payload["schema"] == 1 and payload["type"] == "learning_path"
    assert payload["text"] == message["text"]
    courses, totals = payload["courses"], payload["totals"]
    assert len(courses) == message["text"].count("\n")  # one line per course
    assert {course["currency"] for course in courses} == {totals["currency"]} == {"USD"}
    assert round(sum(course["cost"] for course in courses), 2) == totals["cost"]
    assert all(course["url"].startswith("https://") for course in courses)
    assert totals["weeks"] and totals["hours"] == sum(course["hours"] for course in courses)


# --- messaging channels, through the platforms' API stub ---------------------------------------------


def test_telegram_gets_the_path_as_escaped_html(channel_servers: ChannelServers):
    chat_id = 5560000000 + uuid.uuid4().int % 10**6
    sent: list[dict[str, Any]] = []
    for message in CONVERSATION:
        update = fixture("telegram_message.json")
        update["message"]["chat"]["id"] = update["message"]["from"]["id"] = chat_id
        update["message"]["text"] = message
        since = channel_servers.stub.mark()
        assert telegram_post(channel_servers, update) == 200
        sent = telegram_messages(channel_servers.stub.settle(since))
    path = [m for m in sent if m.get("text", "").startswith("<b>Your learning path</b>")]
    assert len(path) == 1, sent
    assert path[0]["parse_mode"] == "HTML"
    assert '<a href="https://' in path[0]["text"] and ">Course page</a>" in path[0]["text"]
    assert "Total: " in path[0]["text"] and len(path[0]["text"]) <= 4096


def test_whatsapp_gets_the_path_as_numbered_text_with_labelled_links(channel_servers: ChannelServers):
    sender = f"whatsapp:+1556{uuid.uuid4().int % 10**7:07d}"
    bodies: list[str] = []
    for message in CONVERSATION:
        bodies = twilio_turn(channel_servers, sender, message)
    path = next(body for body in bodies if body.startswith("Your learning path\n\n1. "))
    assert "   Course page: https://" in path and "\nTotal: " in path and len(path) <= 1600
    assert not any(body.startswith("Your learning path:") for body in bodies)  # not twice


# --- the widget --------------------------------------------------------------------------------------


def send(page: Any, message: str) -> None:
    count = bot_bubbles(page).count()
    page.locator("textarea.cw-input").fill(message)
    page.keyboard.press("Enter")
    bot_bubbles(page).nth(count).wait_for(timeout=TIMEOUT_MS)
    page.locator(".cw-typing").wait_for(state="hidden", timeout=TIMEOUT_MS)
    page.wait_for_timeout(1200)  # the rest of the turn's messages


def open_widget(page: Any, servers: RunningServers) -> None:
    page.goto(f"{servers.rasa_url}/widget/demo")
    page.locator("button.cw-launcher").click()
    bot_bubbles(page).first.wait_for(timeout=TIMEOUT_MS)  # the greeting
    page.locator(".cw-status", has_text="Online").wait_for(timeout=TIMEOUT_MS)


def advise(page: Any, servers: RunningServers) -> Any:
    """Hold the advisor conversation in the widget; the learning path's cards."""
    open_widget(page, servers)
    for message in CONVERSATION:
        send(page, message)
    path = page.locator(".cw-bot .cw-rich-learning_path")
    path.wait_for(timeout=TIMEOUT_MS)
    return path


def test_the_learning_path_renders_as_cards_with_totals_and_survives_a_reload(servers, page):
    path = advise(page, servers)
    assert path.locator(".cw-rich-title").inner_text() == "Your learning path"
    cards = path.locator("ol.cw-cards > li.cw-card")
    count = cards.count()
    assert count >= 2
    first = cards.first
    assert first.locator(".cw-card-title strong").inner_text()
    assert " h · " in first.locator(".cw-card-facts").inner_text()
    assert first.locator(".cw-card-covers").inner_text().startswith("Closes: ")
    links = path.locator("a.cw-rich-link")
    assert links.count() == count
    assert set(links.all_inner_texts()) == {"Course page"}
    for index in range(count):
        link = links.nth(index)
        assert link.get_attribute("href").startswith("https://")
        assert link.get_attribute("rel") == "noopener noreferrer nofollow"
        assert link.get_attribute("target") == "_blank"
    assert "https://" not in path.inner_text()  # labelled links, no raw URL
    totals = path.locator(".cw-totals").inner_text()
    assert totals.startswith("Total: ") and "of study" in totals and "USD" in totals and "weeks" in totals
    # the explanation before it and the buttons after it are still ordinary messages
    assert bot_bubbles(page).filter(has_text="Moving from Accountant to Digital Marketing").count()
    assert page.locator("button.cw-choice", has_text="Cheaper options").count()

    path.evaluate("node => node.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(800)  # the log scrolls smoothly
    (PROJECT_ROOT / "results").mkdir(exist_ok=True)
    page.screenshot(path=str(PROJECT_ROOT / "results" / "widget-path.png"))
    if os.environ.get("WIDGET_PATH_SCREENSHOT"):  # the end of the path: the last cards and the totals
        path.evaluate("node => node.scrollIntoView({block: 'end'})")
        page.wait_for_timeout(800)
        page.screenshot(path=str(PROJECT_ROOT / os.environ["WIDGET_PATH_SCREENSHOT"]))
    before = page.locator(".cw-bubble").all_inner_texts()

    page.reload()
    page.locator(".cw-rich-learning_path").wait_for(timeout=TIMEOUT_MS)
    assert page.locator(".cw-bubble").all_inner_texts() == before
    assert page.locator(".cw-rich-learning_path li.cw-card").count() == count
    assert page.locator(".cw-rich-learning_path .cw-totals").inner_text() == totals


@pytest.fixture
def injected_title(catalog: Engine) -> Iterator[str]:
    """A course on the path renamed to markup for the test, and back afterwards."""
    rename = text("UPDATE courses SET title = :new WHERE title = :old")
    with catalog.begin() as connection:
        assert connection.execute(rename, {"new": INJECTED, "old": ON_THE_PATH}).rowcount == 1
    try:
        yield INJECTED
    finally:
        with catalog.begin() as connection:
            connection.execute(rename, {"new": ON_THE_PATH, "old": INJECTED})


def test_markup_in_a_catalog_title_is_shown_as_text(servers, page, injected_title):
    path = advise(page, servers)
    titles = path.locator(".cw-card-title strong").all_inner_texts()
    assert injected_title in titles
    card = path.locator("li.cw-card", has_text="alert(1)")
    assert card.locator("strong").count() == 1  # "**x**" did not become bold
    assert card.locator("a").count() == 1 and card.locator("a").inner_text() == "Course page"
    assert page.locator(".cw-log script").count() == 0
    assert page.locator(".cw-log img").count() == 0
    page.reload()
    page.locator(".cw-rich-learning_path").wait_for(timeout=TIMEOUT_MS)
    assert injected_title in page.locator(".cw-card-title strong").all_inner_texts()
    assert page.locator(".cw-log script, .cw-log img").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []


def test_a_stored_text_only_history_still_loads_with_light_formatting(servers, page):
    open_widget(page, servers)
    key = page.evaluate("() => Object.keys(localStorage).find(k => k.startsWith('careerAdvisorWidget:'))")
    stored = json.loads(page.evaluate("key => localStorage.getItem(key)", key))
    old_path = (
        "Your learning path:\n1. SQL basics (Acme): online self paced, 12 h, free. https://example.com/sql\n"
        f"2. {INJECTED} (Evil): online self paced, 3 h, free."
    )
    now = int(time.time() * 1000) - 60_000  # recent: the widget drops messages older than data-history-days
    stored["messages"] = [
        {"from": "user", "text": "**not bold** - from the user", "ts": now + 0},
        {"from": "bot", "text": old_path, "ts": now + 1},
        {
            "from": "bot",
            "text": "Use **this** or [the guide](https://example.com/guide).",
            "ts": now + 2,
        },
        {"from": "bot", "text": "Not a [link](javascript:alert(4)) and ** unclosed", "ts": now + 3},
        {"from": "bot", "text": "A broken card", "rich": {"schema": 99}, "ts": now + 4},
    ]
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, json.dumps(stored)])
    page.reload()
    page.locator(".cw-bubble", has_text="A broken card").wait_for(timeout=TIMEOUT_MS)

    user = page.locator(".cw-user .cw-bubble").first
    assert user.inner_text() == "**not bold** - from the user"  # the user's text is never formatted
    old = bot_bubbles(page).filter(has_text="Your learning path:")
    items = old.locator("ol.cw-list > li")
    assert items.count() == 2
    # markup in a text is text; only the light formatting applies (bold: harmless; a path with
    # its payload is never parsed, see the test above)
    injected = items.nth(1)
    for markup in ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "[y](javascript:alert(3))"):
        assert markup in injected.inner_text()
    assert injected.locator("strong").inner_text() == "x" and injected.locator("a").count() == 0
    assert old.locator("a").get_attribute("href") == "https://example.com/sql"
    formatted = bot_bubbles(page).filter(has_text="Use this or the guide.")
    assert formatted.locator("strong").inner_text() == "this"
    guide = formatted.locator("a")
    assert guide.inner_text() == "the guide" and guide.get_attribute("href") == "https://example.com/guide"
    assert guide.get_attribute("rel") == "noopener noreferrer nofollow"
    literal = bot_bubbles(page).filter(has_text="Not a [link](javascript:alert(4)) and ** unclosed")
    assert literal.locator("a").count() == 0
    assert page.locator(".cw-rich").count() == 0  # schema 99: its text, no cards
    assert page.locator(".cw-log script, .cw-log img").count() == 0
    assert page.dialogs == []
