"""Skills from experience phrases ("I've run a team of 6", "I train the new hires"), on the
sample catalog: the rules of ``bot.catalog.skill_patterns.EXPERIENCE_RULES``.

The ``sample`` extractor and the cache reset are fixtures in ``conftest.py``.
"""

from __future__ import annotations

import re

import pytest

from bot.catalog.skill_extractor import SkillExtractor
from bot.catalog.skill_patterns import COMPILED_EXPERIENCE_RULES, EXPERIENCE_RULES, is_own_budget, verb_forms
from bot.storage import migrate
from bot.storage.db import create_catalog_engine
from tests.kit import seed
from tests.kit.skills import add_skills, names

pytestmark = pytest.mark.usefixtures("fresh_skill_extractor_cache")

EXPERIENCE = [
    # leading people
    ("I've run a team of 6 for three years", ["Team Leadership"]),
    ("I lead a small team", ["Team Leadership"]),
    ("I supervise 10 people", ["Team Leadership"]),
    ("I manage about 12 staff", ["Team Leadership"]),
    ("I'm the shift supervisor", ["Team Leadership"]),
    ("I have 4 direct reports", ["Team Leadership"]),
    ("I'm in charge of the night shift", ["Team Leadership"]),
    ("I know Excel, some SQL and I've managed small teams", ["Microsoft Excel", "SQL", "Team Leadership"]),
    ("I run the store", ["Team Leadership", "Store Operations"]),
    # teaching colleagues
    ("I train the new hires", ["Training Delivery", "Onboarding"]),
    ("I onboard new starters", ["Onboarding"]),
    ("I teach apprentices", ["Training Delivery"]),
    ("I mentor the juniors", ["Coaching and Mentoring"]),
    ("I run the training sessions", ["Training Delivery"]),
    # money
    ("I handle the budget", ["Budgeting"]),
    ("I manage the department budget", ["Budgeting"]),  # not Team Leadership
    ("I do the books", ["Bookkeeping"]),
    ("I do the payroll", ["Payroll Processing"]),
    ("I send the invoices", ["Accounts Payable and Receivable"]),
    ("I cash up at the end of the day", ["Cash Handling"]),
    ("I count the till", ["Cash Handling"]),
    # fixing things
    ("I fix the registers", ["Point of Sale Systems", "IT Troubleshooting"]),
    ("I fix computers for my family", ["IT Troubleshooting"]),
    ("I help people with their laptops", ["IT Troubleshooting"]),
    ("I repair machines on the line", ["Equipment Troubleshooting"]),
    # the shop floor
    ("I manage the stock", ["Inventory Management"]),
    ("I count the stock every month", ["Cycle Counting"]),
    ("I receive deliveries", ["Shipping and Receiving"]),
    ("I do the rota", ["Shift Scheduling"]),
    ("I manage the store rota", ["Shift Scheduling"]),
    ("I open and close the store", ["Store Operations"]),
    ("I manage the stock and do the rota", ["Inventory Management", "Shift Scheduling"]),
    # customers and suppliers
    ("I deal with customers all day", ["Customer Service"]),
    ("I look after guests at the front desk", ["Customer Service"]),
    ("I'm good with spreadsheets and talking to customers", ["Microsoft Excel", "Customer Service"]),
    ("I handle complaints", ["Conflict Resolution"]),
    ("I answer the phones", ["Call Handling"]),
    ("I answer the phones and book appointments", ["Call Handling", "Scheduling"]),
    ("I sell phones", ["Sales"]),
    ("I negotiate with suppliers", ["Negotiation"]),
    # office, marketing, making things
    ("I do all our social media", ["Social Media Marketing"]),
    ("I run our instagram", ["Social Media Marketing"]),
    ("I post on tiktok for the shop", ["Social Media Marketing"]),
    ("I do the weekly reports", ["Reporting"]),
    ("I organise the staff parties", ["Event Planning"]),
    ("I give presentations to clients", ["Presentation Skills"]),
    ("I hire new staff", ["Recruiting"]),
    ("I interview candidates", ["Interviewing"]),
    ("I run projects", ["Project Management"]),
    ("I write blog posts for the company", ["Content Marketing"]),
    ("I edit videos for our channel", ["Video Production"]),
    ("I design the flyers", ["Graphic Design"]),
    ("I write code sometimes", ["Programming Fundamentals"]),
    # care, driving, quality
    ("I look after patients", ["Patient Care"]),
    ("I give out medication", ["Medication Administration"]),
    ("I give flu jabs", ["Immunization Administration"]),
    ("I drive trucks", ["Commercial Driving"]),
    ("I check the parts for defects", ["Quality Control"]),
    # several in one message, in order of mention
    ("I used to run a team, and I know SQL", ["Team Leadership", "SQL"]),
    ("I live in London and run a small team", ["Team Leadership"]),
]

