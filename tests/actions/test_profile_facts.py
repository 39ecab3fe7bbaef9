"""Facts stated in any message: checked outside the form, several at once inside it,
corrections read against what was discussed, own-case questions answered with the decision.

The entities are the ones the NLU's ProfileFactExtractor gives for the text, and the slot
events are what Rasa's from_entity mappings would set, so each case is the real chain
minus the servers (the e2e tests run it through them).
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk.executor import CollectingDispatcher

from actions.advisor_form import ActionValidateSlotMappings, ValidateAdvisorForm
from addons.nlu.profile_fact_extractor import ProfileFactExtractor
from bot.profiles.facts import CORRECTED_ROLE, fact_of_entity
from tests.kit.actions import message_texts, run_action
from tests.kit.databases import prepare_database, sqlite_url
from tests.kit.trackers import make_tracker, user_event


@pytest.fixture(scope="module")
def catalog_url(tmp_path_factory) -> str:
    return prepare_database(sqlite_url(tmp_path_factory.mktemp("facts")), seeded=True)


@pytest.fixture(autouse=True)
def use_catalog(monkeypatch, catalog_url):
    monkeypatch.setenv("CATALOG_DB_URL", catalog_url)


def nlu(text: str) -> list[dict[str, Any]]:
    message = Message(data={"text": text})
    ProfileFactExtractor({}).process([message])
    return list(message.get("entities") or [])


def said(
    text: str,
    intent: str = "inform",
    *,
    slots: dict[str, Any] | None = None,
    active_loop: str | None = None,
    before: list[dict[str, Any]] | None = None,
) -> Any:
    """The tracker after ``text``: its entities, and the slots the mappings set from them."""
    entities = nlu(text)
    events = [*(before or []), user_event(text, intent, channel=None, entities=entities)]
    requested = (slots or {}).get("requested_slot")
    if active_loop and requested and (slots or {}).get(requested) == text:  # the from_text answer
        events.append({"event": "slot", "name": requested, "value": text})
    values = dict(slots or {})
    for entity in entities:
        slot = fact_of_entity(entity["entity"], entity.get("role"))
        if slot and slot != CORRECTED_ROLE and slot not in values:
            values[slot] = entity["value"]
            events.append({"event": "slot", "name": slot, "value": entity["value"]})
    return make_tracker(events, slots={**(slots or {}), **values}, active_loop=active_loop)


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def test_an_opener_with_every_fact_is_resolved_and_said_back_in_one_line(domain):
    tracker = said(
        "hi, I'm an accountant and I want to become a digital marketing specialist, "
        "5 hours a week, up to 300 dollars, online"
    )
    events, dispatcher = run_action(ActionValidateSlotMappings(), tracker, domain)
    values = slot_values(events)
    assert values["current_role"] == "Accountant" and values["current_role_code"] == "13-2011.00"
    assert values["target_role"] == "Digital Marketing Specialist" and values["goal"] == "switch"
    assert (values["hours_per_week"], values["budget"], values["preferred_format"]) == ("5", "300", "online")
    assert message_texts(dispatcher.messages) == [
        "Got it: Accountant → Digital Marketing Specialist, 5 h a week, up to 300 USD, "
        "online, at my own pace."
    ]


def test_the_form_leaves_facts_to_its_own_validator(domain):
    tracker = said("I'm an accountant", active_loop="advisor_form", slots={"requested_slot": "goal"})
    events, dispatcher = run_action(ActionValidateSlotMappings(), tracker, domain)
    assert events == [] and dispatcher.messages == []


def test_words_that_name_no_role_are_left_out_silently(domain):
    tracker = said("I'm a zzqx vrbl and I want to become a data analyst")
    events, dispatcher = run_action(ActionValidateSlotMappings(), tracker, domain)
    values = slot_values(events)
    assert values.get("current_role") is None
    assert values["target_role"] == "Data Analyst"
    assert not any("couldn't find" in text for text in message_texts(dispatcher.messages))


def test_an_answer_keeps_apart_from_the_other_facts_said_with_it(domain):
    text = "cashier at walmart, want to move into data analysis"
    tracker = said(
        text, active_loop="advisor_form", slots={"requested_slot": "current_role", "current_role": text}
    )
    dispatcher = CollectingDispatcher()
    events = run_action(ValidateAdvisorForm(), tracker, domain, dispatcher)[0]
    values = slot_values(events)
    assert values["current_role"] == "Cashier"
    assert values["target_role"] == "Data Analyst"


def test_make_that_changes_the_role_being_discussed(domain):
    before = [{"event": "slot", "name": "current_role", "value": "Bookkeeper"}]
    before.append({"event": "slot", "name": "target_role", "value": "Data Analyst"})
    tracker = said(
        "actually make that project manager",
        "correct_current_role",
        slots={"current_role": "Bookkeeper", "target_role": "Data Analyst", "goal": "switch"},
        before=before,
    )
    events, _ = run_action(ActionValidateSlotMappings(), tracker, domain)
    assert slot_values(events).get("target_role") in (
        None,
        "Project Manager",
    )  # no slot mapping for corrections
    from actions.profile_facts import discussed_role_slot

    assert discussed_role_slot(tracker) == "target_role"


def test_a_question_about_ones_own_case_gets_the_decision_with_its_numbers(domain):
    tracker = said(
        "I'm an accountant moving into digital marketing, should I upskill or reskill?", "start_advice"
    )
    _, dispatcher = run_action(ActionValidateSlotMappings(), tracker, domain)
    short = next(text for text in message_texts(dispatcher.messages) if text.startswith("Short answer:"))
    assert "Accountant to Digital Marketing Specialist" in short and "%" in short


def test_a_budget_in_a_currency_without_an_exchange_rate_is_asked_again(domain):
    tracker = said(
        "50000 yen", active_loop="advisor_form", slots={"requested_slot": "budget", "budget": "50000 yen"}
    )
    events, dispatcher = run_action(ValidateAdvisorForm(), tracker, domain)
    assert slot_values(events)["budget"] is None
    assert "not in JPY" in " ".join(message_texts(dispatcher.messages))


def test_a_budget_in_pounds_is_kept_in_pounds(domain):
    """GBP is in the rate table: the budget is compared in pounds, never read as dollars."""
    tracker = said(
        "500 pounds", active_loop="advisor_form", slots={"requested_slot": "budget", "budget": "500 pounds"}
    )
    events, _ = run_action(ValidateAdvisorForm(), tracker, domain)
    assert slot_values(events)["budget"] == "500 GBP"


def test_a_work_schedule_is_not_study_time(domain):
    text = "i work 3 12s"
    tracker = said(
        text, active_loop="advisor_form", slots={"requested_slot": "hours_per_week", "hours_per_week": text}
    )
    events, dispatcher = run_action(ValidateAdvisorForm(), tracker, domain)
    assert slot_values(events)["hours_per_week"] is None
    assert "work schedule" in " ".join(message_texts(dispatcher.messages))


def test_skills_typed_where_a_role_was_asked_are_kept_as_skills(domain):
    text = "excel, customer service and bookkeeping"
    tracker = said(
        text, active_loop="advisor_form", slots={"requested_slot": "target_role", "target_role": text}
    )
    events, dispatcher = run_action(ValidateAdvisorForm(), tracker, domain)
    values = slot_values(events)
    assert values["target_role"] is None
    assert "Microsoft Excel" in values["skills"] and "Bookkeeping" in values["skills"]
    assert "noted those as your skills" in " ".join(message_texts(dispatcher.messages))


def test_asked_for_skills_the_whole_reply_is_read_not_only_the_clause_with_a_cue(domain):
    """ "im good with people" carries a cue and became the skills entity: "excel, bit of sql"
    before it was lost and the user heard "I couldn't match that to skills" (stranger test)."""
    text = "excel, bit of sql, im good with people"
    # the skills entity fills the slot, as the mapping does
    tracker = said(text, active_loop="advisor_form", slots={"requested_slot": "skills"})
    events, dispatcher = run_action(ValidateAdvisorForm(), tracker, domain)
    skills = slot_values(events)["skills"]
    assert "Microsoft Excel" in skills and "SQL" in skills
    assert "couldn't match" not in " ".join(message_texts(dispatcher.messages))


def test_make_that_follows_the_words_not_the_order_the_slots_were_filled(domain):
    """The opener named the current role first and the target last; the current role was only
    settled a turn later ("nope" to its candidates): "make that ..." is still about the target."""
    from actions.profile_facts import discussed_role_slot

    opener = "im a line cook, wanna get into IT support"
    before = [
        user_event(opener, "inform", channel=None, entities=nlu(opener)),
        {"event": "slot", "name": "target_role", "value": "Technical Support Specialist"},
        user_event("nope", "deny", channel=None),
        {"event": "slot", "name": "current_role", "value": "line cook"},
    ]
    tracker = said("actually make that data analyst", before=before)
    assert discussed_role_slot(tracker) == "target_role"


def test_a_note_already_said_this_turn_is_not_said_again():
    """Facts are validated when extracted and again when the form runs: one note each."""
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.profile_facts import drop_repeats

    note = 'I\'ll plan with 10 hours a week ("2 hrs a night").'
    events = [
        {"event": "user", "text": "im a nurse, about 2 hrs a night"},
        {"event": "bot", "text": note},
    ]
    tracker = Tracker("someone", {}, {"text": events[0]["text"]}, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(text="Got it: you're a Registered Nurse, 10 h a week.")
    dispatcher.utter_message(text=note)
    dispatcher.utter_message(text="Which role would you like to move into?")
    dispatcher.utter_message(text="Which role would you like to move into?")
    drop_repeats(dispatcher, tracker, since=0)
    assert [message["text"] for message in dispatcher.messages] == [
        "Got it: you're a Registered Nurse, 10 h a week.",
        "Which role would you like to move into?",
    ]
