"""End-to-end: the HR page started by the launcher (HR_ADMIN_TOKEN set by the fixture).

Refused without credentials, bound to loopback, login with the token, a ticket created in a
real conversation shown, resolved through the form (CSRF) and delivered on the next visit.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
import requests

from tests.e2e.conftest import E2E_HR_TOKEN

pytestmark = pytest.mark.e2e


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)


def test_hr_page_refuses_requests_without_credentials(servers) -> None:
    assert servers.hr_url and servers.hr_url.startswith("http://127.0.0.1:")
    for path in ("/hr/tickets", "/hr/unanswered", "/hr/report", "/hr/tickets/1"):
        reply = requests.get(servers.hr_url + path, timeout=30, allow_redirects=False)
        assert reply.status_code == 401 and "Log in" in reply.text
    forged = requests.get(
        servers.hr_url + "/hr/tickets", headers={"Authorization": "Bearer not-the-token"}, timeout=30
    )
    assert forged.status_code == 401
    assert requests.post(servers.hr_url + "/hr/login", data={"token": "nope"}, timeout=30).status_code == 401


def test_hr_works_a_ticket_on_the_page(servers, talk) -> None:
    sender = f"page-{uuid.uuid4().hex[:8]}"
    talk(sender, "I want to talk to a person")
    talk(sender, "/affirm")
    talk(sender, "Is <b>overtime</b> paid during training?")
    done = talk(sender, "/skip")
    number = re.search(r"ticket #(\d+)", texts(done)).group(1)  # type: ignore[union-attr]

    session = requests.Session()
    login = session.post(servers.hr_url + "/hr/login", data={"token": E2E_HR_TOKEN}, timeout=30)
    assert login.status_code == 200 and "Tickets" in login.text
    listing = session.get(servers.hr_url + "/hr/tickets", timeout=30).text
    assert (
        f"#{number}" in listing
        and "Is &lt;b&gt;overtime&lt;/b&gt; paid" in listing
        and "<b>overtime" not in listing
    )
    detail = session.get(f"{servers.hr_url}/hr/tickets/{number}", timeout=30).text
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', detail).group(1)  # type: ignore[union-attr]
    resolved = session.post(
        f"{servers.hr_url}/hr/tickets/{number}/resolve",
        data={"answer": "Yes, training time counts as working time.", "csrf": csrf},
        timeout=30,
    )
    assert resolved.status_code == 200 and "sees it on their next visit" in resolved.text

    visit = talk(sender, "/session_start")
    assert "Yes, training time counts as working time." in texts(visit)

    report = session.get(servers.hr_url + "/hr/report", timeout=60)
    assert report.status_code == 200 and "hand-offs to HR" in report.text
    unanswered = requests.get(
        servers.hr_url + "/hr/unanswered", headers={"Authorization": f"Bearer {E2E_HR_TOKEN}"}, timeout=30
    )
    assert unanswered.status_code == 200
