"""The insights report for HR: what people ask, what they decide, where the assistant fails.

``build_report`` gathers the figures from the application database (advice records,
tickets, feedback, unanswered messages: ``bot.hr``) and from Rasa's tracker store (the
``events`` table of ``TRACKER_DB_URL``: conversations, users, FAQ topics, fallback rate);
``render_html`` turns them into one self-contained HTML page with charts (matplotlib, Agg
backend, SVG embedded as ``data:`` images) where people would rather look than read.
Everything is aggregated; the only message text shown is that of unanswered questions,
with e-mail addresses and phone numbers masked. Works on SQLite and PostgreSQL.
"""

from __future__ import annotations

import base64
import io
import json
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import column, inspect, select, table
from sqlalchemy.engine import Connection, Engine

from bot.hr.feedback import FeedbackCounts, feedback_counts
from bot.hr.rows import aware
from bot.hr.unanswered import group_similar, list_unanswered
from bot.storage.models import AdviceRecord, HrTicket

TOP = 10
#: Rasa's tracker store table and the columns the report reads.
EVENTS = table(
    "events",
    column("sender_id"),
    column("type_name"),
    column("timestamp"),
    column("intent_name"),
    column("data"),
)
FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_INTENT = "out_of_scope"


@dataclass
class TicketStats:
    total: int = 0
    open: int = 0
    resolved: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)
    median_hours_to_resolve: float | None = None
    mean_hours_to_resolve: float | None = None


@dataclass
class Report:
    generated_at: datetime
    since: datetime | None
    conversations_per_day: dict[date, int] = field(default_factory=dict)
    users_per_day: dict[date, int] = field(default_factory=dict)
    conversations: int = 0
    users: int = 0
    user_messages: int = 0
    fallback_messages: int = 0
    out_of_scope_messages: int = 0
    faq_topics: list[tuple[str, int]] = field(default_factory=list)
    advice_count: int = 0
    paths: dict[str, int] = field(default_factory=dict)
    current_roles: list[tuple[str, int]] = field(default_factory=list)
    target_roles: list[tuple[str, int]] = field(default_factory=list)
    missing_skills: list[tuple[str, int]] = field(default_factory=list)
    no_course_skills: list[tuple[str, int]] = field(default_factory=list)
    tickets: TicketStats = field(default_factory=TicketStats)
    feedback: dict[str, FeedbackCounts] = field(default_factory=dict)
    unanswered_groups: list[tuple[str, int]] = field(default_factory=list)
    tracker_available: bool = True

    @property
    def fallback_rate(self) -> float | None:
        return None if not self.user_messages else self.fallback_messages / self.user_messages

    @property
    def out_of_scope_rate(self) -> float | None:
        return None if not self.user_messages else self.out_of_scope_messages / self.user_messages

    def as_dict(self) -> dict[str, Any]:
        return {
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "conversations": self.conversations,
            "users": self.users,
            "conversations_per_day": {
                day.isoformat(): n for day, n in sorted(self.conversations_per_day.items())
            },
            "users_per_day": {day.isoformat(): n for day, n in sorted(self.users_per_day.items())},
            "user_messages": self.user_messages,
            "fallback_rate": self.fallback_rate,
            "out_of_scope_rate": self.out_of_scope_rate,
            "faq_topics": dict(self.faq_topics),
            "advice_count": self.advice_count,
            "paths": self.paths,
            "current_roles": dict(self.current_roles),
            "target_roles": dict(self.target_roles),
            "missing_skills": dict(self.missing_skills),
            "no_course_skills": dict(self.no_course_skills),
            "tickets": self.tickets.__dict__,
            "feedback": {
                key: {"helpful": value.helpful, "not_helpful": value.not_helpful}
                for key, value in self.feedback.items()
            },
            "unanswered_groups": [{"example": label, "count": n} for label, n in self.unanswered_groups],
        }


# --- gathering ------------------------------------------------------------------------------


def _top(counter: Counter[str], limit: int = TOP) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]


def _day(timestamp: float) -> date:
    return datetime.fromtimestamp(float(timestamp), tz=timezone.utc).date()


def _faq_topic(data: dict[str, Any]) -> str | None:
    parse_data = data.get("parse_data") or {}
    key = str((parse_data.get("intent") or {}).get("full_retrieval_intent_name") or "")
    if not key:
        selector = (parse_data.get("response_selector") or {}).get("faq") or {}
        key = str((selector.get("response") or {}).get("intent_response_key") or "")
    return key.split("/", 1)[1] if key.startswith("faq/") else None


