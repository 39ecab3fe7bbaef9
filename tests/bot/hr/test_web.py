"""The HR page as a WSGI application: refused without credentials, login, CSRF, escaping."""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.hr import tickets, unanswered
from bot.hr.web import HrPage, HrPageConfig, HrPageError

TOKEN = "correct-horse-battery-staple-42"


class Client:
    def __init__(self, app: HrPage) -> None:
        self.app, self.cookie = app, ""

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], str]:
        body = urlencode(form or {}).encode()
        path, _, query = path.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
            "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "HTTP_COOKIE": self.cookie,
        }  # fmt: skip
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        captured: dict[str, Any] = {}

        def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
            captured["status"], captured["headers"] = int(status.split()[0]), response_headers

        text = b"".join(self.app(environ, start_response)).decode()
        found = dict(captured["headers"])
        for name, value in captured["headers"]:
            if name == "Set-Cookie":
                self.cookie = value.split(";")[0]
        return captured["status"], found, text


@pytest.fixture
def app(sqlite_catalog_engine) -> HrPage:  # type: ignore[no-untyped-def]
    with sqlite_catalog_engine.begin() as connection:
        tickets.create_ticket(
            connection,
            "u1",
            "<script>alert('x')</script> Is overtime paid?",
            transcript=[{"speaker": "user", "text": "<b>hi</b>"}],
        )
        unanswered.record_unanswered(connection, "u2", "mail <i>me</i> at jane@example.com", kind="fallback")
    url = str(sqlite_catalog_engine.url)
    return HrPage(HrPageConfig(token=TOKEN, catalog_url=url, tracker_url=url))


@pytest.mark.parametrize("path", ["/hr/tickets", "/hr/tickets/1", "/hr/unanswered", "/hr/report", "/hr/"])
def test_refused_without_credentials(app: HrPage, path: str) -> None:
    status, headers, body = Client(app).request("GET", path)
    assert status == 401 and "Overtime" not in body and "Log in" in body
    assert (
        "script-src" not in headers["Content-Security-Policy"]
        and "default-src 'none'" in headers["Content-Security-Policy"]
    )


def test_refused_with_a_wrong_token_or_forged_cookie(app: HrPage) -> None:
    client = Client(app)
    assert client.request("GET", "/hr/tickets", headers={"Authorization": "Bearer wrong"})[0] == 401
    assert client.request("POST", "/hr/login", {"token": "wrong"})[0] == 401
    client.cookie = "hr_session=9999999999.deadbeef"
    assert client.request("GET", "/hr/tickets")[0] == 401
    assert client.request("POST", "/hr/tickets/1/resolve", {"answer": "x"})[0] == 401


def test_everything_refused_without_a_token(sqlite_catalog_engine) -> None:  # type: ignore[no-untyped-def]
    app = HrPage(HrPageConfig(token=None, catalog_url=str(sqlite_catalog_engine.url), tracker_url=""))
    for method, path in [("GET", "/hr/tickets"), ("POST", "/hr/login")]:
        assert Client(app).request(method, path, headers={"Authorization": "Bearer "})[0] == 503
    with pytest.raises(HrPageError, match="not set"):
        HrPageConfig.from_env("sqlite://", env={})
    with pytest.raises(HrPageError, match="at least 16"):
        HrPageConfig.from_env("sqlite://", env={"HR_ADMIN_TOKEN": "short"})


