"""The report's time axis as pure functions: the data's span picks hours, days, weeks or months.

Seen: the conversations-over-time chart plotted one point on a 2025-2029 axis.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.hr.timeline import (
    axis_ticks,
    bucket_range,
    bucket_start,
    build_timeline,
    next_bucket,
    time_unit,
)

T0 = datetime(2026, 3, 2, 9, 17, tzinfo=timezone.utc)  # a Monday


@pytest.mark.parametrize(
    ("span", "unit"),
    [
        (timedelta(0), "hour"),
        (timedelta(hours=8), "hour"),
        (timedelta(days=2) - timedelta(seconds=1), "hour"),
        (timedelta(days=2), "day"),
        (timedelta(days=7), "day"),
        (timedelta(days=62), "day"),
        (timedelta(days=63), "week"),
        (timedelta(days=366), "week"),
        (timedelta(days=367), "month"),
        (timedelta(days=4 * 365), "month"),
    ],
)
def test_the_span_picks_the_unit(span: timedelta, unit: str) -> None:
    assert time_unit(span) == unit


def test_one_point_is_one_labelled_hour_not_years() -> None:
    timeline = build_timeline([T0], [(T0, "alice")])
    assert timeline is not None and timeline.unit == "hour"
    assert timeline.starts == [datetime(2026, 3, 2, 9, tzinfo=timezone.utc)]
    assert timeline.conversations == [1] and timeline.users == [1]
    assert timeline.ticks == [(0, "2 Mar 09:00")]


def test_a_day_of_data_in_hours_naming_the_day_when_it_changes() -> None:
    starts = bucket_range(T0, T0 + timedelta(hours=16), "hour")
    assert (
        len(starts) == 17
        and starts[0].hour == 9
        and starts[-1] == datetime(2026, 3, 3, 1, tzinfo=timezone.utc)
    )
    ticks = axis_ticks(starts, "hour")
    assert ticks[0] == (0, "2 Mar 09:00") and ticks[1] == (2, "11:00")
    assert ticks[-2:] == [(14, "23:00"), (16, "3 Mar 01:00")] and len(ticks) <= 10


def test_a_week_in_days() -> None:
    timeline = build_timeline(
        [T0, T0 + timedelta(days=6, hours=3)], [(T0, "a"), (T0 + timedelta(days=1), "b"), (T0, "a")]
    )
    assert timeline is not None and timeline.unit == "day" and len(timeline.starts) == 7
    assert timeline.conversations == [1, 0, 0, 0, 0, 0, 1] and timeline.users == [1, 1, 0, 0, 0, 0, 0]
    assert [label for _, label in timeline.ticks] == [
        "2 Mar 2026", "3 Mar", "4 Mar", "5 Mar", "6 Mar", "7 Mar", "8 Mar",
    ]  # fmt: skip


def test_months_in_weeks_and_years_in_months() -> None:
    weeks = bucket_range(T0, T0 + timedelta(days=120), "week")
    assert all(start.weekday() == 0 and start.hour == 0 for start in weeks) and len(weeks) == 18
    assert len(axis_ticks(weeks, "week")) <= 10
    months = bucket_range(datetime(2025, 11, 20, tzinfo=timezone.utc), T0, "month")
    assert [start.strftime("%Y-%m") for start in months] == [
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
        "2026-03",
    ]
    assert axis_ticks(months, "month")[0] == (0, "Nov 2025")


def test_buckets_start_and_follow_in_utc() -> None:
    local = T0.astimezone(timezone(timedelta(hours=-5)))  # 04:17 the same day
    assert bucket_start(local, "day") == datetime(2026, 3, 2, tzinfo=timezone.utc)
    assert bucket_start(T0 + timedelta(days=3), "week") == datetime(2026, 3, 2, tzinfo=timezone.utc)
    assert next_bucket(datetime(2025, 12, 1, tzinfo=timezone.utc), "month") == datetime(
        2026, 1, 1, tzinfo=timezone.utc
    )
    with pytest.raises(ValueError, match="unit must be"):
        bucket_start(T0, "decade")


def test_no_data_no_timeline() -> None:
    assert build_timeline([], []) is None