def _conversation_figures(report: Report, tracker: Connection, since: datetime | None) -> None:
    query = select(
        EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.intent_name, EVENTS.c.data
    )
    query = query.where(EVENTS.c.type_name.in_(["user", "session_started"]))
    if since is not None:
        query = query.where(EVENTS.c.timestamp >= since.timestamp())
    sessions: Counter[date] = Counter()
    users_by_day: dict[date, set[str]] = {}
    users: set[str] = set()
    topics: Counter[str] = Counter()
    for sender_id, type_name, timestamp, intent_name, raw in tracker.execute(
        query.order_by(EVENTS.c.timestamp)
    ):
        day = _day(timestamp)
        if type_name == "session_started":
            sessions[day] += 1
            continue
        data = json.loads(raw) if raw else {}
        text = str(data.get("text") or "")
        if text.startswith("/"):  # buttons and /session_start are not typed messages
            if intent_name not in ("session_start",):
                users.add(sender_id)
                users_by_day.setdefault(day, set()).add(sender_id)
            continue
        users.add(sender_id)
        users_by_day.setdefault(day, set()).add(sender_id)
        report.user_messages += 1
        if intent_name == FALLBACK_INTENT:
            report.fallback_messages += 1
        elif intent_name == OUT_OF_SCOPE_INTENT:
            report.out_of_scope_messages += 1
        elif intent_name == "faq":
            topic = _faq_topic(data)
            if topic:
                topics[topic] += 1
    report.conversations_per_day = dict(sorted(sessions.items()))
    report.users_per_day = {day: len(senders) for day, senders in sorted(users_by_day.items())}
    report.conversations = sum(sessions.values())
    report.users = len(users)
    report.faq_topics = _top(topics)


def _advice_figures(report: Report, app: Connection, since: datetime | None) -> None:
    records = AdviceRecord.__table__
    query = select(
        records.c.path,
        records.c.current_role,
        records.c.target_role,
        records.c.missing_skills,
        records.c.uncovered_skills,
    )
    if since is not None:
        query = query.where(records.c.created_at >= since)
    paths: Counter[str] = Counter()
    current: Counter[str] = Counter()
    target: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    no_course: Counter[str] = Counter()
    for path, current_role, target_role, missing_skills, uncovered in app.execute(query):
        report.advice_count += 1
        paths[path] += 1
        current[current_role] += 1
        if target_role:
            target[target_role] += 1
        missing.update(set(missing_skills or []))
        no_course.update({item["skill"] for item in uncovered or [] if item.get("reason") == "no_course"})
    report.paths = {name: paths.get(name, 0) for name in ("upskill", "reskill", "both")}
    report.current_roles = _top(current)
    report.target_roles = _top(target)
    report.missing_skills = _top(missing, 15)
    report.no_course_skills = _top(no_course, 15)


def _ticket_figures(report: Report, app: Connection, since: datetime | None) -> None:
    tickets = HrTicket.__table__
    query = select(tickets.c.status, tickets.c.reason, tickets.c.created_at, tickets.c.resolved_at)
    if since is not None:
        query = query.where(tickets.c.created_at >= since)
    stats = TicketStats()
    reasons: Counter[str] = Counter()
    hours: list[float] = []
    for status, reason, created_at, resolved_at in app.execute(query):
        stats.total += 1
        reasons[reason] += 1
        if status == "resolved":
            stats.resolved += 1
            created, resolved = aware(created_at), aware(resolved_at)
            if created is not None and resolved is not None:
                hours.append((resolved - created).total_seconds() / 3600)
        else:
            stats.open += 1
    stats.by_reason = {name: reasons.get(name, 0) for name in ("requested", "fallback", "declined")}
    if hours:
        stats.median_hours_to_resolve = round(statistics.median(hours), 1)
        stats.mean_hours_to_resolve = round(statistics.fmean(hours), 1)
    report.tickets = stats


