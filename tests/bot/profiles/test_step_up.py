"""bot.profiles.step_up: a target that leads the person's own line of work is growing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.profiles.step_up import is_step_up

STEP_UPS = [
    ("sales associate", "sales manager"),
    ("nurse", "nurse manager"),
    ("account manager", "account director"),
    ("junior web dev", "fullstack dev"),
    ("sous chef", "head chef"),
    ("line cook", "kitchen manager"),
    ("barista", "shift supervisor"),
    ("barista", "cafe manager"),
    ("python developer", "tech lead"),
    ("primary teacher", "deputy head"),
    ("assistant manager", "store manager"),
    ("factory operative", "team leader"),
    ("staff nurse", "charge nurse"),
    ("graphic designer", "senior graphic designer"),
    ("cashier", "supervisor"),
    ("electrician", "site foreman"),
    ("call centre agent", "team leader"),
    ("warehouse operative", "warehouse supervisor"),
]
NOT_STEP_UPS = [
    ("data entry clerk", "data analyst"),
    ("project manager", "product manager"),
    ("cashier", "data analyst"),
    ("accountant", "project manager"),
    ("software developer", "marketing manager"),
    ("nurse", "software developer"),
    ("head chef", "sous chef"),
    ("store manager", "assistant manager"),
    ("team leader", "barista"),
    ("security guard", "police officer"),
    ("teacher", "teacher"),
    ("bookkeeper", "hr manager"),
    ("", "manager"),
    ("nurse", ""),
]


@pytest.mark.parametrize(("current", "target"), STEP_UPS)
def test_a_target_leading_the_same_line_is_a_step_up(current: str, target: str) -> None:
    assert is_step_up(current, target)


@pytest.mark.parametrize(("current", "target"), NOT_STEP_UPS)
def test_another_line_or_a_step_down_is_not(current: str, target: str) -> None:
    assert not is_step_up(current, target)


_WORD_LIST = "senior junior head lead manager assistant deputy chef nurse sales data analyst shift team"
_WORDS = st.sampled_from([*_WORD_LIST.split(), "store", "developer", "director", "supervisor", "cook"])
_TITLES = st.lists(_WORDS, min_size=1, max_size=3).map(" ".join)


@given(_TITLES, _TITLES)
def test_never_a_step_up_both_ways(first: str, second: str) -> None:
    """Growing from A to B and from B to A at once would make the goal depend on word order."""
    assert not (is_step_up(first, second) and is_step_up(second, first))


@given(_TITLES)
def test_a_role_is_no_step_up_from_itself(title: str) -> None:
    assert not is_step_up(title, title)
