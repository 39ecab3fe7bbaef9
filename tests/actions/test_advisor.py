"""Advisor actions with real trackers, a collecting dispatcher and the loaded domain.

The actions read the sample catalog from a seeded SQLite file (``CATALOG_DB_URL``), so
role resolution, skill extraction and the learning path are the real ones.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import NO_ADVICE_YET, ActionAdviceAlternatives, ActionExplainCourse, ActionGiveAdvice
from actions.advisor_form import UNKNOWN_ROLE, ValidateAdvisorForm
from actions.catalog_search import ActionSearchCatalog
from actions.profile_changes import ActionCorrectRole, ActionRestartAdvice, ActionUpdateProfile
from bot.profiles.store import load_profile
from bot.storage.db import create_catalog_engine
from tests.kit.actions import message_texts, run_action
from tests.kit.databases import prepare_database, sqlite_url
from tests.kit.trackers import make_tracker, user_event

ACCOUNTANT, DIGITAL_MARKETING = "13-2011.00", "13-1161.01"


@pytest.fixture(scope="module")
def catalog_url(tmp_path_factory) -> str:
    return prepare_database(sqlite_url(tmp_path_factory.mktemp("actions")), seeded=True)


@pytest.fixture(autouse=True)
def use_catalog(monkeypatch, catalog_url):
    monkeypatch.setenv("CATALOG_DB_URL", catalog_url)


def tracker(
    slots: dict[str, Any] | None = None,
    text: str = "",
    intent: str = "inform",
    entities: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    sender: str = "tester",
) -> Tracker:
    said = user_event(text, intent, channel=None, entities=entities)
    return make_tracker([said], slots=slots, sender_id=sender, active_loop=active_loop)


def run(action: Any, dispatcher: CollectingDispatcher, current: Tracker, domain: dict[str, Any]) -> list[Any]:
    """Run an action's async ``run`` to completion."""
    return run_action(action, current, domain, dispatcher)[0]


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return message_texts(dispatcher.messages)


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


# --------------------------------------------------------------------- form validation


@pytest.mark.parametrize(
    ("answer", "title", "code"),
    [
        ("I'm an accountant", "Accountant", ACCOUNTANT),
        ("I work as a registered nurse", "Registered Nurse", "29-1141.00"),
        ("13-2011.00", "Accountant", ACCOUNTANT),
    ],
)
def test_current_role_is_resolved(domain, answer, title, code):
    dispatcher = CollectingDispatcher()
    result = ValidateAdvisorForm().validate_current_role(answer, dispatcher, tracker(), domain)
    assert result["current_role"] == title
    assert result["current_role_code"] == code
    assert result["form_attempts"] == 0


def test_close_candidates_are_offered_as_buttons_with_a_way_out(domain):
    dispatcher = CollectingDispatcher()
    result = ValidateAdvisorForm().validate_current_role("analyst", dispatcher, tracker(), domain)
    assert result["current_role"] is None
    assert result["current_role_pending"] == "analyst"
    buttons = dispatcher.messages[0]["buttons"]
    assert buttons[-1] == {"title": "None of these", "payload": '/inform{"role_code": "none"}'}
    assert all(button["payload"].startswith('/inform{"role_code": ') for button in buttons)


def test_none_of_these_accepts_the_words_as_an_unknown_role(domain):
    dispatcher = CollectingDispatcher()
    result = ValidateAdvisorForm().validate_current_role(
        "none", dispatcher, tracker({"current_role_pending": "chief happiness officer"}), domain
    )
    assert result["current_role"] == "chief happiness officer"
    assert result["current_role_code"] == UNKNOWN_ROLE
    assert "I'll go by the skills you tell me about" in texts(dispatcher)[0]


def test_unknown_role_is_asked_once_more_then_accepted(domain):
    form = ValidateAdvisorForm()
    first = CollectingDispatcher()
    result = form.validate_current_role("zorblax wrangler", first, tracker(), domain)
    assert result["current_role"] is None and result["form_attempts"] == 1
    assert "Could you say it another way" in texts(first)[0]

    second = CollectingDispatcher()
    result = form.validate_current_role("zorblax wrangler", second, tracker({"form_attempts": 1}), domain)
    assert result["current_role"] == "zorblax wrangler"
    assert result["current_role_code"] == UNKNOWN_ROLE


@pytest.mark.parametrize("answer", ["", "🙂🙂🙂", "12345", "!!!", "<script>alert(1)</script>"])
def test_role_answers_without_words_get_an_example(domain, answer):
    dispatcher = CollectingDispatcher()
    result = ValidateAdvisorForm().validate_current_role(answer, dispatcher, tracker(), domain)
    assert result["current_role"] is None
    assert "for example" in texts(dispatcher)[0]


