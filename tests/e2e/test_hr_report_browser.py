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
import re
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from sqlalchemy import update

from bot.cli import main
from bot.storage.db import create_catalog_engine
from bot.storage.models import AdviceRecord, HrTicket
from launcher.configuration import PROJECT_ROOT, ServerConfig
from launcher.servers import RunningServers, running_servers
from tests.e2e.conftest import session_model
from tests.kit.databases import prepare_database, sqlite_url
from tests.kit.server_sets import ServerSets, StartContext, register

pytestmark = pytest.mark.e2e

TOKEN = "e2e-report-token-0123456789abcdef"
SCREENSHOT = PROJECT_ROOT / "results" / "hr_report.png"
HELPFUL_QUESTION = "Was this helpful?"
#: After advice the vote and the adjustments are one question (actions/feedback.py).
ADVICE_QUESTION = "Was this helpful? Or adjust the plan:"


def start_report_servers(stack: ExitStack, context: StartContext) -> RunningServers:
    """Servers of their own on fresh databases (so no other test's conversations count)."""
    directory = context.folder("report-data")
    env = {
        "CATALOG_DB_URL": prepare_database(sqlite_url(directory), seeded=True),
        "TRACKER_DB_URL": f"sqlite:///{directory / 'tracker.db'}",
        "CAREERBOT_VAR_DIR": str(directory),
        "HR_ADMIN_TOKEN": TOKEN,
        "HR_PAGE_PORT": "0",
    }
    config = ServerConfig(
        model=str(session_model(context)),
        bind_host="127.0.0.1",
        rasa_port=0,
        action_port=0,
        log_dir=context.folder("report-logs"),
        env=env,
    )
    return stack.enter_context(running_servers(config))


# Started ahead of need by the session's ServerSets (tests.kit.server_sets).
register("report_servers", start_report_servers)


@pytest.fixture(scope="module")
def report_servers(server_sets: ServerSets) -> Iterator[RunningServers]:
    with server_sets.use("report_servers") as running:
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
    assert advice[-1]["text"] == ADVICE_QUESTION
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
            resolved_at = (
                connection.execute(table.select().where(table.c.id == number)).first()._mapping["resolved_at"]
            )  # type: ignore[union-attr]
            connection.execute(
                update(table)
                .where(table.c.id == number)
                .values(created_at=resolved_at - timedelta(minutes=90))
            )
    finally:
        engine.dispose()


def advised_missing_skills(catalog_url: str) -> list[str]:
    """The skills the one piece of advice said were missing (top 10 are shown)."""
    engine = create_catalog_engine(catalog_url)
    try:
        with engine.connect() as connection:
            [record] = connection.execute(AdviceRecord.__table__.select()).all()
    finally:
        engine.dispose()
    return sorted(record._mapping["missing_skills"])[:10]


def shown_report(browser: Any, hr_url: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Log in on the HR page, open the report, save the screenshot; every figure and list."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(f"{hr_url}/hr/login")
        page.fill("input[name=token]", TOKEN)
        page.click('form[action="/hr/login"] button')
        page.goto(f"{hr_url}/hr/report?days=30")
        page.wait_for_selector("[data-figure]")
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        figures = page.eval_on_selector_all(
            "[data-figure]", "nodes => nodes.map(n => [n.dataset.figure, n.textContent.trim()])"
        )
        lists = page.eval_on_selector_all(
            "table[data-list]",
            """tables => tables.map(t => [t.dataset.list, Array.from(t.querySelectorAll('tr'))
                .slice(1).map(r => Array.from(r.cells).map(c => c.textContent.trim()))])""",
        )
    finally:
        context.close()
    return dict(figures), {name: {row[0]: row[-1] for row in rows} for name, rows in lists}


def csv_figures(catalog_url: str, tracker_url: str) -> dict[str, str]:
    result = CliRunner().invoke(
        main,
        ["hr", "--db", catalog_url, "report", "--tracker-db", tracker_url, "--days", "30", "--csv"],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    return {row["figure"]: row["value"] for row in rows if not row["item"]}


def test_the_report_in_chromium_shows_the_scripted_truth(report_servers, browser) -> None:
    truth = run_script(report_servers)
    catalog_url = report_servers.config.env["CATALOG_DB_URL"]
    resolve_90_minutes_later(catalog_url, truth["resolved_ticket"])

    figures, lists = shown_report(browser, report_servers.hr_url or "")

    assert SCREENSHOT.is_file() and SCREENSHOT.stat().st_size > 20_000
    typed = truth["typed_messages"]
    expected = {
        "conversations": "7",
        "users": "7",
        "typed_messages": str(typed),
        "advice": "1",
        # the pay question, declined as HR's matter; the weather is off-topic noise
        "career_unanswered": "1",
        "career_unanswered_share": f"{100 / typed:.1f}%",
        "off_topic": "1",
        "off_topic_share": f"{100 / typed:.1f}%",
        "career_messages": str(typed - 1),
        "career_failure_rate": f"{100 / (typed - 1):.1f}%",
        "unanswered_queue_off_topic": "1",
        "handoffs": "2",
        "tickets_open": "1",
        "tickets_resolved": "1",
        "handoffs_requested": "1",
        "handoffs_fallback": "0",
        "handoffs_declined": "1",
        "median_time_to_resolve": "1.5 h",
        "mean_time_to_resolve": "1.5 h",
        # the FAQ button, the typed "no" and the typed "yes" after the advice; not "why?"
        "votes": "3",
        "not_helpful_votes": "1",
        "helpful_share": "66.7%",
        "helpful_share_faq": "50.0%",
        "helpful_share_advice": "100.0%",
        "helpful_share_other": "–",
    }
    assert figures == expected
    assert lists == {
        "advice_paths": {"upskill": "0", "reskill": "1", "both": "0"},
        "current_roles": {"Accountant": "1"},
        "target_roles": {"Digital Marketing Specialist": "1"},
        "missing_skills": {skill: "1" for skill in advised_missing_skills(catalog_url)},
        # "what is reskilling?" twice, "what is upskilling?" once
        "faq_topics": {"what_is_reskilling": "2", "what_is_upskilling": "1"},
        "career_unanswered_by_kind": {
            "refused as out of scope": "0",
            "not understood": "0",
            "declined as HR's matter": "1",
        },
        "unanswered_groups": {"can I get a pay rise?": "1"},
    }
    # The same figures from the command line's CSV.
    exported = csv_figures(catalog_url, report_servers.config.env["TRACKER_DB_URL"])
    assert {name: exported.get(name) for name in figures} == figures
