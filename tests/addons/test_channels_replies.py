"""Channel-aware replies: splitting long texts, numbered options and choosing by number."""

from __future__ import annotations

import pytest

from addons.channels.replies import (
    FACEBOOK,
    SLACK,
    TELEGRAM,
    TWILIO,
    last_offered_buttons,
    numbered_options,
    parse_option_number,
    payload_for_option,
    split_text,
    truncate,
    truncate_bytes,
)

GOAL_BUTTONS = [
    {"title": "Grow in my current role", "payload": '/inform{"goal": "grow"}'},
    {"title": "Move to a different role", "payload": '/inform{"goal": "switch"}'},
    {"title": "Not sure yet", "payload": '/inform{"goal": "unsure"}'},
]


def test_short_text_is_one_message():
    assert split_text("  Hello there.  ", TWILIO.text_chars) == ["Hello there."]
    assert split_text("   ", TWILIO.text_chars) == []


@pytest.mark.parametrize("limit", [TWILIO.text_chars, FACEBOOK.text_chars, SLACK.text_chars, 120, 37])
def test_long_text_is_split_under_the_limit_without_losing_words(limit):
    paragraphs = [
        " ".join(f"Sentence {p}.{s} explains a course in a few words." for s in range(12)) for p in range(8)
    ]
    text = "\n\n".join(paragraphs)
    messages = split_text(text, limit)
    assert len(messages) > 1
    assert all(0 < len(message) <= limit for message in messages)
    assert " ".join(" ".join(messages).split()) == " ".join(text.split())


def test_split_prefers_paragraph_then_line_boundaries():
    first, second = "A" * 900, "B" * 900
    assert split_text(f"{first}\n\n{second}", 1600) == [first, second]
    lines = "\n".join(f"- course {n}: " + "x" * 50 for n in range(40))
    messages = split_text(lines, 1600)
    assert all(message.startswith("- course") for message in messages)


def test_a_word_longer_than_the_limit_is_cut_hard():
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_numbered_options_lists_the_titles_in_order():
    text = numbered_options("What would you like to do next?", GOAL_BUTTONS)
    assert text == (
        "What would you like to do next?\n\n"
        "1. Grow in my current role\n2. Move to a different role\n3. Not sure yet\n"
        "Reply with the number of your choice."
    )


def test_a_single_option_is_not_numbered():
    text = numbered_options("How many hours a week?", [{"title": "Not sure", "payload": "/skip"}])
    assert text == "How many hours a week?\n\nYou can also reply: Not sure"


@pytest.mark.parametrize(
    ("reply", "number"),
    [("2", 2), (" 2 ", 2), ("2.", 2), ("(3)", 3), ("#1", 1), ("option 2", 2), ("#option:2", 2)],
)
def test_option_numbers_are_recognised(reply, number):
    assert parse_option_number(reply) == number


@pytest.mark.parametrize("reply", ["", None, "0", "2 hours", "two", "12345", "I have 2 kids"])
def test_other_replies_are_not_option_numbers(reply):
    assert parse_option_number(reply) is None


def _events(*buttons_per_bot_message, user_after=False):
    events = [{"event": "user", "text": "I'm an accountant"}]
    for buttons in buttons_per_bot_message:
        events.append({"event": "bot", "text": "question", "data": {"buttons": buttons}})
    if user_after:
        events.append({"event": "user", "text": "something else"})
    return events


def test_a_number_maps_to_the_payload_of_the_last_offered_buttons():
    events = _events(None, GOAL_BUTTONS)
    assert payload_for_option(events, "2") == '/inform{"goal": "switch"}'
    assert payload_for_option(events, "3.") == '/inform{"goal": "unsure"}'


def test_a_number_is_kept_as_text_when_it_cannot_be_an_option():
    assert payload_for_option(_events(GOAL_BUTTONS), "4") is None  # only 3 options
    assert payload_for_option(_events(GOAL_BUTTONS, user_after=True), "2") is None  # answered already
    assert payload_for_option(_events(None), "2") is None  # no buttons offered
    one = [{"title": "Not sure", "payload": "/skip"}]
    assert payload_for_option(_events(one), "1") is None  # "1" hour a week, not "Not sure"
    assert payload_for_option(_events(one), "#option:1", min_options=1) == "/skip"
    assert payload_for_option(_events(GOAL_BUTTONS), "yes") is None


def test_last_offered_buttons_accepts_event_objects():
    class Event:
        def __init__(self, data):
            self.data = data

        def as_dict(self):
            return self.data

    events = [Event(event) for event in _events(GOAL_BUTTONS)]
    assert last_offered_buttons(events)[0]["title"] == "Grow in my current role"


def test_truncation_helpers():
    assert truncate("Grow in my current role", FACEBOOK.button_title_chars) == "Grow in my current…"
    assert len(truncate("x" * 100, 20)) == 20
    assert truncate("short", 20) == "short"
    payload = '/inform{"role_code": "' + "é" * 40 + '"}'
    cut = truncate_bytes(payload, TELEGRAM.payload_bytes)
    assert len(cut.encode("utf-8")) <= 64 and payload.startswith(cut)