def build_report(
    app_engine: Engine,
    tracker_engine: Engine | None,
    since: datetime | None = None,
    now: datetime | None = None,
) -> Report:
    """Gather every figure of the report (``since``: only what happened from then on)."""
    report = Report(generated_at=now or datetime.now(timezone.utc), since=since)
    if tracker_engine is not None and inspect(tracker_engine).has_table("events"):
        with tracker_engine.connect() as tracker:
            _conversation_figures(report, tracker, since)
    else:
        report.tracker_available = False
    with app_engine.connect() as app:
        _advice_figures(report, app, since)
        _ticket_figures(report, app, since)
        report.feedback = feedback_counts(app, since)
        messages = list_unanswered(app)
        if since is not None:
            messages = [m for m in messages if m.created_at is None or m.created_at >= since]
    report.unanswered_groups = [(group.label, len(group.messages)) for group in group_similar(messages)[:TOP]]
    return report


# --- charts ---------------------------------------------------------------------------------

COLOURS = ("#0b6e4f", "#e07a1f", "#3b6ea5", "#8c4f9f", "#b03a48")


def _svg(figure: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    encoded = base64.b64encode(buffer.getvalue().encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "careerbot-hr-report"  # stable ids in the SVG
    matplotlib.rcParams["font.size"] = 9
    import matplotlib.pyplot as plt

    return plt


def bar_chart(items: Sequence[tuple[str, int]], title: str, colour: str = COLOURS[0]) -> str | None:
    """Horizontal bars, biggest on top; ``None`` when there is nothing to show."""
    if not items:
        return None
    plt = _pyplot()
    labels = [label if len(label) <= 40 else label[:39] + "…" for label, _ in items][::-1]
    values = [value for _, value in items][::-1]
    figure, axes = plt.subplots(figsize=(6.4, 0.35 * len(items) + 0.9))
    axes.barh(labels, values, color=colour)
    axes.set_title(title, loc="left")
    axes.xaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _svg(figure)


def time_chart(conversations: dict[date, int], users: dict[date, int]) -> str | None:
    days = sorted(set(conversations) | set(users))
    if not days:
        return None
    plt = _pyplot()
    all_days = [days[0] + timedelta(days=n) for n in range((days[-1] - days[0]).days + 1)]
    figure, axes = plt.subplots(figsize=(6.4, 2.6))
    axes.plot(
        all_days,
        [conversations.get(d, 0) for d in all_days],
        marker="o",
        color=COLOURS[0],
        label="conversations",
    )
    axes.plot(all_days, [users.get(d, 0) for d in all_days], marker="s", color=COLOURS[1], label="users")
    axes.set_title("Conversations and users per day", loc="left")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False)
    figure.autofmt_xdate()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _svg(figure)


def feedback_chart(feedback: dict[str, FeedbackCounts]) -> str | None:
    subjects = [name for name in ("advice", "faq", "other") if name in feedback and feedback[name].total]
    if not subjects:
        return None
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(6.4, 0.5 * len(subjects) + 0.9))
    helpful = [feedback[name].helpful for name in subjects]
    not_helpful = [feedback[name].not_helpful for name in subjects]
    axes.barh(subjects, helpful, color=COLOURS[0], label="helpful")
    axes.barh(subjects, not_helpful, left=helpful, color=COLOURS[4], label="not helpful")
    axes.set_title("Was this helpful?", loc="left")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False, loc="lower right")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _svg(figure)


# --- HTML -----------------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def _hours(value: float | None) -> str:
    return "–" if value is None else f"{value:g} h"


def render_html(report: Report, standalone: bool = True) -> str:
    """The report as HTML (autoescaped: every text from users or the catalog is escaped)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("bot.hr", "templates"), autoescape=select_autoescape(default=True)
    )
    environment.filters["percent"] = _percent
    environment.filters["hours"] = _hours
    charts = {
        "time": time_chart(report.conversations_per_day, report.users_per_day),
        "paths": bar_chart(
            [(k, v) for k, v in report.paths.items()], "Upskill or reskill? Decisions", COLOURS[2]
        ),
        "current_roles": bar_chart(report.current_roles, "Most common current roles"),
        "target_roles": bar_chart(report.target_roles, "Most common target roles", COLOURS[1]),
        "missing_skills": bar_chart(report.missing_skills, "Most requested missing skills", COLOURS[3]),
        "no_course_skills": bar_chart(
            report.no_course_skills, "Needed skills with no course in the catalog", COLOURS[4]
        ),
        "faq_topics": bar_chart(report.faq_topics, "Top FAQ topics", COLOURS[2]),
        "feedback": feedback_chart(report.feedback),
    }
    template = environment.get_template("report.html")
    return template.render(report=report, charts=charts, standalone=standalone)