def test_login_list_detail_resolve_with_csrf(app: HrPage) -> None:
    client = Client(app)
    status, headers, _ = client.request("POST", "/hr/login", {"token": TOKEN})
    assert status == 303 and headers["Location"] == "/hr/tickets" and "HttpOnly" in headers["Set-Cookie"]
    assert "SameSite=Strict" in headers["Set-Cookie"]
    status, _, body = client.request("GET", "/hr/tickets")
    assert status == 200 and "&lt;script&gt;" in body and "<script>" not in body
    status, _, body = client.request("GET", "/hr/tickets/1")
    assert status == 200 and "&lt;b&gt;hi&lt;/b&gt;" in body
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', body).group(1)  # type: ignore[union-attr]
    assert client.request("POST", "/hr/tickets/1/resolve", {"answer": "Yes"})[0] == 403  # no CSRF token
    assert client.request("POST", "/hr/tickets/1/resolve", {"answer": " ", "csrf": csrf})[0] == 400
    status, headers, _ = client.request(
        "POST", "/hr/tickets/1/resolve", {"answer": "Yes, <1.5x>", "csrf": csrf}
    )
    assert status == 303
    body = client.request("GET", "/hr/tickets/1")[2]
    assert "Yes, &lt;1.5x&gt;" in body and "sees it on their next visit" in body
    assert client.request("GET", "/hr/tickets/42")[0] == 404


def test_bearer_token_unanswered_and_report(app: HrPage) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    status, _, body = Client(app).request("GET", "/hr/unanswered?off_topic=1", headers=auth)
    assert status == 200 and "jane@example.com" not in body and "[email]" in body and "&lt;i&gt;" in body


def test_unanswered_page_leaves_off_topic_requests_out_until_asked(app: HrPage) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with app.engine().begin() as connection:
        unanswered.record_unanswered(
            connection, "u3", "can I do the forklift course on paid time?", kind="out_of_scope"
        )
    body = Client(app).request("GET", "/hr/unanswered", headers=auth)[2]
    assert "forklift course" in body and "[email]" not in body and "1 off-topic requests" in body
    body = Client(app).request("GET", "/hr/unanswered?off_topic=1", headers=auth)[2]
    assert "forklift course" in body and "[email]" in body
    status, _, body = Client(app).request("GET", "/hr/report", headers=auth)
    assert status == 200 and "HR insights" in body
    assert Client(app).request("GET", "/hr/health")[2] == "ok"


# --- the queue: age, overdue badge, owner; the ticket's history and its assign/status forms ------


def test_the_queue_shows_age_overdue_badge_and_owner_oldest_first(app: HrPage) -> None:
    from datetime import datetime, timedelta, timezone

    from bot.hr import queue

    now = datetime.now(timezone.utc)
    with app.engine().begin() as connection:
        old = tickets.create_ticket(connection, "u3", "Old <question>", now=now - timedelta(hours=49))
        queue.assign(connection, old.id, "Dana <HR>")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    status, _, body = Client(app).request("GET", "/hr/tickets", headers=auth)
    assert status == 200 and "overdue after waiting 48 h" in body
    rows = re.findall(r"<tr><td><a href=\"/hr/tickets/(\d+)\">.*?</tr>", body)
    assert rows == [str(old.id), "1"]  # oldest first, whatever the number
    old_row = re.search(rf'<tr><td><a href="/hr/tickets/{old.id}">.*?</tr>', body).group(0)  # type: ignore[union-attr]
    assert "2 days" in old_row and 'class="badge overdue">overdue<' in old_row
    assert "Dana &lt;HR&gt;" in old_row and "Old &lt;question&gt;" in old_row
    new_row = re.search(r'<tr><td><a href="/hr/tickets/1">.*?</tr>', body).group(0)  # type: ignore[union-attr]
    assert "unassigned" in new_row and "overdue" not in new_row and "0 min" in new_row
    # resolved tickets are listed without an age: they wait for nobody
    with app.engine().begin() as connection:
        tickets.resolve_ticket(connection, old.id, "Done.")
    body = Client(app).request("GET", "/hr/tickets?status=resolved", headers=auth)[2]
    assert f"/hr/tickets/{old.id}" in body and "badge overdue" not in body and "2 days" not in body


