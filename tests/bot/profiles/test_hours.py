"""bot/profiles/hours.py: the one parser of study time, on bare answers and inside messages.

Each case states the exact hours per week (low, high) and whether the answer is confirmed;
every found answer is also read again from its span alone (as bot/profiles/facts.py does).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.profiles.answers import parse_hours_per_week, parse_profile_update
from bot.profiles.hours import MAX_HOURS, MIN_HOURS, HoursAnswer, find_hours, mentions_work_schedule

EXACT = [
    # bare answers
    ("5", 5),
    ("5 hours", 5),
    ("5 hrs", 5),
    ("5h", 5),
    ("5hrs", 5),
    ("five", 5),
    ("five hours", 5),
    ("about 10 hours", 10),
    ("around 6 hours a week", 6),
    ("roughly 4", 4),
    ("maybe 3", 3),
    ("3ish hours", 3),
    ("10+ hours a week", 10),
    ("1.5h", 1.5),
    ("1.5 hours", 1.5),
    ("0,5", 0.5),  # a decimal comma
    (".5", 0.5),  # not 5
    ("0.5", 0.5),  # the lowest accepted
    ("80", 80),  # the highest accepted
    # periods
    ("2 hours a week", 2),
    ("2 hrs/week", 2),
    ("4 hours per week", 4),
    ("4 hrs pw", 4),
    ("6 hours weekly", 6),
    ("5 a week", 5),
    ("5 per week", 5),
    ("8 hours a month", 2),  # a month is four weeks
    ("10 hours a fortnight", 5),
    ("4 hours at the weekend", 4),  # the weekend comes once a week
    ("2 hours on weekends", 2),
    # hours and minutes
    ("an hour and a half", 1.5),
    ("one and a half hours", 1.5),
    ("1 and a half hours", 1.5),
    ("2h30", 2.5),
    ("1h30m", 1.5),
    ("90 minutes", 1.5),
    ("90 minutes a week", 1.5),
    ("45 mins a week", 0.75),
    # days and times counted
    # full-time study: a working week of it, said of learning, never of the job
    ("full time", 40),
    ("full-time, I'm between jobs", 40),
    ("I could study full time", 40),
    ("not much, like 2", 2),
    ("1 hour every weekday", 5),
    ("an hour on weekdays", 5),
    ("an hour a day, 3 days a week", 3),
    ("2 hours, 3 times a week", 6),
    ("twice a week for an hour", 2),
    ("once a week, 2 hours", 2),
    ("3 times a week for 2 hours", 6),
    ("i could spare 2 hours on sunday", 2),
    # inside longer messages
    ("budget of 300 and 4 hours a week", 4),
    ("i'm a cashier, can do 3 hrs a week and maybe 200 bucks, online or in person", 3),
    ("i can give it 6 hours a week", 6),
    ("I work 40 hours a week but can do 5 hours of study", 5),  # work time is not study time
    ("£80 and 5 hours a week", 5),
]

RANGES = [
    ("2-3 hours", 2, 3),
    ("2 to 3 hrs", 2, 3),
    ("2 or 3 hours a week", 2, 3),
    ("between 5 and 8 hours", 5, 8),
    ("10-15 hours", 10, 15),
]

CONFIRMED = [
    # "a day" is every day, confirmed
    ("an hour a day", 7, 7),
    ("two hours a day", 14, 14),
    ("half an hour a day", 3.5, 3.5),
    ("30 mins a day", 3.5, 3.5),
    ("an hour every evening", 7, 7),
    ("every evening for an hour", 7, 7),
    ("10 hours a day", 70, 70),
    # vague counts
    ("a couple of hours", 2, 2),
    ("a few hours", 3, 3),
    ("a couple of hours a week", 2, 2),
    ("several hours a week", 3, 3),
    # sessions without hours are estimated
    ("a couple of evenings a week", 4, 6),
    ("two evenings a week", 4, 6),
    ("3 evenings a week", 6, 9),
    ("an evening a week", 2, 3),
    ("one evening", 2, 3),
    ("a morning a week", 2, 3),
    ("2 lunch breaks a week", 1, 2),
    ("weekends only", 4, 8),
    ("at the weekend", 4, 8),
    ("saturdays", 2, 4),
]

NO_HOURS = [
    # work schedules are not study time
    "i work 3 12s",
    "I do three twelves",
    "12 hour shifts",
    "I work 40 hours a week",
    "I work full time",
    "a full-time job",
    "I'm a full time nurse",
    "I work 9-5",
    "full time job",
    # clock times, counts, money
    "after 6pm",
    "from 7pm",
    "5 kids",
    "$5",
    "the 3 of us",
    "i'm 25",
    "3 years",
    "budget of 300",
    # outside 0.5-80 a week
    "twenty hours a day",
    "100 hours a week",
    "81",
    "100",
    "0",
    "0.4",
    "-5",
    "1e3",  # 1000, not 1
    # nothing
    "none",
    "lots",
    "fivehours",
    "not much",
    "",
]


def _said_again(text: str, answer: HoursAnswer) -> None:
    start, end = answer.span
    assert 0 <= start < end <= len(text)
    again = find_hours(text[start:end])
    assert again is not None, text[start:end]
    assert (again.low, again.high, again.needs_confirmation) == (
        answer.low,
        answer.high,
        answer.needs_confirmation,
    )


@pytest.mark.parametrize(("text", "hours"), EXACT)
def test_exact_hours(text: str, hours: float) -> None:
    answer = find_hours(text)
    assert answer is not None
    assert (answer.low, answer.high, answer.needs_confirmation) == (hours, hours, None)
    assert parse_hours_per_week(text) == hours
    _said_again(text, answer)


@pytest.mark.parametrize(("text", "low", "high"), RANGES)
def test_ranges(text: str, low: float, high: float) -> None:
    answer = find_hours(text)
    assert answer is not None
    assert (answer.low, answer.high, answer.needs_confirmation) == (low, high, None)
    assert parse_hours_per_week(text) == low  # the slot keeps what the person surely has
    _said_again(text, answer)


@pytest.mark.parametrize(("text", "low", "high"), CONFIRMED)
def test_estimates_ask_for_confirmation(text: str, low: float, high: float) -> None:
    answer = find_hours(text)
    assert answer is not None
    said = f"{low:g}" if low == high else f"{low:g}-{high:g}"
    assert (answer.low, answer.high) == (low, high)
    assert answer.needs_confirmation == f"About {said} hours a week, is that right?"
    _said_again(text, answer)


@pytest.mark.parametrize("text", NO_HOURS)
def test_no_hours(text: str) -> None:
    assert find_hours(text) is None


@pytest.mark.parametrize(
    ("text", "work"),
    [
        ("i work 3 12s", True),
        ("12 hour shifts", True),
        ("I work 40 hours a week", True),
        ("I work 9-5", True),
        ("I work part time", True),
        ("5 hours a week", False),
        ("I could study 3 hours after work", False),
        ("", False),
    ],
)
def test_mentions_work_schedule(text: str, work: bool) -> None:
    assert mentions_work_schedule(text) is work


def test_a_bare_number_is_hours_only_when_allowed() -> None:
    assert find_hours("5") is not None
    assert find_hours("5", allow_bare=False) is None
    assert parse_profile_update("make it 5").hours_per_week is None
    assert parse_profile_update("make it 5 hours").hours_per_week == "5"


# --- properties -----------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "a",
        "an",
        "the",
        "hour",
        "hours",
        "hrs",
        "h",
        "2",
        "3",
        "12s",
        "5",
        "0",
        ".5",
        "1e3",
        "-5",
        "80",
        "81",
        "day",
        "week",
        "a",
        "day",
        "a",
        "week",
        "month",
        "evenings",
        "couple",
        "few",
        "half",
        "and",
        "a",
        "half",
        "twice",
        "times",
        "weekends",
        "only",
        "i",
        "work",
        "shifts",
        "9-5",
        "6pm",
        "$",
        "£",
        "300",
        "budget",
        "of",
        "between",
        "to",
        "-",
        "every",
        "evening",
        "minutes",
        "mins",
        "2h30",
        "twenty",
        "hundred",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(WORDS, max_size=25).map(" ".join),
    st.binary(max_size=200).map(lambda raw: raw.decode("latin-1")),
    st.text(alphabet=st.sampled_from("😀🎉データ٣५\x00\u202e9h-., :"), max_size=200),
)


def _check(text: str) -> None:
    answer = find_hours(text)
    if answer is None:
        return
    assert MIN_HOURS <= answer.low <= answer.high <= MAX_HOURS
    start, end = answer.span
    assert 0 <= start <= end <= len(text)
    assert answer.needs_confirmation is None or answer.needs_confirmation.endswith("?")


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_find_hours_never_raises_and_stays_in_bounds(text: str) -> None:
    _check(text)
    mentions_work_schedule(text)
    hours = parse_hours_per_week(text)
    assert hours is None or MIN_HOURS <= hours <= MAX_HOURS


@settings(max_examples=20, deadline=None)
@given(st.text(min_size=1, max_size=20), st.integers(min_value=1000, max_value=100_000))
def test_huge_text_is_fine(piece: str, times: int) -> None:
    _check(piece * times)
