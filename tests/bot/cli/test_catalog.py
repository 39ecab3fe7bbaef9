"""The admin CLI: `python -m bot catalog ...` on a seeded catalog, and its answers to bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from bot.cli import main
from bot.config import PROJECT_ROOT
from bot.storage.db import create_catalog_engine
from bot.storage.models import Course


@pytest.fixture(scope="module")
def seeded_url(tmp_path_factory) -> str:
    """A SQLite catalog initialised once through the CLI itself."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'catalog.db'}"
    result = CliRunner().invoke(main, ["catalog", "--db", url, "init"])
    assert result.exit_code == 0, result.output
    return url


def run(url: str, *args: str):
    return CliRunner().invoke(main, ["catalog", "--db", url, *args])


def test_init_is_idempotent(seeded_url):
    first = run(seeded_url, "stats", "--json")
    again = run(seeded_url, "init")
    assert again.exit_code == 0
    assert "0 skills and 0 roles added, 0 roles updated, 0 courses added, 0 updated" in again.stdout
    assert run(seeded_url, "stats", "--json").stdout == first.stdout


def test_stats_counts_the_sample_catalog(seeded_url):
    counts = json.loads(run(seeded_url, "stats", "--json").stdout)
    assert counts["roles"] >= 40
    assert counts["skills"] >= 250
    assert counts["courses"] >= 150
    assert counts["role_skills"] > 0 and counts["course_skills"] > 0 and counts["related_roles"] > 0


def test_resolve_role_json_is_ranked(seeded_url):
    result = run(seeded_url, "resolve-role", "I work as a registered nurse", "--json")
    assert result.exit_code == 0
    candidates = json.loads(result.stdout)
    assert candidates[0]["title"] == "Registered Nurse"
    assert set(candidates[0]) == {"code", "title", "score"}
    assert [c["score"] for c in candidates] == sorted((c["score"] for c in candidates), reverse=True)


def test_resolve_role_with_nothing_close(seeded_url):
    result = run(seeded_url, "resolve-role", "zzzz qqqq", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_search_respects_budget_and_format(seeded_url):
    result = run(
        seeded_url, "search", "--skill", "sql", "--max-cost", "0", "--format", "online_self_paced", "--json"
    )
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits, "the sample catalog has free online SQL courses"
    assert all(hit["cost"] in ("0", "0.00") and hit["format"] == "online_self_paced" for hit in hits)
    assert all("SQL" in hit["skills"] for hit in hits)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", "--skill", "sql", "--max-cost", "cheap"), "--max-cost must be a number"),
        (("search", "--skill", "sql", "--format", "telepathy"), "unknown format 'telepathy'"),
        (("search",), "name at least one --skill"),
        (("import-courses", "/nonexistent/courses.csv"), "no such file"),
        (("import-onet", "/nonexistent/onet"), "is not a folder"),
    ],
)
def test_bad_arguments_get_a_clear_error(seeded_url, args, message):
    result = run(seeded_url, *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_import_courses_reports_bad_rows_and_writes_nothing(seeded_url, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "code,title,provider,format,duration_hours,cost,currency,skills\n"
        "NEW-1,Good course,Acme,workshop,2,0,USD,SQL\n"
        "NEW-2,Bad course,Acme,workshop,-1,10,ABC,Nope\n",
        encoding="utf-8",
    )
    engine = create_catalog_engine(seeded_url)
    with engine.connect() as connection:
        before = connection.execute(select(func.count()).select_from(Course)).scalar_one()

    result = run(seeded_url, "import-courses", str(path))

    assert result.exit_code == 1
    assert "line 3, column 'duration_hours': must be greater than 0" in result.stderr
    assert "line 3, column 'currency': unknown currency 'ABC'" in result.stderr
    assert "line 3, column 'skills': unknown skill(s): Nope" in result.stderr
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Course)).scalar_one() == before
    engine.dispose()


def test_import_courses_dry_run_then_real(seeded_url, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(
        "code,title,provider,format,duration_hours,cost,currency,skills\n"
        "ORG-SQL-1,Our SQL clinic,Internal L&D,workshop,3,0,USD,SQL\n",
        encoding="utf-8",
    )
    dry = run(seeded_url, "import-courses", str(path), "--dry-run")
    assert dry.exit_code == 0 and "Would import 1 courses: 1 new" in dry.stdout
    real = run(seeded_url, "import-courses", str(path))
    assert real.exit_code == 0 and "Imported 1 courses: 1 new" in real.stdout
    assert "Our SQL clinic" in run(seeded_url, "search", "--title", "sql clinic").stdout


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql+psycopg2://nobody@127.0.0.1:1/nothing", "cannot connect to the catalog database"),
        ("not a url", "is not a valid database URL"),
        ("mysql+nodriver://x@127.0.0.1/y", "cannot use database URL"),
    ],
)
def test_unusable_database_url_exits_2_with_a_message(url, message):
    result = run(url, "stats")
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_uninitialised_database_is_explained(tmp_path):
    result = run(f"sqlite:///{tmp_path / 'empty.db'}", "stats")
    assert result.exit_code == 2
    assert "run `python -m bot catalog init` first" in result.stderr


def test_help_everywhere():
    for args in (
        ["--help"],
        ["catalog", "--help"],
        ["catalog", "import-onet", "--help"],
        ["catalog", "search", "-h"],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0 and "Usage:" in result.output


def test_python_dash_m_entry_point(seeded_url):
    completed = subprocess.run(
        [sys.executable, "-m", "bot", "catalog", "--db", seeded_url, "resolve-role", "RN", "--json"],
        cwd=Path(PROJECT_ROOT),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)[0]["title"] == "Registered Nurse"
