"""Path quality over generated profiles: 0 constraint breaks, 0 entry credentials of the
user's own role, 0 ineligible courses, 0 dominated first paths (``tests/kit/path_audit.py``).

Runs on a fresh copy of the sample catalog, and with ``--onet DIR`` also with that O*NET
release imported on top. Prints the counts; asserts nothing (``make eval``).

    python eval/path_quality.py [--profiles 500] [--seed 13] [--onet ../shared/data/onet-29.3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.catalog.onet_import import import_onet
from bot.catalog.seeding import seed_sample_catalog
from bot.storage import migrate
from bot.storage.db import create_catalog_engine
from tests.kit.path_audit import AuditReport, audit, generated_requests


def run(label: str, url: str, profiles: int, seed: int) -> AuditReport:
    engine = create_catalog_engine(url)
    started = time.perf_counter()
    with engine.connect() as connection:
        report = audit(connection, generated_requests(connection, profiles, seed))
    elapsed = time.perf_counter() - started
    engine.dispose()
    print(f"\n== Path quality, {label}: {report.profiles} generated profiles (seed {seed}), {elapsed:.0f} s")
    print(f"paths with at least one course: {report.paths_with_courses}")
    print(f"first paths checked against brute force (small candidate sets): {report.checked_by_enumeration}")
    kinds = (
        "budget",
        "currency",
        "course limit",
        "paid work",
        "entry credential of the own role",
        "not optimal",
        "dominated by a follow-up",
    )
    for kind in kinds:
        print(f"  {kind}: {report.problems.get(kind, 0)}")
    others = {kind: count for kind, count in report.problems.items() if kind not in kinds}
    for kind, count in sorted(others.items()):
        print(f"  {kind}: {count}")
    for example in report.examples:
        print(f"    e.g. {example}")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--onet", type=Path, default=None, help="an O*NET text release to import as well")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'catalog.db'}"
        engine = create_catalog_engine(url)
        migrate.upgrade(engine)
        seed_sample_catalog(engine)
        engine.dispose()
        run("sample catalog", url, args.profiles, args.seed)
        if args.onet is not None:
            if not args.onet.is_dir():
                print(f"\n(O*NET release not found at {args.onet}: skipped)")
                return 0
            engine = create_catalog_engine(url)
            import_onet(engine, args.onet)
            engine.dispose()
            run(f"sample catalog + O*NET ({args.onet.name})", url, args.profiles, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
