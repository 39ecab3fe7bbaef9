"""End-to-end: a whole advisor conversation over REST to a learning path, on real servers."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from bot.profiles.store import load_profile
from bot.storage.db import create_catalog_engine

pytestmark = pytest.mark.e2e


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [message.get("text", "") for message in messages]


def button_titles(messages: list[dict[str, Any]]) -> list[str]:
    return [button["title"] for message in messages for button in message.get("buttons", [])]


def test_whole_advisor_conversation_to_a_learning_path(talk, server_databases):
    sender = f"e2e-advisor-{uuid.uuid4()}"
    assert "What is your current job or role?" in " ".join(texts(talk(sender, "I want career advice")))
    goal = talk(sender, "I'm an accountant")
    assert button_titles(goal) == ["Grow in my current role", "Move to a different role", "Not sure yet"]
    assert "Which role would you like to move into?" in texts(talk(sender, '/inform{"goal": "switch"}'))
    skills_question = talk(sender, "digital marketing specialist")
    assert "Which skills do you already have?" in " ".join(texts(skills_question))
    noted = talk(sender, "I know Excel and bookkeeping")
    assert "Got it, I noted: Microsoft Excel, Bookkeeping." in texts(noted)
    talk(sender, "5 hours a week")
    talk(sender, '/inform{"budget": "500"}')
    advice = talk(sender, '/inform{"preferred_format": "online"}')

    replies = texts(advice)
    assert replies[0].startswith("Moving from Accountant to Digital Marketing Specialist is reskilling")
    assert "weeks at 5 hours a week" in replies[0]
    path = next(reply for reply in replies if reply.startswith("Your learning path:"))
    assert path.count("\n") >= 1 and "online self paced" in path
    assert "Cheaper options" in button_titles(advice)

    cheaper = talk(sender, '/ask_alternatives{"alternative": "cheaper"}')
    assert texts(cheaper)[0].startswith("Here is a cheaper path")

    engine = create_catalog_engine(server_databases["CATALOG_DB_URL"])
    with engine.connect() as connection:
        profile = load_profile(connection, sender)
    engine.dispose()
    assert profile is not None
    assert (profile.current_role, profile.target_role) == ("Accountant", "Digital Marketing Specialist")


def test_interruption_and_correction_in_the_middle_of_the_form(talk):
    sender = f"e2e-advisor-{uuid.uuid4()}"
    talk(sender, "help me decide between upskilling and reskilling")
    talk(sender, "bookkeeper")
    search = texts(talk(sender, "find me an online SQL course under 10 hours"))
    assert search[0].startswith("Courses for SQL:")
    assert "What would you like to do next?" in search
    corrected = texts(talk(sender, "sorry, I meant I'm an accountant"))
    assert "Updated: your current role is now Accountant." in corrected
    assert "What would you like to do next?" in corrected


def test_everything_in_the_first_message_reaches_the_path_in_three_turns(talk):
    """A user who states role, target, time, money and format at once is not asked for any of
    them again: the path comes within three user turns (the skills question may be asked)."""
    sender = f"e2e-advisor-{uuid.uuid4()}"
    opener = texts(
        talk(
            sender,
            "hi, I'm a cashier at a supermarket and I want to become a data analyst. "
            "I can do 5 hours a week, up to 200 dollars, online",
        )
    )
    said = " ".join(opener)
    assert "Got it:" in said and "Cashier" in said and "Data Analyst" in said
    assert "current job or role" not in said and "move into" not in said
    turns = 1
    replies = opener
    while not any(reply.startswith("Your learning path:") for reply in replies) and turns < 3:
        replies = texts(talk(sender, "I know Excel and customer service"))
        turns += 1
    assert any(reply.startswith("Your learning path:") for reply in replies), replies
    assert turns <= 3
    assert any("Cashier to Data Analyst" in reply for reply in replies)


def test_a_correction_refers_to_the_role_being_discussed(talk):
    """ "actually make that ..." after naming the target changes the target, not the current role."""
    sender = f"e2e-advisor-{uuid.uuid4()}"
    talk(sender, "I'm a bookkeeper and I want to become a data analyst")
    corrected = " ".join(texts(talk(sender, "actually make that project manager")))
    assert "Project Manager" in corrected
    profile = " ".join(texts(talk(sender, "what do you know about me?")))
    assert "Bookkeeper" in profile and "Project Manager" in profile


def test_an_unclear_reply_to_a_question_is_tried_as_its_answer(talk):
    """ "honestly any" to the format question is not "Sorry, I didn't quite understand that":
    the NLU may be unsure of it, but the question asked tells what it answers, so the form
    takes it or asks the question again with its options (data/rules/advisor.yml)."""
    sender = f"e2e-advisor-{uuid.uuid4()}"
    talk(sender, "I'm a bookkeeper and I want to become a data analyst, 5 hours a week, up to 300 dollars")
    replies = texts(talk(sender, "skip"))
    for _ in range(2):  # the skills question may come first
        if any("How do you like to learn?" in reply for reply in replies):
            break
        replies = texts(talk(sender, "skip"))
    assert any("How do you like to learn?" in reply for reply in replies), replies
    answer = " ".join(texts(talk(sender, "honestly any")))
    assert "didn't quite understand" not in answer
    assert "Your learning path:" in answer or "How do you like to learn?" in answer, answer