def test_accepted_role_is_kept_when_the_form_revalidates_it(domain):
    dispatcher = CollectingDispatcher()
    slots = {"current_role": "zorblax wrangler", "current_role_code": UNKNOWN_ROLE}
    result = ValidateAdvisorForm().validate_current_role(
        "zorblax wrangler", dispatcher, tracker(slots), domain
    )
    assert result == {"current_role": "zorblax wrangler"}
    assert dispatcher.messages == []


def test_target_equal_to_current_role_becomes_upskilling(domain):
    dispatcher = CollectingDispatcher()
    slots = {"current_role": "Accountant", "current_role_code": ACCOUNTANT}
    result = ValidateAdvisorForm().validate_target_role("accountant", dispatcher, tracker(slots), domain)
    assert result["goal"] == "advance" and result["target_role"] is None
    assert "upskilling" in texts(dispatcher)[0]


def test_skills_are_extracted_and_confirmed(domain):
    dispatcher = CollectingDispatcher()
    result = ValidateAdvisorForm().validate_skills(
        "I know Excel, some SQL but I don't know Python", dispatcher, tracker(), domain
    )
    assert result["skills"] == "Microsoft Excel; SQL"
    assert texts(dispatcher) == ["Got it, I noted: Microsoft Excel, SQL."]


def test_skills_skip_and_two_misses(domain):
    form = ValidateAdvisorForm()
    assert form.validate_skills("skip", CollectingDispatcher(), tracker(), domain)["skills"] == "none"
    first = CollectingDispatcher()
    assert form.validate_skills("je parle français", first, tracker(), domain)["skills"] is None
    assert first.messages[0]["buttons"] == [{"title": "Skip", "payload": "/skip"}]
    second = CollectingDispatcher()
    result = form.validate_skills("je parle français", second, tracker({"form_attempts": 1}), domain)
    assert result["skills"] == "none" and result["form_attempts"] == 0


@pytest.mark.parametrize(
    ("validator", "answer", "expected"),
    [
        ("validate_goal", "I'd like to move to a different role", {"goal": "switch"}),
        ("validate_goal", "advance", {"goal": "advance"}),
        ("validate_hours_per_week", "about 10 hours", {"hours_per_week": "10"}),
        ("validate_hours_per_week", "skip", {"hours_per_week": "any"}),
        ("validate_budget", "free", {"budget": "free"}),
        ("validate_budget", "$1,500", {"budget": "1500"}),
        ("validate_preferred_format", "online please", {"preferred_format": "online"}),
    ],
)
def test_constraint_answers_are_normalised(domain, validator, answer, expected):
    dispatcher = CollectingDispatcher()
    result = getattr(ValidateAdvisorForm(), validator)(answer, dispatcher, tracker(), domain)
    assert {key: result[key] for key in expected} == expected
    assert dispatcher.messages == []


def test_validation_never_loops_forever(domain):
    form = ValidateAdvisorForm()
    first = CollectingDispatcher()
    assert form.validate_budget("banana", first, tracker(), domain)["budget"] is None
    second = CollectingDispatcher()
    assert form.validate_budget("banana", second, tracker({"form_attempts": 1}), domain)["budget"] is None
    assert 'Or say "skip".' in texts(second)[0]
    third = CollectingDispatcher()
    result = form.validate_budget("banana", third, tracker({"form_attempts": 2}), domain)
    assert result == {"budget": "any", "form_attempts": 0}
    assert "leave that open" in texts(third)[0]


def test_target_role_is_only_required_when_switching(domain):
    form = ValidateAdvisorForm()
    slots = ["current_role", "goal", "target_role", "skills"]
    advance = asyncio.run(
        form.required_slots(slots, CollectingDispatcher(), tracker({"goal": "advance"}), domain)
    )
    switch = asyncio.run(
        form.required_slots(slots, CollectingDispatcher(), tracker({"goal": "switch"}), domain)
    )
    assert "target_role" not in advance and "target_role" in switch


# --------------------------------------------------------------------- advice

SWITCH_PROFILE = {
    "current_role": "Accountant",
    "current_role_code": ACCOUNTANT,
    "goal": "switch",
    "target_role": "Digital Marketing Specialist",
    "target_role_code": DIGITAL_MARKETING,
    "skills": "Microsoft Excel; Bookkeeping",
    "hours_per_week": "5",
    "budget": "500",
    "preferred_format": "online",
}


