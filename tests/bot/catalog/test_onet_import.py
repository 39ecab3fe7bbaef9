"""The O*NET importer, on SQLite and PostgreSQL.

Fast cases use the five-occupation release in ``tests/fixtures/onet-mini`` (see its
README for the deliberate edits); the ``onet`` cases import the full O*NET 29.3 subset from
``../shared/data/onet-29.3`` and are skipped when it is absent (failed under ``CI``).
"""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine

from bot.catalog.onet.release import SOC_MAJOR_GROUPS
from bot.catalog.onet.writer import CatalogWriter
from bot.catalog.onet_import import ONET_ATTRIBUTION, OnetImportError, import_onet
from bot.storage.models import Base, RelatedRole, Role, RoleAlias, RoleSkill, Skill, SkillSynonym
from tests.kit.onet import ONET_RELEASE
from tests.kit.paths import FIXTURES_DIR

MINI = FIXTURES_DIR / "onet-mini"
FULL = ONET_RELEASE

MINI_COUNTS = {
    "roles": 5,
    "role_aliases": 34,  # 21 alternate + 4 short + 9 reported (6 reported repeat an alternate)
    "skills": 19,  # 4 skills + 4 knowledge + 11 technologies
    "role_skills": 41,  # 9 skill + 11 knowledge links with IM >= 3.0, 21 technology links
    "related_roles": 7,
}


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def _role(engine: Engine, code: str):  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return connection.execute(select(Role.__table__).where(Role.code == code)).one()


def _aliases(engine: Engine, code: str) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(RoleAlias.alias, RoleAlias.kind)
            .join(Role, Role.id == RoleAlias.role_id)
            .where(Role.code == code)
        )
        return {row.alias: row.kind for row in rows}


def _links(engine: Engine, code: str) -> dict[str, tuple[Decimal, Decimal | None]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Skill.name, RoleSkill.importance, RoleSkill.level)
            .join(RoleSkill, RoleSkill.skill_id == Skill.id)
            .join(Role, Role.id == RoleSkill.role_id)
            .where(Role.code == code)
        )
        return {
            row.name: (
                Decimal(str(row.importance)).quantize(Decimal("0.01")),
                None if row.level is None else Decimal(str(row.level)).quantize(Decimal("0.01")),
            )
            for row in rows
        }


def _copy_mini(tmp_path: Path) -> Path:
    target = tmp_path / "release"
    shutil.copytree(MINI, target)
    return target


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --------------------------------------------------------------------------- mini release


def test_import_counts_and_summary(catalog_engine: Engine) -> None:
    summary = import_onet(catalog_engine, MINI)

    counts = _counts(catalog_engine)
    assert {name: counts[name] for name in MINI_COUNTS} == MINI_COUNTS
    assert counts["courses"] == counts["course_skills"] == counts["skill_synonyms"] == 0
    assert summary.roles_created == 5
    assert summary.aliases_created == 34
    assert summary.skills_created == 19
    assert summary.role_skills_created == 41
    assert summary.related_roles_created == 7
    assert summary.total_updated == 0
    assert summary.rows_skipped == 1  # the related occupation outside the release
    assert summary.elapsed_seconds > 0
    assert "roles: 5 created, 0 updated" in str(summary)


def test_roles_get_family_job_zone_and_source(catalog_engine: Engine) -> None:
    import_onet(catalog_engine, MINI)

    developers = _role(catalog_engine, "15-1252.00")
    assert developers.title == "Software Developers"
    assert developers.description.startswith("Research, design, and develop computer and network software")
    assert developers.family == "Computer and Mathematical"
    assert developers.job_zone == 4
    assert developers.source == "onet"
    assert _role(catalog_engine, "43-4051.00").family == "Office and Administrative Support"
    assert _role(catalog_engine, "43-4051.00").job_zone == 2
    assert _role(catalog_engine, "29-1141.00").family == "Healthcare Practitioners and Technical"


