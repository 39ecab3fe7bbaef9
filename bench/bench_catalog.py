"""Catalog benchmarks: role resolution over O*NET and course search over 100,000 courses.

Prints numbers; asserts nothing (timings do not belong in pass/fail tests).

    python bench/bench_catalog.py --onet-dir ../shared/data/onet-29.3 [--courses 100000]

Role resolution: the full O*NET release is imported into a fresh SQLite catalog, the
resolver index is built once, then 1,000 queries made from real alternate titles (with
typos, filler words, lower case and abbreviations, fixed seed) are resolved in the warm
process. Course search: a synthetic catalog of N courses over 2,000 skills is written to
SQLite and to PostgreSQL (when reachable), then 500 searches with 1-4 skills and random
budget/format/hours filters are timed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import Engine, make_url

from bot.catalog.course_search import CourseFilter, search_courses
from bot.catalog.role_resolver import RoleResolver
from bot.storage import migrate
from bot.storage.db import create_catalog_engine
from bot.storage.models import COURSE_FORMATS, COURSE_LEVELS, Course, CourseSkill, Skill

POSTGRES_ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
SEED = 20261122


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)

    def pick(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return (
        f"n={len(ordered)} p50={pick(0.50):.2f} ms p95={pick(0.95):.2f} ms "
        f"p99={pick(0.99):.2f} ms mean={statistics.fmean(ordered):.2f} ms"
    )


def perturb(title: str, rng: random.Random) -> str:
    """What a person might type for a title: typos, filler words, case, abbreviations."""
    choice = rng.randrange(5)
    if choice == 0 and len(title) > 5:
        position = rng.randrange(1, len(title) - 1)
        return title[:position] + title[position + 1 :]
    if choice == 1:
        return f"I work as a {title.lower()} at a hospital"
    if choice == 2:
        return title.lower().replace("senior", "sr").replace("manager", "mgr").replace("developer", "dev")
    if choice == 3:
        return f"my job title is {title}"
    return title


def bench_resolve_role(onet_dir: Path) -> None:
    from bot.catalog.onet_import import import_onet

    with tempfile.TemporaryDirectory() as folder:
        engine = create_catalog_engine(f"sqlite:///{folder}/catalog.db")
        migrate.upgrade(engine)
        started = time.perf_counter()
        import_onet(engine, onet_dir)
        print(f"O*NET import into SQLite (for the resolver): {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        resolver = RoleResolver.from_engine(engine)
        print(
            f"resolve-role index build: {time.perf_counter() - started:.2f} s, {len(resolver)} distinct names"
        )
        rng = random.Random(SEED)
        with engine.connect() as connection:
            titles = connection.execute(text("SELECT alias FROM role_aliases")).scalars().all()
            titles += connection.execute(text("SELECT title FROM roles")).scalars().all()
        engine.dispose()
    queries = [perturb(rng.choice(titles), rng) for _ in range(1000)]
    for query in queries[:20]:
        resolver.resolve(query)  # warm-up
    samples = []
    for query in queries:
        started = time.perf_counter()
        resolver.resolve(query)
        samples.append((time.perf_counter() - started) * 1000)
    print(f"resolve-role latency (warm process, 1,000 queries): {percentiles(samples)}")


def fill_synthetic_courses(engine: Engine, count: int) -> list[int]:
    rng = random.Random(SEED)
    skills = [
        {"name": f"Synthetic skill {index:04d}", "kind": "skill", "description": ""} for index in range(2000)
    ]
    with engine.begin() as connection:
        connection.execute(insert(Skill), skills)
        skill_ids = connection.execute(select(Skill.id)).scalars().all()
        batch = 5000
        for start in range(0, count, batch):
            rows = [
                {
                    "code": f"SYN-{number:06d}",
                    "title": f"Synthetic course {number}",
                    "provider": f"Provider {number % 50}",
                    "description": "",
                    "format": rng.choice(COURSE_FORMATS),
                    "duration_hours": Decimal(rng.choice([2, 4, 8, 12, 20, 40, 80, 120, 400])),
                    "cost": Decimal(rng.choice([0, 0, 19, 49, 99, 299, 999, 2500, 12000])),
                    "currency": "USD",
                    "level": rng.choice(COURSE_LEVELS),
                    "credential": "none",
                    "language": "en",
                    "url": None,
                    "active": rng.random() > 0.05,
                }
                for number in range(start, min(start + batch, count))
            ]
            connection.execute(insert(Course), rows)
        course_ids = connection.execute(select(Course.id)).scalars().all()
        links = []
        for course_id in course_ids:
            for skill_id in rng.sample(skill_ids, rng.randint(1, 5)):
                links.append({"course_id": course_id, "skill_id": skill_id})
            if len(links) >= 20000:
                connection.execute(insert(CourseSkill), links)
                links = []
        if links:
            connection.execute(insert(CourseSkill), links)
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    return list(skill_ids)


def bench_course_search(engine: Engine, label: str, count: int) -> None:
    started = time.perf_counter()
    skill_ids = fill_synthetic_courses(engine, count)
    print(f"[{label}] wrote {count:,} synthetic courses in {time.perf_counter() - started:.1f} s")
    rng = random.Random(SEED + 1)
    searches = [
        CourseFilter(
            skill_ids=tuple(rng.sample(skill_ids, rng.randint(1, 4))),
            max_cost=rng.choice([None, Decimal(0), Decimal(100), Decimal(1000)]),
            max_hours=rng.choice([None, Decimal(10), Decimal(40), Decimal(200)]),
            formats=rng.choice([(), ("online_self_paced",), ("online_self_paced", "cohort", "workshop")]),
            limit=10,
        )
        for _ in range(500)
    ]
    samples = []
    with engine.connect() as connection:
        for wanted in searches[:20]:
            search_courses(connection, wanted)
        for wanted in searches:
            began = time.perf_counter()
            search_courses(connection, wanted)
            samples.append((time.perf_counter() - began) * 1000)
    print(f"[{label}] course search over {count:,} courses (500 searches): {percentiles(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--onet-dir", type=Path, default=Path("../shared/data/onet-29.3"))
    parser.add_argument("--courses", type=int, default=100_000)
    parser.add_argument("--postgres-admin-url", default=POSTGRES_ADMIN_URL)
    options = parser.parse_args()

    if options.onet_dir.is_dir():
        bench_resolve_role(options.onet_dir)
    else:
        print(f"skipping resolve-role: no O*NET release at {options.onet_dir}")

    with tempfile.TemporaryDirectory() as folder:
        engine = create_catalog_engine(f"sqlite:///{folder}/courses.db")
        migrate.upgrade(engine)
        bench_course_search(engine, "SQLite", options.courses)
        engine.dispose()

    admin = create_engine(options.postgres_admin_url, future=True, isolation_level="AUTOCOMMIT")
    name = f"careerbot_bench_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - report and carry on without PostgreSQL
        print(f"skipping PostgreSQL: {error.__class__.__name__}: {str(error).splitlines()[0]}")
        return
    try:
        engine = create_catalog_engine(
            make_url(options.postgres_admin_url).set(database=name).render_as_string(False)
        )
        migrate.upgrade(engine)
        bench_course_search(engine, "PostgreSQL", options.courses)
        engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


if __name__ == "__main__":
    main()
