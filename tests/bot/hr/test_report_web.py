"""The report on the HR page: the period filter (?days=), the CSV download, the same figures."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta, timezone

import pytest

from bot.hr import advice_log, tickets, unanswered
from bot.hr.web import HrPage, HrPageConfig
from tests.bot.hr.test_web import TOKEN, Client

AUTH = {"Authorization": f"Bearer {TOKEN}"}
NOW = datetime.now(timezone.utc)


@pytest.fixture
def app(sqlite_catalog_engine) -> HrPage:  # type: ignore[no-untyped-def]
    """Two tickets 40 days apart (the older resolved in 12 minutes), an advice with a role name
    that looks like a formula, and an unanswered career question."""
    with sqlite_catalog_engine.begin() as connection:
        old = tickets.create_ticket(connection, "u1", "old question", now=NOW - timedelta(days=40))
        tickets.resolve_ticket(
            connection, old.id, "Answer", now=NOW - timedelta(days=40) + timedelta(minutes=12)
        )
        tickets.create_ticket(connection, "u2", "new question", now=NOW - timedelta(days=2))
        advice_log.record_advice(connection, "u3", path="upskill", current_role="=1+2 Nurse")
        unanswered.record_unanswered(connection, "u4", "-can I train as a welder?", kind="out_of_scope")
    url = str(sqlite_catalog_engine.url)
    return HrPage(HrPageConfig(token=TOKEN, catalog_url=url, tracker_url=url))


def figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([a-z_]+)">([^<]*)<', html))


def test_the_report_page_filters_by_period(app: HrPage) -> None:
    status, _, body = Client(app).request("GET", "/hr/report", headers=AUTH)
    assert status == 200 and figures(body)["handoffs"] == "2"
    assert figures(body)["median_time_to_resolve"] == "12 min"  # seen: "0 h"
    for days in (7, 30, 90):
        assert f'href="/hr/report?days={days}"' in body
    assert 'href="/hr/report.csv"' in body and 'name="days"' in body
    status, _, body = Client(app).request("GET", "/hr/report?days=30", headers=AUTH)
    assert status == 200 and figures(body)["handoffs"] == "1" and figures(body)["tickets_resolved"] == "0"
    assert "<strong>last 30 days</strong>" in body and 'href="/hr/report.csv?days=30"' in body
    assert "last 30 days (from" in body


@pytest.mark.parametrize("days", ["0", "-3", "3651", "abc", "7.5", "%3Cscript%3E"])
def test_a_bad_period_shows_everything_with_a_friendly_message(app: HrPage, days: str) -> None:
    status, _, body = Client(app).request("GET", f"/hr/report?days={days}", headers=AUTH)
    assert status == 200 and "whole number of days from 1 to 3650" in body and "Showing everything" in body
    assert figures(body)["handoffs"] == "2" and "<script>" not in body


def test_csv_download_has_the_page_figures_and_honours_the_period(app: HrPage) -> None:
    page = figures(Client(app).request("GET", "/hr/report?days=30", headers=AUTH)[2])
    status, headers, body = Client(app).request("GET", "/hr/report.csv?days=30", headers=AUTH)
    assert status == 200 and headers["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="hr-report-\d{4}-\d{2}-\d{2}-last-30-days\.csv"',
        headers["Content-Disposition"],
    )
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {row["figure"]: row["value"] for row in rows if not row["item"]} == page
    items = {(row["figure"], row["item"]) for row in rows if row["item"]}
    assert ("current_roles", "'=1+2 Nurse") in items  # no formula in a spreadsheet
    assert ("unanswered_groups", "'-can I train as a welder?") in items
    everything = list(
        csv.DictReader(io.StringIO(Client(app).request("GET", "/hr/report.csv", headers=AUTH)[2]))
    )
    assert {row["figure"]: row["value"] for row in everything}["handoffs"] == "2"


def test_csv_download_needs_the_same_credentials_and_a_valid_period(app: HrPage) -> None:
    status, headers, body = Client(app).request("GET", "/hr/report.csv")
    assert status == 401 and "Content-Disposition" not in headers and "Nurse" not in body
    status, _, body = Client(app).request("GET", "/hr/report.csv?days=0", headers=AUTH)
    assert status == 400 and "whole number of days from 1 to 3650" in body
    client = Client(app)
    client.request("POST", "/hr/login", {"token": TOKEN})
    assert client.request("GET", "/hr/report.csv")[0] == 200