def test_assign_and_status_forms_with_csrf_and_the_history(app: HrPage) -> None:
    client = Client(app)
    client.request("POST", "/hr/login", {"token": TOKEN})
    body = client.request("GET", "/hr/tickets/1")[2]
    assert '<td id="owner">unassigned</td>' in body and 'action="/hr/tickets/1/assign"' in body
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', body).group(1)  # type: ignore[union-attr]
    assert client.request("POST", "/hr/tickets/1/assign", {"person": "Dana"})[0] == 403  # no CSRF token
    assert client.request("GET", "/hr/tickets/1/assign")[0] == 405
    status, headers, _ = client.request(
        "POST", "/hr/tickets/1/assign", {"person": "<b>Dana</b>", "by": "Sam", "csrf": csrf}
    )
    assert status == 303 and headers["Location"] == "/hr/tickets/1?updated=1"
    status, _, _ = client.request("POST", "/hr/tickets/1/status", {"status": "in_progress", "csrf": csrf})
    assert status == 303
    body = client.request("GET", "/hr/tickets/1")[2]
    assert '<td id="owner">&lt;b&gt;Dana&lt;/b&gt;</td>' in body and "<b>Dana</b>" not in body
    assert '<option value="in_progress" selected>' in body
    history = re.search(r'<table id="history">(.*?)</table>', body).group(1)  # type: ignore[union-attr]
    cells = [re.findall(r"<td>(.*?)</td>", row)[1:] for row in re.findall(r"<tr>(.*?)</tr>", history)]
    assert cells == [
        ["opened", "requested", ""],
        ["assigned", "&lt;b&gt;Dana&lt;/b&gt;", "Sam"],
        ["status", "open -&gt; in_progress", ""],
    ]
    # bad input: the ticket again with the reason, nothing changed
    for path, form, message in [
        ("/hr/tickets/1/assign", {"person": "  "}, "give the name of the HR person"),
        ("/hr/tickets/1/assign", {"person": "x" * 101}, "at most 100"),
        ("/hr/tickets/1/status", {"status": "resolved"}, "resolved with its answer"),
        ("/hr/tickets/1/status", {"status": "<closed>"}, "not &#39;&lt;closed&gt;&#39;"),
    ]:
        status, _, body = client.request("POST", path, {**form, "csrf": csrf})
        assert status == 400 and message in body and '<td id="owner">&lt;b&gt;Dana&lt;/b&gt;</td>' in body, (
            path
        )
    assert client.request("POST", "/hr/tickets/42/assign", {"person": "Dana", "csrf": csrf})[0] == 404
    # once resolved, the forms are gone and a late post says why
    client.request("POST", "/hr/tickets/1/resolve", {"answer": "Yes", "csrf": csrf})
    body = client.request("GET", "/hr/tickets/1")[2]
    assert 'action="/hr/tickets/1/assign"' not in body and "<td>resolved</td>" in body
    status, _, body = client.request("POST", "/hr/tickets/1/assign", {"person": "Lee", "csrf": csrf})
    assert status == 400 and "is resolved already" in body


def test_a_bad_overdue_threshold_in_the_environment_stops_the_page(sqlite_catalog_engine) -> None:  # type: ignore[no-untyped-def]
    env = {"HR_ADMIN_TOKEN": TOKEN, "HR_OVERDUE_HOURS": "0"}
    with pytest.raises(HrPageError, match="HR_OVERDUE_HOURS must be at least 1"):
        HrPageConfig.from_env("sqlite://", env=env)
    assert HrPageConfig.from_env("sqlite://", env={**env, "HR_OVERDUE_HOURS": "12"}).overdue_hours == 12


