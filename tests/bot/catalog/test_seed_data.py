"""Invariants of the embedded sample catalog's skills and roles (``bot/catalog/seed/skills.yaml``,
``roles.yaml``), read straight from the YAML; the courses and the references between the files
are in ``test_seed_courses.py``.

The loader (``bot.catalog.seeding``) refuses some bad data at run time; these tests keep the sample
itself honest before it ever reaches a database: unique and unambiguous names, valid
vocabularies (the same tuples the schema's CHECK constraints use), role codes and job zones
that match the O*NET release.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict

import pytest

from bot.catalog.seeding import SEED_DIR
from bot.storage.models import RELATEDNESS_TIERS, SKILL_KINDS
from tests.kit.onet import ONET_RELEASE, require_onet_release
from tests.kit.seed import roles, roles_by_name, skill_names, skills

FAMILIES = (
    "Office & Administration",
    "Retail & Customer Service",
    "Healthcare",
    "Manufacturing & Trades",
    "IT & Software",
    "Data & Analytics",
    "Marketing & Sales",
    "Finance & Accounting",
    "HR & Learning",
    "Logistics & Supply Chain",
)
ONET_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SAMPLE_CODE = re.compile(r"^SAMPLE-[A-Z]+-\d{3}$")


# ----------------------------------------------------------------------------- headers


@pytest.mark.parametrize("name", ["skills.yaml", "roles.yaml", "courses.yaml"])
def test_each_file_declares_itself_sample_data(name):
    text = (SEED_DIR / name).read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert header.startswith("# SAMPLE DATA"), f"{name} must open with the sample-data notice"
    assert "import-courses" in text[:2000] and "import-onet" in text[:2000]
    assert "approximate" in text[:2000]


# ----------------------------------------------------------------------------- skills


def test_there_are_at_least_250_skills():
    assert len(skills()) >= 250


def test_skill_names_are_unique_ignoring_case():
    counts = Counter(skill["name"].casefold() for skill in skills())
    assert [name for name, count in counts.items() if count > 1] == []


def test_skill_kinds_are_in_the_schema_vocabulary():
    bad = {skill["name"]: skill["kind"] for skill in skills() if skill["kind"] not in SKILL_KINDS}
    assert bad == {}
    # the sample should exercise every kind, not just one
    assert {skill["kind"] for skill in skills()} == set(SKILL_KINDS)


def test_every_skill_has_a_description_and_one_to_five_synonyms():
    for skill in skills():
        assert isinstance(skill["name"], str) and skill["name"].strip() == skill["name"], skill
        assert isinstance(skill.get("description"), str) and skill["description"].strip(), skill["name"]
        synonyms = skill.get("synonyms") or []
        assert 1 <= len(synonyms) <= 5, f"{skill['name']}: {len(synonyms)} synonyms"
        # YAML turns bare yes/no/on/off/numbers into other types; every synonym must stay text
        assert all(isinstance(synonym, str) and synonym.strip() for synonym in synonyms), skill["name"]


def test_synonyms_are_unambiguous():
    """A phrase (name or synonym, ignoring case) points at exactly one skill."""
    owner: dict[str, str] = {skill["name"].casefold(): skill["name"] for skill in skills()}
    clashes = []
    for skill in skills():
        for synonym in skill["synonyms"]:
            key = synonym.casefold()
            if key == skill["name"].casefold():
                clashes.append(f"{skill['name']}: synonym repeats the name")
            elif key in owner:
                clashes.append(f"{synonym!r} of {skill['name']} already means {owner[key]}")
            else:
                owner[key] = skill["name"]
    assert clashes == []


# ------------------------------------------------------------------------------ roles


def test_there_are_at_least_40_roles():
    assert len(roles()) >= 40


def test_role_codes_and_titles_are_unique():
    codes = Counter(role["code"] for role in roles())
    titles = Counter(role["title"].casefold() for role in roles())
    assert [code for code, count in codes.items() if count > 1] == []
    assert [title for title, count in titles.items() if count > 1] == []


def test_role_codes_are_onet_codes_or_sample_codes():
    for role in roles():
        code = role["code"]
        assert isinstance(code, str), f"{role['title']}: quote the code so YAML keeps it text"
        assert ONET_CODE.match(code) or SAMPLE_CODE.match(code), code


def test_every_role_is_in_a_known_family():
    assert {role["title"]: role["family"] for role in roles() if role["family"] not in FAMILIES} == {}


@pytest.mark.parametrize("family", FAMILIES)
def test_each_family_has_at_least_four_roles(family):
    assert sum(role["family"] == family for role in roles()) >= 4


def test_job_zones_are_one_to_five():
    bad = {
        role["title"]: role["job_zone"]
        for role in roles()
        if not (isinstance(role["job_zone"], int) and 1 <= role["job_zone"] <= 5)
    }
    assert bad == {}


def test_role_skills_exist_and_are_on_the_onet_scales():
    known = skill_names()
    for role in roles():
        links = role["skills"]
        assert len(links) >= 6, f"{role['title']} has only {len(links)} skills"
        names = [link["skill"] for link in links]
        assert len(names) == len(set(names)), f"{role['title']} lists a skill twice"
        assert set(names) <= known, f"{role['title']}: unknown {sorted(set(names) - known)}"
        for link in links:
            assert 1 <= link["importance"] <= 5, (role["title"], link)
            assert 0 <= link["level"] <= 7, (role["title"], link)


def test_related_roles_exist_and_are_not_the_role_itself():
    codes = {role["code"] for role in roles()}
    for role in roles():
        related = role.get("related") or []
        assert related, f"{role['title']} has no related roles"
        targets = [link["role"] for link in related]
        assert len(targets) == len(set(targets)), f"{role['title']} links a role twice"
        for link in related:
            assert link["role"] in codes, f"{role['title']} -> unknown {link['role']}"
            assert link["role"] != role["code"], f"{role['title']} is related to itself"
            assert link["tier"] in RELATEDNESS_TIERS, (role["title"], link)


def test_role_titles_and_aliases_point_at_one_role():
    owners: dict[str, set[str]] = defaultdict(set)
    for role in roles():
        aliases = role.get("aliases") or []
        assert all(isinstance(alias, str) and alias.strip() for alias in aliases), role["title"]
        for name in [role["title"], *aliases]:
            owners[name.casefold()].add(role["code"])
    assert {name: codes for name, codes in owners.items() if len(codes) > 1} == {}


@pytest.mark.parametrize(
    "name",
    [
        # the roles of the source articles' cases and of the advisor's examples
        "Accountant",
        "Digital Marketing Specialist",
        "Administrative Assistant",
        "Factory Worker",
        "Information Security Analyst",
        "Customer Service Representative",
        "Computer User Support Specialist",
        "Marketing Manager",
        "Market Research Analyst",
        "Business Intelligence Analyst",
        "Network and Computer Systems Administrator",
        "Cloud Engineer",
        "Pharmacist",
        "Registered Nurse",
        "Data Analyst",
        "Data Scientist",
        "Project Manager",
        "HR Specialist",
        "Training and Development Specialist",
        "Warehouse Worker",
        "Logistics Coordinator",
        "Retail Sales Associate",
        "Store Manager",
        "Bookkeeper",
        "Financial Analyst",
        "Medical Assistant",
        "Electrician",
        "Maintenance Technician",
        "CNC Machinist",
        "Web Developer",
        "Software Developer",
    ],
)
def test_case_study_roles_are_present(name):
    assert name.casefold() in roles_by_name(), f"no role titled or aliased {name!r}"


def _overlap(current: str, target: str) -> float:
    """Share of the target role's importance-weighted skills the current role already has."""
    index = roles_by_name()
    have = {link["skill"] for link in index[current.casefold()]["skills"]}
    wanted = index[target.casefold()]["skills"]
    total = sum(link["importance"] for link in wanted)
    return sum(link["importance"] for link in wanted if link["skill"] in have) / total


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("Accountant", "Digital Marketing Specialist"),
        ("Administrative Assistant", "Digital Marketing Specialist"),
        ("Factory Worker", "Cybersecurity Analyst"),
        ("Customer Service Representative", "Technical Support Specialist"),
        ("Factory Worker", "CNC Programmer"),
        ("CNC Machinist", "QA Tester"),
    ],
)
def test_cross_field_moves_share_few_skills(current, target):
    """Reskilling cases: the profiles must not make a career change look like a small step."""
    assert _overlap(current, target) <= 0.25


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("Data Analyst", "Data Scientist"),
        ("Data Analyst", "Business Intelligence Analyst"),
        ("CNC Machinist", "CNC Programmer"),
        ("Licensed Practical Nurse", "Registered Nurse"),
        ("Nursing Assistant", "Licensed Practical Nurse"),
        ("Project Manager", "IT Project Manager"),
        ("Customer Service Representative", "Customer Service Supervisor"),
        ("Maintenance Technician", "Industrial Maintenance Mechanic"),
    ],
)
def test_same_field_moves_share_most_skills(current, target):
    """Upskilling cases: neighbouring roles in one field share most of their core skills."""
    assert _overlap(current, target) >= 0.55


# ----------------------------------------------------------------------------- O*NET


def _onet_table(name: str) -> list[dict[str, str]]:
    with (ONET_RELEASE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.onet
def test_onet_codes_and_job_zones_match_the_release():
    require_onet_release()
    occupations = {row["O*NET-SOC Code"] for row in _onet_table("Occupation Data.txt")}
    zones = {row["O*NET-SOC Code"]: int(row["Job Zone"]) for row in _onet_table("Job Zones.txt")}
    onet_roles = [role for role in roles() if ONET_CODE.match(role["code"])]
    assert len(onet_roles) >= 40
    for role in onet_roles:
        assert role["code"] in occupations, f"{role['title']}: {role['code']} is not an O*NET occupation"
        assert role["job_zone"] == zones[role["code"]], f"{role['title']}: job zone differs from O*NET"
