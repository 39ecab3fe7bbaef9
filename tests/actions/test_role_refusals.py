"""The role questions refuse commands, markup and amounts, however often they are repeated.

Before, "/session_start" became the current role, ``<img src=x ...>`` was accepted as a
job title, and "about 300 dollars" after one retry (the unknown-role rule takes the
second unknown answer as free text). The answers are generated
(tests/bot/profiles/test_role_answer_problem.py); the catalog is the seeded sample.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.advisor_form import ATTEMPTS_SLOT, REFUSALS, ValidateAdvisorForm
from bot.profiles import answers
from tests.bot.profiles.test_role_answer_problem import hours, markup, money, slash_commands
from tests.kit.databases import prepare_database, sqlite_url
from tests.kit.trackers import make_tracker, user_event

SAMPLE = 12
GENERATED = {
    answers.COMMAND: [*slash_commands(random.Random(1))[:SAMPLE], "/session_start"],
    answers.MARKUP: [*markup(random.Random(2))[:SAMPLE], "<img src=x onerror=alert(1)>"],
    answers.MONEY: [*money(random.Random(3))[:SAMPLE], "about 300 dollars"],
    answers.HOURS: [*hours(random.Random(4))[:SAMPLE], "5 hours a week"],
}
CASES = [(problem, text) for problem, texts in sorted(GENERATED.items()) for text in texts]


@pytest.fixture(scope="module")
def catalog_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return prepare_database(sqlite_url(tmp_path_factory.mktemp("refusals")), seeded=True)


@pytest.fixture(autouse=True)
def use_catalog(monkeypatch: pytest.MonkeyPatch, catalog_url: str) -> None:
    monkeypatch.setenv("CATALOG_DB_URL", catalog_url)


def validate(
    slot: str, text: str, slots: dict[str, Any], domain: dict[str, Any]
) -> tuple[dict[str, Any], str]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event(text, "inform")], slots=slots)
    validator = getattr(ValidateAdvisorForm(), f"validate_{slot}")
    result = validator(text, dispatcher, tracker, domain)
    return result, " ".join(message.get("text") or "" for message in dispatcher.messages)


@pytest.mark.parametrize("slot", ["current_role", "target_role"])
@pytest.mark.parametrize(("problem", "text"), CASES)
def test_a_non_title_is_refused_with_what_a_good_answer_looks_like(
    slot: str, problem: str, text: str, domain: dict[str, Any]
) -> None:
    result, said = validate(slot, text, {}, domain)
    assert result[slot] is None
    assert REFUSALS[problem] in said and "for example" in said


@pytest.mark.parametrize(("problem", "text"), CASES)
def test_a_non_title_is_never_kept_on_a_later_try(problem: str, text: str, domain: dict[str, Any]) -> None:
    """Not on the try that accepts unknown titles, and not as the pending title either."""
    for attempts in (1, 2, 3, 5):
        slots = {ATTEMPTS_SLOT: attempts, "current_role_pending": None}
        result, _ = validate("current_role", text, slots, domain)
        assert result["current_role"] is None, (attempts, result)
        assert result.get("current_role_pending") is None


def test_a_refusal_keeps_the_earlier_real_title_for_the_last_try(domain: dict[str, Any]) -> None:
    """ "barista" (unknown), then "about 300 dollars": the money is refused, "barista" stays pending."""
    result, _ = validate(
        "current_role", "about 300 dollars", {ATTEMPTS_SLOT: 1, "current_role_pending": "barista"}, domain
    )
    assert result["current_role"] is None and "current_role_pending" not in result


def test_an_amount_that_names_a_catalog_role_clearly_is_still_a_role(domain: dict[str, Any]) -> None:
    result, _ = validate("current_role", "I'm an accountant", {}, domain)
    assert result["current_role"] == "Accountant"