@pytest.fixture
def review(tmp_path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Drafts go to a temporary folder; the validator is stubbed (test_faq_drafts runs the real one)."""
    from bot.hr import faq_drafts

    folder = tmp_path / "review"
    monkeypatch.setenv("FAQ_REVIEW_DIR", str(folder))
    outcome = {"passed": True}
    monkeypatch.setattr(
        faq_drafts,
        "validate",
        lambda target: faq_drafts.Validation(
            True, outcome["passed"], "rasa data validate (stub)", ["checked"]
        ),
    )
    return folder, outcome


def _logged_in(app: HrPage, path: str) -> tuple[Client, str, str]:
    client = Client(app)
    client.request("POST", "/hr/login", {"token": TOKEN})
    body = client.request("GET", path)[2]
    return client, re.search(r'name="csrf" value="([0-9a-f]+)"', body).group(1), body  # type: ignore[union-attr]


def test_add_a_group_of_unanswered_questions_as_faq(app: HrPage, review) -> None:  # type: ignore[no-untyped-def]
    import yaml

    folder, outcome = review
    with app.engine().begin() as connection:
        for text in ("can I do the forklift course on paid time?", "is the forklift course on paid time?"):
            unanswered.record_unanswered(
                connection, "u3", text, kind="out_of_scope", top_intents=[{"name": "faq", "confidence": 0.3}]
            )
    client, csrf, body = _logged_in(app, "/hr/unanswered")
    assert "Add as FAQ" in body and 'action="/hr/unanswered/faq"' in body
    assert 'value="forklift_course_paid_time"' in body and 'name="ids" value="3 2"' in body
    assert (
        "is the forklift course on paid time?\ncan I do the forklift course on paid time?</textarea>" in body
    )
    examples = (
        "can I do the forklift course on paid time?\nforklift training during work hours, mail me@x.org\n"
    )
    form = {"ids": "2 3", "topic": "forklift_paid_time", "answer": 'Yes: ask <your> manager "first".'}
    form["examples"] = examples
    assert client.request("POST", "/hr/unanswered/faq", form)[0] == 403  # no CSRF token
    assert not folder.exists()
    outcome["passed"] = False  # an invalid draft: written, shown, the messages stay in the queue
    status, _, body = client.request("POST", "/hr/unanswered/faq", {**form, "csrf": csrf})
    assert (
        status == 200 and "FAILED" in body and "stay in the queue" in body and "Write the draft again" in body
    )
    assert "forklift course" in client.request("GET", "/hr/unanswered")[2]
    outcome["passed"] = True
    status, _, body = client.request("POST", "/hr/unanswered/faq", {**form, "csrf": csrf})
    assert status == 200 and 'id="faq-validation">passed' in body and "make train" in body
    assert "faq/forklift_paid_time" in body and "a new topic" in body and "marked exported" in body
    drafts = sorted(folder.iterdir())
    assert len(drafts) == 2 and str(drafts[-1]) in body
    nlu = yaml.safe_load((drafts[-1] / "nlu.yml").read_text(encoding="utf-8"))
    assert nlu["nlu"][0]["examples"] == (
        "- can I do the forklift course on paid time?\n- forklift training during work hours, mail [email]\n"
    )
    responses = yaml.safe_load((drafts[-1] / "responses.yml").read_text(encoding="utf-8"))
    assert responses["responses"] == {
        "utter_faq/forklift_paid_time": [{"text": 'Yes: ask <your> manager "first".'}]
    }
    assert "forklift course" not in client.request("GET", "/hr/unanswered")[2]  # exported
    with app.engine().connect() as connection:
        assert {m.faq_topic for m in unanswered.get_unanswered(connection, [2, 3])} == {"forklift_paid_time"}


def test_faq_form_errors_are_friendly(app: HrPage, review) -> None:  # type: ignore[no-untyped-def]
    client, csrf, _ = _logged_in(app, "/hr/unanswered")
    status, _, body = client.request(
        "POST",
        "/hr/unanswered/faq",
        {"csrf": csrf, "ids": "1", "topic": "Bad Key", "examples": "a\nb", "answer": "x"},
    )
    assert status == 400 and "lowercase snake_case" in body and 'value="Bad Key"' in body
    status, _, body = client.request(
        "POST",
        "/hr/unanswered/faq",
        {"csrf": csrf, "ids": "1", "topic": "ok_key", "examples": "only one", "answer": "x"},
    )
    assert status == 400 and "at least 2 different examples" in body
    for ids in ("99", "x", ""):
        form = {"csrf": csrf, "ids": ids, "topic": "ok_key", "examples": "a\nb", "answer": "x"}
        assert client.request("POST", "/hr/unanswered/faq", form)[0] == 400
    assert not review[0].exists()


def test_make_a_resolved_ticket_an_faq_answer(app: HrPage, review) -> None:  # type: ignore[no-untyped-def]
    import yaml

    folder, _ = review
    client, csrf, body = _logged_in(app, "/hr/tickets/1")
    assert "Make this an FAQ answer" not in body  # open ticket: nothing to turn into an answer yet
    form = {
        "csrf": csrf,
        "topic": "overtime_pay",
        "examples": "Is overtime paid?\ndo I get paid for overtime",
        "answer": "Yes.",
    }
    status, _, body = client.request("POST", "/hr/tickets/1/faq", form)
    assert status == 400 and "Resolve the ticket first" in body
    client.request(
        "POST", "/hr/tickets/1/resolve", {"answer": "Yes, at 1.5x: see the\n- staff handbook", "csrf": csrf}
    )
    body = client.request("GET", "/hr/tickets/1")[2]
    assert "Make this an FAQ answer" in body and 'action="/hr/tickets/1/faq"' in body
    assert (
        'value="script_alert_x_script_overtime"' in body
        and "Yes, at 1.5x: see the\n- staff handbook</textarea>" in body
    )
    without_csrf = {name: value for name, value in form.items() if name != "csrf"}
    assert client.request("POST", "/hr/tickets/1/faq", without_csrf)[0] == 403
    assert client.request("POST", "/hr/tickets/1/faq", {**form, "csrf": "forged"})[0] == 403
    assert not folder.exists()
    status, _, body = client.request(
        "POST", "/hr/tickets/1/faq", {**form, "answer": "Yes, at 1.5x.\n- handbook"}
    )
    assert status == 200 and "faq/overtime_pay" in body and "a new topic" in body
    (draft,) = folder.iterdir()
    assert "ticket #1 (HR page)" in (draft / "README.txt").read_text(encoding="utf-8")
    responses = yaml.safe_load((draft / "responses.yml").read_text(encoding="utf-8"))
    assert responses["responses"]["utter_faq/overtime_pay"] == [{"text": "Yes, at 1.5x.\n- handbook"}]
    assert client.request("POST", "/hr/tickets/42/faq", form)[0] == 404


def test_the_ticket_page_links_the_parsed_e_mail_and_phone(app: HrPage, sqlite_catalog_engine) -> None:  # type: ignore[no-untyped-def]
    with sqlite_catalog_engine.begin() as connection:
        ticket = tickets.create_ticket(
            connection,
            "u9",
            "Who pays for the forklift licence?",
            contact="ana@example.com, +44 7700 900123",
            contact_email="ana@example.com",
            contact_phone="+44 7700 900123",
        )
    client = Client(app)
    client.request("POST", "/hr/login", {"token": TOKEN})
    body = client.request("GET", f"/hr/tickets/{ticket.id}")[2]
    assert '<a href="mailto:ana@example.com">ana@example.com</a>' in body
    assert '<a href="tel:+447700900123">+44 7700 900123</a>' in body


def test_logout_closes_the_session_on_the_server(app: HrPage) -> None:
    """A copy of the cookie (another tab, a shared machine, a stolen header) stops working."""
    client = Client(app)
    client.request("POST", "/hr/login", {"token": TOKEN})
    copied = client.cookie
    status, _, page = client.request("GET", "/hr/tickets")
    assert status == 200
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    assert client.request("POST", "/hr/logout", {"csrf": csrf.group(1)})[0] == 303

    stolen = Client(app)
    stolen.cookie = copied
    assert stolen.request("GET", "/hr/tickets")[0] == 401
    assert Client(app).request("GET", "/hr/tickets", headers={"Authorization": f"Bearer {TOKEN}"})[0] == 200


def test_a_session_of_another_process_or_before_a_restart_is_not_accepted(app: HrPage) -> None:
    client = Client(app)
    client.request("POST", "/hr/login", {"token": TOKEN})
    restarted = HrPage(app.config)
    other = Client(restarted)
    other.cookie = client.cookie
    assert other.request("GET", "/hr/tickets")[0] == 401
    assert client.request("GET", "/hr/tickets")[0] == 200