def test_give_advice_sends_explanation_path_and_follow_ups_and_remembers(domain, catalog_url):
    dispatcher = CollectingDispatcher()
    events = run(ActionGiveAdvice(), dispatcher, tracker(SWITCH_PROFILE, sender="advice-user"), domain)

    messages = texts(dispatcher)
    assert messages[0].startswith("Moving from Accountant to Digital Marketing Specialist is reskilling")
    assert messages[1].startswith("Your learning path:\n1. ")
    # one closing question, one group of buttons: the vote and the adjustments together
    closing = dispatcher.messages[-1]
    assert closing["text"] == "Was this helpful? Or adjust the plan:"  # actions/feedback.py
    titles = [button["title"] for button in closing["buttons"]]
    assert titles[:3] == ["Yes, helpful", "Not really", "Cheaper options"] and titles[-1] == "Start over"
    assert sum(bool(message.get("buttons")) for message in dispatcher.messages) == 1
    slots = slot_events(events)
    assert slots["advice_path"] == "reskill"
    assert slots["feedback_subject"] == "advice/reskill"
    assert slots["last_courses"]
    engine = create_catalog_engine(catalog_url)
    with engine.connect() as connection:
        profile = load_profile(connection, "advice-user")
    engine.dispose()
    assert profile is not None and profile.target_role_code == DIGITAL_MARKETING
    assert profile.skills == ["Microsoft Excel", "Bookkeeping"]


def test_give_advice_without_a_profile_asks_for_one(domain):
    dispatcher = CollectingDispatcher()
    assert run(ActionGiveAdvice(), dispatcher, tracker({}), domain) == []
    assert dispatcher.messages[0]["buttons"] == [{"title": "Get advice", "payload": "/start_advice"}]


def test_cheaper_before_any_advice_says_there_is_nothing_to_compare_yet(domain):
    dispatcher = CollectingDispatcher()
    run(
        ActionAdviceAlternatives(),
        dispatcher,
        tracker(SWITCH_PROFILE, "cheaper options", "ask_alternatives"),
        domain,
    )
    assert texts(dispatcher) == [NO_ADVICE_YET]


def test_cheaper_asked_twice_gets_cheaper_than_what_was_shown(domain):
    first = CollectingDispatcher()
    slots = {**SWITCH_PROFILE, "budget": "1000", "preferred_format": "any"}
    events = run(ActionGiveAdvice(), first, tracker(slots, sender="cheaper-twice"), domain)
    shown = slot_events(events)["last_courses"]
    cheaper = [{"entity": "alternative", "value": "cheaper"}]
    second = CollectingDispatcher()
    after_first = {**slots, "last_courses": shown, "advice_path": "reskill"}
    events = run(
        ActionAdviceAlternatives(),
        second,
        tracker(after_first, "cheaper", "ask_alternatives", cheaper),
        domain,
    )
    once = slot_events(events)["last_courses"]
    third = CollectingDispatcher()
    after_second = {**after_first, "last_courses": once}
    run(
        ActionAdviceAlternatives(),
        third,
        tracker(after_second, "cheaper", "ask_alternatives", cheaper),
        domain,
    )
    intros = [texts(second)[0], texts(third)[0]]
    assert intros[0] != intros[1], "the second 'cheaper' is measured against the cheaper path"


def test_cheaper_than_a_free_path_is_not_offered_again(domain):
    dispatcher = CollectingDispatcher()
    slots = {**SWITCH_PROFILE, "budget": "free", "last_courses": [], "advice_path": "reskill"}
    entities = [{"entity": "alternative", "value": "cheaper"}]
    run(
        ActionAdviceAlternatives(),
        dispatcher,
        tracker(slots, "cheaper", "ask_alternatives", entities),
        domain,
    )
    # the free path cannot get cheaper: said so, not the same path again, and no "Cheaper" button
    assert texts(dispatcher) == ["Your path is already free, so there is nothing cheaper to find."]
    buttons = [button["title"] for message in dispatcher.messages for button in message.get("buttons") or []]
    assert "Cheaper options" not in buttons and "Other options" in buttons


def test_other_options_exclude_the_courses_already_shown(domain):
    first = CollectingDispatcher()
    events = run(ActionGiveAdvice(), first, tracker(SWITCH_PROFILE, sender="alt-user"), domain)
    shown = slot_events(events)["last_courses"]
    dispatcher = CollectingDispatcher()
    slots = {**SWITCH_PROFILE, "last_courses": shown, "advice_path": "reskill"}
    events = run(
        ActionAdviceAlternatives(),
        dispatcher,
        tracker(slots, "other options", "ask_alternatives", [{"entity": "alternative", "value": "more"}]),
        domain,
    )
    assert not set(slot_events(events)["last_courses"]) & set(shown)