def test_aliases_kinds_and_case_insensitive_dedupe(catalog_engine: Engine) -> None:
    import_onet(catalog_engine, MINI)

    nurses = _aliases(catalog_engine, "29-1141.00")
    assert nurses["Registered Nurse (RN)"] == "alternate"
    assert nurses["RN"] == "short"
    assert nurses["CNOR"] == "short"
    assert nurses["Charge Nurse"] == "reported"
    # reported again in "Sample of Reported Titles": stays the alternate title, not a second row
    assert nurses["Certified Operating Room Nurse (CNOR)"] == "alternate"

    developers = _aliases(catalog_engine, "15-1252.00")
    assert "Software Developers" not in developers  # equal to the title
    assert "Android Developer" in developers
    assert "android developer" not in developers  # case-only duplicate
    assert developers["Developer"] == "reported"


def test_importance_level_threshold_and_suppressed_rows(catalog_engine: Engine) -> None:
    import_onet(catalog_engine, MINI)

    programmers = _links(catalog_engine, "15-1251.00")
    assert programmers["Programming"] == (Decimal("4.75"), Decimal("4.88"))
    assert programmers["Mathematics"] == (Decimal("3.12"), Decimal("3.12"))
    assert programmers["Mathematics (knowledge)"] == (Decimal("3.53"), Decimal("4.54"))
    # its LV row is "Recommend Suppress": the link stays, without a level
    assert programmers["Reading Comprehension"] == (Decimal("3.38"), None)
    assert "Instructing" not in programmers  # IM 2.5 < 3.0

    analysts = _links(catalog_engine, "15-1211.00")
    assert analysts["Mathematics"] == (Decimal("3.00"), Decimal("3.38"))  # exactly the threshold
    assert "Instructing" not in analysts  # IM 2.88

    service = _links(catalog_engine, "43-4051.00")
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
    summary = import_onet(catalog_engine, MINI, min_importance=threshold)

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
        import_onet(sqlite_catalog_engine, MINI, min_importance=6)


def test_technology_skills_and_their_importance(catalog_engine: Engine) -> None:
    import_onet(catalog_engine, MINI)

    developers = _links(catalog_engine, "15-1252.00")
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

    summary = import_onet(catalog_engine, MINI)

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
    assert _links(catalog_engine, "15-1252.00")["Python programming"] == (Decimal("4.00"), None)

    again = import_onet(catalog_engine, MINI)
    assert again.total_created == again.total_updated == 0


def test_related_roles_tiers_and_ranks(catalog_engine: Engine) -> None:
    import_onet(catalog_engine, MINI)

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
    import_onet(catalog_engine, MINI)
    before = _counts(catalog_engine)

    summary = import_onet(catalog_engine, MINI)

    assert summary.total_created == 0
    assert summary.total_updated == 0
    assert _counts(catalog_engine) == before


