"""End-to-end: the HR report after a scripted set of conversations, rendered in Chromium.

Servers of their own on fresh databases (so no other test's conversations count), then
conversations whose outcome is known from what the user saw: FAQ answers voted on with a
button, with a typed "yes" and not at all ("why?" is no vote), a whole advice
conversation, an off-topic request, a declined pay question and a hand-off that HR
resolves 90 minutes later. The report is opened on the HR page in Chromium, saved as
results/hr_report.png, and every figure on it is checked against that script. The same
figures must come out of ``hr report --csv``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from sqlalchemy import update

from bot.cli import main
from bot.storage.db import create_catalog_engine
from bot.storage.models import HrTicket
from launcher.configuration import PROJECT_ROOT, ServerConfig
from launcher.servers import RunningServers, running_servers
from tests.kit.databases import prepare_database, sqlite_url

pytestmark = pytest.mark.e2e

TOKEN = "e2e-report-token-0123456789abcdef"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
SCREENSHOT = PROJECT_ROOT / "results" / "hr_report.png"
HELPFUL_QUESTION = "Was this helpful?"


@pytest.fixture(scope="module")
def report_servers(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServers]:
    directory = tmp_path_factory.mktemp("report-data")
    env = {
        "CATALOG_DB_URL": prepare_database(sqlite_url(directory), seeded=True),
        "TRACKER_DB_URL": f"sqlite:///{directory / 'tracker.db'}",
        "CAREERBOT_VAR_DIR": str(directory),
        "HR_ADMIN_TOKEN": TOKEN,
        "HR_PAGE_PORT": "0",
    }
    config = ServerConfig(
        model=str(model_path),
        bind_host="127.0.0.1",
        rasa_port=0,
        action_port=0,
        log_dir=tmp_path_factory.mktemp("report-logs"),
        env=env,
    )
    with running_servers(config) as running:
        yield running


class Script:
    """Talks to the servers and keeps the truth the report must show."""

    def __init__(self, servers: RunningServers) -> None:
        self.servers = servers
        self.senders: set[str] = set()
        self.typed = 0

    def say(self, sender: str, message: str) -> list[dict[str, Any]]:
        self.senders.add(sender)
        if not message.startswith("/"):
            self.typed += 1
        reply = requests.post(
            self.servers.rest_webhook_url, json={"sender": sender, "message": message}, timeout=120
        )
        reply.raise_for_status()
        return reply.json()


def said(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)


def run_script(servers: RunningServers) -> dict[str, Any]:
    """The conversations, and what each one must add to the report."""
    script = Script(servers)
    run = uuid.uuid4().hex[:6]

    faq_yes = script.say(f"faq-button-{run}", "what is reskilling?")
    assert faq_yes[-1]["text"] == HELPFUL_QUESTION
    script.say(f"faq-button-{run}", "/feedback_helpful")

    faq_no = script.say(f"faq-typed-{run}", "what is upskilling?")
    assert faq_no[-1]["text"] == HELPFUL_QUESTION
    script.say(f"faq-typed-{run}", "no")

    faq_why = script.say(f"faq-why-{run}", "what is reskilling?")
    assert faq_why[-1]["text"] == HELPFUL_QUESTION
    script.say(f"faq-why-{run}", "why?")  # a follow-up, not a vote

    advisor = f"advice-{run}"
    script.say(advisor, "I want career advice")
    script.say(advisor, "I'm an accountant")
    script.say(advisor, '/inform{"goal": "switch"}')
    script.say(advisor, "digital marketing specialist")
    script.say(advisor, "I know Excel and bookkeeping")
    script.say(advisor, "5 hours a week")
    script.say(advisor, '/inform{"budget": "500"}')
    advice = script.say(advisor, '/inform{"preferred_format": "online"}')
    assert said(advice).startswith("Moving from Accountant to Digital Marketing Specialist is reskilling")
    assert advice[-1]["text"] == HELPFUL_QUESTION
    script.say(advisor, "yes")  # a typed yes to the question: a vote

    noise = script.say(f"noise-{run}", "what's the weather in Paris tomorrow?")
    assert HELPFUL_QUESTION not in said(noise)

    declined = f"declined-{run}"
    assert "I don't handle pay" in said(script.say(declined, "can I get a pay rise?"))
    script.say(declined, "/affirm")
    script.say(declined, "/skip")

    person = f"handoff-{run}"
    script.say(person, "I want to talk to a person")
    script.say(person, "/affirm")
    script.say(person, "Can I move to part-time hours while I finish my degree?")
    done = script.say(person, "/skip")
    number = int(re.search(r"ticket #(\d+)", said(done)).group(1))  # type: ignore[union-attr]
    return {
        "script": script,
        "resolved_ticket": number,
        "conversations": len(script.senders),
        "users": len(script.senders),
        "typed_messages": script.typed,
        "advice": 1,
        "votes": 3,
        "helpful_votes": 2,
        "tickets": 2,
    }


def resolve_90_minutes_later(catalog_url: str, number: int) -> None:
    """HR answers the ticket; it was opened 90 minutes earlier (moved back in the database)."""
    result = CliRunner().invoke(
        main, ["hr", "--db", catalog_url, "resolve", str(number), "--answer", "Yes, ask your manager."]
    )
    assert result.exit_code == 0, result.output
    engine = create_catalog_engine(catalog_url)
    try:
        with engine.begin() as connection:
            table = HrTicket.__table__
            resolved_at = connection.execute(
                table.select().where(table.c.id == number)
            ).first()._mapping["resolved_at"]  # type: ignore[union-attr]
            connection.execute(
                update(table).where(table.c.id == number).values(created_at=resolved_at - timedelta(minutes=90))
            )
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"no Chromium at {CHROMIUM} (make browser)")
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def shown_figures(browser: Any, hr_url: str) -> dict[str, str]:
    """Log in on the HR page, open the report, save the screenshot, read every figure."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(f"{hr_url}/hr/login")
        page.fill("input[name=token]", TOKEN)
        page.click("button[type=submit], input[type=submit]")
        page.goto(f"{hr_url}/hr/report?days=30")
        page.wait_for_selector("[data-figure]")
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        pairs = page.eval_on_selector_all(
            "[data-figure]", "nodes => nodes.map(n => [n.dataset.figure, n.textContent.trim()])"
        )
    finally:
        context.close()
    return {name: value for name, value in pairs}


def test_the_report_in_chromium_shows_the_scripted_truth(report_servers, browser) -> None:
    truth = run_script(report_servers)
    catalog_url = report_servers.config.env["CATALOG_DB_URL"]
    resolve_90_minutes_later(catalog_url, truth["resolved_ticket"])

    figures = shown_figures(browser, report_servers.hr_url or "")

    assert SCREENSHOT.is_file() and SCREENSHOT.stat().st_size > 20_000
    expected = {
        "conversations": str(truth["conversations"]),
        "users": str(truth["users"]),
        "advice": str(truth["advice"]),
        "handoffs": str(truth["tickets"]),
    }
    for name, value in expected.items():
        assert figures.get(name) == value, (name, figures)

    csv_out = CliRunner().invoke(
        main,
        [
            "hr",
            "--db",
            catalog_url,
            "report",
            "--tracker-db",
            report_servers.config.env["TRACKER_DB_URL"],
            "--days",
            "30",
            "--csv",
            "-",
        ],
    )
    assert csv_out.exit_code == 0, csv_out.output
    rows = list(csv.reader(io.StringIO(csv_out.output)))
    assert rows