NEGATED_OR_NOT_EXPERIENCE = [
    ("I've never run a team", []),
    ("I don't handle the budget", []),
    ("I don't train the new hires but I do the rota", ["Shift Scheduling"]),
    ("no SQL", []),
    ("I know Excel but no SQL", ["Microsoft Excel"]),
    # the person's own money is not the Budgeting skill
    ("budget of 300", []),
    ("budget of 300 and 4 hours a week", []),
    ("my budget is 500", []),
    ("my budget is tight", []),
    ("I'm on a budget", []),
    ("I was sold out of tickets", []),
    ("i'm a cashier, can do 3 hrs a week and maybe 200 bucks", []),
]


@pytest.mark.parametrize(("text", "expected"), EXPERIENCE)
def test_experience_names_catalog_skills(sample, text, expected):
    assert names(sample, text) == expected


@pytest.mark.parametrize(("text", "expected"), NEGATED_OR_NOT_EXPERIENCE)
def test_negated_experience_and_own_budgets_find_nothing(sample, text, expected):
    assert names(sample, text) == expected


def test_the_matched_text_is_the_phrase_as_typed(sample):
    [skill] = sample.extract("I've RUN a Team of 6")
    assert (skill.name, skill.matched_text) == ("Team Leadership", "RUN a Team")


def test_a_name_said_at_the_same_place_keeps_its_own_text(sample):
    [skill] = sample.extract("I manage budget")
    assert (skill.name, skill.matched_text) == ("Budgeting", "budget")


def test_every_rule_names_skills_of_the_sample_catalog():
    catalog = {skill["name"] for skill in seed.skills()}
    missing = {name for _, skill_names in EXPERIENCE_RULES for name in skill_names} - catalog
    assert missing == set()


def test_rules_resolve_through_synonyms_and_skip_missing_skills(tmp_path):
    """A catalog that calls a skill otherwise (a synonym) or lacks it."""
    engine = create_catalog_engine(f"sqlite:///{tmp_path / 'catalog.db'}")
    migrate.upgrade(engine)
    add_skills(engine, {"Leading People": ["team leadership"], "Bookkeeping": []}, kind="skill")
    extractor = SkillExtractor.from_engine(engine)
    engine.dispose()
    assert names(extractor, "I've run a team of 6") == ["Leading People"]
    assert names(extractor, "I do the books and fix the registers") == ["Bookkeeping"]


def test_extraction_with_rules_is_still_fast_at_the_input_cap(sample):
    import time

    text = ("I run a team, handle the budget and fix the registers. " * 40)[:2000]
    started = time.perf_counter()
    for _ in range(20):
        sample.extract(text)
    assert (time.perf_counter() - started) / 20 < 0.05


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("handle", ("handle", "handles", "handled", "handling")),
        ("fix", ("fix", "fixes", "fixed", "fixing")),
        ("supervise", ("supervise", "supervises", "supervised", "supervising")),
        ("run", ("run", "runs", "ran", "running")),
        ("carry", ("carry", "carries", "carried", "carrying")),
    ],
)
def test_verb_forms(verb, forms):
    assert verb_forms(verb) == forms


@pytest.mark.parametrize(
    ("text", "own"),
    [
        ("budget of 300", True),
        ("my budget", True),
        ("the budget", False),
        ("budgets", False),
        ("budget", False),
    ],
)
def test_is_own_budget(text, own):
    start = text.index("budget")
    end = start + len("budget")
    assert is_own_budget(text, start, end) is own


def test_rules_compile_and_end_on_word_boundaries():
    assert len(COMPILED_EXPERIENCE_RULES) == len(EXPERIENCE_RULES)
    for pattern, _ in COMPILED_EXPERIENCE_RULES:
        assert isinstance(pattern, re.Pattern)
        assert pattern.search("runaway teamster") is None
