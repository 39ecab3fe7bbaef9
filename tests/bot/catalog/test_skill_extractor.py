"""Skill extraction from free text: realistic answers, negation, short words, bad input.

The cache, the build and the full O*NET catalog are in ``test_skill_extractor_build.py``; the
``sample`` extractor and the cache reset are fixtures in ``conftest.py``.
"""

from __future__ import annotations

import dataclasses
import random

import pytest
from sqlalchemy import func, select

from bot.catalog.seeding import seed_sample_catalog
from bot.catalog.skill_extractor import (
    MAX_INPUT_CHARS,
    ExtractedSkill,
    SkillExtractor,
    get_skill_extractor,
)
from bot.catalog.skill_negation import NEGATION_WINDOW
from bot.storage import migrate
from bot.storage.db import create_catalog_engine
from bot.storage.models import Skill
from tests.kit.seed import sample_skill_count
from tests.kit.skills import add_skills, names

pytestmark = pytest.mark.usefixtures("fresh_skill_extractor_cache")


# ---------------------------------------------------------------- what people type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "managed small teams" is no synonym, but an experience rule (test_skill_experience.py).
        (
            "I know Excel, some SQL and I've managed small teams",
            ["Microsoft Excel", "SQL", "Team Leadership"],
        ),
        (
            "I know Excel, some SQL and I've been managing teams",
            ["Microsoft Excel", "SQL", "Team Leadership"],
        ),
        ("python, power bi; customer service!!", ["Python", "Power BI", "Customer Service"]),
        # "spreadsheets" is Excel's synonym; "talking to customers" is experience of Customer Service.
        ("I'm good with spreadsheets and talking to customers", ["Microsoft Excel", "Customer Service"]),
        ("Je parle français", []),
        ("I don't know Python but I use Tableau daily", ["Tableau"]),
        ("PYTHON and sql", ["Python", "SQL"]),
        ("Excel/Outlook/PowerPoint", ["Microsoft Excel", "Microsoft Outlook", "Microsoft PowerPoint"]),
        ("I'm great at problem-solving and multi tasking", ["Problem Solving", "Multitasking"]),
        ("Budgeting, payroll & bookkeeping.", ["Budgeting", "Payroll Processing", "Bookkeeping"]),
        (
            "forklift driving, pick and pack, stock takes",
            ["Forklift Operation", "Order Picking and Packing", "Cycle Counting"],
        ),
    ],
)
def test_realistic_answers(sample, text, expected):
    assert names(sample, text) == expected


@pytest.mark.parametrize(
    ("text", "expected", "matched"),
    [
        ("I keep a spreadsheet of everything", "Microsoft Excel", "spreadsheet"),  # catalog: "spreadsheets"
        ("I built a dashboard", "Data Visualization", "dashboard"),  # catalog: "dashboards"
        ("we use Gantt chart tools", "Microsoft Project", "Gantt chart"),  # catalog: "Gantt charts"
        ("I ran many negotiations", "Negotiation", "negotiations"),  # catalog: "Negotiation"
        ("I manage budget", "Budgeting", "budget"),  # catalog: "budgets"
    ],
)
def test_simple_plural_and_singular_forms_match(sample, text, expected, matched):
    assert [(s.name, s.matched_text) for s in sample.extract(text)] == [(expected, matched)]


def test_brand_names_get_no_plural_variant(sample):
    assert names(sample, "Windows and macOS") == ["Microsoft Windows", "macOS"]
    assert names(sample, "I clean the window every day") == []


def test_result_is_a_frozen_dataclass_with_the_typed_text(sample):
    [skill] = sample.extract("I use MS EXCEL a lot")
    assert isinstance(skill, ExtractedSkill)
    assert (skill.name, skill.matched_text) == ("Microsoft Excel", "MS EXCEL")
    assert isinstance(skill.skill_id, int)
    with pytest.raises(dataclasses.FrozenInstanceError):
        skill.name = "Other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected", "matched"),
    [
        ("Microsoft Excel", ["Microsoft Excel"], ["Microsoft Excel"]),
        ("project management methodologies", ["Project Management Methodologies"], None),
        ("SQL Server and SQL", ["Microsoft SQL Server", "SQL"], ["SQL Server", "SQL"]),
        ("complex problem solving", ["Problem Solving"], ["complex problem solving"]),
    ],
)
def test_longest_match_wins(sample, text, expected, matched):
    found = sample.extract(text)
    assert [s.name for s in found] == expected
    if matched is not None:
        assert [s.matched_text for s in found] == matched


def test_one_result_per_skill_in_order_of_appearance(sample):
    found = sample.extract("Tableau, then Excel, then spreadsheets, MS Excel, Python and tableau again")
    assert [s.name for s in found] == ["Tableau", "Microsoft Excel", "Python"]
    assert found[1].matched_text == "Excel"  # the first mention


# ---------------------------------------------------------------- negation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I don't know Python", []),
        ("I dont know python", []),
        ("I don’t know Python", []),  # typographic apostrophe
        ("no experience with SQL", []),
        ("never used Tableau", []),
        ("not Excel", []),
        ("I cannot use Excel", []),
        ("I have zero experience in Python", []),
        # negation covers a list of skills
        ("I don't know Python or Java", []),
        ("no Python, SQL or Java", []),
        ("neither Python nor SQL", []),
        # ... and ends with the clause
        ("I don't know Python but I use Tableau daily", ["Tableau"]),
        ("I don't know Python; I know SQL", ["SQL"]),
        ("I don't know Python\nSQL", ["SQL"]),
        ("I have never used Tableau and love Python", ["Python"]),
        ("Not much SQL, lots of Excel", ["Microsoft Excel"]),
        ("I know Excel but not SQL", ["Microsoft Excel"]),
        ("Excel yes. No Python.", ["Microsoft Excel"]),
        # hedges are not negations
        ("not only Excel but also SQL", ["Microsoft Excel", "SQL"]),
        ("I'm not an expert in Excel", ["Microsoft Excel"]),
        ("not very good with Python yet", ["Python"]),
        # a later, positive mention counts
        ("I don't know SQL well, actually I use SQL daily", ["SQL"]),
    ],
)
def test_negation(sample, text, expected):
    assert names(sample, text) == expected


