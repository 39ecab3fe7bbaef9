"""The test conversations carry the entities the fact extractor finds in their messages.

``rasa test core --e2e --fail-on-prediction-errors`` fails on any entity a message is not
annotated with; this test says which file is stale and how to refresh it, without training.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.annotate_story_entities import annotate_file, annotated, plain

STORIES = sorted((Path(__file__).resolve().parents[1]).glob("test_*.yml"))


@pytest.mark.parametrize("path", STORIES, ids=[path.name for path in STORIES])
def test_story_messages_are_annotated_with_the_facts_they_state(path: Path) -> None:
    before, after = annotate_file(path)
    refresh = f"run: python scripts/annotate_story_entities.py (then review the diff of {path.name})"
    assert before == after, refresh


def test_annotation_round_trips() -> None:
    text = "I'm a cashier and I want to become a data analyst, 5 hours a week"
    marked = annotated(text)
    assert '[cashier]{"entity": "job_title", "role": "current"}' in marked
    assert '[data analyst]{"entity": "job_title", "role": "target"}' in marked
    assert plain(marked) == text
