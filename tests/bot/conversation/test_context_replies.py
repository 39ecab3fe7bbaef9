"""Short follow-ups answered from the last subject (bot.conversation), without Rasa."""

from __future__ import annotations

import pytest
import yaml

from bot.conversation import faq_follow_ups
from bot.conversation.context_replies import (
    EXAMPLE,
    HOW_LONG,
    MORE,
    NO,
    WHAT_NEXT,
    WHY,
    YES,
    Subject,
    context_reply,
    follow_up_of,
)
from tests.kit.paths import PROJECT_ROOT

FAQ_TOPICS = {
    name.removeprefix("utter_faq/")
    for name in yaml.safe_load((PROJECT_ROOT / "data" / "responses" / "faq.yml").read_text())["responses"]
}


def test_every_follow_up_points_at_an_existing_faq_answer() -> None:
    for table in faq_follow_ups.TABLES.values():
        assert set(table) <= FAQ_TOPICS
        assert set(table.values()) <= FAQ_TOPICS
    assert faq_follow_ups.EMPLOYER_TOPICS <= FAQ_TOPICS
    assert {faq_follow_ups.next_step_topic(topic) for topic in FAQ_TOPICS} <= FAQ_TOPICS


def test_subject_is_parsed_from_the_slot() -> None:
    assert Subject.parse("faq/cost") == Subject("faq", "cost")
    assert Subject.parse("advice/reskill") == Subject("advice", "reskill")
    assert Subject.parse("faq") == Subject("none")
    assert Subject.parse(None) == Subject("none")
    assert Subject.parse("<b>nonsense</b>") == Subject("none")


def test_intents_name_their_follow_up() -> None:
    assert follow_up_of("ask_why") == WHY
    assert follow_up_of("affirm") == YES
    assert follow_up_of("greet") is None
    assert follow_up_of(None) is None


def test_tell_me_more_after_an_faq_answer_goes_deeper_on_that_topic() -> None:
    reply = context_reply(MORE, Subject("faq", "difference"))
    assert reply.response == "utter_faq/difference_more"
    assert reply.subject == "faq/difference_more"


def test_why_so_long_after_the_duration_answer_gives_the_reason() -> None:
    reply = context_reply(WHY, Subject("faq", "duration"))
    assert reply.response == "utter_faq/difference_more"


def test_how_long_after_a_training_topic_is_the_duration_answer() -> None:
    assert context_reply(HOW_LONG, Subject("faq", "bootcamps")).response == "utter_faq/duration"
    # A topic without a duration of its own still gets the general one, said as such.
    fallback = context_reply(HOW_LONG, Subject("faq", "gi_bill"))
    assert fallback.response == "utter_faq/duration"
    assert fallback.text and "don't have a duration" in fallback.text


def test_a_follow_up_the_sources_do_not_cover_is_said_honestly() -> None:
    reply = context_reply(WHY, Subject("faq", "gi_bill"))
    assert reply.response is None
    assert reply.text and "as far as my sources go" in reply.text
    assert {"title": "Talk to a person", "payload": "/talk_to_human"} in reply.buttons


def test_what_now_after_an_faq_answer_is_a_next_step_and_the_advice() -> None:
    learner = context_reply(WHAT_NEXT, Subject("faq", "cost"))
    employer = context_reply(WHAT_NEXT, Subject("faq", "roi"))
    assert learner.response == "utter_faq/first_step"
    assert employer.response == "utter_faq/design_program_more"
    assert learner.closing_buttons[0]["payload"] == "/start_advice"


@pytest.mark.parametrize("follow_up", [WHY, MORE, EXAMPLE, HOW_LONG, WHAT_NEXT, YES, NO])
def test_without_a_subject_every_follow_up_gets_a_reply_that_is_no_goodbye(follow_up: str) -> None:
    reply = context_reply(follow_up, Subject("none"))
    assert reply.text
    assert "goodbye" not in reply.text.lower() and "bye" not in reply.text.lower().split()
    assert reply.buttons
    assert reply.subject is None


def test_advice_subject_without_the_advice_falls_back_to_the_menu() -> None:
    reply = context_reply(WHY, Subject("advice", "reskill"), advice=None)
    assert reply.text and "can't bring back the details of that advice" in reply.text
    assert reply.buttons[0]["payload"] == "/start_advice"


def test_an_example_without_one_of_its_own_is_the_deeper_answer() -> None:
    assert context_reply(EXAMPLE, Subject("faq", "cost")).response == "utter_faq/funding_options"
    assert context_reply(EXAMPLE, Subject("faq", "both_at_once")).response == "utter_faq/case_ibm"
