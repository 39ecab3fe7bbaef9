"""Unit tests for actions/privacy.py: trackers, a collecting dispatcher, a real SQLite database."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted
from rasa_sdk.executor import ActionExecutor
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from actions import catalog_access, profile_slots
from actions.privacy import (
    FORGET_FAILED,
    FORGOT_YOU,
    PROFILE_EMPTY,
    PROFILE_UNAVAILABLE,
    WELCOME_BACK_BUTTONS,
    ActionForgetMe,
    ActionShowProfile,
)
from actions.profile_slots import profile_from_slots, profile_slot_values
from actions.session_start import ActionSessionStart
from bot.profiles.store import UserProfile
from tests.kit.actions import message_texts, run_action
from tests.kit.profiles import accountant_profile
from tests.kit.profiles import remember as store
from tests.kit.profiles import remembered as stored
from tests.kit.trackers import make_tracker as build_tracker
from tests.kit.trackers import session_start_events, user_event


@pytest.fixture
def engine(sqlite_catalog_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The actions' database is a fresh, migrated SQLite catalog."""
    monkeypatch.setattr(catalog_access, "engine", lambda: sqlite_catalog_engine)
    return sqlite_catalog_engine


@pytest.fixture
def broken_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable() -> Engine:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(catalog_access, "engine", unreachable)


def accountant(sender_id: str = "returning-user") -> UserProfile:
    return accountant_profile(sender_id)


def make_tracker(sender_id: str, slots: dict[str, Any] | None = None, text: str = "hi") -> Tracker:
    events = [*session_start_events(), user_event(text, "greet", channel=None)]
    return build_tracker(events, slots=slots, sender_id=sender_id, latest_message={"text": text})


def run(action: Any, tracker: Tracker, domain: dict[str, Any]) -> tuple[list[dict[str, Any]], list[Any]]:
    events, dispatcher = run_action(action, tracker, domain)
    return dispatcher.messages, events


texts = message_texts


# --- action_show_profile ---------------------------------------------------------------------


def test_show_profile_lists_the_stored_profile(engine: Engine, domain: dict[str, Any]) -> None:
    store(engine, accountant())

    messages, events = run(ActionShowProfile(), make_tracker("returning-user"), domain)

    assert events == []
    assert texts(messages) == [
        "Here is what I remember about you:\n"
        "- Current role: Accountant\n"
        "- Goal: move to a different role\n"
        "- Target role: Digital Marketing Specialist\n"
        "- Skills: Excel, SQL\n"
        "- Time for learning: 5 hours a week\n"
        "- Budget: free\n"
        "- Preferred format: online, at my own pace\n"
        'Say "forget me" if you want me to delete it.'
    ]


def test_show_profile_prefers_what_this_conversation_said(engine: Engine, domain: dict[str, Any]) -> None:
    store(engine, accountant())
    slots = {"current_role": "Pharmacist", "goal": "advance", "skills": "none", "hours_per_week": "any"}

    messages, _ = run(ActionShowProfile(), make_tracker("returning-user", slots), domain)

    lines = texts(messages)[0].splitlines()
    assert "- Current role: Pharmacist" in lines
    assert "- Goal: grow in my current role" in lines
    assert not any("Accountant" in line or "Skills" in line or "Time" in line for line in lines)


def test_show_profile_says_when_it_knows_nothing(engine: Engine, domain: dict[str, Any]) -> None:
    messages, events = run(ActionShowProfile(), make_tracker("stranger"), domain)

    assert texts(messages) == [PROFILE_EMPTY]
    assert events == []


def test_show_profile_survives_a_database_failure(broken_database: None, domain: dict[str, Any]) -> None:
    messages, events = run(ActionShowProfile(), make_tracker("anyone"), domain)

    assert texts(messages) == [PROFILE_UNAVAILABLE]
    assert events == []


# --- action_forget_me --------------------------------------------------------------------------


def test_forget_me_deletes_the_profile_and_resets_the_slots(engine: Engine, domain: dict[str, Any]) -> None:
    store(engine, accountant("leaving"))
    store(engine, accountant("staying"))

    messages, events = run(
        ActionForgetMe(), make_tracker("leaving", profile_slot_values(accountant("leaving"))), domain
    )

    assert texts(messages) == [FORGOT_YOU]
    assert [event["event"] for event in events] == ["reset_slots"]
    assert stored(engine, "leaving") is None
    assert stored(engine, "staying") is not None


def test_forget_me_without_a_profile_still_confirms(engine: Engine, domain: dict[str, Any]) -> None:
    messages, events = run(ActionForgetMe(), make_tracker("never-saved"), domain)

    assert texts(messages) == [FORGOT_YOU]
    assert [event["event"] for event in events] == ["reset_slots"]


def test_forget_me_says_so_when_the_database_fails(broken_database: None, domain: dict[str, Any]) -> None:
    messages, events = run(ActionForgetMe(), make_tracker("leaving"), domain)

    assert texts(messages) == [FORGET_FAILED]
    assert events == []


