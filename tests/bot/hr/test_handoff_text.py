"""The ticket's question, contact and transcript, read from the conversation before a hand-off."""

from __future__ import annotations

from typing import Any

import pytest

from bot.hr.handoff_text import (
    TRANSCRIPT_MAX_MESSAGES,
    is_substantive,
    parse_contact,
    real_question,
    relevant_transcript,
    wants_the_chat,
)


def user(text: str, intent: str | None = None) -> dict[str, Any]:
    return {"speaker": "user", "text": text, "intent": intent}


def bot(text: str) -> dict[str, Any]:
    return {"speaker": "bot", "text": text, "intent": None}


# (message, intent, is it the question HR should answer?)
SUBSTANTIVE = [
    ("I manage 40 warehouse pickers, who pays for their forklift licences?", "faq", True),
    ("is training time paid if I do it on a Saturday", "faq", True),
    ("can my employer make me pay back the course fee if I leave", "out_of_scope", True),
    ("my manager refuses to sign off my study leave", "declined_topic", True),
    ("what's the dress code for the assessment centre", "nlu_fallback", True),
    ("do I need a CDL before the logistics programme?", "inform", True),
    ("I'm a nurse with six years on the ward", "inform", False),
    ("cashier", "inform", False),
    ("5 hours a week", "inform", False),
    ("this isn't helping, get me a human", "talk_to_human", False),
    ("can I speak to a real person please", "talk_to_human", False),
    ("can someone in HR tell me if night shift staff get study leave?", "talk_to_human", True),
    ("this isn't helping", "nlu_fallback", False),
    ("you're useless", "insult", False),
    ("can I talk to someone real", "nlu_fallback", False),
    ("useless bot, nothing you said answers it", "out_of_scope", False),
    ("ok", "affirm", False),
    ("yeah thats right", "affirm", False),
    ("why?", "ask_why", False),
    ("tell me more about that", "ask_more", False),
    ("thanks a lot", "thank_you", False),
    ("hello there", "greet", False),
    ("/talk_to_human", "talk_to_human", False),
    ("", None, False),
    ("that didn't help at all", "feedback_not_helpful", False),
]


@pytest.mark.parametrize(("text", "intent", "expected"), SUBSTANTIVE)
def test_what_counts_as_the_question(text: str, intent: str | None, expected: bool) -> None:
    assert is_substantive(user(text, intent)) is expected


def test_the_real_question_is_found_behind_reactions_and_complaints() -> None:
    question = "I manage 40 warehouse pickers, who pays for their forklift licences?"
    conversation = [
        user("hi", "greet"),
        bot("Hi! I'm the career advisor."),
        user(question, "faq"),
        bot("Upskilling is usually paid by the employer."),
        user("ok", "affirm"),
        bot("Was this helpful?"),
        user("no", "deny"),
        user("this isn't helping, get me a human", "talk_to_human"),
    ]
    assert real_question(conversation) == question


def test_a_question_wins_over_later_reactions_and_a_request_with_contact_times() -> None:
    """After a wrong answer people react with statements ("I already tried that page") and
    add when and where to reach them to the request: neither is the question."""
    question = "are the evening welding classes open to agency staff or only direct employees"
    conversation = [
        user("morning", "greet"),
        user(question, "nlu_fallback"),
        bot("Reskilling is ..."),
        user("I already tried the intranet page about that", "nlu_fallback"),
        user("please get a human to ring me tomorrow between 10 and 2 on 0161 496 0000", "talk_to_human"),
    ]
    assert real_question(conversation) == question


def test_a_question_put_while_starting_the_advice_counts_a_bare_request_does_not() -> None:
    asked = "moving from welding into quality inspection, is that upskilling or reskilling?"
    assert real_question([user(asked, "start_advice"), user("human please", "talk_to_human")]) == asked
    assert (
        real_question([user("I want career advice", "start_advice"), user("human", "talk_to_human")]) is None
    )