def test_explain_course_by_ordinal(domain):
    first = CollectingDispatcher()
    events = run(ActionGiveAdvice(), first, tracker(SWITCH_PROFILE, sender="explain-user"), domain)
    slots = {**SWITCH_PROFILE, "last_courses": slot_events(events)["last_courses"]}
    dispatcher = CollectingDispatcher()
    run(ActionExplainCourse(), dispatcher, tracker(slots, "tell me more about the second course"), domain)
    answer = texts(dispatcher)[0]
    assert "Why I suggested it: closes " in answer
    assert "Format:" in answer and "credential:" in answer


def test_correction_after_advice_gives_new_advice(domain):
    dispatcher = CollectingDispatcher()
    slots = {**SWITCH_PROFILE, "last_courses": ["X"]}
    events = run(
        ActionCorrectRole(),
        dispatcher,
        tracker(slots, "actually I'm a pharmacist", "correct_current_role"),
        domain,
    )
    assert slot_events(events)["current_role"] == "Pharmacist"
    assert texts(dispatcher)[0] == "Updated: your current role is now Pharmacist."
    assert texts(dispatcher)[1].startswith("Moving from Pharmacist to Digital Marketing Specialist")


def test_correction_during_the_form_only_updates(domain):
    dispatcher = CollectingDispatcher()
    events = run(
        ActionCorrectRole(),
        dispatcher,
        tracker(
            {"current_role": "Bookkeeper"},
            "change my target to data scientist",
            "correct_target_role",
            active_loop="advisor_form",
        ),
        domain,
    )
    assert slot_events(events) == {
        "target_role": "Data Scientist",
        "target_role_code": "15-2051.00",
        "goal": "switch",
    }
    assert texts(dispatcher) == ["Updated: your target role is now Data Scientist."]


def test_restart_clears_the_profile(domain):
    events = run(ActionRestartAdvice(), CollectingDispatcher(), tracker(SWITCH_PROFILE), domain)
    cleared = slot_events(events)
    assert cleared["current_role"] is None and cleared["goal"] is None and cleared["last_courses"] is None


def test_catalog_search_with_limits(domain):
    dispatcher = CollectingDispatcher()
    run(
        ActionSearchCatalog(),
        dispatcher,
        tracker(text="find me an online SQL course under 10 hours", intent="search_courses"),
        domain,
    )
    answer = texts(dispatcher)[0]
    assert answer.startswith("Courses for SQL:\n1. ")
    assert "online self paced" in answer


def test_catalog_search_without_a_skill_explains(domain):
    dispatcher = CollectingDispatcher()
    run(ActionSearchCatalog(), dispatcher, tracker(text="find me a course", intent="search_courses"), domain)
    assert "Which skill" in texts(dispatcher)[0]


def test_slot_events_helper_is_consistent():
    assert slot_events([SlotSet("a", 1)]) == {"a": 1}


def test_update_budget_after_advice_gives_new_advice(domain):
    dispatcher = CollectingDispatcher()
    events = run(
        ActionUpdateProfile(), dispatcher, tracker(SWITCH_PROFILE, "make it free", "update_profile"), domain
    )
    assert slot_events(events)["budget"] == "free"
    assert texts(dispatcher)[0] == "Updated budget: free courses only."
    path = next(text for text in texts(dispatcher) if text.startswith("Your learning path"))
    assert "294" not in path


def test_update_adds_skills_without_losing_the_old_ones(domain):
    dispatcher = CollectingDispatcher()
    slots = {"current_role": "Accountant", "skills": "Microsoft Excel"}
    events = run(
        ActionUpdateProfile(),
        dispatcher,
        tracker(slots, "I also know Python", "update_profile", active_loop="advisor_form"),
        domain,
    )
    assert slot_events(events) == {"skills": "Microsoft Excel; Python"}
    assert texts(dispatcher) == ["Updated skills: Microsoft Excel, Python."]


def test_update_without_anything_recognisable_asks_with_examples(domain):
    dispatcher = CollectingDispatcher()
    assert run(ActionUpdateProfile(), dispatcher, tracker({}, "change it", "update_profile"), domain) == []
    assert "For example" in texts(dispatcher)[0]


def test_every_action_advises_a_move_to_an_unknown_role_as_not_sure_yet(domain):
    """The advice, its alternatives, course details, corrections and follow-ups build their
    request in one place: a target the catalog lacks is "not sure yet" for all of them (the
    alternatives used to plan an upskilling path for the same profile)."""
    from actions.profile_slots import advice_request_from_slots

    slots = {**SWITCH_PROFILE, "target_role": "Astronaut", "target_role_code": None}
    request = advice_request_from_slots(tracker(slots, "more", "ask_alternatives"))
    assert (request.goal, request.target_code) == ("unsure", None)
    known = advice_request_from_slots(tracker(SWITCH_PROFILE, "more", "ask_alternatives"))
    assert (known.goal, known.target_code) == ("switch", DIGITAL_MARKETING)
