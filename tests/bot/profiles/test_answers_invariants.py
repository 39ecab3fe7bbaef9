"""bot/profiles/answers.py over many generated answers: no parser raises on any text or
value, and what they return is normalised.

The answers come from a seeded ``random.Random``, so every run checks the same cases:
answer-like phrases, random characters from many scripts, control characters, injection
attempts, and a few huge strings. (Hypothesis properties of the money, hours and format
parsers are in test_money.py, test_hours.py and test_formats.py.)
"""

from __future__ import annotations

import random
import string
from decimal import Decimal
from typing import Any

import pytest

from bot.profiles.answers import (
    MAX_ANSWER_CHARS,
    budget_amount,
    budget_from_text,
    clean,
    format_keys_from_slot,
    is_skip,
    parse_budget,
    parse_course_query,
    parse_format,
    parse_goal,
    parse_hours_per_week,
    parse_profile_update,
    strip_correction,
)

TEXT_PARSERS = [
    clean,
    is_skip,
    parse_goal,
    parse_hours_per_week,
    parse_budget,
    budget_from_text,
    budget_amount,
    parse_format,
    strip_correction,
    parse_course_query,
    parse_profile_update,
]
WORDS = [
    "free", "any", "budget", "hours", "a day", "a month", "per week", "under", "up to", "$", "€", "k",
    "online", "bootcamp", "mentor", "live", "no limit", "change my role to", "actually", "no,", "goal",
    "instead", "switch", "grow", "not sure", "skip", "1e9", "NaN", "Infinity", "-", "0", "0.5", "80",
    "1,500", "٣", "५", "😀", "データ", "Ωμέγα", "'; DROP TABLE user_profiles; --",
    "<script>alert(1)</script>",
    "%s", "{}", "\\", "\x00", "\u202e", "\n",
]  # fmt: skip
CHARACTERS = string.printable + "€£٣५😀データΩ\x00\x1b\u200b\u202e\ufeff"


def generated_answers(count: int = 1500, seed: int = 20261201) -> list[str]:
    """Phrases of answer-like words, random characters, and a few huge or odd strings."""
    rng = random.Random(seed)
    answers = ["", " ", "\x00" * 50, "9" * 5000, "free " * 2000, "no " * 400 + "x", "😀" * 3000]
    for index in range(count):
        if index % 2:
            answers.append("".join(rng.choice(CHARACTERS) for _ in range(rng.randint(0, 80))))
        else:
            answers.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12))))
    return answers


ANSWERS = generated_answers()


@pytest.mark.parametrize("parser", TEXT_PARSERS, ids=lambda parser: parser.__name__)
def test_no_parser_raises_on_any_text(parser: Any) -> None:
    for answer in ANSWERS:
        parser(answer)


@pytest.mark.parametrize("odd", [5, 5.5, True, b"100", ["x"], {"budget": 1}])
@pytest.mark.parametrize("parser", TEXT_PARSERS, ids=lambda parser: parser.__name__)
def test_no_parser_raises_on_a_value_that_is_not_text(parser: Any, odd: Any) -> None:
    parser(odd)  # slots can hold whatever a payload put there


def test_cleaned_answers_are_short_printable_single_spaced() -> None:
    for answer in ANSWERS:
        cleaned = clean(answer)
        assert len(cleaned) <= MAX_ANSWER_CHARS
        # The cap is applied after joining, so a cut answer may end with one space.
        assert cleaned == cleaned.lstrip() and "  " not in cleaned
        assert all(character.isprintable() for character in cleaned)


def test_goals_are_one_of_the_three() -> None:
    assert {parse_goal(answer) for answer in ANSWERS} <= {"advance", "switch", "unsure", None}


def test_hours_are_none_or_within_the_accepted_range() -> None:
    for answer in ANSWERS:
        hours = parse_hours_per_week(answer)
        assert hours is None or 0.5 <= hours <= 80, answer


def test_budgets_are_free_any_or_a_positive_plain_amount() -> None:
    for answer in ANSWERS:
        budget = parse_budget(answer)
        if budget in (None, "free", "any"):
            continue
        number, _, currency = budget.partition(" ")
        amount = Decimal(number)
        assert amount.is_finite() and amount > 0, answer
        assert "E" not in number and budget == budget.strip(), answer  # plain digits, as shown to people
        assert currency == "" or (len(currency) == 3 and currency.isupper() and currency != "USD"), answer


def test_budget_amounts_are_none_or_non_negative_finite_decimals() -> None:
    for answer in ANSWERS:
        for amount in (budget_from_text(answer), budget_amount(answer)):
            assert amount is None or (isinstance(amount, Decimal) and amount.is_finite() and amount >= 0)


def _is_format_slot(value: str | None) -> bool:
    """None, or one or more keys of FORMAT_CHOICES joined by "+" ("any" only alone)."""
    if value is None:
        return True
    keys = format_keys_from_slot(value)
    return bool(keys) and "+".join(keys) == value and ("any" not in keys or keys == ("any",))


def test_formats_are_keys_of_the_format_choices() -> None:
    for answer in ANSWERS:
        assert _is_format_slot(parse_format(answer)), answer


def test_course_queries_hold_non_negative_limits_and_known_values() -> None:
    for answer in ANSWERS:
        query = parse_course_query(answer)
        for limit in (query.max_hours, query.max_cost):
            assert limit is None or (limit.is_finite() and limit >= 0), answer
        assert _is_format_slot(query.format_key) and query.format_key != "any"
        assert query.level in {"beginner", "intermediate", "advanced", None}


def test_profile_updates_hold_values_the_form_accepts() -> None:
    for answer in ANSWERS:
        update = parse_profile_update(answer)
        if update.hours_per_week is not None:
            assert parse_hours_per_week(update.hours_per_week) == float(update.hours_per_week)
        if update.budget is not None:
            assert parse_budget(update.budget) == update.budget, answer
        assert _is_format_slot(update.preferred_format), answer
        assert update.goal in {"advance", "switch", "unsure", None}


def test_strip_correction_never_grows_the_answer() -> None:
    for answer in ANSWERS:
        assert len(strip_correction(answer)) <= len(clean(answer))