def test_a_short_follow_up_comes_with_the_question_it_refers_to() -> None:
    first = "can I get a height-adjustable desk for the classroom part of the course?"
    conversation = [
        user(first, "faq"),
        bot("Funding options include ..."),
        user("ok but how do I request it?", "faq"),
        bot("Keep a record of ..."),
        user("human", "talk_to_human"),
    ]
    assert real_question(conversation) == f"{first} / ok but how do I request it?"
    assert relevant_transcript(conversation, real_question(conversation))[0]["text"] == first


def test_off_topic_requests_are_never_the_question() -> None:
    conversation = [
        user("what's the weather in Leeds tomorrow?", "out_of_scope"),
        user("is it going to rain", "out_of_scope"),
        user("human please", "talk_to_human"),
    ]
    assert real_question(conversation) is None


def test_the_latest_question_wins_over_an_older_one() -> None:
    conversation = [
        user("what is reskilling?", "faq"),
        bot("Reskilling is ..."),
        user("does the company pay for evening classes?", "faq"),
        bot("Often ..."),
        user("human please", "talk_to_human"),
    ]
    assert real_question(conversation) == "does the company pay for evening classes?"


def test_no_question_when_there_is_only_small_talk_or_it_is_too_far_back() -> None:
    assert real_question([user("hi", "greet"), user("human please", "talk_to_human")]) is None
    old = [user("does the company pay for evening classes?", "faq")]
    old += [user("ok", "affirm") for _ in range(12)]
    assert real_question(old) is None


def test_the_transcript_starts_at_the_question_and_never_loses_it() -> None:
    question = "I manage 40 warehouse pickers, who pays for their forklift licences?"
    conversation = [user(f"early {n}", "greet") for n in range(5)]
    conversation += [user(question, "faq"), bot("Upskilling is ...")]
    conversation += [bot(f"later {n}") for n in range(50)]
    conversation += [user("/affirm", "affirm"), user("get me a human", "talk_to_human")]
    transcript = relevant_transcript(conversation)
    texts = [entry["text"] for entry in transcript]
    assert len(transcript) == TRANSCRIPT_MAX_MESSAGES
    assert texts[:2] == ["early 4", question]
    assert texts[-2:] == ["[button] affirm", "get me a human"] and "/affirm" not in texts
    assert {entry["speaker"] for entry in transcript} == {"user", "bot"}
    short = [user(question, "faq"), bot("Upskilling is ..."), user("human", "talk_to_human")]
    assert [entry["text"] for entry in relevant_transcript(short)] == [question, "Upskilling is ...", "human"]


@pytest.mark.parametrize(
    ("typed", "email", "phone", "best"),
    [
        ("you can email me at ana.b@example.com", "ana.b@example.com", None, "ana.b@example.com"),
        ("call me on +44 7700 900123 after 5", None, "+44 7700 900123", "+44 7700 900123"),
        (
            "ana@example.org or 555-123-4567",
            "ana@example.org",
            "555-123-4567",
            "ana@example.org, 555-123-4567",
        ),
        ("ask for Ana on Teams", None, None, "ask for Ana on Teams"),
        ("between 2024-2025 i'm away", None, None, "between 2024-2025 i'm away"),
        ("", None, None, None),
    ],
)
def test_contact_is_parsed_into_email_and_phone(
    typed: str, email: str | None, phone: str | None, best: str | None
) -> None:
    contact = parse_contact(typed)
    assert (contact.email, contact.phone, contact.best) == (email, phone, best)


@pytest.mark.parametrize(
    ("typed", "chat"),
    [
        ("Here in the chat is fine", True),
        ("here is fine thanks", True),
        ("no need", True),
        ("", True),
        ("you can email me at ana@example.com", False),
        ("here: 07700 900123", False),
        ("ask for Ana Ruiz on Teams", False),
    ],
)
def test_typing_the_chat_button_means_the_chat(typed: str, chat: bool) -> None:
    assert wants_the_chat(typed) is chat
