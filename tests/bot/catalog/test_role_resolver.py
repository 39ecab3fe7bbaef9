"""Role resolution from free text: abbreviations, alternate titles, filler words, typos."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from bot.catalog.role_resolver import RoleResolver, normalize_title, strip_filler
from bot.storage.models import Role, RoleAlias
from tests.kit.onet import onet_catalog_engine

ROLES = [
    ("15-1252.00", "Software Developer", ["Software Engineer", "Programmer", "SWE"]),
    ("29-1141.00", "Registered Nurse", ["RN", "Staff Nurse"]),
    ("13-2011.00", "Accountant", ["Staff Accountant", "CPA"]),
    ("15-2051.01", "Business Intelligence Analyst", ["BI Analyst", "Reporting Analyst"]),
    ("15-1244.00", "Network and Computer Systems Administrator", ["Systems Administrator", "Network Admin"]),
    ("43-4051.00", "Customer Service Representative", ["CSR", "Call Center Agent"]),
    ("13-1071.00", "Human Resources Specialist", ["HR Specialist", "HR Generalist"]),
    ("29-1051.00", "Pharmacist", ["Clinical Pharmacist"]),
    ("53-7062.00", "Warehouse Worker", ["Warehouse Associate", "Material Handler"]),
]


@pytest.fixture(scope="module")
def resolver() -> RoleResolver:
    roles = [(code, title) for code, title, _ in ROLES]
    aliases = [(index, alias) for index, (_, _, names) in enumerate(ROLES) for alias in names]
    return RoleResolver(roles, aliases)


def best_code(resolver: RoleResolver, text: str) -> str | None:
    candidates = resolver.resolve(text)
    return candidates[0].code if candidates else None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Software Developer", "15-1252.00"),
        ("software engineer", "15-1252.00"),
        ("I work as a sr. sw dev at a bank", "15-1252.00"),
        ("RN", "29-1141.00"),
        ("i'm a registered nurse for 5 years", "29-1141.00"),
        ("acountant", "13-2011.00"),
        ("My job title is BI analyst", "15-2051.01"),
        ("sysadmin", "15-1244.00"),
        ("HR generalist", "13-1071.00"),
        ("customer service rep", "43-4051.00"),
        ("Pharmacíst", "29-1051.00"),
        ("I'm currently working as a warehouse associate", "53-7062.00"),
    ],
)
def test_resolves_what_people_type(resolver, text, code):
    assert best_code(resolver, text) == code


def test_exact_title_scores_100_and_results_are_ranked(resolver):
    candidates = resolver.resolve("Accountant", limit=3)
    assert candidates[0].score == 100
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
    assert candidates[0].as_dict() == {"code": "13-2011.00", "title": "Accountant", "score": 100.0}


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂", "\x00\x01", "qwxzjv", "the weather in Paris"])
def test_nothing_close_gives_no_candidates(resolver, text):
    assert resolver.resolve(text) == []


def test_huge_input_is_cut_not_crashing(resolver):
    assert best_code(resolver, "pharmacist " * 10_000) == "29-1051.00"


def test_limit_is_respected(resolver):
    assert len(resolver.resolve("analyst", limit=2)) <= 2


def test_normalisation_expands_abbreviations_and_strips_accents():
    assert (
        normalize_title("Sr. SW Dev & QA Eng.") == "senior software developer and quality assurance engineer"
    )
    assert normalize_title("Técnico") == "tecnico"
    assert strip_filler("Well, I work as an accountant at a big firm") == "accountant"


def test_built_from_the_database(catalog_engine):
    with catalog_engine.begin() as connection:
        connection.execute(
            insert(Role), [{"code": "29-1141.00", "title": "Registered Nurses", "source": "onet"}]
        )
        connection.execute(insert(RoleAlias), [{"role_id": 1, "alias": "RN", "kind": "abbreviation"}])
    resolver = RoleResolver.from_engine(catalog_engine)
    assert len(resolver) == 2
    assert resolver.resolve("rn")[0].title == "Registered Nurses"


@pytest.fixture(scope="module")
def onet_resolver(tmp_path_factory) -> RoleResolver:
    """The resolver over the full O*NET release (1,016 occupations, ~56k alternate titles)."""
    engine = onet_catalog_engine(tmp_path_factory.mktemp("onet"))
    resolver = RoleResolver.from_engine(engine)
    engine.dispose()
    return resolver


@pytest.mark.onet
@pytest.mark.parametrize(
    ("text", "title", "within"),
    [
        ("RN", "Registered Nurse", 1),
        ("I work as a software developer at a bank", "Software Developer", 1),
        ("acountant", "Accountant and Auditor", 1),
        ("cyber security analyst", "Information Security Analyst", 1),
        ("hr specialist", "Human Resources Specialist", 1),
        ("I'm a pharmacist", "Pharmacist", 1),
        ("customer service rep", "Customer Service Representative", 3),
        ("sysadmin", "Network and Computer Systems Administrator", 3),
        ("truck driver", "Heavy and Tractor-Trailer Truck Driver", 3),
        ("marketing manager", "Marketing Manager", 2),
        ("bookkeeper", "Bookkeeping, Accounting, and Auditing Clerk", 1),
        # O*NET's own plural titles are kept as aliases and still resolve
        ("Registered Nurses", "Registered Nurse", 1),
        ("Heavy and Tractor-Trailer Truck Drivers", "Heavy and Tractor-Trailer Truck Driver", 1),
    ],
)
def test_resolves_onet_titles(onet_resolver, text, title, within):
    """O*NET roles are stored under singular display titles (``bot/catalog/onet/titles.py``)."""
    titles = [candidate.title for candidate in onet_resolver.resolve(text, limit=within)]
    assert title in titles
