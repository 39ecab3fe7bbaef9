"""The insights report for HR: what people ask, what they decide, where the assistant fails.

``build_report`` gathers the figures from the application database (advice records,
tickets, feedback votes, unanswered messages: ``bot.hr``) and from Rasa's tracker store
(the ``events`` table of ``TRACKER_DB_URL``: conversations, users, typed messages, FAQ
topics, the messages the assistant did not answer); ``bot.hr.figures.report_rows`` turns
them into the rows the HR page, ``hr report`` and the CSV export all show (docs/hr.md,
"Figures", defines each one); ``render_html`` makes one self-contained HTML page with
charts (matplotlib, Agg backend, SVG embedded as ``data:`` images).
Everything is aggregated; the only message text shown is that of unanswered career
questions, with e-mail addresses and phone numbers masked. Works on SQLite and PostgreSQL.
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

from sqlalchemy import and_, column, inspect, or_, select, table
from sqlalchemy.engine import Connection, Engine

from bot.hr.feedback import FeedbackCounts, feedback_counts
from bot.hr.figures import SECTIONS, period_text, report_rows
from bot.hr.rows import aware
from bot.hr.timeline import AXIS_TITLES, Timeline, build_timeline
from bot.hr.topicality import is_career_related
from bot.hr.unanswered import group_similar, list_unanswered, split_off_topic
from bot.storage.models import AdviceRecord, HrTicket

TOP = 10
#: The longest period ``--days`` / ``?days=`` accepts (ten years).
MAX_DAYS = 3650
#: Rasa's tracker store table and the columns the report reads.
EVENTS = table(
    "events",
    column("id"),
    column("sender_id"),
    column("type_name"),
    column("timestamp"),
    column("intent_name"),
    column("action_name"),
    column("data"),
)
#: Intents of messages the assistant does not answer, and the kind of failure each one is
#: (the kinds of ``unanswered_messages``: refused, not understood, declined as HR's matter).
FAILURE_INTENTS = {"out_of_scope": "out_of_scope", "nlu_fallback": "fallback", "declined_topic": "declined"}
#: Actions that mean the message before them was not answered: the dialogue's own fallback
#: (no rule or story knew what to do) and the logging of an unanswered message.
FAILURE_ACTIONS = ("action_core_fallback", "action_log_unanswered")


@dataclass
class TicketStats:
    total: int = 0
    open: int = 0
    resolved: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)
    median_seconds_to_resolve: float | None = None
    mean_seconds_to_resolve: float | None = None


@dataclass
class Report:
    generated_at: datetime
    since: datetime | None
    days: int | None = None
    conversations_per_day: dict[date, int] = field(default_factory=dict)
    users_per_day: dict[date, int] = field(default_factory=dict)
    timeline: Timeline | None = None
    conversations: int = 0
    users: int = 0
    user_messages: int = 0
    #: Typed career messages the assistant did not answer, by kind (out_of_scope, fallback, declined).
    career_unanswered_by_kind: dict[str, int] = field(default_factory=dict)
    #: Typed messages the assistant did not answer that are not about work, careers or learning.
    off_topic_messages: int = 0
    faq_topics: list[tuple[str, int]] = field(default_factory=list)
    advice_count: int = 0
    paths: dict[str, int] = field(default_factory=dict)
    current_roles: list[tuple[str, int]] = field(default_factory=list)
    target_roles: list[tuple[str, int]] = field(default_factory=list)
    missing_skills: list[tuple[str, int]] = field(default_factory=list)
    no_course_skills: list[tuple[str, int]] = field(default_factory=list)
    tickets: TicketStats = field(default_factory=TicketStats)
    feedback: dict[str, FeedbackCounts] = field(default_factory=dict)
    #: The career questions waiting in HR's unanswered queue, grouped (masked example, size).
    unanswered_groups: list[tuple[str, int]] = field(default_factory=list)
    #: Off-topic requests in the queue, left out of those groups.
    unanswered_off_topic: int = 0
    tracker_available: bool = True

    @property
    def career_unanswered(self) -> int:
        return sum(self.career_unanswered_by_kind.values())

    @property
    def career_messages(self) -> int:
        """Typed messages that were not off-topic requests: what the assistant is there to answer."""
        return self.user_messages - self.off_topic_messages

    @property
    def career_unanswered_share(self) -> float | None:
        return _share(self.career_unanswered, self.user_messages)

    @property
    def off_topic_share(self) -> float | None:
        return _share(self.off_topic_messages, self.user_messages)

    @property
    def career_failure_rate(self) -> float | None:
        return _share(self.career_unanswered, self.career_messages)

    def as_dict(self) -> dict[str, Any]:
        headline = [row for row in report_rows(self) if row.item is None]
        return {
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "since": None if self.since is None else self.since.isoformat(timespec="seconds"),
            "days": self.days,
            "figures": {
                row.name: {"label": row.label, "value": row.number, "shown": row.value, "n": row.n}
                for row in headline
            },
            "conversations": self.conversations,
            "users": self.users,
            "conversations_per_day": {
                day.isoformat(): n for day, n in sorted(self.conversations_per_day.items())
            },
            "users_per_day": {day.isoformat(): n for day, n in sorted(self.users_per_day.items())},
            "timeline": None if self.timeline is None else self.timeline.as_dict(),
            "user_messages": self.user_messages,
            "career_unanswered_by_kind": self.career_unanswered_by_kind,
            "off_topic_messages": self.off_topic_messages,
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
            "unanswered_off_topic": self.unanswered_off_topic,
        }


def _share(part: int, whole: int) -> float | None:
    return None if not whole else part / whole


def parse_days(value: str | None) -> int | None:
    """The period of ``?days=``: ``None`` (everything) when empty or "all", else 1 to ``MAX_DAYS``.

    ``ValueError`` with a message for people for anything else."""
    text = (value or "").strip().lower()
    if text in ("", "all"):
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_DAYS:
        raise ValueError(f"The period must be a whole number of days from 1 to {MAX_DAYS}, or all.")
    return int(text)


# --- gathering ------------------------------------------------------------------------------


def _top(counter: Counter[str], limit: int = TOP) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]


def _moment(timestamp: float) -> datetime:
    return datetime.fromtimestamp(float(timestamp), tz=timezone.utc)


def _faq_topic(data: dict[str, Any]) -> str | None:
    parse_data = data.get("parse_data") or {}
    key = str((parse_data.get("intent") or {}).get("full_retrieval_intent_name") or "")
    if not key:
        selector = (parse_data.get("response_selector") or {}).get("faq") or {}
        key = str((selector.get("response") or {}).get("intent_response_key") or "")
    return key.split("/", 1)[1] if key.startswith("faq/") else None


@dataclass
class _Typed:
    """A typed user message and, once known, the kind of failure it met (``None``: answered).

    Only what the assistant did counts: a message is unanswered when a failure action
    followed it. Its intent alone says nothing (a form takes "nlu_fallback" text as the
    answer to its question); it only names the kind of failure."""

    text: str
    intent_kind: str | None
    kind: str | None = None


def _conversation_figures(report: Report, tracker: Connection, since: datetime | None) -> None:
    query = select(
        EVENTS.c.sender_id,
        EVENTS.c.type_name,
        EVENTS.c.timestamp,
        EVENTS.c.intent_name,
        EVENTS.c.data,
    ).where(
        or_(
            EVENTS.c.type_name.in_(["user", "session_started"]),
            and_(EVENTS.c.type_name == "action", EVENTS.c.action_name.in_(FAILURE_ACTIONS)),
        )
    )
    if since is not None:
        query = query.where(EVENTS.c.timestamp >= since.timestamp())
    sessions: list[datetime] = []
    activity: list[tuple[datetime, str]] = []
    typed: list[_Typed] = []
    last_typed: dict[str, _Typed | None] = {}  # per conversation: its latest user message, if typed
    topics: Counter[str] = Counter()
    for sender_id, type_name, timestamp, intent_name, raw in tracker.execute(
        query.order_by(EVENTS.c.id)  # the order each conversation's events happened in
    ):
        moment = _moment(timestamp)
        if type_name == "session_started":
            sessions.append(moment)
            continue
        if type_name == "action":
            message = last_typed.get(sender_id)
            if message is not None and message.kind is None:
                message.kind = message.intent_kind or "fallback"
            continue
        data = json.loads(raw) if raw else {}
        text = str(data.get("text") or "")
        if text.startswith("/"):  # buttons and /session_start are not typed messages
            last_typed[sender_id] = None
            if intent_name != "session_start":
                activity.append((moment, sender_id))
            continue
        activity.append((moment, sender_id))
        message = _Typed(text, FAILURE_INTENTS.get(str(intent_name)))
        typed.append(message)
        last_typed[sender_id] = message
        if intent_name == "faq":
            topic = _faq_topic(data)
            if topic:
                topics[topic] += 1
    career: Counter[str] = Counter()
    for message in typed:
        if message.kind is None:
            continue
        if is_career_related(message.text, message.kind):
            career[message.kind] += 1
        else:
            report.off_topic_messages += 1
    report.user_messages = len(typed)
    report.career_unanswered_by_kind = {kind: career.get(kind, 0) for kind in FAILURE_INTENTS.values()}
    report.conversations_per_day = dict(sorted(Counter(moment.date() for moment in sessions).items()))
    users_by_day: dict[date, set[str]] = {}
    for moment, sender_id in activity:
        users_by_day.setdefault(moment.date(), set()).add(sender_id)
    report.users_per_day = {day: len(senders) for day, senders in sorted(users_by_day.items())}
    report.timeline = build_timeline(sessions, activity)
    report.conversations = len(sessions)
    report.users = len({sender_id for _, sender_id in activity})
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
    seconds: list[float] = []
    for status, reason, created_at, resolved_at in app.execute(query):
        stats.total += 1
        reasons[reason] += 1
        if status == "resolved":
            stats.resolved += 1
            created, resolved = aware(created_at), aware(resolved_at)
            if created is not None and resolved is not None:
                seconds.append((resolved - created).total_seconds())
        else:
            stats.open += 1
    stats.by_reason = {name: reasons.get(name, 0) for name in ("requested", "fallback", "declined")}
    if seconds:
        stats.median_seconds_to_resolve = statistics.median(seconds)
        stats.mean_seconds_to_resolve = statistics.fmean(seconds)
    report.tickets = stats


def build_report(
    app_engine: Engine,
    tracker_engine: Engine | None,
    since: datetime | None = None,
    now: datetime | None = None,
    days: int | None = None,
) -> Report:
    """Gather every figure of the report: only what happened from ``since`` on; ``days``
    names the period (``hr report --days``, the HR page's ``?days=``): without ``since``,
    it is the last ``days`` days before ``now``."""
    now = now or datetime.now(timezone.utc)
    if days is not None and since is None:
        since = now - timedelta(days=days)
    report = Report(generated_at=now, since=since, days=days)
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
    career, off_topic = split_off_topic(messages)
    report.unanswered_off_topic = len(off_topic)
    report.unanswered_groups = [(group.label, len(group.messages)) for group in group_similar(career)[:TOP]]
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


def time_chart(timeline: Timeline | None) -> str | None:
    """Conversations and users per bucket, as bars at evenly spaced positions: the axis is
    the data's own span (``bot.hr.timeline``), never matplotlib's widened date range."""
    if timeline is None or not timeline.starts:
        return None
    plt = _pyplot()
    positions = list(range(len(timeline.starts)))
    width = 0.4
    figure, axes = plt.subplots(figsize=(6.4, 2.8))
    axes.bar(
        [p - width / 2 for p in positions],
        timeline.conversations,
        width,
        color=COLOURS[0],
        label="conversations",
    )
    axes.bar([p + width / 2 for p in positions], timeline.users, width, color=COLOURS[1], label="users")
    ticks = timeline.ticks
    axes.set_xticks([index for index, _ in ticks], [label for _, label in ticks])
    if len(ticks) > 4:
        axes.tick_params(axis="x", labelrotation=30)
    pad = max(0.6, (3 - len(positions)) / 2 + 0.6)  # one or two bars stay bar-wide
    axes.set_xlim(-pad, len(positions) - 1 + pad)
    axes.set_xlabel(AXIS_TITLES[timeline.unit])
    axes.set_title(f"Conversations and users per {timeline.unit}", loc="left")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False, ncol=2, loc="lower right", bbox_to_anchor=(1.0, 1.0))
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

#: The period links on the HR page (days; ``None`` is everything).
PERIODS = (7, 30, 90, None)


def render_html(report: Report, standalone: bool = True, notice: str | None = None) -> str:
    """The report as HTML (autoescaped: every text from users or the catalog is escaped).

    Every figure comes from ``report_rows``, the same rows ``hr report`` prints and the CSV
    holds; each shown value sits in an element with ``data-figure="<name>"``. Inside the HR
    page (``standalone=False``) it has the period links and the CSV link; ``notice`` is a
    message for the reader (a period that was not understood)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("bot.hr", "templates"), autoescape=select_autoescape(default=True)
    )
    environment.filters["section_title"] = SECTIONS.get
    rows = report_rows(report)
    headline = [row for row in rows if row.item is None]
    lists: dict[str, list[Any]] = {}
    for row in rows:
        if row.item is not None:
            lists.setdefault(row.name, []).append(row)
    charts = {
        "time": time_chart(report.timeline),
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
    return template.render(
        report=report,
        charts=charts,
        standalone=standalone,
        tiles=[row for row in headline if row.tile],
        sections=[(section, [row for row in headline if row.section == section]) for section in SECTIONS],
        lists=lists,
        periods=PERIODS,
        max_days=MAX_DAYS,
        period=period_text(report),
        notice=notice,
    )