def test_forget_me_keeps_everything_and_says_so_when_the_history_cannot_be_deleted(
    engine: Engine, domain: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    store(engine, accountant("leaving"))
    (tmp_path / "tracker.db").write_text("not a database", encoding="utf-8")
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")

    messages, events = run(ActionForgetMe(), make_tracker("leaving"), domain)

    assert texts(messages) == [FORGET_FAILED]
    assert events == []  # no slot reset: the tracker store keeps the history as well
    assert stored(engine, "leaving") is not None  # the profile's delete was rolled back


@pytest.mark.parametrize("sender", ["x" * 5000, "nul\x00byte", "'; DROP TABLE user_profiles; --"])
def test_forget_me_copes_with_any_sender_id(engine: Engine, domain: dict[str, Any], sender: str) -> None:
    store(engine, accountant(sender))

    messages, _ = run(ActionForgetMe(), make_tracker(sender), domain)

    assert texts(messages) == [FORGOT_YOU]
    assert stored(engine, sender) is None


# --- action_session_start -------------------------------------------------------------------


def test_new_user_gets_a_plain_session_start(engine: Engine, domain: dict[str, Any]) -> None:
    messages, events = run(ActionSessionStart(), make_tracker("brand-new"), domain)

    assert messages == []
    assert events == [SessionStarted(), ActionExecuted("action_listen")]


def test_returning_user_is_welcomed_back_with_the_profile_in_the_slots(
    engine: Engine, domain: dict[str, Any]
) -> None:
    store(engine, accountant())

    messages, events = run(ActionSessionStart(), make_tracker("returning-user"), domain)

    assert texts(messages) == [
        "Welcome back! Last time you told me you are an Accountant aiming for Digital Marketing "
        "Specialist. Want to pick up from there or update it?"
    ]
    assert messages[0]["buttons"] == WELCOME_BACK_BUTTONS
    assert events[0]["event"] == "session_started"
    assert events[-1]["event"] == "action" and events[-1]["name"] == "action_listen"
    slots = {event["name"]: event["value"] for event in events if event["event"] == "slot"}
    assert slots == {
        "current_role": "Accountant",
        "current_role_code": "13-2011.00",
        "goal": "switch",
        "target_role": "Digital Marketing Specialist",
        "target_role_code": "13-1161.01",
        "skills": "Excel; SQL",
        "hours_per_week": "5",
        "budget": "free",
        "preferred_format": "online",
    }


def test_carried_over_slots_win_over_the_stored_profile(engine: Engine, domain: dict[str, Any]) -> None:
    store(engine, accountant())
    tracker = make_tracker("returning-user", {"current_role": "Pharmacist", "advice_path": "reskill"})

    _, events = run(ActionSessionStart(), tracker, domain)

    slot_events = [(event["name"], event["value"]) for event in events if event["event"] == "slot"]
    assert ("current_role", "Pharmacist") in slot_events
    assert ("current_role", "Accountant") not in slot_events
    assert ("advice_path", "reskill") in slot_events
    assert ("target_role", "Digital Marketing Specialist") in slot_events


def test_slots_are_not_carried_over_when_the_domain_says_so(engine: Engine, domain: dict[str, Any]) -> None:
    no_carry = {
        **domain,
        "session_config": {**domain["session_config"], "carry_over_slots_to_new_session": False},
    }

    _, events = run(ActionSessionStart(), make_tracker("brand-new", {"advice_path": "reskill"}), no_carry)

    assert [event["event"] for event in events] == ["session_started", "action"]


def test_session_starts_even_when_the_database_fails(broken_database: None, domain: dict[str, Any]) -> None:
    messages, events = run(ActionSessionStart(), make_tracker("anyone"), domain)

    assert messages == []
    assert [event["event"] for event in events] == ["session_started", "action"]


# --- slots <-> profile ---------------------------------------------------------------------


def test_slot_values_and_profile_round_trip() -> None:
    profile = accountant()
    tracker = make_tracker(profile.sender_id, profile_slot_values(profile))

    assert profile_from_slots(tracker) == profile


def test_open_answers_become_unknown_values() -> None:
    slots = {
        "current_role": "Nurse",
        "skills": "none",
        "hours_per_week": "any",
        "budget": "any",
        "preferred_format": "any",
    }

    profile = profile_from_slots(make_tracker("s", slots))

    assert profile == UserProfile(sender_id="s", current_role="Nurse")


def test_no_profile_before_the_current_role_is_known() -> None:
    assert profile_from_slots(make_tracker("s", {"goal": "switch"})) is None


# --- wiring ----------------------------------------------------------------------------------


def test_privacy_actions_are_registered_and_in_the_domain(domain: dict[str, Any]) -> None:
    executor = ActionExecutor()
    executor.register_package("actions")

    names = {"action_show_profile", "action_forget_me", "action_session_start"}

    assert names <= set(executor.actions)
    assert names <= set(domain["actions"])
    assert set(profile_slots.PROFILE_SLOTS) <= set(domain["slots"])


def test_confirmation_offers_yes_and_no_buttons(domain: dict[str, Any]) -> None:
    buttons = domain["responses"]["utter_confirm_forget"][0]["buttons"]

    assert [button["payload"] for button in buttons] == ["/affirm", "/deny"]
    assert {"ask_profile", "forget_me", "affirm", "deny"} <= set(domain["intents"])


def test_a_typed_session_start_is_answered_with_the_greeting(domain) -> None:
    """Fuzzer finding: "/session_start" typed mid-conversation restarted the session in silence."""
    typed = [*session_start_events(), user_event("/session_start", "session_start")]
    featurized = [*typed, {"event": "user_featurization", "use_text_for_featurization": False}]
    for events in (typed, featurized):  # Rasa sends the second: the message, then its featurization
        _, dispatcher = run_action(ActionSessionStart(), build_tracker(events), domain)
        assert [message.get("response") for message in dispatcher.messages] == ["utter_greet"]


def test_a_session_rasa_starts_by_itself_stays_quiet_for_a_new_user(domain) -> None:
    fresh = Tracker("newcomer", {}, {}, [], False, None, {}, "action_listen")
    _, dispatcher = run_action(ActionSessionStart(), fresh, domain)
    assert dispatcher.messages == []