def test_changed_values_update_in_place(catalog_engine: Engine, tmp_path: Path) -> None:
    import_onet(catalog_engine, MINI)
    release = _copy_mini(tmp_path)
    _rewrite(
        release / "Occupation Data.txt", "15-1252.00\tSoftware Developers", "15-1252.00\tSoftware Engineers"
    )
    _rewrite(
        release / "Skills.txt",
        "15-1251.00\tComputer Programmers\t2.B.3.e\tProgramming\tIM\tImportance\t4.75",
        "15-1251.00\tComputer Programmers\t2.B.3.e\tProgramming\tIM\tImportance\t4.5",
    )
    _rewrite(
        release / "Related Occupations.txt",
        "15-1211.00\tComputer Systems Analysts\t15-1252.00\tSoftware Developers\tPrimary-Short\t1",
        "15-1211.00\tComputer Systems Analysts\t15-1252.00\tSoftware Developers\tPrimary-Long\t9",
    )
    before = _counts(catalog_engine)

    summary = import_onet(catalog_engine, release)

    assert (summary.roles_created, summary.roles_updated) == (0, 1)
    assert (summary.role_skills_created, summary.role_skills_updated) == (0, 1)
    assert (summary.related_roles_created, summary.related_roles_updated) == (0, 1)
    assert summary.aliases_created == 1  # the replaced title stays findable
    assert _role(catalog_engine, "15-1252.00").title == "Software Engineers"
    assert _aliases(catalog_engine, "15-1252.00")["Software Developers"] == "alternate"
    assert _links(catalog_engine, "15-1251.00")["Programming"] == (Decimal("4.50"), Decimal("4.88"))
    after = _counts(catalog_engine)
    assert after == {**before, "role_aliases": before["role_aliases"] + 1}


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

    summary = import_onet(catalog_engine, MINI)

    assert (summary.roles_created, summary.roles_updated) == (4, 1)
    role = _role(catalog_engine, "15-1252.00")
    assert role.id == role_id
    assert (role.title, role.source, role.job_zone) == ("Software Developers", "onet", 4)
    aliases = _aliases(catalog_engine, "15-1252.00")
    assert aliases["Coder"] == "alternate"
    assert aliases["Software Engineer"] == "alternate"  # the sample title, kept as an alias
    assert aliases["Android Developer"] == "abbreviation"  # existing alias not duplicated
    assert aliases[".NET Developer"] == "alternate"


