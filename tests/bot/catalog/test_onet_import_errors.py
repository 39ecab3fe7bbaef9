"""The O*NET importer refusing bad releases (and writing nothing), and importing the full
O*NET 29.3 release from ``../shared/data/onet-29.3`` (the ``onet`` cases: skipped when it is
absent, failed under ``CI``), on SQLite and PostgreSQL.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from bot.catalog.onet.writer import CatalogWriter
from bot.catalog.onet_import import OnetImportError, import_onet
from bot.storage.models import RelatedRole, Role, Skill
from tests.kit.onet import (
    MINI_RELEASE,
    ONET_RELEASE,
    copy_mini_release,
    require_onet_release,
    rewrite_once,
    role_aliases,
    role_links,
    role_row,
    table_counts,
)

# --------------------------------------------------------------------------- bad releases


def _break_missing_column(release: Path) -> None:
    rewrite_once(release / "Skills.txt", "\tData Value\t", "\tValue\t")


def _break_number(release: Path) -> None:
    rewrite_once(release / "Knowledge.txt", "Importance\t4.63\t", "Importance\tfour\t")


def _break_range(release: Path) -> None:
    rewrite_once(release / "Job Zones.txt", "Software Developers\t4\t", "Software Developers\t7\t")


def _break_width(release: Path) -> None:
    rewrite_once(release / "Related Occupations.txt", "Primary-Long\t12", "Primary-Long")


def _break_missing_file(release: Path) -> None:
    (release / "Technology Skills.txt").unlink()


def _break_tier(release: Path) -> None:
    rewrite_once(release / "Related Occupations.txt", "Supplemental\t11", "Secondary\t11")


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
    release = copy_mini_release(tmp_path)
    breaker(release)

    with pytest.raises(OnetImportError, match=expected) as raised:
        import_onet(catalog_engine, release)

    assert raised.value.file is not None
    assert set(table_counts(catalog_engine).values()) == {0}


def test_database_error_midway_rolls_everything_back(
    catalog_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(CatalogWriter, "write_related", fail)

    with pytest.raises(RuntimeError, match="boom"):
        import_onet(catalog_engine, MINI_RELEASE)

    assert set(table_counts(catalog_engine).values()) == {0}


def test_missing_directory(sqlite_catalog_engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(OnetImportError, match="release folder not found"):
        import_onet(sqlite_catalog_engine, tmp_path / "nope")


# --------------------------------------------------------------------------- full release


@pytest.mark.onet
def test_full_release_import(catalog_engine: Engine) -> None:
    require_onet_release()

    summary = import_onet(catalog_engine, ONET_RELEASE)

    counts = table_counts(catalog_engine)
    assert counts["roles"] == summary.roles_created == 1016
    assert counts["role_aliases"] > 50_000
    assert counts["related_roles"] == 18_460
    with catalog_engine.connect() as connection:
        kinds = dict(connection.execute(select(Skill.kind, func.count()).group_by(Skill.kind)).all())
    assert kinds["skill"] == 35 and kinds["knowledge"] == 33 and kinds["technology"] > 8_000

    developers = role_row(catalog_engine, "15-1252.00")
    assert (developers.title, developers.job_zone, developers.family) == (
        "Software Developer",
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
    assert role_aliases(catalog_engine, "29-1141.00")["RN"] == "short"
    nurse_links = role_links(catalog_engine, "29-1141.00")
    assert nurse_links["Medicine and Dentistry"][0] >= Decimal("4")
    assert "Epic Systems" in nurse_links

    again = import_onet(catalog_engine, ONET_RELEASE)

    assert again.total_created == 0
    assert again.total_updated == 0
    assert table_counts(catalog_engine) == counts
    # fail loudly if the import ever becomes pathologically slow (target: < 60 s)
    assert summary.elapsed_seconds < 60 and again.elapsed_seconds < 60


@pytest.mark.onet
def test_full_release_update_after_local_edit(sqlite_catalog_engine: Engine) -> None:
    """A role edited locally is put back to O*NET's data; nothing else changes."""
    require_onet_release()
    import_onet(sqlite_catalog_engine, ONET_RELEASE)
    with sqlite_catalog_engine.begin() as connection:
        connection.execute(update(Role.__table__).where(Role.code == "15-1252.00").values(job_zone=2))

    summary = import_onet(sqlite_catalog_engine, ONET_RELEASE)

    assert (summary.roles_updated, summary.total_created) == (1, 0)
    assert role_row(sqlite_catalog_engine, "15-1252.00").job_zone == 4


def test_error_message_names_file_line_and_column() -> None:
    error = OnetImportError("not a number: 'x'", file="Skills.txt", line=7, column="Data Value")
    assert str(error) == "Skills.txt, line 7, column 'Data Value': not a number: 'x'"
