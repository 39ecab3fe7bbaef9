"""The NLU's profile-fact extractor: entities with roles, and when it re-routes the intent."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from addons.nlu.profile_fact_extractor import ORIGINAL_INTENT_KEY, ProfileFactExtractor
from bot.catalog.seeding import seed_sample_catalog
from bot.profiles import facts as profile_facts


def parse(text: str, intent: str, confidence: float) -> Message:
    ranking = [{"name": intent, "confidence": confidence}, {"name": "other", "confidence": 1 - confidence}]
    message = Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})
    ProfileFactExtractor({"catalog_titles": False}).process([message])
    return message


def test_entities_carry_the_role_of_the_job_title():
    message = parse("I'm a cashier and I want to become a data analyst", "inform", 0.9)
    found = {(e["entity"], e.get("role"), e["value"]) for e in message.get("entities")}
    assert ("job_title", "current", "cashier") in found
    assert ("job_title", "target", "data analyst") in found
    assert all(e["extractor"] == "ProfileFactExtractor" for e in message.get("entities"))


@pytest.mark.parametrize(
    ("text", "intent", "confidence", "routed"),
    [
        ("I'm a cashier and I want to become a data analyst", "out_of_scope", 0.8, "inform"),
        ("I'm a nurse, should I upskill or reskill?", "faq", 0.9, "start_advice"),
        ("im a barista lol", "greet", 0.7, "inform"),
        ("company covers it", "deny", 0.4, "inform"),
        ("what's the weather in Oslo this weekend?", "out_of_scope", 0.55, "out_of_scope"),
        ("will my boss pay for my course?", "faq", 0.4, "faq"),
        ("is a bootcamp worth it?", "faq", 0.9, "faq"),
        ("I'm a nurse, what is reskilling?", "faq", 0.95, "faq"),
        # a question in the first person that names a role is about the person's own move
        ("could I realistically go from cashier to bookkeeper within a year?", "faq", 0.95, "start_advice"),
        # ... and so is one that weighs the person's own time or money
        ("is 2 hours a week pointless for me?", "update_profile", 0.8, "start_advice"),
        ("I only have 3 hours a week now", "update_profile", 0.8, "update_profile"),
        ("is there a name for mixing your field with tech, like a marketer who codes?", "faq", 0.9, "faq"),
        ("what is reskilling?", "faq", 0.3, "faq"),
        # a role and two more facts is a profile even in a long story the classifier took for a question
        (
            "I'm a nurse and I want to become a data analyst, 5 hours a week, how long does it take?",
            "faq",
            0.95,
            "inform",
        ),
    ],
)
def test_a_statement_about_ones_job_goes_to_the_advisor(text, intent, confidence, routed):
    message = parse(text, intent, confidence)
    assert message.get("intent")["name"] == routed
    if routed != intent:
        assert message.get(ORIGINAL_INTENT_KEY)["name"] == intent
        ranking = message.get("intent_ranking")
        assert ranking[0]["name"] == routed and ranking[0]["confidence"] - ranking[1]["confidence"] > 0.5
        assert abs(sum(entry["confidence"] for entry in ranking) - 1.0) < 1e-6


def test_button_payloads_are_left_alone():
    message = parse('/inform{"role_code": "13-2011.00"}', "inform", 1.0)
    assert not message.get("entities")


def test_entity_offsets_point_at_the_words_even_when_the_value_differs():
    text = "I  want to   move to a different role"
    message = parse(text, "inform", 0.9)
    goal = next(e for e in message.get("entities") if e["entity"] == "goal")
    assert goal["value"] == "switch" and text[goal["start"] : goal["end"]] == "different role"


def test_the_catalogs_titles_count_as_job_titles_once_the_model_loads(actions_database):
    """ "scrum master, 5 hours a week" names no role by its words alone ("master" is no job); a
    title the catalog knows is one, read from CATALOG_DB_URL when the component is created."""
    seed_sample_catalog(actions_database)
    text = "scrum master, 5 hours a week"
    assert "current_role" not in {fact.name for fact in profile_facts.find_facts(text)}
    ProfileFactExtractor({})
    assert "current_role" in {fact.name for fact in profile_facts.find_facts(text)}


def test_without_a_catalog_the_facts_come_from_the_lexicon(monkeypatch, tmp_path):
    monkeypatch.setenv("CATALOG_DB_URL", f"sqlite:///{tmp_path / 'missing.db'}")
    ProfileFactExtractor({})
    assert not (tmp_path / "missing.db").exists()  # no empty file left for `make catalog` to trust
    assert parse("I'm a cashier", "inform", 0.9).get("entities")
