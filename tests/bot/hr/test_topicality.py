"""Career and HR questions are told apart from off-topic noise in the unanswered queue."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bot.hr.topicality import is_career_related

CAREER_QUESTIONS = [
    "can I get paid overtime for the training days?",
    "is a bootcamp worth it for a welder?",
    "how many sick days do I have left",
    "what certs are respected in IT?",
    "my manager won't sign off my promotion",
    "do i need to go back to uni for this?",
]
NOISE = [
    "order me a pizza",
    "what's the weather in Leeds tomorrow",
    "tell me a joke",
    "how long does grass seed take to grow",
    "",
    None,
]


@pytest.mark.parametrize("text", CAREER_QUESTIONS)
def test_career_questions_are_in_scope(text: str) -> None:
    assert is_career_related(text)


@pytest.mark.parametrize("text", NOISE)
def test_noise_is_off_topic(text: str | None) -> None:
    assert not is_career_related(text)


def test_a_declined_topic_is_always_in_scope() -> None:
    assert is_career_related("what about that thing", kind="declined")


CLINC150 = Path(__file__).resolve().parents[4] / "shared" / "data" / "clinc150" / "data_full.json"


@pytest.mark.skipif(not CLINC150.exists() and not os.environ.get("CI"), reason="CLINC150 not available")
def test_few_clinc150_out_of_scope_sentences_count_as_career_questions() -> None:
    """CLINC150's out-of-scope test sentences are not about careers, apart from a few job searches."""
    data = json.loads(CLINC150.read_text())
    flagged = [text for text, _ in data["oos_test"] if is_career_related(text)]
    assert len(flagged) / len(data["oos_test"]) < 0.08
