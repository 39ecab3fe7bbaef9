"""``make fuzz``: ``FUZZ_TURNS`` turns of random walks from ``FUZZ_SEED`` through real servers.

    .venv/bin/python -m tests.fuzz                     # servers started on models/careerbot.tar.gz
    FUZZ_TURNS=5000 FUZZ_SEED=7 .venv/bin/python -m tests.fuzz --out results/fuzz

Prints every walk and each distinct failure with a replay command; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot.config import PROJECT_ROOT, env_int
from tests.fuzz import report
from tests.fuzz.cli import add_server_options, target_from
from tests.fuzz.machine import FuzzRun, Walk, run_fuzz


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--turns", type=int, default=env_int("FUZZ_TURNS"), help="turn budget (env FUZZ_TURNS)"
    )
    parser.add_argument(
        "--seed", type=int, default=env_int("FUZZ_SEED"), help="Hypothesis seed (env FUZZ_SEED)"
    )
    parser.add_argument(
        "--out", type=Path, default=PROJECT_ROOT / "results" / "fuzz", help="where walks are saved"
    )
    add_server_options(parser)
    args = parser.parse_args(argv)
    with target_from(args) as target:
        started = time.monotonic()
        walked: list[Walk] = []

        def print_walk(walk: Walk) -> None:
            walked.append(walk)
            print(report.walk_line(len(walked), walk), flush=True)

        print(f"fuzzing: seed {args.seed}, {args.turns} turns", flush=True)
        run = run_fuzz(FuzzRun(target=target, turn_budget=args.turns, seed=args.seed, on_walk=print_walk))
        seconds = time.monotonic() - started
    print(report.render(run, report.save(run, args.out), all_walks=False))
    print(f"\n{run.turns_sent} turns in {seconds:.0f} s ({seconds / max(run.turns_sent, 1):.2f} s a turn)")
    return 1 if run.failed_walks else 0


if __name__ == "__main__":
    sys.exit(main())
