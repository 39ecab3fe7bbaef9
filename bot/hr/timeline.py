"""The report's time axis: buckets and ticks that fit the span of the data.

Why: a chart of per-day counts on a date axis turns one day of data into a single point
on a 2025-2029 axis (matplotlib widens a one-point date range by years). Here the span
of the data picks the bucket (an hour, a day, a week, a month), every bucket between the
first and the last is a bar at its own position, and at most ``MAX_TICKS`` of them get a
label. Pure functions, all in UTC, tested without drawing anything.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

UNITS = ("hour", "day", "week", "month")
MAX_TICKS = 10
#: Spans up to these (from the first to the last event) are drawn in hours, days, weeks.
HOURS_UP_TO = timedelta(days=2)
DAYS_UP_TO = timedelta(days=62)
WEEKS_UP_TO = timedelta(days=366)


def time_unit(span: timedelta) -> str:
    """The bucket for data spanning ``span``: under 2 days hours, up to 62 days days,
    up to a year weeks, beyond that months."""
    if span < HOURS_UP_TO:
        return "hour"
    if span <= DAYS_UP_TO:
        return "day"
    if span <= WEEKS_UP_TO:
        return "week"
    return "month"


def bucket_start(moment: datetime, unit: str) -> datetime:
    """The start of the bucket ``moment`` falls in (weeks start on Monday)."""
    moment = moment.astimezone(timezone.utc)
    if unit == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")


def next_bucket(start: datetime, unit: str) -> datetime:
    if unit == "hour":
        return start + timedelta(hours=1)
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    if start.month == 12:
        return start.replace(year=start.year + 1, month=1)
    return start.replace(month=start.month + 1)


def bucket_range(first: datetime, last: datetime, unit: str) -> list[datetime]:
    """Every bucket from the one holding ``first`` to the one holding ``last``."""
    current, end = bucket_start(first, unit), bucket_start(last, unit)
    starts = []
    while current <= end:
        starts.append(current)
        current = next_bucket(current, unit)
    return starts


def tick_label(start: datetime, unit: str, with_day: bool = False) -> str:
    """ "09:00" ("2 Mar 09:00" ``with_day``), "3 Mar" ("2 Mar 2026" ``with_day``), "Mar 2026"."""
    if unit == "hour":
        return f"{start.day} {start:%b} {start:%H:%M}" if with_day else f"{start:%H:%M}"
    if unit in ("day", "week"):
        return f"{start.day} {start:%b}" + (f" {start.year}" if with_day else "")
    return f"{start:%b %Y}"


def axis_ticks(starts: Sequence[datetime], unit: str, max_ticks: int = MAX_TICKS) -> list[tuple[int, str]]:
    """The labelled positions (bucket index, label): every k-th bucket, at most ``max_ticks``.

    The first label names the day (hours) or the year (days, weeks); hours name the day
    again whenever it changes."""
    step = max(1, math.ceil(len(starts) / max_ticks))
    ticks: list[tuple[int, str]] = []
    previous: datetime | None = None
    for index in range(0, len(starts), step):
        start = starts[index]
        with_day = previous is None or (unit == "hour" and start.date() != previous.date())
        ticks.append((index, tick_label(start, unit, with_day)))
        previous = start
    return ticks


AXIS_TITLES = {
    "hour": "hour (UTC)",
    "day": "day (UTC)",
    "week": "week starting on Monday (UTC)",
    "month": "month (UTC)",
}


@dataclass
class Timeline:
    """Conversations and distinct users per bucket, every bucket from the first to the last."""

    unit: str
    starts: list[datetime] = field(default_factory=list)
    conversations: list[int] = field(default_factory=list)
    users: list[int] = field(default_factory=list)

    @property
    def ticks(self) -> list[tuple[int, str]]:
        return axis_ticks(self.starts, self.unit)

    def as_dict(self) -> dict[str, object]:
        return {
            "unit": self.unit,
            "buckets": [
                {"start": start.isoformat(timespec="seconds"), "conversations": n, "users": u}
                for start, n, u in zip(self.starts, self.conversations, self.users, strict=True)
            ],
        }


def build_timeline(sessions: Iterable[datetime], activity: Iterable[tuple[datetime, str]]) -> Timeline | None:
    """The timeline of session starts and of (time, sender) user activity; ``None`` without data."""
    sessions, activity = list(sessions), list(activity)
    moments = sessions + [moment for moment, _ in activity]
    if not moments:
        return None
    unit = time_unit(max(moments) - min(moments))
    starts = bucket_range(min(moments), max(moments), unit)
    position = {start: index for index, start in enumerate(starts)}
    conversations = [0] * len(starts)
    senders: list[set[str]] = [set() for _ in starts]
    for moment in sessions:
        conversations[position[bucket_start(moment, unit)]] += 1
    for moment, sender in activity:
        senders[position[bucket_start(moment, unit)]].add(sender)
    return Timeline(unit, starts, conversations, [len(group) for group in senders])
