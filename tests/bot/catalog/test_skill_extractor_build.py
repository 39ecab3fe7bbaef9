"""Skill extraction: the per-database cache and how the extractor is built, on both
back-ends, and over the full O*NET import (the ``onet`` cases)."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from bot.catalog.seeding import seed_sample_catalog
from bot.catalog.skill_extractor import SkillExtractor, clear_cache, get_skill_extractor
from bot.storage import migrate
from bot.storage.db import create_catalog_engine
from tests.kit.onet import onet_catalog_engine
from tests.kit.paths import PROJECT_ROOT
from tests.kit.seed import sample_skill_count, sample_synonym_count
from tests.kit.skills import add_skills, names

pytestmark = pytest.mark.usefixtures("fresh_skill_extractor_cache")


# ---------------------------------------------------------------- cache and build


def test_cache_returns_one_extractor_per_database_until_cleared(sqlite_catalog_engine, tmp_path):
    seed_sample_catalog(sqlite_catalog_engine)
    first = get_skill_extractor(sqlite_catalog_engine)
    assert get_skill_extractor(sqlite_catalog_engine) is first
    assert len(first) == sample_skill_count()

    other = create_catalog_engine(f"sqlite:///{tmp_path / 'other.db'}")
    migrate.upgrade(other)
    try:
        assert len(get_skill_extractor(other)) == 0
        assert get_skill_extractor(other) is not first
    finally:
        other.dispose()

    add_skills(sqlite_catalog_engine, {"Go": []})
    assert names(get_skill_extractor(sqlite_catalog_engine), "Go") == []  # still the cached one
    clear_cache()
    rebuilt = get_skill_extractor(sqlite_catalog_engine)
    assert rebuilt is not first
    assert names(rebuilt, "Python and Go") == ["Python", "Go"]


def test_cache_builds_once_under_concurrent_first_use(sqlite_catalog_engine, monkeypatch):
    seed_sample_catalog(sqlite_catalog_engine)
    builds = []
    original = SkillExtractor.from_engine.__func__  # type: ignore[attr-defined]

    def counting(cls, engine):
        builds.append(engine)
        return original(cls, engine)

    monkeypatch.setattr(SkillExtractor, "from_engine", classmethod(counting))
    results: list[SkillExtractor] = []
    threads = [
        threading.Thread(target=lambda: results.append(get_skill_extractor(sqlite_catalog_engine)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert len(results) == 8
    assert all(result is results[0] for result in results)


def test_extract_is_safe_from_several_threads(sample):
    errors: list[BaseException] = []
    results: list[list[str]] = []

    def work() -> None:
        try:
            for _ in range(50):
                results.append(names(sample, "python, power bi; I don't know SQL"))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == [["Python", "Power BI"]] * 300


def test_importing_the_module_loads_no_spacy_and_builds_nothing():
    code = (
        "import sys; import bot.catalog.skill_extractor as m; "
        "assert 'spacy' not in sys.modules, 'spacy imported'; assert len(m._extractors) == 0"
    )
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, check=True, timeout=60)


def test_the_sample_catalog_builds_one_entry_per_skill_and_a_pattern_per_name(sqlite_catalog_engine):
    seed_sample_catalog(sqlite_catalog_engine)
    extractor = SkillExtractor.from_engine(sqlite_catalog_engine)
    assert len(extractor) == sample_skill_count()
    # names, synonyms and plural variants
    assert extractor.pattern_count > sample_synonym_count() + sample_skill_count()


# ---------------------------------------------------------------- both back-ends


def test_extracts_skills_inserted_directly_on_each_backend(catalog_engine):
    ids = add_skills(
        catalog_engine,
        {
            "Microsoft Excel": ["Excel", "MS Excel", "spreadsheets"],
            "R Programming": ["R", "RStudio"],
            "Team Leadership": ["managing teams", "people management"],
            "Microsoft Windows": ["Windows"],
        },
    )
    add_skills(catalog_engine, {"Glazing": ["window"]}, kind="skill")
    with catalog_engine.connect() as connection:
        extractor = SkillExtractor.from_connection(connection)
    found = extractor.extract("I use MS Excel and R daily, managing teams; no RStudio. Windows, spreadsheet")
    assert [(s.skill_id, s.matched_text) for s in found] == [
        (ids["Microsoft Excel"], "MS Excel"),
        (ids["R Programming"], "R"),
        (ids["Team Leadership"], "managing teams"),
        (ids["Microsoft Windows"], "Windows"),
    ]
    # the real synonym "window" belongs to Glazing; "Windows" gets no singular variant
    assert names(extractor, "window") == ["Glazing"]
    assert names(extractor, "windows") == ["Microsoft Windows"]
    assert get_skill_extractor(catalog_engine) is get_skill_extractor(catalog_engine)


# ---------------------------------------------------------------- the full O*NET import


@pytest.fixture(scope="module")
def onet_extractor(tmp_path_factory) -> SkillExtractor:
    engine = onet_catalog_engine(tmp_path_factory.mktemp("onet"), with_sample_catalog=True)
    extractor = SkillExtractor.from_engine(engine)
    engine.dispose()
    return extractor


@pytest.mark.onet
def test_builds_over_onet(onet_extractor):
    assert len(onet_extractor) > 8_000


@pytest.mark.onet
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I code in Python, R and Go", ["Python", "R Programming", "Go"]),
        ("I want to go home", []),
        ("for example my job title is clerk", []),  # O*NET has tools named "Example" and "Title"
        ("I use Slack and Zoom daily", ["Slack", "Zoom"]),
        ("I cut them some slack", []),
        # an experience rule of the sample names (skill_patterns.EXPERIENCE_RULES)
        (
            "I know Excel, some SQL and I've managed small teams",
            ["Microsoft Excel", "SQL", "Team Leadership"],
        ),
    ],
)
def test_onet_catalog(onet_extractor, text, expected):
    assert names(onet_extractor, text) == expected
