"""The O*NET importer on the five-occupation release in ``tests/fixtures/onet-mini`` (see its
README for the deliberate edits), on SQLite and PostgreSQL: what it writes, thresholds,
re-imports and updates. Bad releases and the full O*NET 29.3 release are in
``test_onet_import_errors.py``; the helpers are in :mod:`tests.kit.onet`.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from bot.catalog.onet.release import SOC_MAJOR_GROUPS
from bot.catalog.onet_import import ONET_ATTRIBUTION, OnetImportError, import_onet
from bot.storage.models import RelatedRole, Role, RoleAlias, RoleSkill, Skill, SkillSynonym
from tests.kit.onet import (
    MINI_RELEASE,
    ONET_RELEASE,
    copy_mini_release,
    rewrite_once,
    role_aliases,
    role_links,
    role_row,
    table_counts,
)

MINI_COUNTS = {
    "roles": 5,
    # 21 alternate + 4 short + 9 reported (6 reported repeat an alternate), and 4 of the 5
    # O*NET (plural) titles, kept as aliases of the singular display titles (one is an
    # alternate title already)
    "role_aliases": 38,
    "skills": 19,  # 4 skills + 4 knowledge + 11 technologies
    "role_skills": 41,  # 9 skill + 11 knowledge links with IM >= 3.0, 21 technology links
    "related_roles": 7,
}


# --------------------------------------------------------------------------- mini release


def test_import_counts_and_summary(catalog_engine: Engine) -> None:
    summary = import_onet(catalog_engine, MINI_RELEASE)

    counts = table_counts(catalog_engine)
    assert {name: counts[name] for name in MINI_COUNTS} == MINI_COUNTS
    assert counts["courses"] == counts["course_skills"] == counts["skill_synonyms"] == 0
    assert summary.roles_created == 5
    assert summary.aliases_created == 38
    assert summary.skills_created == 19
    assert summary.role_skills_created == 41
    assert summary.related_roles_created == 7
    assert summary.total_updated == 0
    assert summary.rows_skipped == 1  # the related occupation outside the release
    assert summary.elapsed_seconds > 0
    assert "roles: 5 created, 0 updated" in str(summary)


def test_roles_get_family_job_zone_and_source(catalog_engine: Engine) -> None:
    import_onet(catalog_engine, MINI_RELEASE)

    developers = role_row(catalog_engine, "15-1252.00")
    assert developers.title == "Software Developer"  # singular display title (onet/titles.py)
    assert role_row(catalog_engine, "29-1141.00").title == "Registered Nurse"
    assert developers.description.startswith("Research, design, and develop computer and network software")
    assert developers.family == "Computer and Mathematical"
    assert developers.job_zone == 4
    assert developers.source == "onet"
    assert role_row(catalog_engine, "43-4051.00").family == "Office and Administrative Support"
    assert role_row(catalog_engine, "43-4051.00").job_zone == 2
    assert role_row(catalog_engine, "29-1141.00").family == "Healthcare Practitioners and Technical"


def test_aliases_kinds_and_case_insensitive_dedupe(catalog_engine: Engine) -> None:
    import_onet(catalog_engine, MINI_RELEASE)

    nurses = role_aliases(catalog_engine, "29-1141.00")
    assert nurses["Registered Nurse (RN)"] == "alternate"
    assert nurses["RN"] == "short"
    assert nurses["CNOR"] == "short"
    assert nurses["Charge Nurse"] == "reported"
    # reported again in "Sample of Reported Titles": stays the alternate title, not a second row
    assert nurses["Certified Operating Room Nurse (CNOR)"] == "alternate"

    developers = role_aliases(catalog_engine, "15-1252.00")
    assert developers["Software Developers"] == "alternate"  # O*NET's plural title
    assert "Software Developer" not in developers  # equal to the title
    assert "Android Developer" in developers
    assert "android developer" not in developers  # case-only duplicate
    assert developers["Developer"] == "reported"


def test_importance_level_threshold_and_suppressed_rows(catalog_engine: Engine) -> None:
    import_onet(catalog_engine, MINI_RELEASE)

    programmers = role_links(catalog_engine, "15-1251.00")
    assert programmers["Programming"] == (Decimal("4.75"), Decimal("4.88"))
    assert programmers["Mathematics"] == (Decimal("3.12"), Decimal("3.12"))
    assert programmers["Mathematics (knowledge)"] == (Decimal("3.53"), Decimal("4.54"))
    # its LV row is "Recommend Suppress": the link stays, without a level
    assert programmers["Reading Comprehension"] == (Decimal("3.38"), None)
    assert "Instructing" not in programmers  # IM 2.5 < 3.0

    analysts = role_links(catalog_engine, "15-1211.00")
    assert analysts["Mathematics"] == (Decimal("3.00"), Decimal("3.38"))  # exactly the threshold
    assert "Instructing" not in analysts  # IM 2.88

    service = role_links(catalog_engine, "43-4051.00")
    assert "Computers and Electronics" not in service  # its IM row is "Recommend Suppress"
    assert service["Customer and Personal Service"] == (Decimal("4.70"), Decimal("5.67"))

    with catalog_engine.connect() as connection:
        skills = {row.name: row for row in connection.execute(select(Skill.__table__))}
    assert (skills["Programming"].kind, skills["Programming"].external_id) == ("skill", "2.B.3.e")
    assert (skills["Mathematics (knowledge)"].kind, skills["Mathematics (knowledge)"].external_id) == (
        "knowledge",
        "2.C.4.a",
    )
    assert skills["Programming"].description == "Writing computer programs for various purposes."


@pytest.mark.parametrize(("threshold", "links"), [(1.0, 31), (4.0, 6)])
def test_min_importance_filters_skill_and_knowledge_links(
    catalog_engine: Engine, threshold: float, links: int
) -> None:
    summary = import_onet(catalog_engine, MINI_RELEASE, min_importance=threshold)

    assert summary.role_skills_created == links + 21  # every technology link is kept
    with catalog_engine.connect() as connection:
        lowest = connection.execute(
            select(func.min(RoleSkill.importance))
            .join(Skill, Skill.id == RoleSkill.skill_id)
            .where(Skill.kind.in_(["skill", "knowledge"]))
        ).scalar_one()
    assert Decimal(str(lowest)) >= Decimal(str(threshold))


def test_min_importance_out_of_range_is_refused(sqlite_catalog_engine: Engine) -> None:
    with pytest.raises(OnetImportError, match="min_importance"):
        import_onet(sqlite_catalog_engine, MINI_RELEASE, min_importance=6)


def test_technology_skills_and_their_importance(catalog_engine: Engine) -> None:
    import_onet(catalog_engine, MINI_RELEASE)

    developers = role_links(catalog_engine, "15-1252.00")
    assert developers["Python"] == (Decimal("4.00"), None)  # in demand
    assert developers["Microsoft Excel"] == (Decimal("3.50"), None)  # hot technology
    assert developers["3M Post-it App"] == (Decimal("3.00"), None)  # neither
    with catalog_engine.connect() as connection:
        excel = connection.execute(select(Skill.__table__).where(Skill.name == "Microsoft Excel")).one()
    assert (excel.kind, excel.external_id, excel.description) == (
        "technology",
        "43232110",
        "Spreadsheet software",
    )


def test_technology_reuses_an_existing_skill_by_name_or_synonym(catalog_engine: Engine) -> None:
    with catalog_engine.begin() as connection:
        excel_id = connection.execute(
            insert(Skill.__table__).values(name="MICROSOFT EXCEL", kind="technology", description="")
        ).inserted_primary_key[0]
        python_id = connection.execute(
            insert(Skill.__table__).values(name="Python programming", kind="skill", description="Curated.")
        ).inserted_primary_key[0]
        connection.execute(insert(SkillSynonym.__table__).values(skill_id=python_id, synonym="python"))

    summary = import_onet(catalog_engine, MINI_RELEASE)

    assert summary.skills_created == 17  # not Excel, not Python
    assert summary.skills_updated == 2  # blanks filled in
    with catalog_engine.connect() as connection:
        names = set(connection.execute(select(Skill.name)).scalars())
        excel = connection.execute(select(Skill.__table__).where(Skill.id == excel_id)).one()
        python = connection.execute(select(Skill.__table__).where(Skill.id == python_id)).one()
        excel_links = connection.execute(
            select(func.count()).select_from(RoleSkill.__table__).where(RoleSkill.skill_id == excel_id)
        ).scalar_one()
    assert "Microsoft Excel" not in names and "Python" not in names
    assert (excel.name, excel.external_id, excel.description) == (
        "MICROSOFT EXCEL",
        "43232110",
        "Spreadsheet software",
    )
    assert (python.name, python.kind, python.description) == ("Python programming", "skill", "Curated.")
    assert excel_links == 5
    assert role_links(catalog_engine, "15-1252.00")["Python programming"] == (Decimal("4.00"), None)

    again = import_onet(catalog_engine, MINI_RELEASE)
    assert again.total_created == again.total_updated == 0


def test_related_roles_tiers_and_ranks(catalog_engine: Engine) -> None:
    import_onet(catalog_engine, MINI_RELEASE)

    with catalog_engine.connect() as connection:
        codes = dict(connection.execute(select(Role.id, Role.code)).all())
        related = {
            (codes[row.role_id], codes[row.related_role_id]): (row.tier, row.rank)
            for row in connection.execute(select(RelatedRole.__table__))
        }
    assert related[("15-1211.00", "15-1252.00")] == ("primary_short", 1)
    assert related[("15-1211.00", "15-1251.00")] == ("supplemental", 11)
    assert related[("29-1141.00", "43-4051.00")] == ("primary_long", 12)
    assert not any(other == "29-1171.00" for _, other in related)


def test_reimport_is_idempotent(catalog_engine: Engine) -> None:
    import_onet(catalog_engine, MINI_RELEASE)
    before = table_counts(catalog_engine)

    summary = import_onet(catalog_engine, MINI_RELEASE)

    assert summary.total_created == 0
    assert summary.total_updated == 0
    assert table_counts(catalog_engine) == before


def test_changed_values_update_in_place(catalog_engine: Engine, tmp_path: Path) -> None:
    import_onet(catalog_engine, MINI_RELEASE)
    release = copy_mini_release(tmp_path)
    rewrite_once(
        release / "Occupation Data.txt", "15-1252.00\tSoftware Developers", "15-1252.00\tSoftware Engineers"
    )
    rewrite_once(
        release / "Skills.txt",
        "15-1251.00\tComputer Programmers\t2.B.3.e\tProgramming\tIM\tImportance\t4.75",
        "15-1251.00\tComputer Programmers\t2.B.3.e\tProgramming\tIM\tImportance\t4.5",
    )
    rewrite_once(
        release / "Related Occupations.txt",
        "15-1211.00\tComputer Systems Analysts\t15-1252.00\tSoftware Developers\tPrimary-Short\t1",
        "15-1211.00\tComputer Systems Analysts\t15-1252.00\tSoftware Developers\tPrimary-Long\t9",
    )
    before = table_counts(catalog_engine)

    summary = import_onet(catalog_engine, release)

    assert (summary.roles_created, summary.roles_updated) == (0, 1)
    assert (summary.role_skills_created, summary.role_skills_updated) == (0, 1)
    assert (summary.related_roles_created, summary.related_roles_updated) == (0, 1)
    assert summary.aliases_created == 2  # the replaced title and O*NET's new plural title
    assert role_row(catalog_engine, "15-1252.00").title == "Software Engineer"
    renamed = role_aliases(catalog_engine, "15-1252.00")
    assert renamed["Software Developer"] == renamed["Software Developers"] == "alternate"
    assert renamed["Software Engineers"] == "alternate"
    assert role_links(catalog_engine, "15-1251.00")["Programming"] == (Decimal("4.50"), Decimal("4.88"))
    after = table_counts(catalog_engine)
    assert after == {**before, "role_aliases": before["role_aliases"] + 2}


def test_sample_role_is_updated_and_keeps_its_aliases(catalog_engine: Engine) -> None:
    with catalog_engine.begin() as connection:
        role_id = connection.execute(
            insert(Role.__table__).values(
                code="15-1252.00", title="Software Engineer", description="Builds software.", source="sample"
            )
        ).inserted_primary_key[0]
        connection.execute(
            insert(RoleAlias.__table__).values(role_id=role_id, alias="Coder", kind="alternate")
        )
        connection.execute(
            insert(RoleAlias.__table__).values(
                role_id=role_id, alias="Android Developer", kind="abbreviation"
            )
        )

    summary = import_onet(catalog_engine, MINI_RELEASE)

    assert (summary.roles_created, summary.roles_updated) == (4, 1)
    role = role_row(catalog_engine, "15-1252.00")
    assert role.id == role_id
    # The sample's singular title stays the title; O*NET's plural title becomes an alias.
    assert (role.title, role.source, role.job_zone) == ("Software Engineer", "onet", 4)
    aliases = role_aliases(catalog_engine, "15-1252.00")
    assert aliases["Coder"] == "alternate"
    assert aliases["Software Developers"] == "alternate"
    assert "Software Engineer" not in aliases
    assert aliases["Android Developer"] == "abbreviation"  # existing alias not duplicated
    assert aliases[".NET Developer"] == "alternate"


def test_progress_bars(sqlite_catalog_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    import_onet(sqlite_catalog_engine, MINI_RELEASE, progress=True)

    assert "Skills.txt" in capsys.readouterr().err


def test_attribution_matches_the_release_notice() -> None:
    assert ONET_ATTRIBUTION.startswith("This product includes information from the O*NET 29.3 Database")
    assert ONET_ATTRIBUTION.endswith("USDOL/ETA has not approved, endorsed, or tested these modifications.")
    if ONET_RELEASE.is_dir():
        notice = (ONET_RELEASE / "ATTRIBUTION.md").read_text(encoding="utf-8")
        assert " ".join(ONET_ATTRIBUTION.split()) in " ".join(notice.split())


def test_every_soc_major_group_has_a_family() -> None:
    assert len(SOC_MAJOR_GROUPS) == 23
    assert SOC_MAJOR_GROUPS["15"] == "Computer and Mathematical"


def test_reimport_turns_an_earlier_plural_title_singular(catalog_engine: Engine) -> None:
    """A catalog imported before singular titles existed gets them on the next import."""
    with catalog_engine.begin() as connection:
        connection.execute(
            insert(Role.__table__).values(
                code="29-1141.00", title="Registered Nurses", description="", source="onet"
            )
        )

    import_onet(catalog_engine, MINI_RELEASE)

    assert role_row(catalog_engine, "29-1141.00").title == "Registered Nurse"
    assert role_aliases(catalog_engine, "29-1141.00")["Registered Nurses"] == "alternate"