def test_progress_bars(sqlite_catalog_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    import_onet(sqlite_catalog_engine, MINI, progress=True)

    assert "Skills.txt" in capsys.readouterr().err


def test_attribution_matches_the_release_notice() -> None:
    assert ONET_ATTRIBUTION.startswith("This product includes information from the O*NET 29.3 Database")
    assert ONET_ATTRIBUTION.endswith("USDOL/ETA has not approved, endorsed, or tested these modifications.")
    if FULL.is_dir():
        notice = (FULL / "ATTRIBUTION.md").read_text(encoding="utf-8")
        assert " ".join(ONET_ATTRIBUTION.split()) in " ".join(notice.split())


def test_every_soc_major_group_has_a_family() -> None:
    assert len(SOC_MAJOR_GROUPS) == 23
    assert SOC_MAJOR_GROUPS["15"] == "Computer and Mathematical"


# --------------------------------------------------------------------------- bad releases


def _break_missing_column(release: Path) -> None:
    _rewrite(release / "Skills.txt", "\tData Value\t", "\tValue\t")


def _break_number(release: Path) -> None:
    _rewrite(release / "Knowledge.txt", "Importance\t4.63\t", "Importance\tfour\t")


def _break_range(release: Path) -> None:
    _rewrite(release / "Job Zones.txt", "Software Developers\t4\t", "Software Developers\t7\t")


def _break_width(release: Path) -> None:
    _rewrite(release / "Related Occupations.txt", "Primary-Long\t12", "Primary-Long")


def _break_missing_file(release: Path) -> None:
    (release / "Technology Skills.txt").unlink()


def _break_tier(release: Path) -> None:
    _rewrite(release / "Related Occupations.txt", "Supplemental\t11", "Secondary\t11")


@pytest.mark.parametrize(
    ("breaker", "expected"),
    [
        (_break_missing_column, r"^Skills\.txt, line 1, column 'Data Value': missing column"),
        (_break_number, r"^Knowledge\.txt, line 4, column 'Data Value': not a number: 'four'"),
        (_break_range, r"^Job Zones\.txt, line 4, column 'Job Zone': '7' is outside 1-5"),
        (_break_width, r"^Related Occupations\.txt, line 9: expected 6 tab-separated fields, found 5"),
        (_break_missing_file, r"^Technology Skills\.txt: required file\(s\) not found"),
        (
            _break_tier,
            r"^Related Occupations\.txt, line 3, column 'Relatedness Tier': unknown tier 'Secondary'",
        ),
    ],
)
def test_bad_release_raises_and_writes_nothing(
    catalog_engine: Engine,
    tmp_path: Path,
    breaker,
    expected: str,  # type: ignore[no-untyped-def]
) -> None:
    release = _copy_mini(tmp_path)
    breaker(release)

    with pytest.raises(OnetImportError, match=expected) as raised:
        import_onet(catalog_engine, release)

    assert raised.value.file is not None
    assert set(_counts(catalog_engine).values()) == {0}


def test_database_error_midway_rolls_everything_back(
    catalog_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(CatalogWriter, "write_related", fail)

    with pytest.raises(RuntimeError, match="boom"):
        import_onet(catalog_engine, MINI)

    assert set(_counts(catalog_engine).values()) == {0}


def test_missing_directory(sqlite_catalog_engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(OnetImportError, match="release folder not found"):
        import_onet(sqlite_catalog_engine, tmp_path / "nope")


# --------------------------------------------------------------------------- full release


def _require_full_release() -> None:
    if not FULL.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the O*NET release is required in CI but missing at {FULL}")
        pytest.skip(f"O*NET release not found at {FULL}")


@pytest.mark.onet
def test_full_release_import(catalog_engine: Engine) -> None:
    _require_full_release()

    summary = import_onet(catalog_engine, FULL)

    counts = _counts(catalog_engine)
    assert counts["roles"] == summary.roles_created == 1016
    assert counts["role_aliases"] > 50_000
    assert counts["related_roles"] == 18_460
    with catalog_engine.connect() as connection:
        kinds = dict(connection.execute(select(Skill.kind, func.count()).group_by(Skill.kind)).all())
    assert kinds["skill"] == 35 and kinds["knowledge"] == 33 and kinds["technology"] > 8_000

    developers = _role(catalog_engine, "15-1252.00")
    assert (developers.title, developers.job_zone, developers.family) == (
        "Software Developers",
        4,
        "Computer and Mathematical",
    )
    with catalog_engine.connect() as connection:
        related = connection.execute(
            select(Role.code, RelatedRole.tier, RelatedRole.rank)
            .join(Role, Role.id == RelatedRole.related_role_id)
            .where(RelatedRole.role_id == developers.id)
            .order_by(RelatedRole.rank)
        ).all()
    assert len(related) >= 10
    assert tuple(related[0]) == ("15-1299.08", "primary_short", 1)
    assert _aliases(catalog_engine, "29-1141.00")["RN"] == "short"
    nurse_links = _links(catalog_engine, "29-1141.00")
    assert nurse_links["Medicine and Dentistry"][0] >= Decimal("4")
    assert "Epic Systems" in nurse_links

    again = import_onet(catalog_engine, FULL)

    assert again.total_created == 0
    assert again.total_updated == 0
    assert _counts(catalog_engine) == counts
    # fail loudly if the import ever becomes pathologically slow (target: < 60 s)
    assert summary.elapsed_seconds < 60 and again.elapsed_seconds < 60


@pytest.mark.onet
def test_full_release_update_after_local_edit(sqlite_catalog_engine: Engine) -> None:
    """A role edited locally is put back to O*NET's data; nothing else changes."""
    _require_full_release()
    import_onet(sqlite_catalog_engine, FULL)
    with sqlite_catalog_engine.begin() as connection:
        connection.execute(update(Role.__table__).where(Role.code == "15-1252.00").values(job_zone=2))

    summary = import_onet(sqlite_catalog_engine, FULL)

    assert (summary.roles_updated, summary.total_created) == (1, 0)
    assert _role(sqlite_catalog_engine, "15-1252.00").job_zone == 4


def test_error_message_names_file_line_and_column() -> None:
    error = OnetImportError("not a number: 'x'", file="Skills.txt", line=7, column="Data Value")
    assert str(error) == "Skills.txt, line 7, column 'Data Value': not a number: 'x'"