def test_negation_reaches_only_a_few_words_back(sample):
    near = "no " + " ".join(["real"] * (NEGATION_WINDOW - 1)) + " Excel"
    far = "no " + " ".join(["real"] * NEGATION_WINDOW) + " Excel"
    assert names(sample, near) == []
    assert names(sample, far) == ["Microsoft Excel"]


# ---------------------------------------------------------------- short, ambiguous words


@pytest.fixture(scope="module")
def short_names(tmp_path_factory) -> tuple[SkillExtractor, dict[str, int]]:
    """The sample catalog plus Go, C, C++ and Swift (the sample has "R" and "C#" already)."""
    engine = create_catalog_engine(f"sqlite:///{tmp_path_factory.mktemp('short') / 'catalog.db'}")
    migrate.upgrade(engine)
    seed_sample_catalog(engine)
    ids = add_skills(engine, {"Go": ["golang"], "C": [], "C++": ["cpp"], "Swift": []})
    extractor = SkillExtractor.from_engine(engine)
    engine.dispose()
    return extractor, ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I code in R and Go", ["R Programming", "Go"]),
        ("I want to go home", []),
        ("let's go", []),
        ("r and go", []),  # ambiguous patterns need the catalog's case
        ("Python and Go", ["Python", "Go"]),
        ("golang, python", ["Go", "Python"]),
        ("Go home now", []),  # capitals at the start of a sentence say nothing
        ("Skills: Python. Go and SQL", ["Python", "SQL"]),
        ("R is my favourite", ["R Programming"]),  # all-caps patterns still match there
        ("C, C++ and C#", ["C", "C++", "C#"]),
        ("c++ and c#", ["C++", "C#"]),  # not ambiguous: more than letters
        ("a swift reply", []),
        ("I use Swift and Kotlin", ["Swift"]),
        ("PR and seo", ["Public Relations", "Search Engine Optimization"]),  # 3 letters: any case
        ("pr", []),
        ("I have an AD account", ["Active Directory"]),
        ("I saw an ad", []),
    ],
)
def test_short_and_common_words_need_the_catalog_case(short_names, text, expected):
    extractor, _ = short_names
    assert names(extractor, text) == expected


def test_short_name_ids_are_the_inserted_skills(short_names):
    extractor, ids = short_names
    assert [s.skill_id for s in extractor.extract("I know Go, C and Swift")] == [
        ids["Go"],
        ids["C"],
        ids["Swift"],
    ]


# ---------------------------------------------------------------- bad and unusual input


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   \n\t ", []),
        ("😀🎉👍", []),
        ("Excel😀 and 🐍Python!!!", ["Microsoft Excel", "Python"]),
        ("\x00\x01\x02\xff\ufffd\ud800", []),
        ("Ich spreche Deutsch und arbeite gern im Team", []),
        ("我会说中文", []),
        ("Я знаю Excel и SQL", ["Microsoft Excel", "SQL"]),
        ("<b>Excel</b><script>alert('SQL')</script>", ["Microsoft Excel", "SQL"]),
        ("Robert'); DROP TABLE skills;-- SQL", ["SQL"]),
        ("' OR 1=1 --", []),
        ("%s %d {0} ${jndi:ldap://x} \\x00", []),
        ("Ｅｘｃｅｌ", []),  # full-width letters are not normalised: no crash, no match
    ],
)
def test_odd_input_is_just_text(sample, text, expected):
    assert names(sample, text) == expected


def test_random_binary_garbage_never_crashes(sample):
    generator = random.Random(1234)
    for _ in range(50):
        garbage = bytes(generator.randrange(256) for _ in range(300)).decode("latin-1")
        assert isinstance(sample.extract(garbage), list)
        garbage = "".join(chr(generator.randrange(0x110000)) for _ in range(300))
        assert isinstance(sample.extract(garbage), list)


def test_non_string_input_gives_nothing(sample):
    assert sample.extract(None) == []  # type: ignore[arg-type]
    assert sample.extract(b"Excel") == []  # type: ignore[arg-type]


def test_long_input_is_cut_at_the_limit(sample):
    filler = "a " * ((MAX_INPUT_CHARS - len("Excel")) // 2)
    assert names(sample, filler + "Excel") == ["Microsoft Excel"]  # ends inside the limit
    huge = "Excel " + "blah " * 200_000 + "Python"
    assert names(sample, huge) == ["Microsoft Excel"]  # Python is past the limit


def test_a_word_cut_by_the_limit_is_dropped(sample):
    text = "x " * ((MAX_INPUT_CHARS - 2) // 2) + "SQL"  # "S" would sit inside the limit
    assert len(text) > MAX_INPUT_CHARS
    assert names(sample, text) == []


def test_injection_text_leaves_the_catalog_alone(sqlite_catalog_engine):
    seed_sample_catalog(sqlite_catalog_engine)
    extractor = get_skill_extractor(sqlite_catalog_engine)
    extractor.extract("'; DELETE FROM skills; DROP TABLE skill_synonyms; --")
    with sqlite_catalog_engine.connect() as connection:
        assert (
            connection.execute(select(func.count()).select_from(Skill)).scalar_one() == sample_skill_count()
        )
